"""The cache is never a single point of failure (newsroom/cache.py): with a
real Redis of the test's own stopped or hung, every anonymous page answers
200 and every write is committed; an invalidation that could not reach the
cache is not lost when it returns (the epoch); and a missed page is
rendered once however many readers ask for it at the same moment.

Each test starts its own ``redis-server`` (tests/ops/redis_process.py) and
points the cache at it with the settings' own client options; the shared
Redis is never touched. Without ``redis-server`` the tests are skipped, and
CI (.ci/run) fails when they are.

Length: a real Redis stopped, hung and cut at each point of a write, with the
servers it starts; the cases share this module's fixtures and helpers.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from articles import publishing
from articles.models import Article
from comments.models import Comment
from newsroom import cache as page_cache
from tests.admin_forms import change_form, post_change
from tests.factories import make_article, make_comment
from tests.ops.redis_process import REDIS_SERVER, Partition, RedisProcess

ROOT = Path(__file__).resolve().parents[2]
# Far above anything a working page needs; only a request that hangs on the
# cache would reach it (redis-py's own default is 5 s per call).
GENEROUS = 30

pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None, reason="redis-server is not installed (apt-get install redis-server)"
)


@pytest.fixture
def redis_server(tmp_path, settings):
    """The page cache on a Redis of this test's own, with the client options
    the settings give a deployment, and a short breaker interval."""
    server = RedisProcess(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.PAGE_CACHE_RETRY_SECONDS = 0.5
    page_cache.reset_breaker()
    page_cache._local_entries.clear()
    try:
        yield server
    finally:
        server.stop()
        page_cache.reset_breaker()
        page_cache._local_entries.clear()


@pytest.fixture
def network(redis_server, settings):
    """The cache reaches its Redis through a network that the test can cut
    (commands sent while it is cut are lost, not delivered late)."""
    partition = Partition(redis_server.port)
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": partition.url},
    }
    try:
        yield partition
    finally:
        partition.close()


def _after_retry(settings):
    """Let this process's breaker interval pass: the next request asks the
    cache again."""
    time.sleep(settings.PAGE_CACHE_RETRY_SECONDS + 0.1)


@contextmanager
def _deadline(seconds=GENEROUS):
    """Fail the test if the block has not finished within ``seconds`` (a
    request that hangs on the cache is interrupted, not waited for)."""

    def expired(signum, frame):
        raise AssertionError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _within(seconds, function, *args):
    """Run ``function`` in a thread, on a database connection of its own;
    fail unless it returns within ``seconds``."""
    result, error = [], []

    def run():
        try:
            result.append(function(*args))
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            error.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer within {seconds} s"
    if error:
        raise error[0]
    return result[0]


def _html(response):
    return response.content.decode()


def _reader_pages(article):
    return [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/thema/wahl/",
        "/feed/",
        "/sitemap.xml",
        "/suche/?q=Wahl",
    ]


# --- configuration ---------------------------------------------------------------


def test_a_deployment_gets_short_redis_timeouts_and_nothing_else_in_the_cache():
    """With REDIS_URL set, the cache client gives up after 0.25 s without
    retrying (redis-py waits 5 s), and sessions and login throttling do not
    live in the cache."""
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps([s.CACHES['default'].get('OPTIONS'), s.SESSION_ENGINE, s.AXES_HANDLER,"
        " s.MESSAGE_STORAGE]))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("REDIS_")},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "true",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    options, sessions, axes, messages = json.loads(result.stdout)
    assert options == {
        "socket_timeout": 0.25,
        "socket_connect_timeout": 0.25,
        "retry_on_timeout": False,
    }
    assert sessions == "django.contrib.sessions.backends.db"
    assert axes == "axes.handlers.database.AxesDatabaseHandler"
    assert messages == "django.contrib.messages.storage.cookie.CookieStorage"


# --- readers ----------------------------------------------------------------------


@pytest.mark.django_db
def test_every_reader_page_answers_with_redis_stopped(redis_server, client):
    article = make_article(title="Wahl im Land", tags=["Wahl"])
    make_comment(article, body="Schon freigegeben.", status=Comment.Status.APPROVED)
    pages = _reader_pages(article)
    for url in pages:
        assert client.get(url).status_code == 200, url
    redis_server.stop()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Page-Cache"] == "unavailable", url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Schon freigegeben." in _html(client.get(article.get_absolute_url()))
    assert "Wahl im Land" in _html(client.get("/"))
    # A reader can still comment: the page carries a working form.
    assert 'id="kommentar-formular"' in _html(client.get(article.get_absolute_url()))


@pytest.mark.django_db
def test_a_hung_redis_costs_one_timeout_then_is_skipped(redis_server, client, settings, caplog):
    """Redis accepts connections but answers nothing (SIGSTOP). Each page
    still answers, uncached; the cache was asked once per breaker interval,
    gave up with a timeout, and the breaker kept the other requests away."""
    settings.PAGE_CACHE_RETRY_SECONDS = 2
    article = make_article(title="Wahl im Land", tags=["Wahl"])
    pages = _reader_pages(article)
    for url in pages:
        client.get(url)
    connections = redis_server.connections_received()
    redis_server.hang()
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    started = time.monotonic()
    for url in pages * 2:
        with _deadline():
            response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Page-Cache"] == "unavailable", url
    intervals = 1 + int((time.monotonic() - started) / settings.PAGE_CACHE_RETRY_SECONDS)
    failures = [r.getMessage() for r in caplog.records if "the cache failed" in r.getMessage()]
    assert 1 <= len(failures) <= intervals < len(pages) * 2
    assert all("TimeoutError" in message for message in failures)
    redis_server.resume()
    # No request but those tries opened a connection to the hung Redis.
    assert redis_server.connections_received() - connections <= len(failures)

    # Back: after the breaker's interval the cache is used again.
    _after_retry(settings)
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_readyz_stays_ready_and_says_the_cache_is_down(redis_server, client):
    redis_server.hang()
    with _deadline():
        response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "degraded" and body["cache"] == "TimeoutError"


# --- writers ----------------------------------------------------------------------


@pytest.mark.django_db
def test_writes_are_committed_with_redis_stopped(redis_server, comment_data, moderator, editor):
    live = make_article(title="Vorher", tags=["Wahl"])
    other = make_article(title="Bleibt nicht")
    waiting = make_comment(live, body="Wartet auf Freigabe.", status=Comment.Status.PENDING)
    reader = Client()
    for url in ("/", live.get_absolute_url()):
        reader.get(url)
    redis_server.stop()

    # A reader's comment.
    response = reader.post(f"/artikel/{live.slug}/kommentar/", comment_data)
    assert response.status_code == 302
    assert Comment.objects.filter(article=live, body=comment_data["body"]).exists()

    # A moderator's approval.
    desk = Client()
    desk.force_login(moderator)
    changelist = reverse("admin:comments_comment_changelist")
    response = desk.post(changelist, {"action": "approve", "_selected_action": [waiting.pk]})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED

    # An editor's edit of a live article, published, and an unpublish.
    desk.force_login(editor)
    _, data = change_form(desk, live)
    response = post_change(desk, live, {**data, "title": "Nachher", "_publish_changes": "1"})
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Nachher"
    response = desk.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [other.pk]},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == Article.Status.DRAFT

    # Readers see all of it, with the cache still down and once it is back.
    for moment in ("down", "back"):
        if moment == "back":
            redis_server.start()
        home = _html(Client().get("/"))
        assert "Nachher" in home and "Bleibt nicht" not in home, moment
        assert "Wartet auf Freigabe." in _html(Client().get(live.get_absolute_url())), moment


# --- invalidation is never lost ---------------------------------------------------


@pytest.mark.django_db
def test_an_unpublish_during_a_network_cut_is_not_undone_when_it_heals(
    network, client, editor, settings
):
    """The network to Redis is cut, Redis keeps its data: the invalidation
    is lost, so the old generations come back with it. The first call after
    the outage replaces the epoch, and no page stored before it is served."""
    article = make_article(title="Wird zurückgezogen")
    url = article.get_absolute_url()
    assert "Wird zurückgezogen" in _html(client.get("/"))
    assert client.get(url).status_code == 200
    assert client.get("/")["X-Page-Cache"] == "hit"

    network.cut()
    desk = Client()
    desk.force_login(editor)
    with _deadline():
        response = desk.post(
            reverse("admin:articles_article_changelist"),
            {"action": "unpublish", "_selected_action": [article.pk]},
        )
    assert response.status_code == 302
    network.heal()
    _after_retry(settings)

    response = client.get("/")
    assert response["X-Page-Cache"] == "miss" and "Wird zurückgezogen" not in _html(response)
    assert client.get(url).status_code == 410  # withdrawn (articles/redirects.py)
    # Another process, which saw no failure, is safe now as well.
    page_cache.reset_breaker()
    page_cache._local_entries.clear()
    assert "Wird zurückgezogen" not in _html(Client().get("/"))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a reader that sees the rows before a commit needs PostgreSQL (DATABASE_URL)",
)
@pytest.mark.django_db(transaction=True)
def test_redis_cut_between_an_unpublish_and_its_commit(network, settings):
    """The race of issue 16: an unpublish in a transaction bumps the
    generation; another reader renders the home page from the rows before
    the commit and stores it under the new generation; the network to Redis
    is cut, so the bump after the commit is lost; Redis returns with that
    page. It must not be served."""
    editor = User.objects.create_superuser("chefin-race", password="test-pass-123")
    article = make_article(title="Wird zurückgezogen")
    reader = Client()
    assert "Wird zurückgezogen" in _html(reader.get("/"))

    with transaction.atomic():
        publishing.unpublish(article=article, user=editor)
        # Another connection: the unpublish is not committed yet.
        before = _within(GENEROUS, Client().get, "/")
        assert before["X-Page-Cache"] == "miss" and "Wird zurückgezogen" in _html(before)
        network.cut()
    # Committed; the invalidation after the commit could not reach Redis.
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    network.heal()
    assert caches["default"].get(page_cache.EPOCH) is not None  # data kept

    # During the breaker's interval (unless this machine is slow): rendered
    # without the cache.
    response = reader.get("/")
    assert response["X-Page-Cache"] in ("unavailable", "miss")
    assert "Wird zurückgezogen" not in _html(response)
    _after_retry(settings)
    response = reader.get("/")
    assert response["X-Page-Cache"] == "miss" and "Wird zurückgezogen" not in _html(response)
    page_cache.reset_breaker()  # another process
    page_cache._local_entries.clear()
    assert "Wird zurückgezogen" not in _html(Client().get("/"))


@pytest.mark.django_db
def test_an_outage_longer_than_the_epoch_lease_drops_every_page(network, client, editor, settings):
    """The process that lost the invalidation is gone (its breaker state with
    it), and the one that serves next saw no failure: nobody renewed the
    epoch's lease while Redis was cut off, so nothing from before is served."""
    settings.PAGE_CACHE_EPOCH_LEASE_SECONDS = 1
    article = make_article(title="Wird zurückgezogen")
    assert "Wird zurückgezogen" in _html(client.get("/"))
    assert client.get("/")["X-Page-Cache"] == "hit"
    network.cut()
    publishing.unpublish(article=article, user=editor)
    page_cache.reset_breaker()  # that process died; this one saw nothing
    page_cache._local_entries.clear()
    time.sleep(1.5)
    network.heal()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss" and "Wird zurückgezogen" not in _html(response)


