"""Hostile image uploads through the admin form a journalist uses, and how the
stored files are served.

Each upload is refused with a form error or re-encoded under a
server-generated name inside MEDIA_ROOT; never a 500, never a file with a name
or content the uploader chose, never an image decoded beyond the pixel cap.
The pipeline's unit tests (EXIF, colour, truncated scan data, the pixel cap
from the header) are in tests/articles/test_image_pipeline.py and
tests/articles/test_images.py; serving rules in tests/site/test_media.py.
"""

import io
import json
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.test import RequestFactory
from PIL import Image as PILImage
from PIL import ImageFile

from articles.models import Image
from newsroom.media import serve_media
from tests.admin_forms import upload_image
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

HTML = b"<html><body><script>window.__pwned=1</script></body></html>"
GENERATED = re.compile(r"images/\d{4}/\d{2}/[0-9a-f]{32}(?:-w\d+)?\.(?:jpg|png|webp)")


def _encode(image, fmt, **options):
    buf = io.BytesIO()
    image.save(buf, fmt, **options)
    return buf.getvalue()


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _png_claiming(width, height):
    """A tiny PNG whose header claims width × height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def _jpeg_claiming(width, height):
    """A real small JPEG whose frame header is rewritten to width × height."""
    data = bytearray(jpeg_bytes((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _gif_claiming(width, height):
    gif = bytearray(_encode(PILImage.new("P", (4, 4)), "GIF"))
    gif[6:10] = struct.pack("<HH", width, height)
    return bytes(gif)


def _stored_files(media_root: Path) -> list[str]:
    if not media_root.exists():
        return []
    return sorted(
        str(p.relative_to(media_root)).replace("\\", "/")
        for p in media_root.rglob("*")
        if p.is_file()
    )


@pytest.fixture
def journalist_client(client, journalist):
    client.force_login(journalist)
    return client


def _assert_refused(response, settings):
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("file")
    assert not Image.objects.exists()
    assert _stored_files(Path(settings.MEDIA_ROOT)) == []


# --- names ---------------------------------------------------------------------------------


# The image field refuses names without an image extension; every other name
# is replaced by a generated one.
STORED, REFUSED = "stored", "refused"


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("../../../../etc/passwd.jpg", STORED),
        ("..\\..\\..\\windows\\win.jpg", STORED),
        ("/etc/cron.d/evil.jpg", STORED),
        ("shell.php.jpg", STORED),
        ("CON.jpg", STORED),
        ("bild%00.php.jpg", STORED),
        ("<script>window.__pwned=1</script>.jpg", STORED),
        ("bild.jpg.html", REFUSED),
        ("bild.html", REFUSED),
        ("bild.svg", REFUSED),
        ("bild", REFUSED),
        (".htaccess", REFUSED),
        ("bild\u202egpj.exe", REFUSED),
        ("a" * 400 + ".jpg", REFUSED),  # longer than the field's 100 characters
    ],
)
def test_any_uploaded_name_becomes_a_generated_name_inside_media(
    journalist_client, settings, name, outcome
):
    response = upload_image(journalist_client, name, jpeg_bytes((900, 600)))
    if outcome == REFUSED:
        _assert_refused(response, settings)
        return
    assert response.status_code == 302
    image = Image.objects.get()
    assert GENERATED.fullmatch(image.file.name), image.file.name
    files = _stored_files(Path(settings.MEDIA_ROOT))
    assert files and all(GENERATED.fullmatch(f) for f in files), files
    # Nothing was written outside MEDIA_ROOT next to it either.
    assert sorted(p.name for p in Path(settings.MEDIA_ROOT).parent.iterdir()) == ["media"]


# --- content that is not what it claims -------------------------------------------------------


def _svg():
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1">'
        b"<script>window.__pwned=1</script></svg>"
    )


NOT_IMAGES = {
    "svg-as-svg": ("bild.svg", _svg(), "image/svg+xml"),
    "svg-as-png": ("bild.png", _svg(), "image/png"),
    "svg-with-prolog": ("bild.jpg", b'<?xml version="1.0"?>\n' + _svg(), "image/jpeg"),
    "svgz": ("bild.svgz", zlib.compress(_svg()), "image/svg+xml"),
    "html-as-png": ("bild.png", HTML, "image/png"),
    "bmp-as-jpg": ("bild.jpg", _encode(PILImage.new("RGB", (8, 8)), "BMP"), "image/jpeg"),
    "tiff-as-jpg": ("bild.jpg", _encode(PILImage.new("RGB", (8, 8)), "TIFF"), "image/jpeg"),
    "ico-as-jpg": ("bild.jpg", _encode(PILImage.new("RGB", (16, 16)), "ICO"), "image/jpeg"),
    "pdf-as-jpg": ("bild.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "image/jpeg"),
    "zip-as-jpg": ("bild.jpg", b"PK\x03\x04" + b"\x00" * 60, "image/jpeg"),
    "elf-as-jpg": ("bild.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "image/jpeg"),
    "empty": ("bild.jpg", b"", "image/jpeg"),
    "one-byte": ("bild.jpg", b"\xff", "image/jpeg"),
    "jpeg-magic-only": ("bild.jpg", b"\xff\xd8\xff\xe0" + HTML, "image/jpeg"),
    "png-magic-only": ("bild.png", b"\x89PNG\r\n\x1a\n" + HTML, "image/png"),
    "truncated-png": ("bild.png", _encode(PILImage.new("RGB", (64, 64)), "PNG")[:60], "image/png"),
}


@pytest.mark.parametrize("case", NOT_IMAGES, ids=list(NOT_IMAGES))
def test_files_that_are_no_accepted_image_are_refused(journalist_client, settings, case):
    name, content, content_type = NOT_IMAGES[case]
    _assert_refused(upload_image(journalist_client, name, content, content_type), settings)


# --- polyglots are re-encoded, and served as images only -----------------------------------------


def _jpeg_with_html_comment():
    image = PILImage.new("RGB", (40, 30), (10, 20, 30))
    return _encode(image, "JPEG", comment=HTML) + HTML


POLYGLOTS = {
    "png+html": ("bild.png", _encode(PILImage.new("RGB", (40, 30)), "PNG") + HTML, "png"),
    "jpeg+html": ("bild.jpg", _jpeg_with_html_comment(), "jpg"),
    "gif+html": (
        "bild.gif",
        _encode(PILImage.new("P", (40, 30)), "GIF", comment=HTML) + HTML,
        "png",
    ),
    "png-text-chunk": (
        "bild.png",
        _encode(PILImage.new("RGB", (40, 30)), "PNG", pnginfo=None)[:33]
        + _png_chunk(b"tEXt", b"Comment\x00" + HTML)
        + _encode(PILImage.new("RGB", (40, 30)), "PNG")[33:],
        "png",
    ),
}


@pytest.mark.parametrize("case", POLYGLOTS, ids=list(POLYGLOTS))
def test_polyglots_are_re_encoded_and_served_only_as_images(journalist_client, settings, case):
    name, content, extension = POLYGLOTS[case]
    response = upload_image(journalist_client, name, content, "image/png")
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith(f".{extension}")
    stored = (Path(settings.MEDIA_ROOT) / image.file.name).read_bytes()
    assert b"<script" not in stored and b"<html" not in stored
    request = RequestFactory().get(image.file.url)
    served = serve_media(request, path=image.file.name)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "html" not in served["Content-Type"]
    body = b"".join(served.streaming_content)
    assert body == stored


# --- decompression bombs: refused from the header, never decoded, memory bounded -------------


def _zlib_bomb_png():
    """A PNG of 10,000 × 10,000 black pixels: a few hundred KB that would be
    400 MB decoded; 100 megapixels is above the cap."""
    row = b"\x00" + b"\x00" * (10_000 * 3)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(10_000)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 10_000, 10_000, 8, 2, 0, 0, 0))
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


BOMBS = {
    "png-2.5-gigapixels": ("bombe.png", _png_claiming(50_000, 50_000), "image/png"),
    "png-one-huge-row": ("bombe.png", _png_claiming(2**31 - 1, 1), "image/png"),
    "jpeg-4-gigapixels": ("bombe.jpg", _jpeg_claiming(65_000, 65_000), "image/jpeg"),
    "gif-4-gigapixels": ("bombe.gif", _gif_claiming(65_535, 65_535), "image/gif"),
    "png-zero-size": ("leer.png", _png_claiming(0, 0), "image/png"),
}


@pytest.fixture
def decoded(monkeypatch):
    """The sizes of the images Pillow decodes. ``ImageFile.load`` is where a
    JPEG's, PNG's or GIF's pixels are allocated and read; opening a file
    only parses its header."""
    sizes = []
    load = ImageFile.ImageFile.load

    def spy(image):
        sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return sizes


@pytest.mark.parametrize("case", BOMBS, ids=list(BOMBS))
def test_decompression_bombs_are_refused_without_decoding_them(
    journalist_client, settings, decoded, case
):
    name, content, content_type = BOMBS[case]
    _assert_refused(upload_image(journalist_client, name, content, content_type), settings)
    assert decoded == []


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_real_zlib_bomb_within_the_byte_limit_is_refused(journalist_client, settings, decoded):
    png = _zlib_bomb_png()
    assert len(png) < 1_000_000
    _assert_refused(upload_image(journalist_client, "bombe.png", png, "image/png"), settings)
    assert decoded == []
    # The spy does see a decode: an accepted image is decoded (once re-encoded).
    accepted = _encode(PILImage.new("RGB", (40, 30)), "PNG")
    assert upload_image(journalist_client, "bild.png", accepted, "image/png").status_code == 302
    assert decoded and set(decoded) == {(40, 30)}


# A fresh interpreter validates uploads with its address space capped at what
# it has mapped after start-up plus a headroom (RLIMIT_AS): an allocation
# beyond that raises MemoryError. The peak memory of the test process itself
# (ru_maxrss) would prove nothing: earlier tests may have set any peak.
BOUNDED_VALIDATION = """
import json, resource, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from articles import images

