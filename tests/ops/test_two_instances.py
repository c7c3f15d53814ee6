"""Two web processes, one truth: two gunicorn instances on two ports share
one PostgreSQL database and one Redis. A page cached by one is invalidated
when the other publishes or approves; a session started on one is valid on
the other; a comment posted to one is moderated on the other; nothing
depends on local files except through the configured storage.

Like two containers, each instance has a working directory, TMPDIR and
MEDIA_ROOT of its own (a file one writes there is missing on the other), and
media go to an S3 bucket (moto's S3 server, as in test_object_storage.py):
an image uploaded through A's admin is shown by B, its files read from the
bucket.

Runs when the suite runs on PostgreSQL with REDIS_URL set (CI's second run).
"""

import http.cookiejar
import io
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import global_settings
from django.conf import settings as django_settings
from django.db import connection
from PIL import Image as PILImage

from articles import images as pipeline
from articles.models import Article, Image
from comments.models import Comment
from tests.factories import jpeg_bytes, make_article, make_user
from tests.ops.processes import free_port, test_database_url
from tests.ops.s3 import moto_bucket

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
BUCKET = "newsroom-media"
REGION = "eu-central-1"
PASSWORD = "zwei-instanzen-passwort"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not django_settings.REDIS_URL,
        reason="two instances need a shared PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Behind a load balancer both instances see the site's one host name.
SITE_HOST = "newsroom.test"


class Browser:
    """A reader's or editor's cookies and requests, to any of the instances."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, url, data=None, files=None):
        headers = {"Host": SITE_HOST}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        if files:
            body, headers["Content-Type"] = _multipart(data or {}, files)
        try:
            request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
            response = self.opener.open(request, timeout=30)  # noqa: S310 - http://127.0.0.1
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read().decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _multipart(fields, files):
    """A multipart/form-data body, as a browser posts a form with a file."""
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    for key, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _fetch(url):
    """GET a URL as a reader's browser does for an <img> (no cookies)."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - http://127.0.0.1
        return response.status, response.headers["Content-Type"], response.read()


@pytest.fixture
def s3(monkeypatch):
    """moto's S3 server with one empty bucket; yields (endpoint URL, boto3
    client). The app sends no ACL: a bucket policy makes the objects public
    (docs/operations.md, "Media on object storage")."""
    with moto_bucket(monkeypatch, BUCKET, REGION, policy=PUBLIC_READ) as server:
        yield server


class Instance:
    """One web process: its URL and its own local folders (working
    directory and HOME, TMPDIR, MEDIA_ROOT), like a container's."""

    def __init__(self, root, url):
        self.root = root
        self.url = url
        self.media = root / "media"

    def local_files(self):
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())