# --- one render per missed page ---------------------------------------------------


def _concurrently(n, url):
    """``n`` readers request ``url`` at the same moment; their responses."""
    barrier = threading.Barrier(n)
    responses = [None] * n

    def read(i):
        try:
            barrier.wait()
            responses[i] = Client().get(url)
        finally:
            connection.close()

    threads = [threading.Thread(target=read, args=(i,), daemon=True) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GENEROUS + 5)
    assert all(r is not None for r in responses)
    return responses


@pytest.fixture
def slow_page(settings):
    from tests.cache import urls_cache_faults

    settings.ROOT_URLCONF = "tests.cache.urls_cache_faults"
    # However slow this machine renders, the others wait for the page (the
    # bounded wait is tested on its own below).
    settings.PAGE_CACHE_LOCK_WAIT_SECONDS = 20
    urls_cache_faults.renders = 0
    urls_cache_faults.hold.set()
    yield urls_cache_faults
    urls_cache_faults.hold.set()


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_misses_render_the_page_once(redis_server, slow_page):
    responses = _concurrently(8, "/langsam/")
    assert slow_page.renders == 1
    assert all(r.status_code == 200 for r in responses)
    assert sorted(r["X-Page-Cache"] for r in responses) == ["hit"] * 7 + ["miss"]
    assert {_html(r) for r in responses} == {_html(responses[0])}


