"""Image uploads: checked, re-encoded, stored under a server-generated name,
and scaled to a few widths for ``srcset``.

Checks. Only JPEG, PNG, WebP and GIF pass (a JPEG with a multi-picture
extension, which Pillow calls "MPO", counts as JPEG); SVG (scriptable) and
anything else are refused. Pillow is only allowed to try those four formats,
so exotic parsers never see an upload. The byte-size and pixel caps are
checked from the header, before any pixel is decoded, so a decompression bomb
never gets to allocate its image; Pillow's own ``MAX_IMAGE_PIXELS`` guard
stays in place behind them.

Re-encoding. A new upload is decoded once (bounded by the pixel cap) and
written anew: EXIF orientation is applied, then every bit of metadata goes
(EXIF incl. GPS, XMP, IPTC, comments, PNG text chunks; an embedded colour
profile is first converted to sRGB). Only the pixels are kept, so whatever
was appended to or hidden in the file (an HTML/PNG polyglot, a script in a
comment) is gone. JPEG stays JPEG, PNG stays PNG (with transparency), WebP
stays WebP; a GIF becomes a PNG of its first frame: animations are not kept,
neither for GIF nor for animated PNG/WebP. The name is ``<uuid4 hex>.<ext>``
with the extension of the *output* format; nothing of the uploaded name
survives (no path, no double extension, no lying extension).

A truncated or corrupt file fails while it is decoded. That happens in the
model field validator (``validate_image_upload``), so forms show an error
instead of a 500; the result is kept on the upload object and reused when the
model is saved, so the image is decoded only once.

Renditions. After the re-encoded original is stored, scaled WebP copies are
written next to it for every width in ``RENDITION_WIDTHS`` below the
original's width: ``images/2026/11/<hex>.jpg`` gets ``<hex>-w480.webp`` …
Their names follow from the stored name and the width/height columns alone,
so ``rendition_urls`` needs no storage access and no query. Files stored
before this pipeline existed (any name that is not a generated one) get no
renditions and are served as they are.

Length: the checks, the re-encoding and the all-or-nothing storing of one
upload belong together; most of the file says why each check refuses.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import struct
import uuid
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import router, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Pillow reports a JPEG carrying a multi-picture (MP) extension - written by
# many cameras and phones - as "MPO". It is a JPEG; its first picture is kept.
FORMAT_ALIASES = {"MPO": "JPEG"}
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000

# Input format -> (output format, extension).
OUTPUT_FORMATS = {
    "JPEG": ("JPEG", ".jpg"),
    "PNG": ("PNG", ".png"),
    "WEBP": ("WEBP", ".webp"),
    "GIF": ("PNG", ".png"),  # first frame only
}
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    # zlib level 6: ``optimize``/level 9 saves ~20 % but takes ~10x as long
    # (50 s instead of 5 s for a 36-megapixel photo saved as PNG).
    "PNG": {"compress_level": 6},
    "WEBP": {"quality": 85, "method": 4},
}

# 320: the thumbnails of compact and list teasers (108-252 CSS px); the others for
# column, lead and article widths. Images stored before a width was added get it
# from ``manage.py make_renditions`` (docs/operations.md).
RENDITION_WIDTHS = (320, 480, 800, 1200)
RENDITION_FORMAT = "WEBP"
RENDITION_EXTENSION = ".webp"
RENDITION_OPTIONS = {"quality": 80, "method": 4}
WEBP_MAX_DIMENSION = 16383

# The basename of a file this module stored: 32 hex digits and an output extension.
GENERATED_NAME = re.compile(r"[0-9a-f]{32}\.(?:jpg|png|webp)")

# Errors Pillow raises for files it cannot parse or decode.
_PIL_ERRORS = (
    UnidentifiedImageError,
    PILImage.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    struct.error,
    ZeroDivisionError,
)
# Signatures of the formats we accept: a file that starts like one but cannot
# be read is "not a readable image", anything else "not an accepted format".
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")

# Attributes set on file objects (never on model instances' fields):
_RESULT_ATTR = "_newsroom_processed_upload"  # on an upload: its re-encoded ContentFile
_OUTPUT_ATTR = "_newsroom_is_processed"  # on a ContentFile this module produced


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------


def _too_large():
    return ValidationError(
        _("The image is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20},
        code="too_large",
    )


def _too_many_pixels():
    return ValidationError(
        _("The image has too many pixels (at most %(mp)d megapixels).")
        % {"mp": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _wrong_format():
    return ValidationError(
        _("Only JPEG, PNG, WebP and GIF images are accepted."),
        code="format",
    )


def _unreadable():
    return ValidationError(_("The file is not a readable image."), code="invalid_image")


def _looks_accepted(file):
    file.seek(0)
    head = file.read(16)
    if isinstance(head, str):  # a text-mode file is certainly no image
        return False
    return head.startswith(_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _open_checked(file):
    """Open ``file`` with Pillow and check size, format and pixel count from
    the header alone; nothing is decoded. Returns the open image (the caller
    closes it) and the normalised format; raises ``ValidationError``."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _too_large()
    file.seek(0)
    try:
        img = PILImage.open(file, formats=sorted(ALLOWED_FORMATS))
    except PILImage.DecompressionBombError:
        raise _too_many_pixels() from None
    except _PIL_ERRORS:
        raise (_unreadable() if _looks_accepted(file) else _wrong_format()) from None
    fmt = FORMAT_ALIASES.get(img.format, img.format)
    width, height = img.size
    # On refusal the image is left to the garbage collector: ``img.close()``
    # would also close ``file``, which belongs to the caller.
    if fmt not in ALLOWED_FORMATS:
        raise _wrong_format()
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    if width < 1 or height < 1:
        raise _unreadable()
    return img, fmt


