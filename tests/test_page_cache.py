"""The page cache (newsroom/cache.py): anonymous readers get stored pages;
every change a reader should see shows on the next request; staff and
readers with a session never get a stored page; nobody gets another
reader's CSRF token, session or message."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import publishing
from articles.models import Article, Correction
from comments import moderation
from comments.forms import timestamp_age
from comments.models import Comment, Report
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
TS = re.compile(r'name="ts" value="([^"]+)"')


def _get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def _wait_until(moment):
    """Let the clock pass ``moment`` (the cache's validity is by the clock)."""
    delay = (moment - timezone.now()).total_seconds()
    if delay > 0:
        time.sleep(delay + 0.05)


# --- hits, headers, 304 --------------------------------------------------------


def test_a_second_anonymous_request_is_served_without_touching_the_database(client):
    article = make_article(title="Gespeicherte Seite")
    first, html = _get(client, "/")
    assert first["X-Page-Cache"] == "miss" and article.title in html
    with CaptureQueriesContext(connection) as ctx:
        second, again = _get(client, "/")
    assert second["X-Page-Cache"] == "hit"
    assert ctx.captured_queries == []
    assert again == html


@pytest.mark.parametrize("url", ["/", "/feed/", "/suche/?q=Wahl", "/sitemap.xml"])
def test_pages_without_a_form_are_public_and_revalidated(client, url):
    make_article(title="Wahl im Land")
    response = client.get(url)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=0" in cache_control
    assert "must-revalidate" in cache_control and "s-maxage=0" in cache_control
    assert "Cookie" in response["Vary"]
    assert "csrftoken" not in response.cookies  # nothing per reader in it


def test_the_article_page_carries_a_token_and_is_private(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_etag_and_last_modified_answer_304(client):
    make_article()
    response = client.get("/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('W/"')
    not_modified = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/", HTTP_IF_NONE_MATCH='W/"anders"').status_code == 200


def test_a_changed_page_gets_a_new_etag(client):
    article = make_article(title="Vorher")
    etag = client.get("/")["ETag"]
    article.title = "Nachher"
    article.save()
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "Nachher" in response.content.decode()
    assert response["ETag"] != etag


def test_the_article_etag_is_per_reader(client):
    article = make_article()
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Another reader (another CSRF cookie) cannot revalidate into a copy that
    # carries the first reader's token.
    other = Client()
    other.get("/")
    assert other.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_head_is_answered_from_the_cache(client):
    make_article()
    client.get("/")
    response = client.head("/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_languages_are_stored_apart(client):
    article = make_article()
    url = article.get_absolute_url()
    assert "Kommentar hinterlassen" in _get(client, url)[1]
    english = Client()
    english.cookies["django_language"] = "en"
    response, html = _get(english, url)
    assert response["X-Page-Cache"] == "miss" and "Leave a comment" in html
    assert "Kommentar hinterlassen" in _get(client, url)[1]


# --- every change shows on the next request ---------------------------------------


def test_publishing_shows_at_once(client, editor):
    article = make_article(status=Article.Status.DRAFT, title="Eilmeldung")
    assert "Eilmeldung" not in _get(client, "/")[1]
    assert "Eilmeldung" not in _get(client, "/feed/")[1]
    publishing.publish(article=article, user=editor)
    assert "Eilmeldung" in _get(client, "/")[1]
    assert "Eilmeldung" in _get(client, "/feed/")[1]
    assert client.get(article.get_absolute_url()).status_code == 200


def test_unpublishing_shows_at_once(client, editor):
    article = make_article(title="Zurückgezogen")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200 and "Zurückgezogen" in _get(client, "/")[1]
    publishing.unpublish(article=article, user=editor)
    assert client.get(url).status_code == 404
    assert "Zurückgezogen" not in _get(client, "/")[1]


def test_an_edit_shows_on_every_page_that_lists_the_article(client):
    article = make_article(title="Alte Schlagzeile", tags=["Wahl"])
    pages = ["/", article.section.get_absolute_url(), "/thema/wahl/", "/feed/"]
    for url in pages:
        assert "Alte Schlagzeile" in _get(client, url)[1], url
    article.title = "Neue Schlagzeile"
    article.save()
    for url in [*pages, article.get_absolute_url()]:
        html = _get(client, url)[1]
        assert "Neue Schlagzeile" in html and "Alte Schlagzeile" not in html, url


def test_a_new_tag_shows_on_the_article_page(client):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    article.tags.add("Klimagipfel")
    assert "Klimagipfel" in _get(client, url)[1]


def test_a_correction_shows_at_once(client, editor):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    publishing.add_correction(
        article=article, user=editor, kind=Correction.Kind.CORRECTION, text="Die Zahl war falsch."
    )
    assert "Die Zahl war falsch." in _get(client, url)[1]


def test_a_comment_shows_when_approved_and_goes_when_removed(client, moderator):
    article = make_article()
    url = article.get_absolute_url()
    comment, _ = moderation.submit_comment(
        article=article, name="Leserin", email="l@example.org", body="Wartet auf Freigabe."
    )
    assert "Wartet auf Freigabe." not in _get(client, url)[1]
    assert _get(client, url)[0]["X-Page-Cache"] == "hit"
    moderation.approve(comment_id=comment.pk, user=moderator)
    assert "Wartet auf Freigabe." in _get(client, url)[1]
    moderation.reject(comment_id=comment.pk, user=moderator, reason="Doch nicht.")
    assert "Wartet auf Freigabe." not in _get(client, url)[1]


def test_a_comment_hidden_by_reports_goes_at_once(client, settings):
    settings.COMMENTS = {**settings.COMMENTS, "REPORTS_TO_HIDE": 1}
    article = make_article()
    comment = make_comment(article, body="Wird gemeldet.", status=Comment.Status.APPROVED)
    url = article.get_absolute_url()
    assert "Wird gemeldet." in _get(client, url)[1]
    moderation.report(comment=comment, reason=Report.Reason.choices[0][0], ip="192.0.2.1")
    assert "Wird gemeldet." not in _get(client, url)[1]


def test_a_comment_changes_only_its_own_article_page(client, moderator):
    article, other = make_article(), make_article()
    client.get("/")
    client.get(other.get_absolute_url())
    comment = make_comment(article, status=Comment.Status.PENDING)
    moderation.approve(comment_id=comment.pk, user=moderator)
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_scheduled_article_appears_when_its_time_comes(client, editor):
    article = make_article(status=Article.Status.DRAFT, title="Punkt zwölf")
    at = timezone.now() + timedelta(seconds=1.5)
    publishing.schedule(article=article, user=editor, at=at)
    assert "Punkt zwölf" not in _get(client, "/")[1]
    assert _get(client, "/")[0]["X-Page-Cache"] == "hit"  # stored until then
    _wait_until(at)
    assert "Punkt zwölf" in _get(client, "/")[1]
    assert client.get(article.get_absolute_url()).status_code == 200


def test_comments_close_on_time_on_a_stored_page(client):
    section = make_section(comments_close_after_days=1)
    closes = timezone.now() + timedelta(seconds=1.5)
    article = make_article(section=section, publish_at=closes - timedelta(days=1))
    url = article.get_absolute_url()
    assert 'id="kommentar-formular"' in _get(client, url)[1]
    assert _get(client, url)[0]["X-Page-Cache"] == "hit"
    _wait_until(closes)
    assert 'id="kommentar-formular"' not in _get(client, url)[1]


# --- never for staff, never another reader's token, session or message -----------


def test_logged_in_staff_never_get_a_stored_page(client, editor):
    article = make_article(title="Für alle gleich")
    client.get("/")  # stored for anonymous readers
    # A change that bypasses every signal: only a fresh render can show it.
    Article.objects.filter(pk=article.pk).update(title="Nur frisch sichtbar")
    staff = Client()
    staff.force_login(editor)
    response, html = _get(staff, "/")
    assert "Nur frisch sichtbar" in html
    assert response["X-Page-Cache"] == "bypass"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Für alle gleich" in _get(client, "/")[1]  # readers still get the stored page


def test_a_preview_is_never_stored(client, editor):
    article = make_article(status=Article.Status.DRAFT, title="Entwurf")
    staff = Client()
    staff.force_login(editor)
    response = staff.get(article.get_absolute_url())
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert client.get(article.get_absolute_url()).status_code == 404


def test_each_reader_gets_an_own_token_and_a_fresh_timestamp(comment_data):
    article = make_article()
    url = article.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    miss, miss_html = _get(first, url)
    hit, hit_html = _get(second, url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    first_token, second_token = TOKEN.search(miss_html)[1], TOKEN.search(hit_html)[1]
    assert first_token != second_token
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert first.cookies["csrftoken"].value not in hit_html
    assert "<!--newsroom:" not in hit_html
    assert 0 <= timestamp_age(TS.search(hit_html)[1]) < 60
    # Each token works with its own cookie only.
    stolen = second.post(
        f"/artikel/{article.slug}/kommentar/",
        {**comment_data, "csrfmiddlewaretoken": first_token},
    )
    assert stolen.status_code == 403
    own = second.post(
        f"/artikel/{article.slug}/kommentar/",
        {**comment_data, "csrfmiddlewaretoken": second_token},
    )
    assert own.status_code == 302
    assert Comment.objects.filter(article=article).count() == 1


def test_a_message_reaches_only_its_reader(client, comment_data):
    article = make_article()
    url = article.get_absolute_url()
    other = Client()
    assert other.get(url)["X-Page-Cache"] == "miss"
    response = client.post(f"/artikel/{article.slug}/kommentar/", comment_data, follow=True)
    html = response.content.decode()
    assert "Danke!" in html
    assert response["X-Page-Cache"] == "bypass" and "no-store" in response["Cache-Control"]
    other_response, other_html = _get(other, url)
    assert "Danke!" not in other_html
    assert "sessionid" not in other_response.cookies
    # Once the message is shown, the reader is anonymous again and cached.
    assert client.get(url)["X-Page-Cache"] in ("hit", "miss")
    assert "Danke!" not in _get(client, url)[1]


def test_stored_pages_never_set_a_session(client):
    article = make_article()
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert "sessionid" not in response.cookies


def test_the_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE = False
    make_article()
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


@pytest.mark.urls("tests.urls_page_cache")
def test_a_stored_page_gets_each_responses_csp_nonce(client):
    nonce = re.compile(r'nonce="([^"]+)"')
    first = client.get("/mit-nonce/")
    second = client.get("/mit-nonce/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for response in (first, second):
        value = nonce.search(response.content.decode())[1]
        assert f"'nonce-{value}'" in response["Content-Security-Policy"]
    assert nonce.search(first.content.decode())[1] != nonce.search(second.content.decode())[1]


def test_a_stale_copy_in_this_process_gives_way_to_a_fresher_shared_one(client):
    """Two web processes: this one still holds its own copy of a page from
    before a change; another process has rendered and stored the page since.
    This process serves the other's page instead of rendering it again."""
    from newsroom import cache as page_cache

    make_article(title="Erste Fassung")
    assert client.get("/")["X-Page-Cache"] == "miss"
    key = next(iter(page_cache._local_entries._entries))
    old_copy = page_cache._local_entries.get(key)

    make_article(title="Zweite Meldung")  # a change: the stored page is stale
    page_cache._local_entries.clear()  # the other process, without this one's copy
    assert client.get("/")["X-Page-Cache"] == "miss"

    page_cache._local_entries.put(key, old_copy)  # back in this process
    with CaptureQueriesContext(connection) as ctx:
        response, html = _get(client, "/")
    assert response["X-Page-Cache"] == "hit"
    assert "Zweite Meldung" in html
    assert ctx.captured_queries == []
