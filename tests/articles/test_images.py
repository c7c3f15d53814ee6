"""Image uploads through the admin: only real raster images pass, with a
clear message for everything else and no row left behind."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Image
from tests.admin_forms import upload_image
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db


def _png_bytes():
    buf = io.BytesIO()
    PILImage.new("RGB", (30, 20), (0, 128, 0)).save(buf, "PNG")
    return buf.getvalue()


def test_journalist_uploads_a_jpeg_and_size_is_recorded(client, journalist):
    client.force_login(journalist)
    response = upload_image(client, "foto.jpg", jpeg_bytes((120, 80)))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (120, 80)


def test_png_is_accepted(client, journalist):
    client.force_login(journalist)
    assert upload_image(client, "grafik.png", _png_bytes(), "image/png").status_code == 302


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("bild.jpg", b"<html><script>alert(1)</script></html>"),
        ("bild.jpg", jpeg_bytes()[:40]),
        ("bild.jpg", b"%PDF-1.4 not an image"),
    ],
    ids=["svg", "html-renamed", "truncated-jpeg", "pdf-renamed"],
)
def test_non_images_are_refused_with_a_message(client, journalist, name, content):
    client.force_login(journalist)
    response = upload_image(client, name, content)
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("file")
    assert not Image.objects.exists()


def test_alt_text_and_credit_are_required(client, journalist):
    client.force_login(journalist)
    response = client.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg"),
            "alt_text": "",
            "credit": "",
        },
    )
    form = response.context["adminform"].form
    assert form.has_error("alt_text") and form.has_error("credit")
    assert not Image.objects.exists()


def test_decompression_bomb_is_refused(client, journalist, monkeypatch):
    """A header claiming more pixels than the cap is refused before decoding."""
    monkeypatch.setattr("articles.images.MAX_PIXELS", 100)
    client.force_login(journalist)
    response = upload_image(client, "gross.jpg", jpeg_bytes((20, 20)))
    assert response.context["adminform"].form.has_error("file")
    assert not Image.objects.exists()
