"""An image upload when the media storage fails: a form error that keeps
what the editor typed, no row, and no partial files (articles/images.py
``save_with_files``, articles/admin_images.py).

The failures are real filesystem conditions, not mocks:

- a read-only media folder (``chmod``);
- a full disk in the middle of a file: the process's file size limit
  (``RLIMIT_FSIZE``) makes the kernel stop a write part-way with EFBIG,
  leaving a truncated file exactly as ENOSPC does; once in the original,
  once in a rendition after the original was stored whole;
- the month's folder removed, or made read-only, after the original was
  stored and before the renditions (a storage that does that to itself
  right after writing the original).

Tests run as root in CI: root ignores file modes (CAP_DAC_OVERRIDE), so
while a request runs the test thread drops that capability from its
effective set (and takes it back afterwards)."""

import ctypes
import ctypes.util
import io
import logging
import os
import random
import resource
import shutil
import signal
import stat
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles import images as pipeline
from articles.models import Image
from tests.factories import jpeg_bytes, make_image

pytestmark = pytest.mark.django_db

STORAGE_FAILED = "Das Bild konnte nicht gespeichert werden"
TYPED = {
    "alt_text": "Soldaten an einer Grenze im Nebel",
    "caption": "Die Grenze am Mittwochmorgen",
    "credit": "Foto: Jana Beispiel/APA",
}


# --------------------------------------------------------------------------
# Real failures
# --------------------------------------------------------------------------

_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2
_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


@contextmanager
def file_modes_apply():
    """Let file modes apply to this thread even when it runs as root: drop
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the thread's effective
    capabilities (they stay permitted and are raised again at the end)."""
    if os.geteuid() != 0:
        yield
        return
    if not sys.platform.startswith("linux"):
        pytest.skip("root elsewhere than on Linux: file modes cannot be made to apply")
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    header, data = _CapHeader(_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    assert libc.capget(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())
    saved = data[0].effective
    data[0].effective &= ~((1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH))
    assert libc.capset(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())
    try:
        yield
    finally:
        data[0].effective = saved
        assert libc.capset(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())


@contextmanager
def disk_full_after(limit):
    """Writes past ``limit`` bytes of a file stop with EFBIG ("File too
    large"), part-way, as on a full disk. The limit is the process's."""
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    previous = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, previous[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, previous)
        signal.signal(signal.SIGXFSZ, previous_handler)


def _read_only(path):
    path.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)


class _FailsAfterOriginal(FileSystemStorage):
    """The media folder, which something changes right after an original
    (not a rendition) was written into it."""

    def _save(self, name, content):
        saved = super()._save(name, content)
        if pipeline.has_renditions(saved):
            self.after_original(Path(self.path(saved)).parent)
        return saved


class FolderRemovedAfterOriginal(_FailsAfterOriginal):
    """The month's folder disappears (with the original in it) and its parent
    is read-only, so it cannot be made again for the renditions."""

    def after_original(self, folder):
        shutil.rmtree(folder)
        _read_only(folder.parent)


class FolderReadOnlyAfterOriginal(_FailsAfterOriginal):
    """The month's folder turns read-only (a volume remounted read-only)."""

    def after_original(self, folder):
        _read_only(folder)


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


@pytest.fixture
def media(settings):
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    yield root
    for path in [root, *root.rglob("*")]:  # writable again, for the clean-up
        if path.is_dir():
            path.chmod(0o755)


def _files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def _noise_png():
    """1600×900 black-and-white noise as PNG: stored as an 8-bit PNG of about
    300 kB, while its 1200-pixel WebP rendition is about 470 kB; so a limit
    of 400 kB lets the original through whole and stops that rendition."""
    pixels = random.Random(1).randbytes(1600 * 900)
    table = bytes(0 if i < 128 else 255 for i in range(256))
    img = PILImage.frombytes("L", (1600, 900), pixels.translate(table)).convert("1")
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def _upload(client, content=None, name="grenze.png", url=None, **fields):
    return client.post(
        url or reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile(name, content or _noise_png(), content_type="image/png"),
            **TYPED,
            **fields,
        },
    )


def _assert_form_kept_what_was_typed(response, typed=TYPED):
    assert response.status_code == 200
    html = response.content.decode()
    assert STORAGE_FAILED in html
    assert 'name="file"' in html  # the form, not an error page
    for value in typed.values():
        assert f'value="{value}"' in html


