"""Varnish for real: Debian's varnishd with the project's own
deploy/varnish/default.vcl (only the backend address changed) in front of
an origin, on loopback ports of its own, with a working directory (-n) under
the test's tmp folder. Nothing of a system Varnish is used or touched.

Two origins:

- a small HTTP server in this process that answers like the app does
  (``Cache-Control: public, max-age=0, s-maxage=300``, a ``Surrogate-Key``
  header) and counts what reaches it: the VCL's own rules (hits, what is
  passed, what is stripped, purging by key, who may purge), and
  ``newsroom.edge`` purging through the VCL, keeping keys when Varnish is
  out of reach;
- gunicorn running the app with production settings on PostgreSQL and
  Redis, EDGE_PURGER=varnish pointing at that varnishd: the article page is
  served from Varnish, and an approved comment (the admin, over HTTP through
  Varnish), a published correction and an unpublished article (the
  publishing services) show on the next request on every page that listed
  them.

A purge is refused from an address outside the VCL's ``purgers`` ACL: the
request really comes from 127.0.0.2 (any 127/8 address is the loopback
interface on Linux; the ACL's "localhost" is 127.0.0.1 and ::1), and on the
readers' listener from anywhere.

Needs Debian's varnish and varnish-modules (`apt-get install -y varnish
varnish-modules`; .ci/run installs them and requires this module in its
PostgreSQL run). Every wait is bounded and every process stopped at the end.

Length: a real varnishd in front of a small origin and in front of gunicorn,
with the helpers that start them; the cases share this module's fixtures and
helpers.
"""

import http.client
import http.cookies
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import global_settings
from django.conf import settings as django_settings
from django.db import connection

from newsroom import edge
from tests.factories import SEARCH_WORD, make_article, make_comment, make_user
from tests.ops.processes import free_port, stop, test_database_url

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
GUNICORN = Path(sys.executable).with_name("gunicorn")
VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
)
OUTSIDE = "127.0.0.2"  # a loopback address that is not in the ACL
SITE_HOST = "newsroom.test"


pytestmark = pytest.mark.skipif(
    VARNISHD is None,
    reason="needs varnishd (Debian: apt-get install -y varnish varnish-modules)",
)


# --- varnishd -------------------------------------------------------------------


def _vcl_for(backend_port):
    """deploy/varnish/default.vcl with the backend on loopback."""
    vcl = VCL.read_text()
    for old, new in {
        '.host = "proxy";': '.host = "127.0.0.1";',
        '.port = "8081";': f'.port = "{backend_port}";',
    }.items():
        assert vcl.count(old) == 1, f"deploy/varnish/default.vcl changed: {old!r}"
        vcl = vcl.replace(old, new)
    return vcl


class Varnish:
    def __init__(self, http_port, purge_port):
        self.http_port = http_port
        self.purge_port = purge_port
        self.purge_url = f"http://127.0.0.1:{purge_port}"

    def request(self, method, path, headers=None, *, port=None, source=None, body=None):
        """(status, headers, body) of one request on its own connection."""
        conn = http.client.HTTPConnection(
            "127.0.0.1",
            port or self.http_port,
            timeout=30,
            source_address=(source, 0) if source else None,
        )
        try:
            conn.request(method, path, body=body, headers={"Host": SITE_HOST, **(headers or {})})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def purge(self, keys, *, port=None, source=None):
        return self.request(
            "PURGE", "/", {"xkey-purge": keys}, port=port or self.purge_port, source=source
        )[0]