def validate_image_upload(file):
    """Model field validator. A new upload is decoded and re-encoded here (so
    a broken file is a form error, not a 500) and the result kept for the
    save. A file already in storage was written by this module and is not
    read again: changing an image's alt text or credit must not depend on
    fetching the file (its FieldFile is closed after the upload, and on
    object storage every read is a request)."""
    if isinstance(file, FieldFile):
        if file._committed:
            return
        file = file.file
    if not getattr(file, _OUTPUT_ATTR, False):
        if getattr(file, _RESULT_ATTR, None) is None:
            setattr(file, _RESULT_ATTR, process_upload(file))
        return
    position = file.tell() if hasattr(file, "tell") else None
    try:
        img, _fmt = _open_checked(file)
        with img:
            img.verify()
    except _PIL_ERRORS:
        raise _unreadable() from None
    finally:
        if position is not None:
            file.seek(position)


# --------------------------------------------------------------------------
# Re-encoding
# --------------------------------------------------------------------------


def _to_srgb(img):
    """Convert pixels with an embedded colour profile to sRGB, so dropping
    the profile does not shift the colours. Without littlecms, or with a
    broken profile, the pixels are kept as they are."""
    icc = img.info.get("icc_profile")
    if not icc or img.mode not in ("RGB", "RGBA", "CMYK"):
        return img
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        out_mode = "RGBA" if img.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(img, source, srgb, outputMode=out_mode)
    except (ImportError, OSError, ValueError, TypeError) as exc:
        # ImageCms.PyCMSError is an OSError.
        logger.info("Colour profile ignored: %s", exc)
        return img
    return converted if converted is not None else img


def _to_8bit_gray(img):
    # 16-bit/32-bit greyscale (PNG): scale down instead of clipping at 255.
    return img.convert("I").point(lambda value: value / 256).convert("L")


def _safe_mode(img, out_format):
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        img = _to_8bit_gray(img)
    elif img.mode == "1":
        img = img.convert("L")
    keep = {
        "JPEG": ("L", "RGB"),
        "PNG": ("L", "LA", "RGB", "RGBA", "P"),
        "WEBP": ("RGB", "RGBA"),
    }[out_format]
    if img.mode in keep:
        return img
    alpha = out_format != "JPEG" and img.has_transparency_data
    return img.convert("RGBA" if alpha else "RGB")


