"""A live ticker's entries in the read API (issue 19):
/api/v1/articles/<id>/live-entries/, newest first in pages, ``after`` for
polling apps; only what readers of the ticker's page see, cached and
dropped like that page; the article says whether it is a live ticker."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import live, publishing
from articles.models import Article, LiveEntry
from tests.factories import make_article, make_source, make_user

from .helpers import get, wide_image

pytestmark = pytest.mark.django_db


def entries_url(article, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/articles/{article.pk}/live-entries/" + (f"?{query}" if query else "")


def texts(data):
    return [item["body_markdown"] for item in data["items"]]


@pytest.fixture
def ticker(editor):
    article = make_article(title="Wahlabend live", slug="wahlabend-live")
    live.start_ticker(article, editor)
    return article


def test_entries_newest_first_with_what_the_page_shows(ticker, editor):
    first = live.post_entry(ticker, editor, "Die **ersten** Zahlen.", headline="Zahlen")
    live.post_entry(ticker, editor, "Zweiter Eintrag.", key_event=True)
    live.correct_entry(first, editor, "Die **richtigen** Zahlen.", "Zahl vertauscht")
    live.pin_entry(first, editor)
    response, data = get(entries_url(ticker))
    assert response.status_code == 200
    assert texts(data) == ["Zweiter Eintrag.", "Die **richtigen** Zahlen."]
    assert data["meta"] == {"limit": 20, "next": None}
    newest, oldest = data["items"]
    assert newest["key_event"] is True and newest["pinned"] is False
    assert oldest == {
        "id": first.pk,
        "headline": "Zahlen",
        "body_html": "<p>Die <strong>richtigen</strong> Zahlen.</p>",
        "body_markdown": "Die **richtigen** Zahlen.",
        "key_event": False,
        "pinned": True,
        "created_at": oldest["created_at"],
        "corrected_at": oldest["corrected_at"],
        "correction_note": "Zahl vertauscht",
        "image": None,
        "quote": None,
        "url": f"http://testserver/artikel/wahlabend-live/#eintrag-{first.pk}",
    }
    assert oldest["corrected_at"] is not None


def test_an_entrys_image_and_quote_never_name_a_confidential_source(ticker, editor):
    # Set on the rows (the desk's services check them; this is what the
    # API shows of what is stored).
    image = wide_image(alt_text="Die Wahlparty", credit="Foto: Agentur")
    spokesman = make_source(slug="sprecher", name="Parteisprecher", role="Sprecher")
    informant = make_source(slug="informant", name="Informant")
    plain = live.post_entry(ticker, editor, "Ohne alles.")
    pictured = live.post_entry(ticker, editor, "Mit Bild und Zitat.")
    secret = live.post_entry(ticker, editor, "Mit geheimer Quelle.")
    LiveEntry.objects.filter(pk=pictured.pk).update(
        image=image, quote="Wir sind zufrieden.", quote_source=spokesman
    )
    LiveEntry.objects.filter(pk=secret.pk).update(quote="Es gibt Streit.", quote_source=informant)
    informant.is_confidential = True  # became confidential after the entry was posted
    informant.save()

    items = {item["id"]: item for item in get(entries_url(ticker))[1]["items"]}
    assert items[plain.pk]["image"] is None and items[plain.pk]["quote"] is None
    shown = items[pictured.pk]
    assert shown["image"]["alt_text"] == "Die Wahlparty"
    assert shown["image"]["credit"] == "Foto: Agentur"
    assert [r["width"] for r in shown["image"]["renditions"]]
    assert shown["quote"]["text"] == "Wir sind zufrieden."
    assert shown["quote"]["source"]["name"] == "Parteisprecher"
    assert shown["quote"]["source"]["page_url"] == "http://testserver/quelle/sprecher/"
    assert items[secret.pk]["quote"] == {"text": "Es gibt Streit.", "source": None}
    response = get(entries_url(ticker))[0]
    assert "Informant" not in response.content.decode()
    assert "informant" not in response.content.decode()


def test_pages_by_cursor_and_after_for_polling(ticker, editor):
    posted = [live.post_entry(ticker, editor, f"Eintrag {i}.") for i in range(5)]
    seen, url = [], entries_url(ticker, limit=2)
    while url:
        data = get(url)[1]
        seen += texts(data)
        url = data["meta"]["next"]
    assert seen == [f"Eintrag {i}." for i in reversed(range(5))]

    # A polling app asks for what came after the newest entry it has.
    data = get(entries_url(ticker, after=posted[2].pk, limit=1))[1]
    assert texts(data) == ["Eintrag 4."]
    assert "after=" in data["meta"]["next"] and "limit=1" in data["meta"]["next"]
    assert texts(get(data["meta"]["next"])[1]) == ["Eintrag 3."]
    assert texts(get(entries_url(ticker, after=posted[4].pk))[1]) == []
    assert len(get(entries_url(ticker, after=0))[1]["items"]) == 5


def test_unapproved_entries_never_appear(journalist, editor):
    article = make_article(created_by=journalist)
    live.start_ticker(article, journalist, entries_need_editor=True)
    waiting = live.post_entry(article, journalist, "Wartet auf die Chefin.")
    assert not waiting.approved
    live.post_entry(article, editor, "Von der Chefin.")
    for params in ({}, {"after": 0}, {"after": waiting.pk - 1}, {"limit": 100}):
        assert texts(get(entries_url(article, **params))[1]) == ["Von der Chefin."], params

    live.approve_entry(waiting, editor)  # drops the cached answers
    response, data = get(entries_url(article))
    assert response["X-Page-Cache"] == "miss"
    assert sorted(texts(data)) == ["Von der Chefin.", "Wartet auf die Chefin."]


@pytest.mark.parametrize(
    "status, publish_at",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.PUBLISHED, timedelta(days=1)),  # scheduled
        (Article.Status.ARCHIVED, -timedelta(days=3)),
    ],
)
def test_no_entries_of_an_article_that_is_not_public(editor, status, publish_at):
    extra = {} if publish_at is None else {"publish_at": timezone.now() + publish_at}
    article = make_article(status=status, **extra)
    live.start_ticker(article, editor)
    entry = live.post_entry(article, editor, "Noch geheim.")
    assert LiveEntry.objects.filter(pk=entry.pk, approved=True).exists()
    for params in ({}, {"after": 0}, {"limit": 100}, {"after": entry.pk - 1}):
        response, data = get(entries_url(article, **params))
        assert response.status_code == 404, params
        assert data["error"]["code"] == "not_found"
        assert "Noch geheim" not in response.content.decode()
    detail = get(f"/api/v1/articles/{article.pk}/")[0]
    assert detail.status_code == 404


@pytest.mark.parametrize("withdraw", [publishing.unpublish, publishing.archive])
def test_a_withdrawn_tickers_entries_go_at_once(ticker, editor, withdraw):
    live.post_entry(ticker, editor, "Bald weg.")
    url = entries_url(ticker)
    assert get(url)[0].status_code == 200
    assert get(url)[0]["X-Page-Cache"] == "hit"
    withdraw(article=ticker, user=editor)
    response, data = get(url)
    assert response.status_code == 404
    assert "Bald weg" not in response.content.decode()


def test_cached_with_the_pages_keys_and_dropped_by_the_services(ticker, editor):
    entry = live.post_entry(ticker, editor, "Erster.")
    url = entries_url(ticker)
    first, again = get(url)[0], get(url)[0]
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    keys = {"site", f"article-{ticker.pk}", f"live-{ticker.pk}"}
    assert set(first["Surrogate-Key"].split()) == keys
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    assert get(url, HTTP_IF_NONE_MATCH=first["ETag"])[0].status_code == 304
    # The same headers as the ticker's own poll endpoint.
    poll = get(f"/artikel/{ticker.slug}/live.json")[0]
    assert set(poll["Surrogate-Key"].split()) == keys
    assert poll["Cache-Control"] == first["Cache-Control"]

    live.post_entry(ticker, editor, "Zweiter.")
    response, data = get(url)
    assert response["X-Page-Cache"] == "miss"
    assert texts(data) == ["Zweiter.", "Erster."]
    live.correct_entry(entry, editor, "Erster, berichtigt.", "Tippfehler")
    assert texts(get(url)[1]) == ["Zweiter.", "Erster, berichtigt."]
    live.pin_entry(entry, editor)
    assert get(url)[1]["items"][1]["pinned"] is True


def test_an_article_without_a_ticker_or_an_unknown_one_is_404(editor):
    article = make_article()
    assert get(entries_url(article))[0].status_code == 404
    for pk in (0, 2**63, 10**30, 999_999):
        response, data = get(f"/api/v1/articles/{pk}/live-entries/")
        assert response.status_code == 404, pk
        assert data["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "query",
    [
        "after=abc",
        "after=-1",
        "after=1.5",
        f"after={2**63}",
        "after=%EF%BC%91",
        "limit=0",
        "cursor=nonsense",
        "after=",
    ],  # fmt: skip
)
def test_a_bad_parameter_is_a_400_naming_it(ticker, editor, query):
    live.post_entry(ticker, editor, "Text.")
    response, data = get(f"{entries_url(ticker)}?{query}")
    assert response.status_code == 400, query
    assert data["error"]["parameter"] == query.split("=")[0]


def test_the_article_says_whether_it_is_a_live_ticker(ticker, editor):
    plain = make_article()
    assert get(f"/api/v1/articles/{plain.pk}/")[1]["live_ticker"] is None
    url = f"/api/v1/articles/{ticker.pk}/"
    data = get(url)[1]["live_ticker"]
    assert data["running"] is True and data["ended_at"] is None
    assert data["started_at"]
    assert data["entries_url"] == f"http://testserver/api/v1/articles/{ticker.pk}/live-entries/"

    live.end_ticker(ticker, editor)  # drops the article's answer
    data = get(url)[1]["live_ticker"]
    assert data["running"] is False and data["ended_at"] is not None
    # Its entries stay readable after the coverage ended.
    assert get(entries_url(ticker))[0].status_code == 200


def test_a_page_of_entries_is_a_fixed_number_of_queries(ticker, editor):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert get(entries_url(ticker, limit=100))[0].status_code == 200
        return len(captured)

    live.post_entry(ticker, editor, "Eins.")
    few = queries()
    image, source = wide_image(alt_text="Bild", credit="Foto"), make_source()
    for i in range(30):
        entry = live.post_entry(ticker, editor, f"Mehr {i}.")
        LiveEntry.objects.filter(pk=entry.pk).update(image=image, quote="Ja.", quote_source=source)
    assert queries() == few


def test_a_journalists_unapproved_entry_on_a_colleagues_ticker_is_not_shown(editor):
    colleague = make_user("kollegin", group="Journalists")
    article = make_article(created_by=colleague)
    live.start_ticker(article, editor, entries_need_editor=True)
    live.post_entry(article, colleague, "Nicht freigegeben.")
    assert texts(get(entries_url(article))[1]) == []


def test_the_schema_describes_the_entries_and_the_ticker():
    import json

    from api import schema

    data = json.loads(schema.SCHEMA_FILE.read_text())
    operation = data["paths"]["/api/v1/articles/{id}/live-entries/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"id", "after", "limit", "cursor"}
    assert set(operation["responses"]) == {"200", "400", "401", "404", "429"}
    entry = data["components"]["schemas"]["LiveEntry"]["properties"]
    assert {"id", "headline", "body_html", "created_at", "corrected_at", "url"} <= set(entry)
    assert {"image", "quote"} <= set(entry)
    article = data["components"]["schemas"]["ArticleDetail"]["properties"]
    assert "live_ticker" in article