def _start_varnish(folder, backend_port, purge_port=None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "default.vcl").write_text(_vcl_for(backend_port))
    varnish = Varnish(free_port(), purge_port or free_port())
    log = folder / "varnishd.log"
    command = [
        VARNISHD,
        "-F",
        "-n",
        str(folder / "work"),
        "-a",
        f"http=127.0.0.1:{varnish.http_port}",
        "-a",
        f"purge=127.0.0.1:{varnish.purge_port}",
        "-f",
        str(folder / "default.vcl"),
        "-s",
        "malloc,64m",
        "-T",
        "127.0.0.1:0",
    ]
    if os.geteuid() == 0:
        # As root varnishd would switch to its own users, who cannot read
        # the test's tmp folder; the test has no privileges to drop.
        command += ["-j", "none"]
    process = subprocess.Popen(  # noqa: S603 - Debian's varnishd with our own VCL
        command, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise AssertionError(f"varnishd exited: {log.read_text()[-3000:]}")
        try:
            varnish.request("GET", "/healthz", port=varnish.purge_port)
            break  # the purge listener answers (405): the VCL is loaded
        except OSError:
            if time.monotonic() > deadline:
                stop(process)
                raise AssertionError(
                    f"varnishd did not answer: {log.read_text()[-3000:]}"
                ) from None
            time.sleep(0.2)
    return varnish, process


# --- an origin that answers like the app ----------------------------------------


class Origin:
    """Answers every path with a page kept ``s-maxage=300`` under the keys
    named in the path (``/k/article-1+home/`` → ``Surrogate-Key: article-1
    home``); ``/no-cache-control/`` and ``/private/`` answer what they say.
    Records every request it gets."""

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with origin.lock:
                    origin.requests.append((self.command, self.path, dict(self.headers)))
                    n = len(origin.requests)
                path = urllib.parse.urlsplit(self.path).path
                if path.startswith("/slow/"):
                    time.sleep(1.0)
                body = f"{self.command} {self.path} #{n}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if path == "/private/":
                    self.send_header("Cache-Control", "private, max-age=0")
                elif path != "/no-cache-control/":
                    self.send_header(
                        "Cache-Control", "public, max-age=0, s-maxage=300, must-revalidate"
                    )
                match = re.match(r"^/(?:k|slow)/([^/]+)/", path)
                if match:
                    self.send_header("Surrogate-Key", match[1].replace("+", " "))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_HEAD = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def count(self, path):
        with self.lock:
            return sum(1 for _method, seen, _headers in self.requests if seen == path)

    def last(self):
        with self.lock:
            return self.requests[-1]


@pytest.fixture
def origin():
    server = Origin()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


@pytest.fixture
def varnish(tmp_path, origin):
    cache, process = _start_varnish(tmp_path / "varnish", origin.port)
    try:
        yield cache
    finally:
        stop(process)


def _cached(varnish, path, headers=None):
    """Ask twice: the second answer must come from Varnish."""
    varnish.get(path, headers)
    status, response, body = varnish.get(path, headers)
    assert (status, response["X-Cache"]) == (200, "HIT"), path
    return body


# --- the VCL's rules ----------------------------------------------------------------


def test_a_page_is_served_from_the_cache(varnish, origin):
    status, headers, body = varnish.get("/k/article-1+home/")
    assert (status, headers["X-Cache"]) == (200, "MISS")
    status, headers, again = varnish.get("/k/article-1+home/")
    assert (status, headers["X-Cache"], again) == (200, "HIT", body)
    assert origin.count("/k/article-1+home/") == 1
    # The keys are Varnish's business, not the readers'; and s-maxage was
    # for Varnish, which is purged: a cache further out must revalidate.
    assert "Surrogate-Key" not in headers and "xkey" not in headers
    assert headers["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_unknown_query_parameters_and_cookies_share_the_page(varnish, origin):
    body = _cached(varnish, "/k/section-1/?page=2")
    for variant in (
        "/k/section-1/?page=2&utm_source=newsletter&utm_medium=mail",
        "/k/section-1/?fbclid=abc&page=2",
        "/k/section-1/?gclid=x&page=2&unbekannt",
    ):
        status, headers, again = varnish.get(variant)
        assert (headers["X-Cache"], again) == ("HIT", body), variant
    status, headers, again = varnish.get(
        "/k/section-1/?page=2", {"Cookie": "csrftoken=abc; _pk_id=123"}
    )
    assert (headers["X-Cache"], again) == ("HIT", body)
    assert origin.count("/k/section-1/?page=2") == 1
    # What reaches the app: the parameters it reads, no cookies.
    varnish.get("/suche/?utm_campaign=x&q=Hochwasser&page=2")
    method, path, headers = origin.last()
    assert path == "/suche/?q=Hochwasser&page=2"
    varnish.get("/k/other/?utm_source=x", {"Cookie": "csrftoken=abc"})
    method, path, headers = origin.last()
    assert path == "/k/other/" and "Cookie" not in headers


@pytest.mark.parametrize(
    ("asked", "reaches_the_app"),
    [
        # Each page keeps only what it reads (the views' params in the app).
        ("/artikel/x/?q=a&page=3&kommentare=2&antworten=7", "/artikel/x/?kommentare=2&antworten=7"),
        ("/en/artikel/x/?kommentare=2&p=4", "/en/artikel/x/?kommentare=2"),
        ("/ressort/politik/?page=2&q=x&kommentare=1", "/ressort/politik/?page=2"),
        ("/sitemap-news.xml?p=2&page=3", "/sitemap-news.xml?p=2"),
        ("/feed/?page=2&q=x", "/feed/"),
        # A page number is a number.
        ("/artikel/x/?kommentare=abc&antworten=0", "/artikel/x/"),
        ("/ressort/politik/?page=99999", "/ressort/politik/"),
        ("/ressort/politik/?page=-1", "/ressort/politik/"),
    ],
)
def test_each_page_keeps_only_the_parameters_it_reads(varnish, origin, asked, reaches_the_app):
    varnish.get(asked)
    assert origin.last()[1] == reaches_the_app


def test_a_malformed_range_is_ignored_not_answered_with_an_error(varnish, origin):
    status, _headers, _body = varnish.request(
        "POST", "/k/article-1/", {"Range": "bytes=x"}, body=b"a=1"
    )
    assert status == 200
    status, _headers, _body = varnish.get("/k/article-1/", {"Range": "bytes=x"})
    assert status == 200


@pytest.mark.parametrize(
    ("method", "path", "cookie"),
    [
        ("GET", "/k/article-1/", "sessionid=abc"),
        ("GET", "/k/article-1/", "csrftoken=x; messages=abc"),
        ("POST", "/k/article-1/", ""),
        ("GET", "/admin/", ""),
        ("GET", "/admin/login/?next=/admin/", "csrftoken=x"),
    ],
)
def test_sessions_messages_posts_and_the_admin_reach_the_app(varnish, origin, method, path, cookie):
    headers = {"Cookie": cookie} if cookie else {}
    before = origin.count(path)
    for _ in range(2):
        status, response, _body = varnish.request(method, path, headers, body=b"x=1")
        assert (status, response["X-Cache"]) == (200, "MISS")
    assert origin.count(path) == before + 2
    if cookie:
        assert origin.last()[2]["Cookie"] == cookie  # passed on untouched


def test_responses_the_app_does_not_mark_public_are_not_kept(varnish, origin):
    for path in ("/no-cache-control/", "/private/"):
        for _ in range(2):
            assert varnish.get(path)[1]["X-Cache"] == "MISS"
        assert origin.count(path) == 2


def test_purging_a_key_drops_exactly_the_pages_that_carry_it(varnish, origin, settings):
    settings.EDGE_PURGER = "varnish"
    settings.EDGE_PURGE_URLS = [varnish.purge_url]
    for path in ("/k/article-1+home/", "/k/article-2+home/", "/k/article-2/"):
        _cached(varnish, path)
    edge.purge(["article-1"])
    assert edge.pending() == set()
    assert varnish.get("/k/article-1+home/")[1]["X-Cache"] == "MISS"
    assert varnish.get("/k/article-2+home/")[1]["X-Cache"] == "HIT"
    assert varnish.get("/k/article-2/")[1]["X-Cache"] == "HIT"
    edge.purge(["home", "tag-9"])
    assert varnish.get("/k/article-1+home/")[1]["X-Cache"] == "MISS"
    assert varnish.get("/k/article-2+home/")[1]["X-Cache"] == "MISS"
    assert varnish.get("/k/article-2/")[1]["X-Cache"] == "HIT"
    assert origin.count("/k/article-2/") == 1


def test_readers_asking_at_once_after_a_purge_cause_one_fetch(varnish, origin, settings):
    """Request coalescing: a purged page is fetched once, however many ask
    while it is being rendered (the origin takes a second here)."""
    settings.EDGE_PURGER = "varnish"
    settings.EDGE_PURGE_URLS = [varnish.purge_url]
    _cached(varnish, "/slow/article-3/")
    edge.purge(["article-3"])
    answers = []

    def read():
        answers.append(varnish.get("/slow/article-3/")[0])

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=30)
    assert answers == [200] * 8
    assert origin.count("/slow/article-3/") == 2  # the first fill and one after the purge


def test_a_purge_from_outside_the_acl_is_refused(varnish, origin):
    _cached(varnish, "/k/article-1/")
    # From an address that is not in "purgers", on the purge listener.
    assert varnish.purge("article-1", source=OUTSIDE) == 403
    # On the readers' listener, even from the app's own address (nginx in
    # front connects from an address in "purgers").
    assert varnish.purge("article-1", port=varnish.http_port) == 403
    assert varnish.request("BAN", "/", port=varnish.http_port)[0] == 403
    assert varnish.get("/k/article-1/")[1]["X-Cache"] == "HIT"
    # Nothing but PURGE on the purge listener; and the allowed purge works.
    assert varnish.request("GET", "/k/article-1/", port=varnish.purge_port)[0] == 405
    assert varnish.purge("article-1") == 200
    assert varnish.get("/k/article-1/")[1]["X-Cache"] == "MISS"


def test_keys_of_a_failed_purge_go_with_the_next_one(varnish, origin, settings, caplog):
    settings.EDGE_PURGER = "varnish"
    settings.EDGE_PURGE_TIMEOUT = 1.0
    edge.forget_pending()
    _cached(varnish, "/k/article-1/")
    _cached(varnish, "/k/article-2/")
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}"]  # nobody there
    edge.purge(["article-1"])  # does not raise
    assert edge.pending() == {"article-1"}
    assert "edge purge failed" in caplog.text
    assert varnish.get("/k/article-1/")[1]["X-Cache"] == "HIT"
    settings.EDGE_PURGE_URLS = [varnish.purge_url]
    edge.purge(["article-2"])
    assert edge.pending() == set()
    assert varnish.get("/k/article-1/")[1]["X-Cache"] == "MISS"
    assert varnish.get("/k/article-2/")[1]["X-Cache"] == "MISS"


