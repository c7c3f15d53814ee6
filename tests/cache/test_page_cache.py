"""The page cache (newsroom/cache.py): anonymous readers get stored pages,
the same bytes for everyone; every change a reader should see, made through
the services, shows on the next request, and drops only the pages that show
it; staff and readers with a session never get a stored page; nobody gets
another reader's session or message."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import editing, publishing
from articles.models import Article, Correction
from comments import moderation
from comments.models import Comment, Report
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db


def _get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def _publish_edit(article, editor, *, tags=None, **fields):
    """An edit of a live article as the desk makes it: saved as its working
    draft, then published by an editor."""
    content = editing.content_of(article)
    content["fields"].update(fields)
    if tags is not None:
        content["tags"] = tags
    editing.save_content(article=article, content=content, user=editor, expected_version=None)
    publishing.publish_changes(article=article, user=editor)
    article.refresh_from_db()


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
    assert "must-revalidate" in cache_control and "s-maxage=" in cache_control
    assert "Cookie" not in response.get("Vary", "")
    assert "csrftoken" not in response.cookies  # nothing per reader in it


def test_the_article_page_is_the_same_for_every_reader(client):
    """With its comment form: no token, no per-response value in it."""
    article = make_article()
    url = article.get_absolute_url()
    # A reader who once visited the desk has a CSRF cookie: it changes nothing.
    others = [Client(), Client(HTTP_COOKIE="csrftoken=" + "a1" * 16)]
    miss, html = _get(client, url)
    assert 'id="kommentar-formular"' in html
    assert "public" in miss["Cache-Control"] and "private" not in miss["Cache-Control"]
    assert "csrftoken" not in miss.cookies
    for other in others:
        hit, other_html = _get(other, url)
        assert hit["X-Page-Cache"] == "hit" and other_html == html
        assert hit["ETag"] == miss["ETag"]
        assert not hit.cookies


@pytest.mark.parametrize("settings_max_age", [0, 600])
def test_pages_name_their_surrogate_keys(client, settings, editor, settings_max_age):
    settings.CDN_MAX_AGE = settings_max_age
    article = make_article(tags=["Wahl"])
    keys = set(client.get(article.get_absolute_url())["Surrogate-Key"].split())
    assert keys == {"site", f"article-{article.pk}", f"comments-{article.pk}"}
    response = client.get("/")
    assert {"site", "home", "schedule"} <= set(response["Surrogate-Key"].split())
    assert f"s-maxage={settings_max_age}" in response["Cache-Control"]
    section_keys = client.get(article.section.get_absolute_url())["Surrogate-Key"].split()
    assert f"section-{article.section_id}" in section_keys
    # A scheduled article bounds how long a proxy may keep every list.
    later = make_article(status=Article.Status.DRAFT, title="Bald")
    publishing.schedule(article=later, user=editor, at=timezone.now() + timedelta(seconds=120))
    bounded = client.get("/")["Cache-Control"]
    max_age = int(re.search(r"s-maxage=(\d+)", bounded)[1])
    assert max_age <= min(settings_max_age, 120)


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


def test_a_changed_page_gets_a_new_etag(client, editor):
    article = make_article(title="Vorher")
    etag = client.get("/")["ETag"]
    _publish_edit(article, editor, title="Nachher")
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "Nachher" in response.content.decode()
    assert response["ETag"] != etag


def test_head_is_answered_from_the_cache(client):
    make_article()
    client.get("/")
    response = client.head("/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_languages_are_stored_apart(client):
    article = make_article()
    url = article.get_absolute_url()
    assert "Kommentar hinterlassen" in _get(client, url)[1]
    response, html = _get(client, f"/en{url}")
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
    assert client.get(url).status_code == 410  # withdrawn (articles/redirects.py)
    assert "Zurückgezogen" not in _get(client, "/")[1]


def test_an_edit_shows_on_every_page_that_lists_the_article(client, editor):
    article = make_article(title="Alte Schlagzeile", tags=["Wahl"])
    other = make_article(title="Andere Meldung")
    pages = ["/", article.section.get_absolute_url(), "/thema/wahl/", "/feed/", "/sitemap.xml"]
    for url in [*pages, other.get_absolute_url()]:
        assert _get(client, url)[0].status_code == 200, url
    _publish_edit(article, editor, title="Neue Schlagzeile")
    for url in [*pages, article.get_absolute_url()]:
        response, html = _get(client, url)
        assert response["X-Page-Cache"] == "miss", url
        if url != "/sitemap.xml":
            assert "Neue Schlagzeile" in html and "Alte Schlagzeile" not in html, url
    # Another article's page does not show it: kept.
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_new_tag_shows_on_the_article_page_and_the_topic(client, editor):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    _publish_edit(article, editor, tags=["Klimagipfel"])
    assert "Klimagipfel" in _get(client, url)[1]
    assert article.title in _get(client, "/thema/klimagipfel/")[1]
    # ... and leaving a topic drops the topic's page too.
    _publish_edit(article, editor, tags=[])
    assert client.get("/thema/klimagipfel/").status_code == 404


def test_a_change_that_bypasses_the_services_shows_after_invalidate_pages(client):
    from django.core.management import call_command

    article = make_article(title="Vorher")
    client.get("/")
    Article.objects.filter(pk=article.pk).update(title="Von Hand geändert")
    assert "Vorher" in _get(client, "/")[1]  # the services were bypassed
    call_command("invalidate_pages", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "Von Hand geändert" in _get(client, "/")[1]


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


@pytest.mark.urls("tests.cache.urls_page_cache")
def test_a_stored_page_gets_each_responses_csp_nonce(client):
    nonce = re.compile(r'nonce="([^"]+)"')
    first = client.get("/mit-nonce/")
    second = client.get("/mit-nonce/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for response in (first, second):
        value = nonce.search(response.content.decode())[1]
        assert f"'nonce-{value}'" in response["Content-Security-Policy"]
    assert nonce.search(first.content.decode())[1] != nonce.search(second.content.decode())[1]


def test_a_stale_copy_in_this_process_gives_way_to_a_fresher_shared_one(client, editor):
    """Two web processes: this one still holds its own copy of a page from
    before a change; another process has rendered and stored the page since.
    This process serves the other's page instead of rendering it again."""
    from newsroom import cache as page_cache

    make_article(title="Erste Fassung")
    second = make_article(title="Zweite Meldung", status=Article.Status.DRAFT)
    assert client.get("/")["X-Page-Cache"] == "miss"
    key = next(iter(page_cache._local_entries._entries))
    old_copy = page_cache._local_entries.get(key)

    publishing.publish(article=second, user=editor)  # a change: the stored page is stale
    page_cache._local_entries.clear()  # the other process, without this one's copy
    assert client.get("/")["X-Page-Cache"] == "miss"

    page_cache._local_entries.put(key, old_copy)  # back in this process
    with CaptureQueriesContext(connection) as ctx:
        response, html = _get(client, "/")
    assert response["X-Page-Cache"] == "hit"
    assert "Zweite Meldung" in html
    assert ctx.captured_queries == []
