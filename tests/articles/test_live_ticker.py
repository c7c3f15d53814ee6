"""Live tickers (issue 19): the services and their rights, what readers see,
the poll endpoint, the feed, the structured data and the page cache."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import live
from articles.models import Article, Author, Byline, LiveEntry
from tests.factories import make_article

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def ticker_article(editor):
    article = make_article(title="Wahlabend live", slug="wahlabend-live")
    live.start_ticker(article, editor)
    return article


def own_article(journalist, **kw):
    article = make_article(created_by=journalist, **kw)
    return article


def page(client, article, **params):
    return client.get(article.get_absolute_url(), params)


def poll(client, article, **params):
    return client.get(reverse("articles:live-entries", args=[article.slug]), params)


# --- services and rights --------------------------------------------------------


def test_an_editor_posts_corrects_and_pins(ticker_article, editor):
    entry = live.post_entry(ticker_article, editor, "Die **ersten** Zahlen.", headline="Zahlen")
    assert entry.approved and "<strong>ersten</strong>" in entry.body_html
    live.correct_entry(entry, editor, "Die korrigierten Zahlen.", "Zahl vertauscht")
    entry.refresh_from_db()
    assert entry.corrected_at and entry.correction_note == "Zahl vertauscht"
    other = live.post_entry(ticker_article, editor, "Zweiter Eintrag.")
    live.pin_entry(entry, editor)
    live.pin_entry(other, editor)
    assert list(LiveEntry.objects.filter(pinned=True)) == [other]


def test_a_correction_needs_a_note(ticker_article, editor):
    entry = live.post_entry(ticker_article, editor, "Text.")
    with pytest.raises(ValidationError):
        live.correct_entry(entry, editor, "Neu.", "  ")


def test_a_journalist_posts_on_her_own_ticker_not_on_others(journalist, editor):
    mine = own_article(journalist)
    live.start_ticker(mine, journalist)
    # Her own ticker, but nothing goes out unseen until the desk says so.
    assert not live.post_entry(mine, journalist, "Meiner.").approved
    live.set_entries_need_editor(mine.live_ticker, editor, False)
    assert live.post_entry(mine, journalist, "Jetzt gleich.").approved
    other = make_article()
    live.start_ticker(other, editor)
    with pytest.raises(PermissionDenied):
        live.post_entry(other, journalist, "Fremder.")
    entry = live.post_entry(other, editor, "Vom Chef.")
    for service in (
        lambda: live.pin_entry(entry, journalist),
        lambda: live.correct_entry(entry, journalist, "x", "y"),
        lambda: live.end_ticker(other, journalist),
    ):
        with pytest.raises(PermissionDenied):
            service()


def test_a_bylined_journalist_may_post(journalist, editor):
    article = make_article()
    author = Author.objects.create(name="Reporterin", slug="reporterin", user=journalist)
    Byline.objects.create(article=article, author=author, position=0)
    live.start_ticker(article, editor)
    assert live.post_entry(article, journalist, "Vor Ort.").approved


def test_a_moderator_may_not_post(ticker_article, moderator):
    with pytest.raises(PermissionDenied):
        live.post_entry(ticker_article, moderator, "Nein.")


def test_entries_that_need_an_editor_wait_for_one(journalist, editor, client):
    article = own_article(journalist)
    live.start_ticker(article, editor, entries_need_editor=True)
    entry = live.post_entry(article, journalist, "Wartet auf Freigabe.")
    assert not entry.approved
    assert "Wartet auf Freigabe" not in page(client, article).text
    with pytest.raises(PermissionDenied):
        live.approve_entry(entry, journalist)
    live.approve_entry(entry, editor)
    assert "Wartet auf Freigabe" in page(client, article).text
    assert live.post_entry(article, editor, "Chefsache.").approved


@pytest.mark.parametrize(
    "body",
    ["Null\x00byte", "x" * 10_001, "", "   "],
    ids=["nul", "huge", "empty", "blank"],
)
def test_hostile_entries_are_refused(ticker_article, editor, body):
    with pytest.raises(ValidationError):
        live.post_entry(ticker_article, editor, body)
    assert not LiveEntry.objects.exists()


def test_no_entries_on_an_ended_ticker_or_an_ordinary_article(ticker_article, editor):
    with pytest.raises(ValidationError):
        live.post_entry(make_article(), editor, "Kein Ticker.")
    live.end_ticker(ticker_article, editor)
    with pytest.raises(ValidationError):
        live.post_entry(ticker_article, editor, "Zu spät.")


# --- what readers see -----------------------------------------------------------


def test_the_page_shows_key_events_then_entries_newest_first(ticker_article, editor, client):
    live.post_entry(ticker_article, editor, "Erster Eintrag.")
    live.post_entry(
        ticker_article, editor, "Hochrechnung da.", headline="Hochrechnung", key_event=True
    )
    live.post_entry(ticker_article, editor, "Dritter Eintrag.")
    whole = page(client, ticker_article).text
    assert "js/liveticker.js" in whole and 'aria-live="polite"' in whole
    assert 'data-announce-many="{count} neue Einträge"' in whole  # German, for the script
    assert reverse("articles:live-feed", args=[ticker_article.slug]) in whole
    html = whole[whole.index('id="liveticker"') :]  # not the JSON-LD in the head
    summary = html.index("live-key-events")
    assert summary < html.index("Dritter Eintrag.") < html.index("Hochrechnung da.")
    assert html.index("Hochrechnung da.") < html.index("Erster Eintrag.")


def test_entries_are_paged(ticker_article, editor, client):
    for n in range(live.ENTRIES_PER_PAGE + 3):
        live.post_entry(ticker_article, editor, f"Eintrag Nummer {n:03d}.")
    first = page(client, ticker_article).text.split('id="liveticker"')[1]
    assert "Eintrag Nummer 022." in first and "Eintrag Nummer 000." not in first
    assert "?eintraege=2" in first
    second = page(client, ticker_article, eintraege=2).text.split('id="liveticker"')[1]
    assert "Eintrag Nummer 000." in second and "Eintrag Nummer 022." not in second
    assert page(client, ticker_article, eintraege="x\x00").status_code == 200


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED]
)
def test_entries_of_a_ticker_that_is_not_public_are_never_shown(editor, client, status):
    article = make_article(slug="geheimer-ticker")
    live.start_ticker(article, editor)
    live.post_entry(article, editor, "Geheimer Eintrag.")
    Article.objects.filter(pk=article.pk).update(status=status)
    article.refresh_from_db()
    assert page(client, article).status_code == 404
    assert poll(client, article).status_code == 404
    feed = client.get(reverse("articles:live-feed", args=[article.slug]))
    assert feed.status_code == 404
    assert not live.public_entries(article.live_ticker).exists()


def test_the_poll_endpoint_gives_the_entries_after_nach(ticker_article, editor, client):
    first = live.post_entry(ticker_article, editor, "Eins.")
    second = live.post_entry(ticker_article, editor, "Zwei.", headline="<b>Zwei</b>")
    data = poll(client, ticker_article).json()
    assert [e["id"] for e in data["entries"]] == [first.pk, second.pk]
    data = poll(client, ticker_article, nach=first.pk).json()
    assert [e["id"] for e in data["entries"]] == [second.pk]
    assert data["entries"][0]["headline"] == "<b>Zwei</b>"  # text; the script sets textContent
    assert data["running"] is True
    for bad in ("abc", "-1", "\x00", "9" * 40, "0", "9" * 19, "9223372036854775808"):
        response = poll(client, ticker_article, nach=bad)
        assert response.status_code == 200, bad
    assert poll(client, make_article()).status_code == 404


def test_a_new_entry_shows_on_the_next_request_through_the_page_cache(
    ticker_article, editor, client
):
    live.post_entry(ticker_article, editor, "Vorher.")
    assert "Vorher." in page(client, ticker_article).text
    cached = page(client, ticker_article)
    assert cached["X-Page-Cache"] == "hit"
    assert f"live-{ticker_article.pk}" in cached["Surrogate-Key"].split()
    before = poll(client, ticker_article)
    assert poll(client, ticker_article)["X-Page-Cache"] == "hit"
    assert f"live-{ticker_article.pk}" in before["Surrogate-Key"].split()
    live.post_entry(ticker_article, editor, "Nachher.")
    assert "Nachher." in page(client, ticker_article).text
    assert "Nachher." in poll(client, ticker_article).json()["entries"][-1]["html"]


def test_structured_data_is_a_live_blog_posting(ticker_article, editor, client):
    entry = live.post_entry(ticker_article, editor, "Erste Zahlen.", headline="Zahlen")
    data = json.loads(JSON_LD.search(page(client, ticker_article).text)[1])
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] and "coverageEndTime" not in data
    update = data["liveBlogUpdate"][0]
    assert update["headline"] == "Zahlen" and update["articleBody"] == "Erste Zahlen."
    assert update["url"].endswith(f"#eintrag-{entry.pk}")
    plain = make_article()
    assert json.loads(JSON_LD.search(page(client, plain).text)[1])["@type"] == "NewsArticle"


def test_ending_the_ticker_stops_polling_and_sets_the_end(ticker_article, editor, client):
    live.post_entry(ticker_article, editor, "Letzter Eintrag.")
    page(client, ticker_article)
    live.end_ticker(ticker_article, editor)
    html = page(client, ticker_article).text
    assert "Letzter Eintrag." in html and "data-poll-url" not in html
    assert "js/liveticker.js" not in html
    data = json.loads(JSON_LD.search(html)[1])
    assert data["coverageEndTime"]
    assert poll(client, ticker_article).json()["running"] is False


def test_the_feed_lists_the_entries(ticker_article, editor, client):
    entry = live.post_entry(ticker_article, editor, "Im <Feed> & mehr.", headline="Feedtitel")
    live.correct_entry(entry, editor, "Korrigiert im Feed.", "Tippfehler <b>")
    response = client.get(reverse("articles:live-feed", args=[ticker_article.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Feedtitel" in body and f"#eintrag-{entry.pk}" in body
    assert "Tippfehler &amp;lt;b&amp;gt;" in body
    assert client.get(reverse("articles:live-feed", args=[make_article().slug])).status_code == 404


def test_the_page_and_the_poll_cost_a_fixed_number_of_queries(
    ticker_article, editor, client, settings
):
    settings.PAGE_CACHE = False

    def count(request):
        with CaptureQueriesContext(connection) as queries:
            assert request().status_code == 200
        return len(queries)

    live.post_entry(ticker_article, editor, "Eins.", key_event=True)
    few_page, few_poll = (
        count(lambda: page(client, ticker_article)),
        count(lambda: poll(client, ticker_article)),
    )
    for n in range(10):
        live.post_entry(ticker_article, editor, f"Mehr {n}.", key_event=n % 2 == 0)
    live.pin_entry(LiveEntry.objects.first(), editor)
    assert count(lambda: page(client, ticker_article)) <= few_page + 1  # + the pinned entry
    assert count(lambda: poll(client, ticker_article)) == few_poll


# --- the desk page --------------------------------------------------------------


def desk_url(article):
    return reverse("admin:articles_article_live", args=[article.pk])


def test_the_desk_page_posts_pins_and_corrects(ticker_article, editor, client):
    client.force_login(editor)
    response = client.get(desk_url(ticker_article))
    assert response.status_code == 200
    html = response.text
    assert "autofocus" in html and "csrfmiddlewaretoken" in html
    assert "js/liveticker-desk.js" in html and "<script>" not in html
    response = client.post(
        desk_url(ticker_article), {"body": "Vom Desk.", "headline": "", "key_event": "on"}
    )
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert entry.key_event and entry.created_by == editor
    client.post(desk_url(ticker_article), {"action": "pin", "entry": entry.pk})
    client.post(
        desk_url(ticker_article),
        {"action": "correct", "entry": entry.pk, "body": "Neu.", "note": "Ort korrigiert"},
    )
    entry.refresh_from_db()
    assert entry.pinned and entry.correction_note == "Ort korrigiert"
    for bad in (
        {"action": "pin", "entry": "x"},
        {"action": "pin", "entry": "999999"},
        {"action": "pin", "entry": "9" * 30},
        {"action": "pin", "entry": "-1"},
    ):
        # Not an error page: a message on the desk (test_live_changes.py)
        assert client.post(desk_url(ticker_article), bad).status_code == 302
    response = client.post(desk_url(ticker_article), {"body": "Null\x00"})
    assert response.status_code == 200 and LiveEntry.objects.count() == 1


def test_the_desk_page_follows_the_article_rights(ticker_article, journalist, moderator, client):
    for user in (journalist, moderator):
        client.force_login(user)
        response = client.post(desk_url(ticker_article), {"body": "Darf nicht."})
        assert response.status_code == 404  # not theirs: not even found
    assert not LiveEntry.objects.exists()


def test_the_desk_page_starts_and_ends_a_ticker(journalist, client):
    article = own_article(journalist)
    client.force_login(journalist)
    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert desk_url(article) in change.text  # the way there, from the article
    client.post(desk_url(article), {"action": "start"})
    article.refresh_from_db()
    assert article.live_ticker.is_running
    client.post(desk_url(article), {"action": "end"})
    article.live_ticker.refresh_from_db()
    assert not article.live_ticker.is_running


def test_only_the_desk_lets_a_journalists_entries_go_out_unseen(journalist, editor, client):
    article = own_article(journalist)
    client.force_login(journalist)
    # The journalist's start form has no choice, and a forged one is ignored.
    assert 'name="needs_editor"' not in client.get(desk_url(article)).text
    client.post(desk_url(article), {"action": "start"})
    ticker = Article.objects.get(pk=article.pk).live_ticker
    assert ticker.entries_need_editor
    response = client.post(desk_url(article), {"action": "no_editor"}, follow=True)
    assert "Nur die Redaktion entscheidet" in response.text
    ticker.refresh_from_db()
    assert ticker.entries_need_editor
    client.post(desk_url(article), {"body": "Wartet."})
    assert not LiveEntry.objects.get(body="Wartet.").approved
    assert "Wartet." not in page(client, article).text

    client.force_login(editor)
    response = client.post(desk_url(article), {"action": "no_editor"}, follow=True)
    assert "gehen jetzt sofort online" in response.text
    ticker.refresh_from_db()
    assert not ticker.entries_need_editor
    client.force_login(journalist)
    client.post(desk_url(article), {"body": "Sofort."})
    assert LiveEntry.objects.get(body="Sofort.").approved
    # The one that waited still waits: nobody saw it.
    assert not LiveEntry.objects.get(body="Wartet.").approved


def test_the_demo_ticker_has_key_events_a_pinned_and_a_corrected_entry(editor, client):
    from demo.live import ENTRIES, TICKER_SLUG, load_live_ticker

    article = make_article(slug=TICKER_SLUG)
    assert load_live_ticker(editor) == len(ENTRIES)
    assert load_live_ticker(editor) == len(ENTRIES)  # again: nothing twice
    entries = LiveEntry.objects.filter(ticker__article=article)
    assert entries.count() == len(ENTRIES)
    assert entries.filter(key_event=True).count() == 2
    assert entries.filter(pinned=True).count() == 1
    assert entries.exclude(correction_note="").count() == 1
    html = page(client, article).text
    assert "Die Entfernung war 25, nicht 20 Meter." in html and "live-pinned" in html