# --------------------------------------------------------------------------
# The sizes the full-disk tests rely on
# --------------------------------------------------------------------------


def test_the_noise_image_has_a_rendition_larger_than_its_original():
    stored = pipeline.process_upload(ContentFile(_noise_png(), name="x.png"))
    assert 250_000 < stored.size < 400_000
    with PILImage.open(stored) as img:
        rendition = img.convert("RGB").resize((1200, 675), PILImage.Resampling.LANCZOS)
        buffer = io.BytesIO()
        rendition.save(buffer, "WEBP", **pipeline.RENDITION_OPTIONS)
    assert buffer.tell() > 400_000


# --------------------------------------------------------------------------
# Through the admin, as an editor uploads
# --------------------------------------------------------------------------


def test_a_read_only_media_folder_is_a_form_error_that_keeps_what_was_typed(
    client, journalist, media
):
    client.force_login(journalist)
    _read_only(media)
    with file_modes_apply():
        response = _upload(client)
    _assert_form_kept_what_was_typed(response)
    assert not Image.objects.exists()
    assert _files(media) == []
    # Once the folder is writable again, the same upload goes through.
    media.chmod(0o755)
    assert _upload(client).status_code == 302
    assert Image.objects.get().alt_text == TYPED["alt_text"]


def test_a_disk_full_in_the_original_leaves_no_truncated_file(client, journalist, media):
    client.force_login(journalist)
    with disk_full_after(100_000):
        response = _upload(client)
    _assert_form_kept_what_was_typed(response)
    assert not Image.objects.exists()
    assert _files(media) == []


def test_a_disk_full_in_a_rendition_leaves_neither_it_nor_the_original(client, journalist, media):
    client.force_login(journalist)
    with disk_full_after(400_000):
        response = _upload(client)
    _assert_form_kept_what_was_typed(response)
    assert not Image.objects.exists()
    assert _files(media) == []


def test_the_folder_removed_before_the_renditions_leaves_nothing(
    client, journalist, media, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FolderRemovedAfterOriginal"},
    }
    client.force_login(journalist)
    with file_modes_apply():
        response = _upload(client)
    _assert_form_kept_what_was_typed(response)
    assert not Image.objects.exists()
    assert _files(media) == []


def test_the_folder_made_read_only_before_the_renditions_leaves_no_partial_file(
    client, journalist, media, settings, caplog
):
    """Nothing can be deleted from a read-only folder: the original, whole,
    stays behind, and the log names it for the operators. No row points to
    it, and no partial or empty file is left."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FolderReadOnlyAfterOriginal"},
    }
    client.force_login(journalist)
    with file_modes_apply(), caplog.at_level(logging.ERROR, logger="articles.images"):
        response = _upload(client)
    _assert_form_kept_what_was_typed(response)
    assert not Image.objects.exists()
    [left] = _files(media)
    assert pipeline.has_renditions(left.name)  # the original, no rendition
    with PILImage.open(left) as img:
        img.load()  # whole: decodes to the end
        assert img.size == (1600, 900)
    assert any(
        "could not be removed" in record.getMessage() and left.name in record.getMessage()
        for record in caplog.records
    )


def test_replacing_the_file_on_a_read_only_folder_keeps_the_image_as_it_was(client, editor, media):
    image = make_image(alt_text="Alter Text", credit="Foto: alt")
    before = _files(media)
    client.force_login(editor)
    _read_only(media)
    for folder in media.rglob("*"):
        if folder.is_dir():
            _read_only(folder)
    typed = {**TYPED, "alt_text": "Neuer Text"}
    with file_modes_apply():
        response = _upload(
            client, url=reverse("admin:articles_image_change", args=[image.pk]), **typed
        )
    _assert_form_kept_what_was_typed(response, typed)
    stored = Image.objects.get(pk=image.pk)
    assert (stored.alt_text, stored.file.name) == ("Alter Text", image.file.name)
    assert _files(media) == before


def test_storing_an_image_outside_the_admin_raises_and_keeps_nothing(media):
    _read_only(media)
    image = Image(
        alt_text="Ein Bild", credit="Foto: Test", file=ContentFile(jpeg_bytes(), name="a.jpg")
    )
    with file_modes_apply(), pytest.raises(pipeline.ImageStorageError):
        pipeline.store(image)
    assert image.pk is None
    assert not Image.objects.exists()
    assert _files(media) == []
