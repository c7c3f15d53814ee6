"""Quotes in the text become citations at the journalist's click
(articles/citing.py, articles/admin_citing.py): matching the directory,
the suggestions on the article form, taking over and dropping them over
HTTP, and every refusal as a clear 4xx."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles import citing, editing
from articles.models import Article, ArticleDraft, Citation, QuoteDecision, Source
from tests.factories import make_article, make_citation, make_source, make_user

pytestmark = pytest.mark.django_db

BODY = (
    "## Washington\n\n"
    "„Wir beobachten die Lage sehr genau“, sagte John Carver, Sprecher des "
    "US-Außenministeriums, am Mittwoch.\n\n"
    "## Moskau\n\n"
    "Die Sprecherin des russischen Außenministeriums, Jelena Morosowa, wies das zurück. "
    "„Das ist eine Erfindung westlicher Geheimdienste“, sagte sie."
)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def quotes_url(article, action):
    return reverse(f"admin:articles_article_quotes_{action}", args=[article.pk])


@pytest.fixture
def carver(db):
    return make_source(
        name="John Carver",
        slug="john-carver",
        role="Sprecher des US-Außenministeriums",
        affiliation="US-Außenministerium",
    )


@pytest.fixture
def draft(journalist):
    return make_article(status=Article.Status.DRAFT, created_by=journalist, body=BODY)


# --- matching the directory ---------------------------------------------------------------


def test_matching_ignores_case_diacritics_titles_and_knows_aliases():
    mueller = make_source(name="Dr. Jürgen Müller", slug="mueller")
    kellner = make_source(name="Bundeskanzlerin Sabine Kellner", slug="kellner")
    carver = make_source(name="John Carver", slug="carver", aliases="Johnny Carver\nJ. Carver")
    directory = citing.Directory()
    assert directory.find("JUERGEN MUELLER") == mueller
    assert citing.match_source("jürgen müller", directory=directory) == mueller
    assert citing.match_source("Prof. Jürgen Müller", directory=directory) == mueller
    assert citing.match_source("Sabine Kellner") == kellner
    assert citing.match_source("Johnny Carver") == carver
    assert citing.match_source("Carver") == carver  # the only person with that surname
    assert citing.match_source("Jane Carver") is None  # another first name
    assert citing.match_source("Unbekannt Niemand") is None


def test_organisations_match_by_name_and_a_surname_shared_by_two_matches_nobody():
    nato = make_source(name="NATO", slug="nato", kind=Source.Kind.ORGANISATION)
    make_source(name="Anna Huber", slug="anna-huber")
    make_source(name="Karl Huber", slug="karl-huber")
    assert citing.match_source("", "", "Nato") == nato
    assert citing.match_source("Huber") is None


def test_unknown_speakers_are_proposed_as_new_sources():
    person = citing.propose_source("Jelena Morosowa", "Sprecherin", "russisches Außenministerium")
    assert (person.pk, person.kind, person.role, person.affiliation) == (
        None,
        Source.Kind.PERSON,
        "Sprecherin",
        "russisches Außenministerium",
    )
    organisation = citing.propose_source("", "", "Handelsverband Seewalden")
    assert (organisation.name, organisation.kind) == (
        "Handelsverband Seewalden",
        Source.Kind.ORGANISATION,
    )
    assert citing.propose_source("", "", "") is None


# --- suggestions -----------------------------------------------------------------------------


def test_suggestions_match_propose_and_skip_what_is_cited_or_decided(draft, carver, journalist):
    found = citing.suggestions(draft)
    assert [(s.speaker, s.is_new) for s in found] == [
        ("John Carver", False),
        ("Jelena Morosowa", True),
    ]
    assert found[0].source == carver
    assert found[1].source.affiliation == "russisches Außenministerium"
    assert all(len(s.key) == 32 for s in found)
    # Stable: the same key the next time.
    assert [s.key for s in citing.suggestions(draft)] == [s.key for s in found]

    make_citation(draft, carver, quote="Wir beobachten die Lage sehr genau")
    QuoteDecision.objects.create(article=draft, key=found[1].key, accepted=False)
    assert citing.suggestions(draft) == []


def test_nothing_is_saved_by_looking(draft, carver):
    version = draft.version
    citing.suggestions(draft)
    draft.refresh_from_db()
    assert draft.version == version
    assert not Citation.objects.exists()
    assert Source.objects.count() == 1
    assert not QuoteDecision.objects.exists()


# --- taking over and dropping, through the admin -----------------------------------------------


def test_the_form_shows_the_suggestions_with_their_buttons(client, journalist, draft, carver):
    client.force_login(journalist)
    page = client.get(change_url(draft)).content.decode()
    assert 'id="nr-quotes"' in page
    assert "Quellen im Text" in page
    assert "Wir beobachten die Lage sehr genau" in page
    assert page.count(">Übernehmen</button>") == 2
    assert page.count(f'formaction="{quotes_url(draft, "reject")}"') == 2
    assert "Quellen im Text suchen" in page
    # The buttons post a small form of their own, outside the article form.
    assert 'form id="nr-quotes-form"' in page
    assert page.index('id="nr-quotes-form"') > page.index("</form>")


def test_taking_over_an_existing_source(client, journalist, draft, carver):
    key = citing.suggestions(draft)[0].key
    client.force_login(journalist)
    response = client.post(quotes_url(draft, "accept"), {"key": key})
    assert response.status_code == 302
    assert response["Location"] == change_url(draft) + "#nr-quotes"
    citation = Citation.objects.get(article=draft)
    assert (citation.source, citation.quote) == (carver, "Wir beobachten die Lage sehr genau")
    assert QuoteDecision.objects.get(article=draft, key=key).accepted
    draft.refresh_from_db()
    assert draft.updated_by == journalist
    page = client.get(response["Location"]).content.decode()
    assert "Als Quelle eingetragen: „John Carver“" in page
    assert page.count(">Übernehmen</button>") == 1


def test_taking_over_a_new_source_creates_it(client, journalist, draft):
    key = citing.suggestions(draft)[1].key
    client.force_login(journalist)
    response = client.post(quotes_url(draft, "accept"), {"key": key}, follow=True)
    source = Source.objects.get(name="Jelena Morosowa")
    assert (source.kind, source.slug, source.role, source.affiliation) == (
        Source.Kind.PERSON,
        "jelena-morosowa",
        "Sprecherin des russischen Außenministeriums",
        "russisches Außenministerium",
    )
    assert Citation.objects.get(article=draft).source == source
    assert "Neue Quelle „Jelena Morosowa“ im Quellenverzeichnis angelegt" in (
        response.content.decode()
    )


def test_a_citation_without_quote_gets_the_quote(journalist, draft, carver):
    empty = make_citation(draft, carver, quote="")
    key = citing.suggestions(draft)[0].key
    citing.accept(article=draft, user=journalist, key=key)
    empty.refresh_from_db()
    assert empty.quote == "Wir beobachten die Lage sehr genau"
    assert draft.citations.count() == 1


def test_an_unattributed_quote_is_taken_over_without_source(journalist):
    article = make_article(
        status=Article.Status.DRAFT,
        created_by=journalist,
        body="Ein Entwurf kursiert. „Die Befristungen werden eingeschränkt“, hieß es.",
    )
    suggestion = citing.suggestions(article)[0]
    assert suggestion.source is None
    citing.accept(article=article, user=journalist, key=suggestion.key)
    citation = article.citations.get()
    assert (citation.source, citation.quote) == (None, "Die Befristungen werden eingeschränkt")


def test_on_a_live_article_the_citation_goes_into_the_working_draft(client, editor, carver):
    article = make_article(body=BODY)
    key = citing.suggestions(article)[0].key
    client.force_login(editor)
    response = client.post(quotes_url(article, "accept"), {"key": key}, follow=True)
    assert response.status_code == 200
    assert not article.citations.exists()  # readers still see the live rows
    draft = ArticleDraft.objects.get(article=article)
    assert draft.data["citations"] == [
        {"source": carver.pk, "quote": "Wir beobachten die Lage sehr genau"}
    ]
    assert "unveröffentlichte Änderung" in response.content.decode()
    # The next suggestions read the working draft: the quote is cited there.
    assert [s.speaker for s in citing.suggestions(article)] == ["Jelena Morosowa"]


def test_dropping_a_suggestion_changes_nothing_but_the_decision(client, journalist, draft):
    key = citing.suggestions(draft)[1].key
    version = draft.version
    client.force_login(journalist)
    response = client.post(quotes_url(draft, "reject"), {"key": key})
    assert response.status_code == 302
    assert not QuoteDecision.objects.get(key=key).accepted
    draft.refresh_from_db()
    assert draft.version == version
    assert not Source.objects.filter(name="Jelena Morosowa").exists()
    assert [s.key for s in citing.suggestions(draft)] == [citing.suggestions(draft)[0].key]


def test_searching_again_reports_what_it_found(client, journalist, draft):
    client.force_login(journalist)
    response = client.post(quotes_url(draft, "scan"), follow=True)
    assert "2 Zitate im Text können zu Quellenangaben werden." in response.content.decode()
    plain = make_article(status=Article.Status.DRAFT, created_by=journalist, body="Kein Zitat.")
    response = client.post(quotes_url(plain, "scan"), follow=True)
    assert response.status_code == 200
    assert "Im Text stehen keine Zitate" in response.content.decode()


# --- refusals -------------------------------------------------------------------------------------


def test_hostile_requests_get_a_clear_refusal(client, journalist, moderator, draft, carver):
    key = citing.suggestions(draft)[0].key
    other = make_article(status=Article.Status.DRAFT, created_by=journalist, body=BODY.replace(
        "Lage sehr genau", "Lage genau"))  # fmt: skip
    other_key = citing.suggestions(other)[0].key
    colleague = make_user("kollege", group="Journalists")
    colleagues = make_article(status=Article.Status.DRAFT, created_by=colleague, body=BODY)
    accept = quotes_url(draft, "accept")

    assert client.post(accept, {"key": key}).status_code == 302  # anonymous: to the login
    assert reverse("admin:login") in client.post(accept, {"key": key})["Location"]

    client.force_login(journalist)
    refused = client.get(accept)
    assert refused.status_code == 405 and refused["Allow"] == "POST"
    assert "Nur POST" in refused.content.decode() or "POST" in refused.content.decode()
    for data in ({}, {"key": "nichts"}, {"key": "0" * 32}, {"key": other_key}, {"key": ["a", "b"]}):
        response = client.post(accept, data)
        assert response.status_code == 404, data
        assert "Diesen Vorschlag gibt es für diesen Artikel nicht" in response.content.decode()
    assert client.post(quotes_url(colleagues, "accept"), {"key": key}).status_code == 403
    missing = reverse("admin:articles_article_quotes_accept", args=[999999])
    assert client.post(missing, {"key": key}).status_code == 404
    assert (
        client.post("/admin/articles/article/abc/quotes/accept/", {"key": key}).status_code == 404
    )

    client.force_login(moderator)
    for action in ("accept", "reject", "scan"):
        assert client.post(quotes_url(draft, action), {"key": key}).status_code == 403

    assert not Citation.objects.exists()
    assert not QuoteDecision.objects.exists()


def test_deciding_twice_is_refused_the_second_time(client, journalist, draft, carver):
    key = citing.suggestions(draft)[0].key
    client.force_login(journalist)
    assert client.post(quotes_url(draft, "accept"), {"key": key}).status_code == 302
    assert client.post(quotes_url(draft, "accept"), {"key": key}).status_code == 404
    assert client.post(quotes_url(draft, "reject"), {"key": key}).status_code == 404
    assert Citation.objects.filter(article=draft).count() == 1


def test_a_new_source_needs_the_permission_to_add_sources(client, draft):
    writer = make_user("schreiber", group="Journalists")
    Article.objects.filter(pk=draft.pk).update(created_by=writer)
    writer.groups.clear()
    writer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["change_article", "view_article", "view_source"],
        )
    )
    key = citing.suggestions(draft)[1].key
    client.force_login(writer)
    response = client.post(quotes_url(draft, "accept"), {"key": key})
    assert response.status_code == 403
    assert "Sie dürfen keine Quellen im Quellenverzeichnis anlegen." in response.content.decode()
    assert not Source.objects.filter(name="Jelena Morosowa").exists()
    assert not Citation.objects.exists() and not QuoteDecision.objects.exists()


def test_no_panel_for_a_new_article_or_a_reader_of_the_form(client, journalist):
    client.force_login(journalist)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="nr-quotes"' not in page
    assert 'id="nr-quotes-form"' not in page


def test_working_content_is_what_is_searched(journalist, draft):
    """A live article's working draft, not its live rows, is the text."""
    article = make_article(body="Kein Zitat im Live-Text.")
    content = editing.working_content(article)
    content["fields"] = {**content["fields"], "body": BODY}
    editing.save_content(article=article, content=content, user=journalist)
    assert [s.speaker for s in citing.suggestions(article)] == ["John Carver", "Jelena Morosowa"]


def test_the_demo_drafts_offer_suggestions_and_an_alias_finds_its_source():
    from demo.loader import load_demo

    load_demo(password="demo-pass-123")
    hallenbad = Article.objects.get(slug="sanierung-hallenbad-seewalden-wird-teurer")
    (suggestion,) = citing.suggestions(hallenbad)
    assert suggestion.speaker == "Claudia Wendlinger-Hofer"
    assert suggestion.source == Source.objects.get(slug="claudia-wendlinger")  # by her alias
    reporter = hallenbad.created_by
    citing.accept(article=hallenbad, user=reporter, key=suggestion.key)
    # Her citation without a quote gets it; no second row.
    assert list(hallenbad.citations.values_list("source__slug", "quote")) == [
        ("claudia-wendlinger", suggestion.quote)
    ]
    imported = Article.objects.filter(wire_import__isnull=False).get()
    assert citing.suggestions(imported)
    load_demo(password="demo-pass-123")  # run again: the decision stays
    assert citing.suggestions(hallenbad) == []
