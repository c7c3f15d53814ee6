"""Two web processes, one truth: two gunicorn instances on two ports share
one PostgreSQL database and one Redis. A page cached by one is invalidated
when the other publishes or approves; a session started on one is valid on
the other; a comment posted to one is moderated on the other; media written
through the configured storage is served by both.

Runs when the suite runs on PostgreSQL with REDIS_URL set (CI's second run).
"""

import http.cookiejar
import os
import re
import secrets
import socket
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

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_image

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not django_settings.REDIS_URL,
        reason="two instances need a shared PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMESTAMP = re.compile(r'name="ts" value="([^"]+)"')


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "postgres")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


# Behind a load balancer both instances see the site's one host name.
SITE_HOST = "newsroom.test"


class Browser:
    """A reader's or editor's cookies and requests, to any of the instances."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            request = urllib.request.Request(url, data=body, headers={"Host": SITE_HOST})  # noqa: S310
            response = self.opener.open(request, timeout=30)  # noqa: S310 - http://127.0.0.1
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read().decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def instances(tmp_path, settings):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{SITE_HOST},127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": django_settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "STATIC_ROOT": str(tmp_path / "static"),
        "SERVE_MEDIA": "true",
        "COMMENTS_FORM_MIN_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    collect = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    servers, urls = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = (tmp_path / f"gunicorn-{name}.log").open("w")
            servers.append(
                subprocess.Popen(  # noqa: S603 - the venv's gunicorn
                    [str(GUNICORN), "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "-w", "1"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            _wait_ready(url)
        yield urls
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


def _admin(settings):
    from django.contrib.auth.models import User

    # The servers use Django's real password hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    return User.objects.create_superuser("chefin", password="zwei-instanzen-passwort")


def _log_in(browser, base):
    status, _, html = browser.request(f"{base}/admin/login/")
    assert status == 200
    status, headers, _ = browser.request(
        f"{base}/admin/login/?next=/admin/",
        {
            "username": "chefin",
            "password": "zwei-instanzen-passwort",
            "csrfmiddlewaretoken": TOKEN.search(html)[1],
            "next": "/admin/",
        },
    )
    assert status == 302, "login failed"


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


def test_two_instances_share_cache_sessions_comments_and_media(instances, settings):
    a, b = instances
    editor = Browser()
    reader = Browser()
    _admin(settings)
    make_article(title="Schon erschienen")
    draft = make_article(title="Eilmeldung aus B", status=Article.Status.DRAFT)
    image = make_image()

    # A page cached by A is served from the shared cache by B.
    status, headers, html = reader.request(f"{a}/")
    assert status == 200 and headers["X-Page-Cache"] == "miss"
    status, headers, html = reader.request(f"{b}/")
    assert headers["X-Page-Cache"] == "hit" and "Eilmeldung aus B" not in html

    # A session started on A is valid on B.
    _log_in(editor, a)
    status, _, html = editor.request(f"{b}/admin/")
    assert status == 200 and "chefin" in html

    # B publishes; A's cached home page shows it on the next request.
    _admin_action(editor, b, "/admin/articles/article/", "publish_now", draft.pk)
    status, headers, html = reader.request(f"{a}/")
    assert "Eilmeldung aus B" in html and headers["X-Page-Cache"] == "miss"

    # A comment posted to A is approved on B and then shown by A.
    article_url = draft.get_absolute_url()
    status, _, html = reader.request(f"{a}{article_url}")
    status, _, _ = reader.request(
        f"{a}/artikel/{draft.slug}/kommentar/",
        {
            "name": "Leserin aus A",
            "email": "leserin@example.org",
            "body": "Gepostet bei A, freigegeben bei B.",
            "ts": TIMESTAMP.search(html)[1],  # signed with the servers' key
            "csrfmiddlewaretoken": TOKEN.search(html)[1],
        },
    )
    assert status == 302
    comment = Comment.objects.get(name="Leserin aus A")
    if comment.status != Comment.Status.APPROVED:
        assert "Gepostet bei A" not in reader.request(f"{b}{article_url}")[2]
        _admin_action(editor, b, "/admin/comments/comment/", "approve", comment.pk)
    assert "Gepostet bei A, freigegeben bei B." in reader.request(f"{a}{article_url}")[2]
    assert Comment.objects.filter(name="Leserin aus A").count() == 1

    # Media written through the storage by one process is served by both.
    path = image.file.name
    for base in (a, b):
        status, headers, body = reader.request(f"{base}{settings.MEDIA_URL}{path}")
        assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
