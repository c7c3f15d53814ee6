"""Attacks on the live ticker, the redirects and the read API of issue 19,
as found over HTTP against a production configuration (gunicorn, DEBUG off,
PostgreSQL, Redis): as a journalist on the ticker desk and as an editor in
the redirects admin. Each test failed before the defence.

- A journalist's correction went out at once on a ticker whose entries
  need an editor: any entry readers saw (an editor's too) could be
  rewritten without the approval the desk asked for.
- An entry posted on the desk after someone else ended the ticker (or
  before anyone started it) vanished: the refusal was attached to a form
  the page no longer shows, so the journalist saw no message and lost the
  text.
- The redirects admin checked only the reader pages it knew: a target such
  as a draft's /artikel/<slug>/live.json, a confidential source's
  /api/v1/sources/<slug>/ or any /api/v1/… address was accepted, and the
  public 301 then named the draft's slug or the source in its Location.
"""

import pytest
from django.test import Client
from django.urls import reverse

from articles import live
from articles.models import Article, LiveEntry, Redirect
from tests.factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db


def desk_url(article):
    return reverse("admin:articles_article_live", args=[article.pk])


def poll(article):
    return Client().get(reverse("articles:live-entries", args=[article.slug])).json()


# --- the ticker desk ------------------------------------------------------------


@pytest.fixture
def guarded_ticker(journalist, editor):
    """The journalist's article, a ticker the desk started with approval
    for journalists' entries, an entry of the editor that readers see."""
    article = make_article(created_by=journalist, slug="sensibler-einsatz")
    live.start_ticker(article, editor, entries_need_editor=True)
    entry = live.post_entry(article, editor, "Die Polizei bestätigt den Einsatz.")
    return article, entry


def test_a_journalists_correction_does_not_bypass_the_editor_on_a_guarded_ticker(
    guarded_ticker, journalist, client
):
    article, entry = guarded_ticker
    client.force_login(journalist)
    response = client.post(
        desk_url(article),
        {"action": "correct", "entry": entry.pk, "body": "Ungeprüfte Zahl: 12 Tote.", "note": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Nur die Redaktion" in response.text
    entry.refresh_from_db()
    assert entry.body == "Die Polizei bestätigt den Einsatz." and not entry.corrected_at
    assert "12 Tote" not in str(poll(article))


def test_on_a_guarded_ticker_a_journalist_still_corrects_her_waiting_entry(
    guarded_ticker, journalist, editor
):
    article, _entry = guarded_ticker
    waiting = live.post_entry(article, journalist, "Erste Meldung.")
    live.correct_entry(waiting, journalist, "Erste Meldung, korrigiert.", "Tippfehler")
    waiting.refresh_from_db()
    assert not waiting.approved and waiting.body == "Erste Meldung, korrigiert."
    # An editor corrects any entry, as before.
    live.correct_entry(_entry, editor, "Die Polizei bestätigt.", "gekürzt")


def test_an_unguarded_ticker_lets_the_journalist_correct_as_before(journalist, editor):
    article = make_article(created_by=journalist)
    live.start_ticker(article, editor)  # the desk lets her entries go out at once
    entry = live.post_entry(article, journalist, "Erst.")
    live.correct_entry(entry, journalist, "Zweit.", "Fehler")
    assert "Zweit." in str(poll(article))


@pytest.mark.parametrize("ended", [True, False], ids=["ended", "never-started"])
def test_an_entry_posted_on_a_ticker_that_is_not_running_is_not_lost(journalist, client, ended):
    article = make_article(created_by=journalist)
    if ended:
        live.start_ticker(article, journalist)
        live.end_ticker(article, journalist)  # by a colleague, while the form is open
    client.force_login(journalist)
    response = client.post(
        desk_url(article), {"action": "post", "body": "Mein wichtiger Text", "headline": "Eilt"}
    )
    assert response.status_code == 200
    assert "kein laufender Liveticker" in response.text
    assert "Mein wichtiger Text" in response.text  # to copy it
    assert not LiveEntry.objects.exists()


# --- the redirects admin ----------------------------------------------------------


@pytest.fixture
def redirect_desk(editor):
    client = Client()
    client.force_login(editor)
    return client


def _add(client, old_path, target):
    return client.post(
        reverse("admin:articles_redirect_add"),
        {"old_path": old_path, "target": target, "note": ""},
    )


@pytest.mark.parametrize(
    "target",
    [
        "/artikel/geheimer-plan/live.json",
        "/artikel/geheimer-plan/live/feed/",
        "/en/artikel/geheimer-plan/live.json",
        "/api/v1/articles/{draft}/",
        "/api/v1/articles/{draft}/live-entries/",
        "/api/v1/sources/gewaehrsperson-ahorn/",
        "/api/v1/gibt-es-nicht/",
        "/thema/gibt-es-nicht/feed/",
        "/ressort/gibt-es-nicht/feed/",
        "/media/gibt-es-nicht.jpg",
    ],
)
def test_a_redirect_target_that_is_no_public_page_is_refused(redirect_desk, editor, target):
    draft = make_article(slug="geheimer-plan", status=Article.Status.DRAFT)
    live.start_ticker(draft, editor)
    make_source(name="Gewährsperson Ahorn", slug="gewaehrsperson-ahorn", is_confidential=True)
    response = _add(redirect_desk, "/alt/", target.format(draft=draft.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "target" in errors, errors
    assert not Redirect.objects.exists()
    assert Client().get("/alt/").status_code == 404


@pytest.mark.parametrize(
    "target",
    [
        "/artikel/oeffentlich/live.json",
        "/artikel/oeffentlich/live/feed/",
        "/ressort/politik/feed/",
        "/feed/",
        "/api/v1/articles/",
        "/suche/?q=wahl",
    ],
)
def test_public_targets_stay_allowed(redirect_desk, editor, target):
    make_section(name="Politik", slug="politik")
    article = make_article(slug="oeffentlich")
    live.start_ticker(article, editor)
    response = _add(redirect_desk, "/alt/", target)
    assert response.status_code == 302, response.context["adminform"].form.errors
