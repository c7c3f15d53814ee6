"""Image upload checks: what Pillow can prove to be a raster image we accept.

Only JPEG, PNG, WebP and GIF pass; SVG (scriptable) and anything Pillow
cannot identify are refused. The size and pixel caps keep a decompression
bomb from exhausting memory: the header is read, never the full image.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000


def validate_image_upload(file):
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20},
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with PILImage.open(file) as img:
            fmt = img.format
            width, height = img.size
            if fmt not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Only JPEG, PNG, WebP and GIF images are accepted."),
                    code="format",
                )
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels (at most %(mp)d megapixels).")
                    % {"mp": MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            img.verify()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        PILImage.DecompressionBombError,
    ):
        raise ValidationError(
            _("The file is not a readable image."), code="invalid_image"
        ) from None
    finally:
        if position is not None:
            file.seek(position)
