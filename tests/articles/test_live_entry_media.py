"""Live-ticker entries with an image from the library and a quote with its
source from the directory (issue 19): posted from the desk page, checked by
articles/live.py (a confidential source is never quoted by name), shown to
readers on the page, in the poll, the feed and the structured data; and the
editors' list of entries that wait for them."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import image_rights, images, invalidation, live
from articles.models import Image, LiveEntry
from tests.factories import jpeg_bytes, make_article, make_image, make_source

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def ticker_article(editor):
    article = make_article(title="Hochwasser live", slug="hochwasser-live")
    live.start_ticker(article, editor)
    return article


@pytest.fixture
def photo():
    """A library image large enough to have renditions."""
    image = Image(alt_text="Überflutete Straße in Seewald", credit="Foto: Muster/APA")
    image.file = ContentFile(jpeg_bytes((1600, 900)), name="hochwasser.jpg")
    images.store(image)
    return image


@pytest.fixture
def speaker():
    return make_source(name="Anna Berger", slug="anna-berger", role="Bürgermeisterin")


@pytest.fixture
def informant():
    return make_source(name="Geheimer Informant", slug="informant", is_confidential=True)


def desk_url(article):
    return reverse("admin:articles_article_live", args=[article.pk])


def waiting_url():
    return reverse("admin:articles_article_live_waiting")


def page(client, article, **params):
    return client.get(article.get_absolute_url(), params)


def poll(client, article):
    return client.get(reverse("articles:live-entries", args=[article.slug])).json()


def post(client, article, **fields):
    return client.post(desk_url(article), {"body": "Lage am Fluss.", "headline": "", **fields})


def errors(response) -> str:
    """The desk page's form errors, as the editor reads them."""
    form = response.context["form"]
    return " ".join(str(e) for field_errors in form.errors.values() for e in field_errors)


# --- the service ----------------------------------------------------------------


def test_an_entry_carries_an_image_and_a_quote(ticker_article, editor, photo, speaker):
    entry = live.post_entry(
        ticker_article,
        editor,
        "Der Pegel steigt.",
        image=photo.pk,
        quote=" „Wir evakuieren die Uferstraße.“ ",
        quote_source=str(speaker.pk),
    )
    entry.refresh_from_db()
    assert entry.image == photo and entry.quote_source == speaker
    assert entry.quote == "Wir evakuieren die Uferstraße."  # the page sets the marks


def test_a_confidential_source_is_never_quoted_by_name(ticker_article, editor, informant):
    with pytest.raises(ValidationError) as refused:
        live.post_entry(ticker_article, editor, "Text.", quote="Es brennt.", quote_source=informant)
    assert "vertraulich" in refused.value.message_dict["quote_source"][0]
    assert not LiveEntry.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"image": 999_999}, "image", "kein Bild"),
        ({"image": "abc"}, "image", "kein Bild"),
        ({"image": "9" * 40}, "image", "kein Bild"),
        ({"image": "-3"}, "image", "kein Bild"),
        ({"quote": "Ohne Quelle."}, "quote_source", "braucht seine Quelle"),
        ({"quote_source": "1\x00"}, "quote_source", "keine Quelle"),
        ({"quote_source": 999_999, "quote": "Wer?"}, "quote_source", "keine Quelle"),
        ({"quote": "x" * 1001}, "quote", "höchstens 1000 Zeichen"),
    ],
    ids=["no-image", "garbage-image", "huge-image-id", "negative", "no-source", "nul",
         "no-such-source", "long-quote"],
)  # fmt: skip
def test_bad_images_and_quotes_are_refused_with_a_reason(
    ticker_article, editor, speaker, fields, field, words
):
    if fields.get("quote") and "quote_source" not in fields and field == "quote":
        fields = {**fields, "quote_source": speaker.pk}
    with pytest.raises(ValidationError) as refused:
        live.post_entry(ticker_article, editor, "Text.", **fields)
    assert words in " ".join(refused.value.message_dict[field])
    assert not LiveEntry.objects.exists()


def test_a_source_without_a_quote_is_refused(ticker_article, editor, speaker):
    with pytest.raises(ValidationError) as refused:
        live.post_entry(ticker_article, editor, "Text.", quote_source=speaker)
    assert "quote" in refused.value.message_dict


# --- the desk page --------------------------------------------------------------


