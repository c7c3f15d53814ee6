"""The image pipeline: every upload is re-encoded under a server-generated
name without metadata, gets WebP renditions for ``srcset``, and hostile
files (bombs, polyglots, truncated or renamed files) are refused or
neutralised with bounded memory and a form error instead of a 500.

Length: each step of an upload (checks, re-encoding, renditions, storage); the
cases share this module's fixtures and helpers.
"""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.template import Context, Template
from PIL import ExifTags, ImageCms, PngImagePlugin
from PIL import Image as PILImage

from articles import images as pipeline
from articles.models import Image
from tests.admin_forms import upload_image
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp)")
HOSTILE = b"<html><body><script>alert(document.cookie)</script></body></html>"


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _encode(img, fmt, **options):
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


def _halves(size=(40, 20), left=(255, 0, 0), right=(0, 0, 255)):
    """An image whose left half is red and right half blue."""
    img = PILImage.new("RGB", size, right)
    img.paste(left, (0, 0, size[0] // 2, size[1]))
    return img


def _jpeg_with_exif():
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: rotate 90° clockwise to show
    exif[ExifTags.Base.Make] = "Spionkamera"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 12.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (16.0, 22.0, 5.0)
    data = _encode(_halves(), "JPEG", exif=exif, quality=95, comment=b"<script>x</script>")
    with PILImage.open(io.BytesIO(data)) as check:  # the fixture really carries GPS
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def _store(content, name="foto.jpg", **fields):
    image = Image(
        alt_text=fields.pop("alt_text", "Ein Bild"),
        credit=fields.pop("credit", "Foto: Test"),
        file=ContentFile(content, name=name),
        **fields,
    )
    pipeline.store(image)  # re-encode, store, renditions
    return image


def _media(name):
    return Path(settings.MEDIA_ROOT) / name


def _open_stored(image):
    return PILImage.open(_media(image.file.name))


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bomb(width, height, *, full=True):
    """A greyscale PNG of ``width`` × ``height`` zero pixels, built by hand.
    With ``full`` the IDAT really holds every row (zlib shrinks ~1000:1),
    otherwise only one row: the header alone claims the size."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + one byte per pixel
    idat = b"".join(compressor.compress(row) for _ in range(height if full else 1))
    idat += compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


# --------------------------------------------------------------------------
# Re-encoding and names
# --------------------------------------------------------------------------


def test_jpeg_is_stored_without_exif_and_upright():
    image = _store(_jpeg_with_exif(), "urlaub.jpg")
    assert STORED_NAME.fullmatch(image.file.name) and image.file.name.endswith(".jpg")
    assert (image.width, image.height) == (20, 40)  # orientation applied, then dropped
    raw = _media(image.file.name).read_bytes()
    assert b"Exif" not in raw and b"Spionkamera" not in raw and b"<script" not in raw
    with _open_stored(image) as stored:
        assert stored.format == "JPEG"
        assert len(stored.getexif()) == 0
        assert "comment" not in stored.info and "exif" not in stored.info
        red, blue = stored.convert("RGB").getpixel((10, 5)), stored.getpixel((10, 35))
    assert red[0] > 200 and red[2] < 60  # the left (red) half is now on top
    assert blue[2] > 200 and blue[0] < 60


@pytest.mark.parametrize(
    "uploaded_name",
    ["../../etc/passwd.jpg", "bild.php.jpg", "..\\..\\boot.ini.jpg", "shell.php", "foto.png"],
)
def test_stored_name_is_generated_whatever_the_upload_was_called(uploaded_name, tmp_path):
    image = _store(jpeg_bytes((50, 30)), uploaded_name)
    assert STORED_NAME.fullmatch(image.file.name)
    assert image.file.name.endswith(".jpg")  # from the output format, not the name
    assert _media(image.file.name).is_file()
    media = Path(settings.MEDIA_ROOT).resolve()
    stray = [p for p in tmp_path.rglob("*") if p.is_file() and media not in p.resolve().parents]
    assert stray == []


def test_png_with_alpha_stays_png_with_alpha():
    img = PILImage.new("RGBA", (30, 20), (0, 128, 0, 255))
    img.putpixel((0, 0), (255, 0, 0, 0))
    img.putpixel((1, 0), (0, 0, 255, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    image = _store(_encode(img, "PNG", pnginfo=info), "grafik.png")
    assert image.file.name.endswith(".png")
    assert b"<script" not in _media(image.file.name).read_bytes()
    with _open_stored(image) as stored:
        assert stored.format == "PNG" and stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0
        assert stored.getpixel((1, 0)) == (0, 0, 255, 128)
        assert stored.getpixel((5, 5)) == (0, 128, 0, 255)


def test_palette_png_keeps_its_transparency():
    img = PILImage.new("P", (10, 10), 1)
    img.putpalette([255, 255, 255, 200, 0, 0])
    img.putpixel((0, 0), 0)
    image = _store(_encode(img, "PNG", transparency=0), "logo.png")
    with _open_stored(image) as stored:
        rgba = stored.convert("RGBA")
    assert rgba.getpixel((0, 0))[3] == 0 and rgba.getpixel((5, 5)) == (200, 0, 0, 255)


def test_gif_becomes_png_of_its_first_frame():
    frames = [PILImage.new("P", (16, 12), i) for i in (1, 2)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0])
    data = _encode(
        frames[0],
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=100,
        loop=0,
        comment=b"<script>gif</script>",
    )
    image = _store(data, "animation.gif")
    assert image.file.name.endswith(".png")
    assert b"<script" not in _media(image.file.name).read_bytes()
    with _open_stored(image) as stored:
        assert stored.format == "PNG"
        assert getattr(stored, "n_frames", 1) == 1
        assert stored.convert("RGB").getpixel((3, 3)) == (255, 0, 0)


def test_webp_stays_webp():
    image = _store(_encode(_halves((64, 48)), "WEBP", quality=90), "bild.webp")
    assert image.file.name.endswith(".webp")
    assert (image.width, image.height) == (64, 48)
    with _open_stored(image) as stored:
        assert stored.format == "WEBP"
        assert "exif" not in stored.info and "xmp" not in stored.info


def test_webp_with_alpha_keeps_it():
    img = PILImage.new("RGBA", (20, 20), (10, 20, 30, 0))
    image = _store(_encode(img, "WEBP", lossless=True), "x.webp")
    with _open_stored(image) as stored:
        assert stored.mode == "RGBA" and stored.getpixel((5, 5))[3] == 0


def test_mpo_camera_jpeg_is_accepted_as_jpeg():
    data = _encode(
        PILImage.new("RGB", (50, 40), "red"),
        "MPO",
        save_all=True,
        append_images=[PILImage.new("RGB", (50, 40), "blue")],
    )
    image = _store(data, "kamera.jpg")
    assert image.file.name.endswith(".jpg")
    with _open_stored(image) as stored:
        assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1


def test_cmyk_jpeg_becomes_rgb():
    image = _store(_encode(PILImage.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG"))
    with _open_stored(image) as stored:
        assert stored.mode == "RGB"


def test_colour_profile_is_converted_and_dropped():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = _store(_encode(_halves(), "JPEG", icc_profile=profile))
    with _open_stored(image) as stored:
        assert "icc_profile" not in stored.info


def test_16_bit_greyscale_png_is_scaled_not_clipped():
    image = _store(_encode(PILImage.new("I;16", (8, 8), 40000), "PNG"), "scan.png")
    with _open_stored(image) as stored:
        assert stored.mode == "L"
        assert 150 <= stored.getpixel((2, 2)) <= 160  # 40000 / 256, not 255


def test_polyglot_png_with_html_is_neutralised():
    polyglot = _encode(PILImage.new("RGB", (30, 20), (0, 128, 0)), "PNG") + HOSTILE
    pipeline.validate_image_upload(ContentFile(polyglot, name="x.png"))  # a valid PNG …
    image = _store(polyglot, "polyglot.png")
    stored = _media(image.file.name).read_bytes()
    assert b"<script" not in stored and b"<html" not in stored  # … but the HTML is gone
    assert stored.endswith(b"IEND\xaeB`\x82")


def test_process_upload_names_by_output_format():
    gif = _encode(PILImage.new("P", (4, 4)), "GIF")
    result = pipeline.process_upload(ContentFile(gif, name="a.php.jpg"))
    assert re.fullmatch(r"[0-9a-f]{32}\.png", result.name)


def test_validator_decodes_once_and_save_reuses_the_result(monkeypatch):
    calls = []
    original = pipeline.process_upload
    monkeypatch.setattr(pipeline, "process_upload", lambda f: calls.append(f) or original(f))
    image = Image(alt_text="Bild", credit="Foto: X", file=ContentFile(jpeg_bytes(), name="a.jpg"))
    image.full_clean()
    pipeline.store(image)
    assert len(calls) == 1
    assert STORED_NAME.fullmatch(image.file.name)


def test_saving_an_existing_image_leaves_its_file_alone():
    image = _store(jpeg_bytes((900, 500)))
    name = image.file.name
    before = _media(name).read_bytes()
    again = Image.objects.get(pk=image.pk)
    again.alt_text = "Neuer Alternativtext"
    again.full_clean()
    again.save()
    assert again.file.name == name and _media(name).read_bytes() == before


# --------------------------------------------------------------------------
# Hostile files
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "format"),
        (HOSTILE, "format"),
        (b"%PDF-1.4 not an image", "format"),
        (_encode(PILImage.new("RGB", (10, 10)), "BMP"), "format"),
        (_encode(PILImage.new("RGB", (10, 10)), "TIFF"), "format"),
        (jpeg_bytes()[:40], "invalid_image"),
    ],
    ids=["svg", "html", "pdf", "bmp-renamed", "tiff-renamed", "truncated-header"],
)
def test_non_images_are_refused(content, code):
    with pytest.raises(ValidationError) as excinfo:
        pipeline.validate_image_upload(ContentFile(content, name="bild.jpg"))
    assert excinfo.value.code == code
    with pytest.raises(ValidationError):
        pipeline.process_upload(ContentFile(content, name="bild.jpg"))


def _truncated_jpeg():
    noise = PILImage.effect_noise((256, 256), 64).convert("RGB")
    data = _encode(noise, "JPEG", quality=90)
    return data[: len(data) * 6 // 10]  # the header is intact, the scan data is not


def test_jpeg_truncated_in_the_scan_data_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        pipeline.validate_image_upload(ContentFile(_truncated_jpeg(), name="kaputt.jpg"))
    assert excinfo.value.code == "invalid_image"


def test_truncated_jpeg_upload_is_a_form_error_not_a_500(client, journalist):
    client.force_login(journalist)
    response = upload_image(client, "kaputt.jpg", _truncated_jpeg())
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("file")
    assert not Image.objects.exists()


def test_too_large_file_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ValidationError) as excinfo:
        pipeline.validate_image_upload(ContentFile(jpeg_bytes((60, 60)), name="a.jpg"))
    assert excinfo.value.code == "too_large"


def test_decompression_bomb_is_refused_without_decoding():
    """48 KB of PNG that would decode to 49 megapixels (over our cap, under
    Pillow's own bomb limit): refused from the header, no pixel buffer."""
    bomb = _png_bomb(7000, 7000)
    assert len(bomb) < 200_000
    for check in (pipeline.validate_image_upload, pipeline.process_upload):
        PILImage.core.reset_stats()
        with pytest.raises(ValidationError) as excinfo:
            check(ContentFile(bomb, name="bomb.png"))
        assert excinfo.value.code == "too_many_pixels"
        assert PILImage.core.get_stats()["new_count"] == 0


def test_header_claiming_gigapixels_hits_pillows_bomb_guard():
    """40000 × 40000: Pillow itself raises DecompressionBombError on open."""
    bomb = _png_bomb(40_000, 40_000, full=False)
    assert PILImage.MAX_IMAGE_PIXELS is not None  # Pillow's guard is still on
    PILImage.core.reset_stats()
    with pytest.raises(ValidationError) as excinfo:
        pipeline.validate_image_upload(ContentFile(bomb, name="riesig.png"))
    assert excinfo.value.code == "too_many_pixels"
    assert PILImage.core.get_stats()["new_count"] == 0


def test_gif_with_huge_logical_screen_is_refused():
    gif = bytearray(_encode(PILImage.new("P", (2, 2)), "GIF"))
    gif[6:10] = struct.pack("<HH", 65535, 65535)  # logical screen size
    with pytest.raises(ValidationError):
        pipeline.validate_image_upload(ContentFile(bytes(gif), name="a.gif"))


def test_bomb_upload_through_the_admin_is_a_form_error(client, journalist):
    client.force_login(journalist)
    response = upload_image(client, "bomb.png", _png_bomb(7000, 7000), "image/png")
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("file")
    assert not Image.objects.exists()


# --------------------------------------------------------------------------
# Renditions
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "widths"),
    [((1600, 900), [320, 480, 800, 1200]), ((600, 400), [320, 480]), ((300, 200), [])],
)
def test_renditions_exist_for_widths_below_the_original(size, widths):
    image = _store(jpeg_bytes(size), "foto.jpg")
    stem = image.file.name.removesuffix(".jpg")
    on_disk = sorted(_media(image.file.name).parent.glob(Path(stem).name + "-w*.webp"))
    assert [p.name for p in on_disk] == sorted(f"{Path(stem).name}-w{w}.webp" for w in widths)
    for w in widths:
        with PILImage.open(_media(f"{stem}-w{w}.webp")) as rendition:
            assert rendition.format == "WEBP"
            assert rendition.size == (w, round(size[1] * w / size[0]))


def test_rendition_of_a_transparent_png_keeps_alpha():
    image = _store(_encode(PILImage.new("RGBA", (1000, 500), (0, 0, 0, 0)), "PNG"), "a.png")
    (url, width), *_ = pipeline.rendition_urls(image)
    with PILImage.open(_media(pipeline.rendition_name(image.file.name, width))) as rendition:
        assert rendition.mode == "RGBA" and rendition.getpixel((10, 10))[3] == 0


def test_rendition_urls_need_no_query_and_no_storage(django_assert_num_queries, monkeypatch):
    pk = _store(jpeg_bytes((1600, 900))).pk
    image = Image.objects.get(pk=pk)

    def no_io(*args, **kwargs):
        raise AssertionError("rendition_urls touched the storage")

    for method in ("exists", "open", "size", "listdir"):
        monkeypatch.setattr(FileSystemStorage, method, no_io)
    with django_assert_num_queries(0):
        urls = pipeline.rendition_urls(image)
    monkeypatch.undo()
    assert [w for _url, w in urls] == [320, 480, 800, 1200]
    for url, _w in urls:
        assert url.startswith(settings.MEDIA_URL)
        assert _media(url.removeprefix(settings.MEDIA_URL)).is_file()


def test_files_stored_before_the_pipeline_get_no_rendition_urls():
    legacy = Image(alt_text="Alt", credit="Foto: X", width=2000, height=1000)
    legacy.file.name = "images/2024/01/urlaub.jpg"
    assert pipeline.rendition_urls(legacy) == []


def test_delete_renditions():
    image = _store(jpeg_bytes((1600, 900)))
    names = [pipeline.rendition_name(image.file.name, w) for w in (320, 480, 800, 1200)]
    assert all(_media(n).is_file() for n in names)
    pipeline.delete_renditions(image)
    assert not any(_media(n).exists() for n in names)
    assert _media(image.file.name).is_file()  # the original stays


def test_make_renditions_overwrites_under_the_exact_name():
    image = _store(jpeg_bytes((900, 500)))
    again = pipeline.make_renditions(image)
    assert again == [pipeline.rendition_name(image.file.name, w) for w in (320, 480, 800)]
    folder = _media(image.file.name).parent
    assert sorted(p.name for p in folder.glob("*.webp")) == [Path(n).name for n in again]


def test_make_renditions_command_writes_only_what_is_missing():
    """A width added to RENDITION_WIDTHS (320 for teaser thumbnails, issue 20)
    reaches images stored before: the command writes the missing files, and
    an image whose original is gone is reported without stopping the rest."""
    from django.core.management import CommandError, call_command

    image = _store(jpeg_bytes((1600, 900)))
    thumb = _media(pipeline.rendition_name(image.file.name, 320))
    large = _media(pipeline.rendition_name(image.file.name, 1200))
    thumb.unlink()
    large_written = large.stat().st_mtime_ns
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert thumb.is_file()
    with PILImage.open(thumb) as rendition:
        assert rendition.size == (320, 180)
    assert large.stat().st_mtime_ns == large_written  # the others are left alone
    assert "1 images checked, 1 renditions written." in out.getvalue()

    call_command("make_renditions", stdout=(again := io.StringIO()))
    assert "0 renditions written" in again.getvalue()

    lost = _store(jpeg_bytes((900, 500)), alt_text="Verloren")
    _media(lost.file.name).unlink()
    _media(pipeline.rendition_name(lost.file.name, 320)).unlink()
    thumb.unlink()
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 images could not get their renditions"):
        call_command("make_renditions", stdout=io.StringIO(), stderr=err)
    assert f"Image {lost.pk}" in err.getvalue()
    assert thumb.is_file()  # the first image was done all the same


# --------------------------------------------------------------------------
# Template tag
# --------------------------------------------------------------------------


def _render(source, **context):
    return Template("{% load images %}" + source).render(Context(context))


def test_responsive_image_tag(django_assert_num_queries):
    image = _store(jpeg_bytes((1600, 900)), alt_text='Zaun "><script>alert(1)</script>')
    image = Image.objects.get(pk=image.pk)
    with django_assert_num_queries(0):
        html = _render(
            '{% responsive_image image sizes="(min-width: 48rem) 42rem, 100vw" %}', image=image
        )
    stem = settings.MEDIA_URL + image.file.name.removesuffix(".jpg")
    assert f'src="{settings.MEDIA_URL}{image.file.name}"' in html
    assert (
        f'srcset="{stem}-w320.webp 320w, {stem}-w480.webp 480w, {stem}-w800.webp 800w, '
        f"{stem}-w1200.webp 1200w, "
        f'{settings.MEDIA_URL}{image.file.name} 1600w"'
    ) in html
    assert 'sizes="(min-width: 48rem) 42rem, 100vw"' in html
    assert 'width="1600" height="900"' in html
    assert 'alt="Zaun &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "<script" not in html
    assert 'loading="lazy"' in html and 'decoding="async"' in html
    assert "fetchpriority" not in html
    assert html.strip().startswith("<img ") and html.strip().endswith(">")


def test_responsive_image_tag_eager_hero():
    image = _store(jpeg_bytes((1600, 900)))
    html = _render('{% responsive_image image loading="eager" css_class="hero-img" %}', image=image)
    assert 'loading="eager"' in html and 'fetchpriority="high"' in html
    assert 'class="hero-img"' in html and 'sizes="100vw"' in html


def test_responsive_image_tag_small_image_has_no_srcset_but_a_size():
    image = _store(jpeg_bytes((300, 200)))
    html = _render("{% responsive_image image %}", image=image)
    assert "srcset" not in html and "sizes" not in html
    assert 'width="300" height="200"' in html


def test_responsive_image_tag_renders_nothing_without_an_image():
    assert _render("{% responsive_image image %}", image=None).strip() == ""
    assert _render("{% responsive_image missing %}").strip() == ""


def test_responsive_image_tag_ignores_unknown_loading_values():
    image = _store(jpeg_bytes((100, 50)))
    html = _render(
        "{% responsive_image image loading=loading %}", image=image, loading='x" onload="alert(1)'
    )
    assert 'loading="lazy"' in html and "onload" not in html


# --------------------------------------------------------------------------
# Integration: every save of an Image goes through the pipeline
# --------------------------------------------------------------------------


def test_storing_processes_the_upload():
    image = Image(
        alt_text="Ein Bild",
        credit="Foto: Test",
        file=ContentFile(_jpeg_with_exif(), name="../../etc/passwd.jpg"),
    )
    pipeline.store(image)
    image.refresh_from_db()
    assert STORED_NAME.fullmatch(image.file.name)
    assert (image.width, image.height) == (20, 40)
    assert b"Exif" not in _media(image.file.name).read_bytes()

    big = Image(
        alt_text="Groß",
        credit="Foto: Test",
        file=ContentFile(jpeg_bytes((1600, 900)), name="bild.php.jpg"),
    )
    pipeline.store(big)
    for _url, width in pipeline.rendition_urls(big):
        assert _media(pipeline.rendition_name(big.file.name, width)).is_file()
    assert len(pipeline.rendition_urls(big)) == 4


def test_an_upload_is_never_saved_as_it_came():
    image = Image(
        alt_text="Roh", credit="Foto: Test", file=ContentFile(_jpeg_with_exif(), name="x.php")
    )
    with pytest.raises(ValueError, match="images.store"):
        image.save()
    assert not Image.objects.exists()


def test_admin_upload_is_processed(client, journalist):
    client.force_login(journalist)
    response = upload_image(client, "../../bild.php.jpg", _jpeg_with_exif())
    assert response.status_code == 302
    image = Image.objects.get()
    assert STORED_NAME.fullmatch(image.file.name)
    assert (image.width, image.height) == (20, 40)