def process_upload(file):
    """Re-encode an uploaded image; return a ``ContentFile`` named
    ``<uuid4 hex><ext>`` (extension from the output format). Raises
    ``ValidationError`` for anything that is not an acceptable image."""
    position = file.tell() if hasattr(file, "tell") else None
    try:
        img, fmt = _open_checked(file)
        with img:
            out_format, extension = OUTPUT_FORMATS[fmt]
            img.load()  # decodes the first frame; a truncated file fails here
            ImageOps.exif_transpose(img, in_place=True)
            picture = _safe_mode(_to_srgb(img), out_format)
            options = dict(SAVE_OPTIONS[out_format])
            transparency = picture.info.get("transparency")
            if (
                out_format == "PNG"
                and transparency is not None
                and picture.mode in ("P", "L", "RGB")
            ):
                options["transparency"] = transparency  # pixel data, not metadata
            # Pillow copies some entries (comment, ICC profile …) from .info
            # when saving; with an empty .info only the pixels are written.
            picture.info = {}
            buffer = io.BytesIO()
            picture.save(buffer, out_format, **options)
    except ValidationError:
        raise
    except _PIL_ERRORS:
        raise _unreadable() from None
    finally:
        if position is not None:
            file.seek(position)
    content = ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}{extension}")
    setattr(content, _OUTPUT_ATTR, True)
    return content


# --------------------------------------------------------------------------
# Renditions
# --------------------------------------------------------------------------


def _scaled_height(width, height, target_width):
    return max(1, round(height * target_width / width))


def rendition_widths(width, height):
    """The rendition widths an image of this size has: those below its width
    (and not taller than WebP allows)."""
    if not width or not height:
        return []
    return [
        w
        for w in RENDITION_WIDTHS
        if w < width and _scaled_height(width, height, w) <= WEBP_MAX_DIMENSION
    ]


def rendition_name(name, width):
    """``images/2026/11/<hex>.jpg`` -> ``images/2026/11/<hex>-w480.webp``."""
    stem, _ext = posixpath.splitext(name)
    return f"{stem}-w{width}{RENDITION_EXTENSION}"


def has_renditions(name):
    """Whether a stored file name is one of ours (and so has renditions)."""
    return bool(name) and GENERATED_NAME.fullmatch(posixpath.basename(name)) is not None


def rendition_urls(image):
    """``[(url, width), …]`` of an image's renditions, smallest first. Uses
    only ``image.file.name``, ``width`` and ``height``: no storage access, no
    query, so a page may call it for every image it shows."""
    name = image.file.name
    if not has_renditions(name):
        return []
    storage = image.file.storage
    return [
        (storage.url(rendition_name(name, w)), w)
        for w in rendition_widths(image.width, image.height)
    ]