def test_the_desk_page_posts_an_entry_with_image_and_quote(
    ticker_article, editor, photo, speaker, client
):
    client.force_login(editor)
    html = client.get(desk_url(ticker_article)).text
    # The article form's autocomplete: library images and, without the
    # confidential ones, the source directory.
    assert 'data-model-name="liveentry"' in html and 'name="image"' in html
    assert 'name="quote_source"' in html and "autocomplete.js" in html
    response = post(
        client, ticker_article, image=photo.pk, quote="Wir evakuieren.", quote_source=speaker.pk
    )
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert entry.image == photo and entry.quote == "Wir evakuieren."
    html = client.get(desk_url(ticker_article)).text
    assert "Überflutete Straße in Seewald" in html and "„Wir evakuieren.“" in html


def test_the_autocomplete_offers_no_confidential_source(editor, speaker, informant, client):
    client.force_login(editor)
    params = {"app_label": "articles", "model_name": "liveentry", "field_name": "quote_source"}
    found = client.get(reverse("admin:autocomplete"), {**params, "term": ""}).json()
    names = [result["text"] for result in found["results"]]
    assert any("Anna Berger" in name for name in names)
    assert not any("Informant" in name for name in names)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"image": "999999"}, "kein Bild"),
        ({"image": "abc"}, "kein Bild"),
        ({"image": "1e3"}, "kein Bild"),
        ({"image": "9" * 30}, "kein Bild"),
        ({"image": "1\x00"}, "kein Bild"),
        ({"quote": "Es brennt.", "quote_source": "CONFIDENTIAL"}, "vertraulich"),
        ({"quote": "Ohne Quelle."}, "braucht seine Quelle"),
        ({"quote": "x" * 1001, "quote_source": "SPEAKER"}, "höchstens 1000 Zeichen"),
        ({"quote": "Null\x00", "quote_source": "SPEAKER"}, "Null"),
        ({"quote_source": "x'; DROP TABLE", "quote": "Y"}, "keine Quelle"),
    ],
    ids=["no-image", "garbage", "float", "huge", "nul", "confidential", "no-source",
         "long-quote", "nul-quote", "sql"],
)  # fmt: skip
def test_hostile_input_on_the_desk_page_is_a_clear_message_and_keeps_the_text(
    ticker_article, editor, speaker, informant, client, fields, words
):
    client.force_login(editor)
    swap = {"CONFIDENTIAL": str(informant.pk), "SPEAKER": str(speaker.pk)}
    fields = {key: swap.get(value, value) for key, value in fields.items()}
    response = post(client, ticker_article, body="Mein langer Text bleibt.", **fields)
    assert response.status_code == 200
    assert words in errors(response) or (words == "Null" and errors(response))
    assert "Mein langer Text bleibt." in response.text  # nothing the journalist typed is lost
    assert not LiveEntry.objects.exists()


def test_the_desk_page_of_another_ticker_cannot_touch_this_one(ticker_article, editor, client):
    client.force_login(editor)
    other = make_article()
    live.start_ticker(other, editor)
    foreign = live.post_entry(other, editor, "Fremder Eintrag.")
    for action in ("pin", "approve", "correct"):
        response = client.post(
            desk_url(ticker_article), {"action": action, "entry": foreign.pk, "body": "x"}
        )
        # Refused: an error page or, on the desk, a message; never a 500.
        assert response.status_code in (302, 404)
    foreign.refresh_from_db()
    assert not foreign.pinned and foreign.body == "Fremder Eintrag."


# --- what readers see -----------------------------------------------------------


def test_readers_see_the_image_and_the_quote(ticker_article, editor, photo, speaker, client):
    live.post_entry(
        ticker_article,
        editor,
        "Der Pegel steigt.",
        image=photo,
        quote="Wir evakuieren die Uferstraße.",
        quote_source=speaker,
    )
    html = page(client, ticker_article).text
    entries = html[html.index('id="live-entries"') :]
    img = re.search(r'<figure class="live-image">\s*(<img [^>]*>)', entries)[1]
    assert 'alt="Überflutete Straße in Seewald"' in img
    assert f'width="{photo.width}" height="{photo.height}"' in img and "srcset=" in img
    assert "Foto: Muster/APA" in entries
    quote = re.search(r'<figure class="live-quote">(.*?)</figure>', entries, re.S)[1]
    assert "<blockquote><p>„Wir evakuieren die Uferstraße.“</p></blockquote>" in quote
    assert f'<a href="{speaker.get_absolute_url()}">Anna Berger</a>, Bürgermeisterin' in quote
    # The source's page lists the ticker that quotes it: the link is no 404.
    source_page = client.get(speaker.get_absolute_url())
    assert source_page.status_code == 200 and "Hochwasser live" in source_page.text


