"""Uploaded images served by newsroom/media.py (settings.SERVE_MEDIA)."""

import importlib
import os

import pytest
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse

from newsroom.media import CACHE_CONTROL

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media(settings):
    """MEDIA_ROOT (a temporary folder, see tests/conftest.py) with a few files,
    and a secret right next to it."""
    root = settings.MEDIA_ROOT
    (root / "images" / "2026" / "11").mkdir(parents=True)
    (root / "images" / "2026" / "11" / "abc.png").write_bytes(PNG)
    (root / "images" / "2026" / "11" / "abc-w480.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBP")
    (root / "images" / "photo.JPG").write_bytes(b"\xff\xd8\xff\xe0jpeg")
    (root / "images" / "page.html").write_text("<script>alert(1)</script>")
    (root / "images" / "page.svg").write_text("<svg onload='alert(1)'></svg>")
    (root / "images" / ".hidden.png").write_bytes(PNG)
    (root / "images" / "folder.png").mkdir()
    (root.parent / "secret.png").write_bytes(b"secret")
    return root


@pytest.fixture
def media_urls(settings):
    """newsroom.urls as it is built with SERVE_MEDIA on (it is read at import)."""
    import newsroom.urls

    def build(serve):
        with override_settings(SERVE_MEDIA=serve):
            importlib.reload(newsroom.urls)
        clear_url_caches()

    build(True)
    yield build
    build(importlib.import_module("django.conf").settings.SERVE_MEDIA)


def test_serves_an_image_with_safe_headers(client, media, media_urls):
    response = client.get("/media/images/2026/11/abc.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert response["Cache-Control"] == CACHE_CONTROL == "public, max-age=31536000, immutable"
    assert response["Content-Length"] == str(len(PNG))
    assert "Last-Modified" in response


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("images/2026/11/abc-w480.webp", "image/webp"), ("images/photo.JPG", "image/jpeg")],
)
def test_content_type_follows_the_extension(client, media, media_urls, path, content_type):
    response = client.get(f"/media/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_head_and_not_modified(client, media, media_urls):
    url = "/media/images/2026/11/abc.png"
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"] == "image/png"
    again = client.get(url, headers={"if-modified-since": head["Last-Modified"]})
    assert again.status_code == 304
    assert again["Cache-Control"] == CACHE_CONTROL


def test_only_get_and_head(client, media, media_urls):
    assert client.post("/media/images/2026/11/abc.png").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "images/page.html",  # not an image type
        "images/page.svg",  # scriptable image type
        "images/2026/11/missing.png",
        "images/folder.png",  # a directory
        "images/.hidden.png",
        "../secret.png",
        "images/../../secret.png",
        "images/%2e%2e/%2e%2e/secret.png",
        "images/..%2f..%2fsecret.png",
        "images/..%5c..%5csecret.png",
        "%2Fetc%2Fpasswd.png",
        "images/abc.png%00.png",
        "images//2026/11/abc.png",
    ],
)
def test_everything_else_is_404(db, client, media, media_urls, path):
    response = client.get(f"/media/{path}")
    assert response.status_code == 404
    assert response.get("Content-Type", "").startswith("text/html")


def test_symlink_out_of_media_root_is_404(db, client, media, media_urls):
    os.symlink(media.parent / "secret.png", media / "images" / "link.png")
    assert client.get("/media/images/link.png").status_code == 404


def test_route_exists_only_with_serve_media(media_urls):
    assert resolve("/media/images/a.png").func.__name__ == "serve_media"
    media_urls(False)
    with pytest.raises(Resolver404):
        resolve("/media/images/a.png")
    assert reverse("articles:home") == "/"