@pytest.fixture
def instances(tmp_path, s3):
    endpoint, _ = s3
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URL")
            and not k.startswith("AWS_")
        },
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{SITE_HOST},127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": django_settings.REDIS_URL,
        "STATIC_ROOT": str(tmp_path / "static"),  # built into the image in production
        # Media through the configured storage: the bucket.
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "newsroom-test",
        "AWS_SECRET_ACCESS_KEY": "newsroom-test-secret",
        # On, so that a file in an instance's own MEDIA_ROOT would be served.
        "SERVE_MEDIA": "true",
        "COMMENTS_FORM_MIN_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    collect = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    servers, started = [], []
    try:
        for name in ("a", "b"):
            root = tmp_path / f"instance-{name}"
            (root / "media").mkdir(parents=True)
            (root / "tmp").mkdir()
            port = free_port()
            log = (tmp_path / f"gunicorn-{name}.log").open("w")
            servers.append(
                subprocess.Popen(  # noqa: S603 - the venv's gunicorn
                    [str(GUNICORN), "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "-w", "1"],
                    cwd=root,
                    env={
                        **env,
                        "HOME": str(root),
                        "MEDIA_ROOT": str(root / "media"),
                        "TMPDIR": str(root / "tmp"),
                    },
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            started.append(Instance(root, f"http://127.0.0.1:{port}"))
        for instance in started:
            _wait_ready(instance.url)
        yield started
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def _wait_ready(url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not become ready")


def _users(settings):
    """An editor-in-chief (superuser) and a moderator, with real passwords."""
    from django.apps import apps
    from django.contrib.auth.models import User

    from newsroom.roles import sync_roles

    # The servers use Django's real password hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    sync_roles(apps)  # transactional tests start from empty tables
    User.objects.create_superuser("chefin", password=PASSWORD)
    make_user("moderatorin", group="Moderators", password=PASSWORD)


def _log_in(browser, base, username):
    status, _, html = browser.request(f"{base}/admin/login/")
    assert status == 200
    status, headers, _ = browser.request(
        f"{base}/admin/login/?next=/admin/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": TOKEN.search(html)[1],
            "next": "/admin/",
        },
    )
    assert status == 302, f"login of {username} failed"


def _admin_action(browser, base, changelist, action, pk):
    status, _, html = browser.request(f"{base}{changelist}")
    assert status == 200
    status, _, _ = browser.request(
        f"{base}{changelist}",
        {
            "csrfmiddlewaretoken": TOKEN.search(html)[1],
            "action": action,
            "_selected_action": str(pk),
            "index": "0",
        },
    )
    assert status == 302


def _keys(client):
    return sorted(obj["Key"] for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_two_instances_share_cache_sessions_comments_and_media(instances, s3, settings):
    a, b = instances
    endpoint, s3_client = s3
    editor = Browser()
    reader = Browser()
    _users(settings)
    make_article(title="Schon erschienen")
    draft = make_article(title="Eilmeldung aus B", status=Article.Status.DRAFT)

    # A page cached by A is served from the shared cache by B.
    status, headers, html = reader.request(f"{a.url}/")
    assert status == 200 and headers["X-Page-Cache"] == "miss"
    status, headers, html = reader.request(f"{b.url}/")
    assert headers["X-Page-Cache"] == "hit" and "Eilmeldung aus B" not in html

    # A session started on A is valid on B.
    _log_in(editor, a.url, "chefin")
    status, _, html = editor.request(f"{b.url}/admin/")
    assert status == 200 and "chefin" in html

    # An image uploaded through A's admin goes to the bucket (original and
    # renditions), and neither instance keeps a local file.
    status, _, html = editor.request(f"{a.url}/admin/articles/image/add/")
    assert status == 200
    status, _, _ = editor.request(
        f"{a.url}/admin/articles/image/add/",
        {
            "csrfmiddlewaretoken": TOKEN.search(html)[1],
            "alt_text": "Hafen bei Nacht",
            "caption": "",
            "credit": "Foto: Instanz A",
            "_save": "Sichern",
        },
        files={"file": ("hafen.jpg", jpeg_bytes((1300, 700)), "image/jpeg")},
    )
    assert status == 302, "image upload through A's admin failed"
    image = Image.objects.get(alt_text="Hafen bei Nacht")
    name = image.file.name
    renditions = [pipeline.rendition_name(name, w) for w in (320, 480, 800, 1200)]
    assert _keys(s3_client) == sorted([name, *renditions])
    assert a.local_files() == [] and b.local_files() == []
    draft.hero_image = image
    draft.save()

    # B publishes; A's cached home page shows it on the next request.
    _admin_action(editor, b.url, "/admin/articles/article/", "publish_now", draft.pk)
    status, headers, html = reader.request(f"{a.url}/")
    assert "Eilmeldung aus B" in html and headers["X-Page-Cache"] == "miss"

    # A comment posted to A is approved by a moderator on B and then shown by A.
    # The page carries no token and no timestamp: the reader's script asks
    # for one (here from B: signed with the servers' shared key).
    article_url = draft.get_absolute_url()
    status, _, html = reader.request(f"{a.url}{article_url}")
    assert 'name="ts" value=' not in html and "csrfmiddlewaretoken" not in html
    status, _, stamp = reader.request(f"{b.url}/kommentar/formular/")
    assert status == 200
    status, _, _ = reader.request(
        f"{a.url}/artikel/{draft.slug}/kommentar/",
        {
            "name": "Leserin aus A",
            "email": "leserin@example.org",
            "body": "Gepostet bei A, freigegeben bei B.",
            "ts": json.loads(stamp)["ts"],
        },
    )
    assert status == 302
    comment = Comment.objects.get(name="Leserin aus A")
    assert comment.status == Comment.Status.PENDING
    # The reader now carries a messages cookie, which bypasses the page
    # cache: from here on, readers without cookies. A stores the page, B
    # serves A's copy, without the pending comment.
    status, headers, html = Browser().request(f"{a.url}{article_url}")
    assert status == 200 and headers["X-Page-Cache"] in ("miss", "hit")
    status, headers, html = Browser().request(f"{b.url}{article_url}")
    assert headers["X-Page-Cache"] == "hit" and "Gepostet bei A" not in html
    moderator = Browser()
    _log_in(moderator, b.url, "moderatorin")
    _admin_action(moderator, b.url, "/admin/comments/comment/", "approve", comment.pk)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    status, headers, html = Browser().request(f"{a.url}{article_url}")
    assert headers["X-Page-Cache"] == "miss"
    assert "Gepostet bei A, freigegeben bei B." in html
    assert Comment.objects.filter(name="Leserin aus A").count() == 1

    # B shows A's image: its page links the bucket, and the files are there.
    status, _, html = Browser().request(f"{b.url}{article_url}")
    assert status == 200 and "Gepostet bei A, freigegeben bei B." in html
    for key in renditions:
        url = f"{endpoint}/{BUCKET}/{key}"
        assert url in html
        status, content_type, body = _fetch(url)
        assert (status, content_type) == (200, "image/webp")
        assert body == s3_client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    status, content_type, body = _fetch(f"{endpoint}/{BUCKET}/{name}")
    with PILImage.open(io.BytesIO(body)) as img:
        assert (status, img.format, img.size) == (200, "JPEG", (1300, 700))

    # Still nothing on either instance's disk; and what is on one instance's
    # disk is missing on the other: only the bucket is shared.
    assert a.local_files() == [] and b.local_files() == []
    (a.media / "images").mkdir()
    (a.media / "images" / "nur-auf-a.jpg").write_bytes(jpeg_bytes((40, 30)))
    assert reader.request(f"{a.url}/media/images/nur-auf-a.jpg")[0] == 200
    assert reader.request(f"{b.url}/media/images/nur-auf-a.jpg")[0] == 404