def test_the_vcl_keeps_the_query_parameters_the_app_reads():
    match = re.search(r"\(\?!\(\?:([a-z|]+)\)=\)", VCL.read_text())
    assert match, "deploy/varnish/default.vcl: the query parameter filter changed"
    assert sorted(match[1].split("|")) == sorted(django_settings.PAGE_CACHE_QUERY_PARAMS)


# --- the app behind Varnish ---------------------------------------------------------

needs_postgres_and_redis = pytest.mark.skipif(
    connection.vendor != "postgresql" or not django_settings.REDIS_URL,
    reason="gunicorn shares the test's PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
)
PASSWORD = "varnish-test-passwort"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class App:
    def __init__(self, varnish, access_log):
        self.varnish = varnish
        self.access_log = access_log

    def requests_for(self, path):
        """How many requests for ``path`` reached gunicorn (its access log)."""
        return sum(f'"GET {path} ' in line for line in self.access_log.read_text().splitlines())


@pytest.fixture
def app(tmp_path, settings):
    purge_port, web_port = free_port(), free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URL")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{SITE_HOST},127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DATABASE_URL=test_database_url(),
        REDIS_URL=django_settings.REDIS_URL,
        STATIC_ROOT=str(tmp_path / "static"),  # built into the image in production
        MEDIA_ROOT=str(tmp_path / "media"),
        # Proxies may keep pages up to 5 minutes: only purges make changes show.
        CDN_MAX_AGE="300",
        EDGE_PURGER="varnish",
        EDGE_PURGE_URLS=f"http://127.0.0.1:{purge_port}",
        COMMENTS_FORM_MIN_SECONDS="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    collect = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    access_log = tmp_path / "access.log"
    access_log.touch()
    log = tmp_path / "gunicorn.log"
    web = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
        [
            str(GUNICORN),
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            "2",
            "--access-logfile",
            str(access_log),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    process = None
    try:
        _wait_ready(web_port, web, log)
        varnish, process = _start_varnish(tmp_path / "varnish", web_port, purge_port)
        # Purges from this process (the services the test calls) go there too.
        settings.EDGE_PURGER = "varnish"
        settings.EDGE_PURGE_URLS = [varnish.purge_url]
        edge.forget_pending()
        yield App(varnish, access_log)
    finally:
        if process is not None:
            stop(process)
        stop(web)


def _wait_ready(port, process, log):
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise AssertionError(log.read_text()[-3000:])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        if time.monotonic() > deadline:
            raise AssertionError(f"gunicorn did not become ready: {log.read_text()[-3000:]}")
        time.sleep(0.3)


@needs_postgres_and_redis
@pytest.mark.django_db(transaction=True)
def test_the_article_page_is_served_from_varnish(app):
    article = make_article(title="Eilmeldung im Cache")
    path = article.get_absolute_url()
    status, headers, body = app.varnish.get(path)
    assert status == 200 and "Eilmeldung im Cache" in body
    status, headers, again = app.varnish.get(path)
    assert (status, headers["X-Cache"]) == (200, "HIT")
    assert again == body  # the same bytes for every reader
    assert int(headers["Age"]) >= 0
    # A reader with a made-up tracking parameter and cookies: the same copy.
    status, headers, _ = app.varnish.get(
        path + "?utm_source=newsletter&fbclid=abc", {"Cookie": "csrftoken=x; _ga=1"}
    )
    assert headers["X-Cache"] == "HIT"
    assert app.requests_for(path) == 1  # gunicorn saw the first request only
    # The comment form's timestamp is per response: never kept.
    first = app.varnish.get("/kommentar/formular/")
    second = app.varnish.get("/kommentar/formular/")
    assert (first[0], second[0]) == (200, 200)
    assert second[1]["X-Cache"] == "MISS" and first[2] != second[2]


class Browser:
    """A moderator's cookies, through Varnish."""

    def __init__(self, varnish):
        self.varnish = varnish
        self.jar = {}

    def request(self, path, data=None):
        headers = {}
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response, html = self.varnish.request(
            "POST" if data is not None else "GET", path, headers, body=body
        )
        for value in response.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(value)
            for name, morsel in cookie.items():
                self.jar[name] = morsel.value
        return status, html


def _log_in(browser, username):
    status, html = browser.request("/admin/login/")
    assert status == 200
    status, _ = browser.request(
        "/admin/login/?next=/admin/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": TOKEN.search(html)[1],
            "next": "/admin/",
        },
    )
    assert status == 302, f"login of {username} failed"