@pytest.mark.django_db(transaction=True)
def test_after_a_change_one_renders_and_the_others_wait_for_it(redis_server, slow_page):
    """The default: every change shows on the next request, so nobody is
    given the previous copy; the others wait for the one render."""
    assert "Fassung 1" in _html(Client().get("/langsam/"))
    page_cache.invalidate(page_cache.SITE)
    responses = _concurrently(8, "/langsam/")
    assert slow_page.renders == 2
    assert all("Fassung 2" in _html(response) for response in responses)
    assert {response["X-Page-Cache"] for response in responses} <= {"miss", "hit"}


@pytest.mark.django_db(transaction=True)
def test_after_a_change_one_renders_and_the_others_get_the_previous_copy(
    redis_server, slow_page, settings
):
    """Opted in (PAGE_CACHE_STALE_SECONDS > 0): the others get the previous copy."""
    settings.PAGE_CACHE_STALE_SECONDS = 5
    assert "Fassung 1" in _html(Client().get("/langsam/"))
    page_cache.invalidate(page_cache.SITE)
    responses = _concurrently(8, "/langsam/")
    assert slow_page.renders == 2
    by_status = {}
    for response in responses:
        by_status.setdefault(response["X-Page-Cache"], []).append(_html(response))
    assert len(by_status.pop("miss")) == 1 and by_status["stale"]
    assert set(by_status) <= {"stale", "hit"}  # a late reader may find the new copy
    assert all("Fassung 1" in html for html in by_status["stale"])
    assert all("Fassung 2" in html for html in by_status.get("hit", []))
    assert Client().get("/langsam/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_stuck_renderer_does_not_block_the_others(redis_server, slow_page, settings):
    """The process holding the lock hangs (or died, and its lock lives on
    until its TTL): another reader waits PAGE_CACHE_LOCK_WAIT_SECONDS for
    the page, then renders it itself."""
    settings.PAGE_CACHE_LOCK_WAIT_SECONDS = 0.3
    slow_page.hold.clear()  # the first render hangs until released
    stuck = threading.Thread(
        target=_within, args=(GENEROUS, Client().get, "/langsam/"), daemon=True
    )
    stuck.start()
    while slow_page.renders == 0:
        time.sleep(0.01)
    response = _within(GENEROUS, Client().get, "/langsam/")
    assert response.status_code == 200 and "Fassung 2" in _html(response)
    assert response["X-Page-Cache"] == "miss" and slow_page.renders == 2
    assert Client().get("/langsam/")["X-Page-Cache"] == "hit"
    slow_page.hold.set()
    stuck.join(GENEROUS)