mode, headroom_mib, *paths = sys.argv[1:]
if mode == "uncapped":  # the control: what the pixel caps are there to prevent
    images.MAX_PIXELS = 10**12
    PILImage.MAX_IMAGE_PIXELS = None
uploads = []
for path in paths:
    with open(path, "rb") as fp:
        uploads.append((path, SimpleUploadedFile(path.rsplit("/", 1)[-1], fp.read())))
with open("/proc/self/status") as status:
    mapped_kib = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
limit = mapped_kib * 1024 + int(headroom_mib) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
results = {}
for path, upload in uploads:
    try:
        images.validate_image_upload(upload)
        results[path] = "accepted"
    except ValidationError as exc:
        results[path] = exc.code
    except MemoryError:
        results[path] = "MemoryError"
print(json.dumps(results))
"""
HEADROOM_MIB = 256


def _validate_with_bounded_memory(tmp_path, cases, *, mode="capped"):
    paths = {}
    for case, (name, content, _content_type) in cases.items():
        paths[case] = tmp_path / f"{case}-{name}"
        paths[case].write_bytes(content)
    result = subprocess.run(  # noqa: S603 - this interpreter and a fixed script
        [sys.executable, "-c", BOUNDED_VALIDATION, mode, str(HEADROOM_MIB)]
        + [str(p) for p in paths.values()],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    got = json.loads(result.stdout.strip().splitlines()[-1])
    return {case: got[str(path)] for case, path in paths.items()}


def test_bombs_are_refused_within_bounded_memory(tmp_path):
    cases = {**BOMBS, "zlib-bomb": ("bombe.png", _zlib_bomb_png(), "image/png")}
    results = _validate_with_bounded_memory(tmp_path, cases)
    expected = dict.fromkeys(cases, "too_many_pixels") | {"png-zero-size": "invalid_image"}
    assert results == expected
    # The control: without the pixel caps the same bound stops the decode of
    # the zlib bomb, so the bound is tight enough to notice one.
    uncapped = _validate_with_bounded_memory(
        tmp_path, {"zlib-bomb": cases["zlib-bomb"]}, mode="uncapped"
    )
    assert uncapped == {"zlib-bomb": "MemoryError"}


def test_an_oversized_upload_is_refused(journalist_client, settings, monkeypatch):
    """Above the byte cap the file is refused before it is decoded."""
    monkeypatch.setattr("articles.images.MAX_UPLOAD_BYTES", 10_000)
    big = _encode(PILImage.effect_noise((200, 200), 80).convert("RGB"), "PNG")
    assert len(big) > 10_000
    _assert_refused(upload_image(journalist_client, "gross.png", big, "image/png"), settings)
