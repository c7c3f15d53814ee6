"""Media on object storage: with ``AWS_STORAGE_BUCKET_NAME`` set, uploads go
to an S3 bucket through django-storages, and the image pipeline (re-encoding,
WebP renditions) works through the storage API alone.

The bucket is served by moto's S3 implementation (``ThreadedMotoServer``, a
real HTTP server speaking the S3 REST API) on a free local port: boto3 talks
HTTP to it exactly as it would to AWS S3 or MinIO. The storage configuration
under test is the one ``newsroom/settings.py`` builds from the environment,
read in a child process with the variables set.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from PIL import Image as PILImage

from articles import images as pipeline
from articles.models import Image
from tests.factories import jpeg_bytes, make_article
from tests.ops.s3 import moto_bucket

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "newsroom-media"
CDN = "cdn.newsroom.example"
YEAR = "public, max-age=31536000, immutable"


def _settings_from_env(extra_env):
    """STORAGES["default"], the CSP img-src and MEDIA_ORIGINS as
    newsroom/settings.py builds them with ``extra_env`` set."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key not in ("DATABASE_URL", "DATABASE_REPLICA_URL")
    }
    env.update({"DEBUG": "true", **extra_env})
    code = (
        "import json, newsroom.settings as s; "
        "print(json.dumps({'default': s.STORAGES['default'], "
        "'img_src': [str(v) for v in s.SECURE_CSP['img-src']], "
        "'origins': s.MEDIA_ORIGINS}))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


@pytest.fixture
def s3(monkeypatch):
    """moto's S3 server with one empty bucket; yields (endpoint URL, boto3 client)."""
    with moto_bucket(monkeypatch, BUCKET, "eu-central-1") as server:
        yield server


def _keys(client):
    listing = client.list_objects_v2(Bucket=BUCKET)
    return sorted(obj["Key"] for obj in listing.get("Contents", []))


def test_settings_without_bucket_keep_local_files():
    conf = _settings_from_env({})
    assert conf["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert conf["origins"] == []
    assert conf["img_src"] == ["'self'", "data:"]


def test_settings_with_bucket_and_cdn_domain():
    conf = _settings_from_env(
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_REGION_NAME": "eu-central-1",
            "AWS_S3_CUSTOM_DOMAIN": CDN,
        }
    )
    options = conf["default"]["OPTIONS"]
    assert conf["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == BUCKET
    assert options["region_name"] == "eu-central-1"
    assert options["custom_domain"] == CDN
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert options["default_acl"] is None
    assert options["object_parameters"] == {"CacheControl": YEAR}
    # The page's Content-Security-Policy lets images come from the CDN.
    assert conf["img_src"] == ["'self'", "data:", f"https://{CDN}"]


@pytest.mark.django_db
def test_upload_through_the_model_lands_in_the_bucket(s3, client):
    endpoint, s3_client = s3
    conf = _settings_from_env(
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "eu-central-1",
        }
    )
    assert conf["default"]["OPTIONS"]["endpoint_url"] == endpoint
    assert f"{endpoint}" in conf["img_src"]
    storages = {**settings.STORAGES, "default": conf["default"]}
    media_root = Path(settings.MEDIA_ROOT)

    # Django resets default_storage when STORAGES changes (setting_changed).
    with override_settings(STORAGES=storages):
        image = Image(alt_text="Hafen", credit="Foto: Test")
        image.file = ContentFile(jpeg_bytes((1300, 700)), name="../../etc/hafen.jpg")
        pipeline.store(image)

        name = image.file.name
        assert pipeline.has_renditions(name)
        assert (image.width, image.height) == (1300, 700)
        expected = sorted(
            [name] + [pipeline.rendition_name(name, w) for w in (320, 480, 800, 1200)]
        )
        assert _keys(s3_client) == expected
        # Nothing was written to the local media folder.
        assert not media_root.exists() or not any(media_root.rglob("*.*"))

        for key in expected:
            head = s3_client.head_object(Bucket=BUCKET, Key=key)
            assert head["CacheControl"] == YEAR
            assert head["ContentType"] == ("image/jpeg" if key.endswith(".jpg") else "image/webp")
        stored = s3_client.get_object(Bucket=BUCKET, Key=name)["Body"].read()
        with PILImage.open(io.BytesIO(stored)) as img:
            assert (img.format, img.size) == ("JPEG", (1300, 700))
        smallest = pipeline.rendition_name(name, 320)
        body = s3_client.get_object(Bucket=BUCKET, Key=smallest)["Body"].read()
        with PILImage.open(io.BytesIO(body)) as img:
            assert (img.format, img.size) == ("WEBP", (320, 172))

        # Public, unsigned URLs on the bucket (path-style on this endpoint).
        assert image.file.url == f"{endpoint}/{BUCKET}/{name}"
        assert "X-Amz-Signature" not in image.file.url
        urls = pipeline.rendition_urls(Image.objects.get(pk=image.pk))
        assert urls == [
            (f"{endpoint}/{BUCKET}/{pipeline.rendition_name(name, w)}", w)
            for w in (320, 480, 800, 1200)
        ]

        # The article page points at the bucket.
        article = make_article(hero_image=image)
        html = client.get(article.get_absolute_url()).content
        assert f"{endpoint}/{BUCKET}/{smallest} 320w".encode() in html

        # Deleting the renditions removes them from the bucket too.
        pipeline.delete_renditions(image)
        assert _keys(s3_client) == [name]


@pytest.mark.django_db
def test_custom_domain_urls(s3):
    endpoint, s3_client = s3
    conf = _settings_from_env(
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_CUSTOM_DOMAIN": CDN,
        }
    )
    with override_settings(STORAGES={**settings.STORAGES, "default": conf["default"]}):
        image = Image(alt_text="Brücke", credit="Foto: Test")
        image.file = ContentFile(jpeg_bytes((900, 600)), name="bruecke.jpg")
        pipeline.store(image)
        name = image.file.name
        assert _keys(s3_client) == sorted(
            [name] + [pipeline.rendition_name(name, w) for w in (320, 480, 800)]
        )
        assert image.file.url == f"https://{CDN}/{name}"
        assert pipeline.rendition_urls(image)[0] == (
            f"https://{CDN}/{pipeline.rendition_name(name, 320)}",
            320,
        )
