"""A reader whose browser runs no JavaScript: searches from the header,
pages through the results, opens an article, corrects an incomplete comment
and sends it. Everything is plain links and forms."""

import pytest
from playwright.sync_api import expect

from articles.search import PAGE_SIZE
from comments.models import Comment
from tests.factories import SEARCH_WORD, make_search_matches

WORD = SEARCH_WORD
MATCHES = PAGE_SIZE + 2
COMMENT = "Ohne Skripte geschrieben und trotzdem angekommen."


@pytest.fixture
def site(live_server, settings):
    # A robot fills the form within milliseconds; a person needs longer than
    # the bot threshold. Let this robot through.
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0}
    make_search_matches(MATCHES)
    return live_server.url


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.django_db(transaction=True)
def test_search_and_comment_without_javascript(site, no_script_page):
    page = no_script_page
    page.goto(f"{site}/")
    box = page.get_by_role("search").first.get_by_label("Suchbegriff")
    box.fill(WORD)
    box.press("Enter")  # the browser submits the form itself

    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    expect(page.get_by_role("status")).to_have_text(f"{MATCHES} Treffer zu „{WORD}“")
    results = page.locator(".search-results article")
    expect(results).to_have_count(PAGE_SIZE)
    pagination = page.get_by_role("navigation", name="Seiten")
    pagination.get_by_role("link", name="Weiter").click()
    expect(pagination).to_contain_text("Seite 2 von 2")
    expect(results).to_have_count(MATCHES - PAGE_SIZE)

    link = results.first.get_by_role("link").first
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # An incomplete comment: the server answers with the form and its errors.
    form = page.locator("form.comment-form")
    form.get_by_label("Name", exact=True).fill("Erika Musterfrau")
    form.get_by_role("button", name="Kommentar absenden").click()
    summary = page.locator("#kommentar-fehler")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).not_to_have_count(0)
    expect(form.get_by_label("Name", exact=True)).to_have_value("Erika Musterfrau")

    # Completed and sent: the confirmation is shown where the page lands.
    form.get_by_label("E-Mail", exact=True).fill("erika@example.org")
    form.get_by_label("Kommentar", exact=True).fill(COMMENT)
    form.get_by_role("button", name="Kommentar absenden").click()
    expect(page.get_by_role("status")).to_contain_text("freigegeben")
    assert page.url.endswith("#kommentare")

    comment = Comment.objects.get(body=COMMENT)
    assert comment.name == "Erika Musterfrau"
    assert comment.article.title == title
    assert comment.status == Comment.Status.PENDING
