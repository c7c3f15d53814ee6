"""A reader searches in a real browser: the search box in the header, the
highlighted results, paging through them, German stemming (PostgreSQL) and
calm answers to an empty and to a very long query."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import expect

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, PAGE_SIZE
from demo.data import FLAGSHIP_SLUG
from tests.factories import SEARCH_WORD, make_search_matches

WORD = SEARCH_WORD
MATCHES = PAGE_SIZE + 3


@pytest.fixture
def site(monkeypatch, live_server):
    monkeypatch.setenv("DEMO_PASSWORD", "browser-test-pass-1")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    make_search_matches(MATCHES)
    return live_server.url


def _query_of(page):
    return parse_qs(urlsplit(page.url).query).get("q", [""])[0]


@pytest.mark.django_db(transaction=True)
def test_reader_searches_from_the_header_and_pages_through_results(site, page):
    page.goto(f"{site}/")
    box = page.get_by_role("search").first.get_by_label("Suchbegriff")
    box.fill(WORD)
    box.press("Enter")

    page.wait_for_url(re.compile(r"/suche/\?q="))
    assert _query_of(page) == WORD
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    expect(page.get_by_role("status")).to_have_text(f"{MATCHES} Treffer zu „{WORD}“")
    results = page.locator(".search-results article")
    expect(results).to_have_count(PAGE_SIZE)
    # The match is highlighted in the snippets, and the subheading is set off.
    expect(results.first.locator("mark")).to_have_text(WORD)
    expect(results.first.locator(".search-snippet")).to_contain_text("erneuert. Kosten – Das")
    # The form on the results page keeps the query.
    expect(page.locator("main").get_by_label("Suchbegriff")).to_have_value(WORD)

    pagination = page.get_by_role("navigation", name="Seiten")
    expect(pagination).to_contain_text("Seite 1 von 2")
    pagination.get_by_role("link", name="Weiter").click()
    expect(pagination).to_contain_text("Seite 2 von 2")
    expect(results).to_have_count(MATCHES - PAGE_SIZE)
    assert _query_of(page) == WORD
    pagination.get_by_role("link", name="Zurück").click()
    expect(results).to_have_count(PAGE_SIZE)

    # Each result leads to its article.
    title = results.first.get_by_role("link").first.inner_text()
    results.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.django_db(transaction=True)
def test_a_stemmed_form_finds_the_article(site, page):
    """The word "schickte" is not in the flagship's headline ("… schickt …"): only the
    german stemmer of PostgreSQL's full-text search makes the two one word."""
    flagship = Article.objects.get(slug=FLAGSHIP_SLUG)
    page.goto(f"{site}/")
    box = page.locator("#site-search-q")
    box.fill("Nordkorea schickte Soldaten")
    page.get_by_role("search").first.get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    status = page.get_by_role("status")
    expect(status).to_be_visible()
    if connection.vendor == "postgresql":
        expect(status).to_contain_text("Treffer")
        expect(
            page.locator(".search-results").get_by_role("link", name=flagship.title)
        ).to_be_visible()
        expect(page.locator(".search-results mark").first).to_be_visible()
    else:
        # The SQLite fallback matches words as they are typed: a calm "nothing".
        expect(status).to_contain_text("Keine Artikel zu „Nordkorea schickte Soldaten“ gefunden.")


@pytest.mark.django_db(transaction=True)
def test_empty_and_very_long_queries_get_calm_answers(site, page):
    page.goto(f"{site}/")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(re.compile(r"/suche/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    expect(page.locator("main .help")).to_contain_text("Anführungszeichen")
    expect(page.locator(".search-results")).to_have_count(0)

    # Typing more than the box takes: the box stops at its maxlength.
    box = page.locator("main").get_by_label("Suchbegriff")
    box.fill("")
    box.press_sequentially("Quarkzwerg " * 25)
    assert len(box.input_value()) == MAX_QUERY_LENGTH
    box.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Keine Artikel zu")

    # A far longer query sent in the address: shortened, answered, no error.
    response = page.goto(f"{site}/suche/?q=" + "Hochwasserschutz%20" + "x" * 5000)
    assert response.status == 200
    expect(page.get_by_role("status")).to_contain_text("Keine Artikel zu „Hochwasserschutz xxx")
    assert len(page.locator("main").get_by_label("Suchbegriff").input_value()) == MAX_QUERY_LENGTH