def _admin_action(browser, changelist, action, pk):
    status, html = browser.request(changelist)
    assert status == 200
    status, _ = browser.request(
        changelist,
        {
            "csrfmiddlewaretoken": TOKEN.search(html)[1],
            "action": action,
            "_selected_action": str(pk),
            "index": "0",
        },
    )
    assert status == 302


def _pages(article, tag):
    return {
        "article": article.get_absolute_url(),
        "home": "/",
        "section": article.section.get_absolute_url(),
        "tag": f"/thema/{tag.slug}/",
        "feed": "/feed/",
        "sitemap": "/sitemap-news.xml",
        "search": f"/suche/?q={SEARCH_WORD}",
    }


@needs_postgres_and_redis
@pytest.mark.django_db(transaction=True)
def test_changes_show_on_the_next_request_through_varnish(app, settings):
    from django.apps import apps
    from django.contrib.auth.models import User
    from taggit.models import Tag

    from articles import publishing
    from comments.models import Comment
    from newsroom.roles import sync_roles

    # The server uses Django's real password hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    sync_roles(apps)  # transactional tests start from empty tables
    editor = User.objects.create_superuser("chefin", password=PASSWORD)
    make_user("moderatorin", group="Moderators", password=PASSWORD)
    tag = Tag.objects.create(name="Hochwasser", slug="hochwasser")
    article = make_article(
        title=f"{SEARCH_WORD} am Deich", lead=f"Der {SEARCH_WORD} hält.", tags=[tag]
    )
    # Another article in the same section, under the same tag: those pages
    # stay (a tag without articles is a 404).
    make_article(title="Pegel sinkt", section=article.section, tags=[tag])
    pending = make_comment(
        article, body="Freigegeben hinter Varnish.", status=Comment.Status.PENDING
    )
    pages = _pages(article, tag)

    def all_cached():
        """Every page twice: the second answer from Varnish."""
        bodies = {}
        for name, path in pages.items():
            status, _, bodies[name] = app.varnish.get(path)
            assert status == 200, (name, path, status)
            status, headers, again = app.varnish.get(path)
            assert (headers["X-Cache"], again) == ("HIT", bodies[name]), name
        return bodies

    # A comment approved in the admin (over HTTP, through Varnish).
    before = all_cached()
    assert "Freigegeben hinter Varnish." not in before["article"]
    moderator = Browser(app.varnish)
    _log_in(moderator, "moderatorin")
    _admin_action(moderator, "/admin/comments/comment/", "approve", pending.pk)
    status, headers, html = app.varnish.get(pages["article"])
    assert "Freigegeben hinter Varnish." in html and headers["X-Cache"] == "MISS"

    # A correction, published through the publishing service.
    before = all_cached()
    publishing.add_correction(
        article=article, user=editor, kind="correction", text="Der Deich ist 4 m hoch, nicht 3 m."
    )
    status, _, html = app.varnish.get(pages["article"])
    assert "Der Deich ist 4 m hoch, nicht 3 m." in html

    # The article unpublished: gone from every page that listed it.
    before = all_cached()
    for name, body in before.items():
        if name != "article":
            assert f"{SEARCH_WORD} am Deich" in body or article.slug in body, name
    article.refresh_from_db()
    publishing.unpublish(article=article, user=editor)
    for name, path in pages.items():
        status, _, body = app.varnish.get(path)
        if name == "article":
            assert status in (404, 410), status
        else:
            assert status == 200, (name, status)
            assert article.slug not in body and f"{SEARCH_WORD} am Deich" not in body, name


def test_the_compose_stack_puts_varnish_between_nginx_and_web():
    """docker-compose.yml, deploy/nginx.conf and the VCL name each other's
    addresses: nginx -> varnish:80 -> proxy:8081 (nginx) -> web:8000, and the
    app purges on varnish:6091."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    varnish = compose["services"]["varnish"]
    assert "ports" not in varnish and "profiles" not in varnish
    assert "./deploy/varnish/default.vcl:/etc/varnish/default.vcl:ro" in varnish["volumes"]
    assert {"http=:80", "purge=:6091"} <= set(varnish["command"])
    web = compose["services"]["web"]["environment"]
    assert web["EDGE_PURGER"] == "${EDGE_PURGER:-varnish}"
    assert web["EDGE_PURGE_URLS"] == "${EDGE_PURGE_URLS:-http://varnish:6091}"
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "set $newsroom_cache http://varnish:80;" in nginx
    assert "listen 8081;" in nginx and "set $newsroom_web http://web:8000;" in nginx
    vcl = VCL.read_text()
    assert '.host = "proxy";' in vcl and '.port = "8081";' in vcl