def test_the_poll_gives_image_and_quote(ticker_article, editor, photo, speaker, client):
    live.post_entry(ticker_article, editor, "Ohne alles.")
    live.post_entry(
        ticker_article, editor, "Mit.", image=photo, quote="Wir helfen.", quote_source=speaker
    )
    plain, full = poll(client, ticker_article)["entries"]
    assert plain["image"] is None and plain["quote"] is None
    image = full["image"]
    assert image["src"] == photo.file.url and image["srcset"].endswith(f"{photo.width}w")
    assert (image["width"], image["height"]) == (photo.width, photo.height)
    assert image["alt"] == photo.alt_text and image["credit"] == "Foto: Muster/APA"
    assert full["quote"] == {
        "text": "Wir helfen.",
        "source_name": "Anna Berger, Bürgermeisterin",
        "source_url": speaker.get_absolute_url(),
    }


def test_a_source_made_confidential_later_is_no_longer_named(
    ticker_article, editor, speaker, client
):
    live.post_entry(
        ticker_article, editor, "Text.", quote="Ein heikler Satz.", quote_source=speaker
    )
    assert "Anna Berger" in page(client, ticker_article).text  # now in the page cache
    speaker.is_confidential = True
    speaker.save()
    invalidation.object_changed(speaker)  # what the source admin does (DropsReaderPages)
    html = page(client, ticker_article).text
    assert "Ein heikler Satz." in html and "Anna Berger" not in html
    assert speaker.get_absolute_url() not in html
    quote = poll(client, ticker_article)["entries"][0]["quote"]
    assert quote == {"text": "Ein heikler Satz.", "source_name": "", "source_url": None}
    feed = client.get(reverse("articles:live-feed", args=[ticker_article.slug])).text
    assert "Ein heikler Satz." in feed and "Anna Berger" not in feed


def test_the_feed_and_the_structured_data_carry_image_and_quote(
    ticker_article, editor, photo, speaker, client
):
    live.post_entry(
        ticker_article, editor, "Text.", image=photo, quote="Wir helfen.", quote_source=speaker
    )
    feed = client.get(reverse("articles:live-feed", args=[ticker_article.slug])).text
    assert f"http://testserver{photo.file.url}" in feed and "Wir helfen." in feed
    assert "Anna Berger, Bürgermeisterin" in feed
    data = json.loads(JSON_LD.search(page(client, ticker_article).text)[1])
    update = data["liveBlogUpdate"][0]
    assert update["image"] == f"http://testserver{photo.file.url}"
    assert "„Wir helfen.“ (Anna Berger, Bürgermeisterin)" in update["articleBody"]


def test_images_and_quotes_cost_no_query_per_entry(
    ticker_article, editor, photo, speaker, client, settings
):
    settings.PAGE_CACHE = False

    def count(request):
        with CaptureQueriesContext(connection) as queries:
            assert request().status_code == 200
        return len(queries)

    def show_page():
        return page(client, ticker_article)

    def show_poll():
        return client.get(reverse("articles:live-entries", args=[ticker_article.slug]))

    live.post_entry(ticker_article, editor, "Eins.", key_event=True)
    live.pin_entry(LiveEntry.objects.get(), editor)
    few = count(show_page), count(show_poll)
    for n in range(6):
        live.post_entry(
            ticker_article,
            editor,
            f"Mehr {n}.",
            key_event=True,
            image=make_image() if n % 2 else photo,
            quote=f"Zitat {n}.",
            quote_source=speaker if n % 2 else make_source(),
        )
    live.pin_entry(LiveEntry.objects.first(), editor)
    assert (count(show_page), count(show_poll)) == few


def test_an_image_in_a_public_ticker_is_the_editors_to_change(
    ticker_article, editor, journalist, client
):
    mine = make_image(uploaded_by=journalist)
    assert image_rights.can_change_image(journalist, mine)
    live.post_entry(ticker_article, editor, "Mit Bild.", image=mine)
    assert "Liveticker" in image_rights.image_change_refusal(journalist, mine)
    assert image_rights.can_change_image(editor, mine)


def test_changing_an_image_drops_the_ticker_pages_that_show_it(
    ticker_article, editor, photo, client
):
    live.post_entry(ticker_article, editor, "Mit Bild.", image=photo)
    page(client, ticker_article)
    assert page(client, ticker_article)["X-Page-Cache"] == "hit"
    photo.alt_text = "Neue Beschreibung des Bildes"
    photo.save()
    invalidation.object_changed(photo)
    assert "Neue Beschreibung des Bildes" in page(client, ticker_article).text


# --- the editors' list of waiting entries ----------------------------------------


@pytest.fixture
def waiting(journalist, editor, photo, speaker):
    """Two tickers that need an editor, each with a journalist's entry."""
    entries = []
    for title in ("Ticker Nord", "Ticker Süd"):
        article = make_article(title=title, created_by=journalist)
        live.start_ticker(article, editor, entries_need_editor=True)
        entries.append(
            live.post_entry(
                article, journalist, f"Wartet in {title}.", quote="Ja.", quote_source=speaker
            )
        )
    return entries