def _write_exact(storage, name, data):
    """Store ``data`` under exactly ``name`` (storages otherwise pick a new
    name when one is taken)."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        # Lost a race with a concurrent writer of the same rendition, whose
        # file (same source, same width) is now under ``name``.
        storage.delete(saved)


def make_renditions(image, widths=None):
    """Write the WebP renditions of a stored image (all of them, or those of
    ``widths``); return their names."""
    name = image.file.name
    widths = [
        w for w in rendition_widths(image.width, image.height) if widths is None or w in widths
    ]
    if not has_renditions(name) or not widths:
        return []
    storage = image.file.storage
    largest = max(widths)
    written = []
    with storage.open(name, "rb") as fh:
        img, _fmt = _open_checked(fh)
        with img:
            if img.format in ("JPEG", "MPO"):
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale, as long as the
                # result stays at least as large as the largest rendition.
                img.draft(None, (largest, _scaled_height(image.width, image.height, largest)))
            img.load()
            alpha = img.has_transparency_data
            picture = img if img.mode == ("RGBA" if alpha else "RGB") else None
            if picture is None:
                picture = img.convert("RGBA" if alpha else "RGB")
            for w in sorted(widths, reverse=True):
                size = (w, _scaled_height(image.width, image.height, w))
                scaled = picture.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
                buffer = io.BytesIO()
                scaled.save(buffer, RENDITION_FORMAT, **RENDITION_OPTIONS)
                target = rendition_name(name, w)
                _write_exact(storage, target, buffer.getvalue())
                written.append(target)
    return sorted(written)


def missing_rendition_widths(image):
    """The rendition widths of ``image`` whose files are not in storage (one
    existence check per width): those added to RENDITION_WIDTHS after it was
    stored, or files lost."""
    name = image.file.name
    if not has_renditions(name):
        return []
    storage = image.file.storage
    return [
        w
        for w in rendition_widths(image.width, image.height)
        if not storage.exists(rendition_name(name, w))
    ]


def add_missing_renditions(image):
    """Write the renditions ``image`` lacks; return their names."""
    missing = missing_rendition_widths(image)
    return make_renditions(image, widths=missing) if missing else []


def delete_renditions(image, name=None):
    """Delete the renditions of ``image`` (or of an earlier file ``name`` of
    it, e.g. after the file was replaced). Missing files are no error."""
    name = name if name is not None else image.file.name
    if not has_renditions(name):
        return
    storage = image.file.storage
    for w in RENDITION_WIDTHS:
        storage.delete(rendition_name(name, w))


# --------------------------------------------------------------------------
# Hooks for the model
# --------------------------------------------------------------------------


class ImageStorageError(Exception):
    """The media storage did not take an image's files (full, read-only,
    unreachable). Nothing of the upload was kept: no row, and every file
    written for it was deleted again (what could not be is logged)."""


def _discard(storage, names):
    """Delete what a failed save wrote (whole or partial); missing names are
    no error. Returns nothing; logs what the storage would not delete."""
    left = []
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # the storage refuses even this: say so, keep going
            left.append(name)
    if left:
        logger.error("Files of a failed image upload could not be removed: %s", ", ".join(left))


def store(image, *, using=None) -> None:
    """Save ``image`` as the admin, the demo and every other writer does: a
    new upload re-encoded, stored and its renditions written with the row,
    all or nothing (``save_with_files``); without a new upload, the row."""
    save_with_files(image, partial(image.save, using=using), using=using)


def save_with_files(image, save_row, *, using=None):
    """``store``: a new upload is re-encoded, its original stored, the
    row saved and the renditions written, all or nothing. The original is
    stored first (under its final name, so that a failure knows what to
    remove); the row and the renditions follow in one transaction. When the
    storage fails anywhere (a full disk leaves a truncated file, a read-only
    folder none, a bucket that stops answering half a rendition) everything
    written for this upload is deleted, the row is rolled back and
    ``ImageStorageError`` raised; other errors (the database's) clean up
    the same way and propagate as they are. Without a new upload this is
    just ``save_row()``."""
    if not prepare_upload(image):
        save_row()
        return
    field_file = image.file
    field, storage = field_file.field, field_file.storage
    name = field.generate_filename(image, field_file.name)
    adding = image._state.adding
    try:
        stored = storage.save(name, field_file.file, max_length=field.max_length)
    except Exception as exc:
        logger.exception("Storing the image %s failed", name)
        _discard(storage, [name])
        raise ImageStorageError(name) from exc
    # What FieldFile.save does, without reading the file back for its size
    # (width and height came from the re-encoded upload).
    field_file.name = stored
    field_file._committed = True
    try:
        with transaction.atomic(using=using or router.db_for_write(type(image), instance=image)):
            save_row()
            try:
                make_renditions(image)
            except Exception as exc:
                logger.exception("Writing the renditions of %s failed", stored)
                raise ImageStorageError(stored) from exc
    except BaseException:
        _discard(storage, [stored, *(rendition_name(stored, w) for w in RENDITION_WIDTHS)])
        if adding:
            image.pk = None
            image._state.adding = True
        raise


def prepare_upload(image):
    """Before saving: if ``image.file`` is a new upload, replace it with its
    re-encoded copy under a generated name. Returns True when a new file will
    be stored by the save (so renditions are due after it)."""
    field_file = image.file
    if not field_file or field_file._committed:
        return False
    upload = field_file.file
    if getattr(upload, _OUTPUT_ATTR, False):
        return True  # already processed
    processed = getattr(upload, _RESULT_ATTR, None) or process_upload(upload)
    image.file = processed  # the descriptor updates width/height from it
    return True