def test_editors_see_every_waiting_entry_in_one_place_and_approve_it(waiting, editor, client):
    client.force_login(editor)
    start = client.get(reverse("admin:index")).text
    assert waiting_url() in start and "2 Einträge warten auf Freigabe" in start
    assert waiting_url() in client.get(reverse("admin:articles_article_changelist")).text
    html = client.get(waiting_url()).text
    assert "Wartet in Ticker Nord." in html and "Wartet in Ticker Süd." in html
    assert html.index("Ticker Nord") < html.index("Ticker Süd")  # oldest first
    seen = live.fingerprint(waiting[0])
    assert f'name="seen" value="{seen}"' in html
    response = client.post(waiting_url(), {"entry": waiting[0].pk, "seen": seen}, follow=True)
    assert "ist online" in response.text
    waiting[0].refresh_from_db()
    assert waiting[0].approved
    assert "Wartet in Ticker Nord." in page(client, waiting[0].ticker.article).text
    assert "Wartet in Ticker Nord." not in client.get(waiting_url()).text


@pytest.mark.parametrize("bad", ["", "abc", "-1", "9" * 40, "1\x00", "999999", "APPROVED"])
def test_approving_a_gone_or_garbage_entry_is_a_message_not_an_error(waiting, editor, client, bad):
    client.force_login(editor)
    if bad == "APPROVED":
        live.approve_entry(waiting[0], editor)
        bad = str(waiting[0].pk)
    response = client.post(waiting_url(), {"entry": bad}, follow=True)
    assert response.status_code == 200
    assert "wartet nicht mehr auf Freigabe" in response.text
    still_waiting = 1 if bad == str(waiting[0].pk) else 2
    assert LiveEntry.objects.filter(approved=False).count() == still_waiting


@pytest.mark.parametrize("where", ["waiting list", "desk page"])
def test_an_entry_changed_after_the_editor_saw_it_is_not_approved(
    waiting, editor, journalist, client, where
):
    entry = waiting[0]
    client.force_login(editor)
    seen = live.fingerprint(entry)  # what the editor's page showed
    # Meanwhile its author rewrites it (a waiting entry is hers to correct).
    live.correct_entry(entry, journalist, "Ganz anderer Text.", "umgeschrieben")
    if where == "waiting list":
        response = client.post(waiting_url(), {"entry": entry.pk, "seen": seen}, follow=True)
    else:
        url = reverse("admin:articles_article_live", args=[entry.ticker.article_id])
        data = {"action": "approve", "entry": entry.pk, "seen": seen}
        response = client.post(url, data, follow=True)
    assert "nachdem Sie ihn gesehen haben" in response.text
    entry.refresh_from_db()
    assert not entry.approved
    assert "Ganz anderer Text." not in page(client, entry.ticker.article).text
    # Approving what is there now, having seen it, works.
    response = client.post(
        waiting_url(), {"entry": entry.pk, "seen": live.fingerprint(entry)}, follow=True
    )
    entry.refresh_from_db()
    assert entry.approved


def test_only_who_may_publish_sees_the_waiting_entries(waiting, journalist, moderator, client):
    for user in (journalist, moderator):
        client.force_login(user)
        assert client.get(waiting_url()).status_code == 403
        assert client.post(waiting_url(), {"entry": waiting[0].pk}).status_code == 403
        assert waiting_url() not in client.get(reverse("admin:index")).text
    assert LiveEntry.objects.filter(approved=False).count() == 2
    assert not live.waiting_entries(journalist).exists()


def test_a_waiting_entry_with_a_quote_does_not_make_the_source_page(waiting, speaker, client):
    assert client.get(speaker.get_absolute_url()).status_code == 404


def test_the_demo_ticker_shows_a_picture_and_the_coachs_quote(editor, client):
    from demo import data
    from demo.live import IMAGE, QUOTE, QUOTE_SOURCE, TICKER_SLUG, load_live_ticker

    article = make_article(slug=TICKER_SLUG)
    picture = make_image(alt_text=data.IMAGES[IMAGE]["alt_text"])
    coach = make_source(slug=QUOTE_SOURCE, name="Bernd Hollweger", role="Trainer")
    load_live_ticker(editor)
    entries = LiveEntry.objects.filter(ticker__article=article)
    assert entries.filter(image=picture).count() == 1
    assert entries.filter(quote=QUOTE, quote_source=coach).count() == 1
    html = page(client, article).text
    assert data.IMAGES[IMAGE]["alt_text"] in html and f"„{QUOTE}“" in html
