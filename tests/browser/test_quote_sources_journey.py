"""Quotes become sources in a real browser: a journalist pastes agency copy on
the import page, lands on the draft (with its import report), takes over two
suggested sources — one from the directory, one new — and finds both in the
"Quellen" box of the draft's preview."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Author, Citation, Source
from tests.factories import make_section, make_source, make_user

PASSWORD = "browser-test-pass-1"
WIRE_COPY = """Truppenverlegung
Nordkorea verlegt weitere Einheiten

Seoul (APW) – Nordkorea hat nach Angaben des südkoreanischen Geheimdienstes am Mittwoch \
weitere 3.000 Soldaten verlegt.

Washington mahnt zur Ruhe

„Wir verfolgen diese Berichte sehr genau“, sagte Daniel Whitcombe, Sprecher des \
US-Außenministeriums, am Mittwoch.

Moskau dementiert

Die Sprecherin des russischen Außenministeriums, Jelena Morosowa, wies die Berichte zurück. \
„Das ist eine weitere Erfindung westlicher Geheimdienste“, sagte sie in Moskau.

Kommentar hinterlassen
Teilen
"""


def _login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    expect(page.locator("#user-tools")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_paste_take_over_two_sources_see_them_in_the_preview(live_server, browser):
    make_section(name="Politik", slug="politik")
    reporter = make_user("reporter", group="Journalists", password=PASSWORD)
    Author.objects.create(name="Julia Hofbauer", slug="julia-hofbauer", user=reporter)
    whitcombe = make_source(
        name="Daniel Whitcombe",
        slug="daniel-whitcombe",
        role="Sprecher des US-Außenministeriums",
        affiliation="US-Außenministerium",
    )
    base = live_server.url

    page = browser.new_context().new_page()
    _login(page, base, "reporter")
    page.goto(f"{base}/admin/articles/article/")
    page.get_by_role("link", name="Agenturtext importieren").click()
    page.locator("select[name=section]").select_option(label="Politik")
    page.locator("textarea[name=text]").fill(WIRE_COPY)
    page.locator("input[type=submit]").click()

    # The draft, with its import report when the import writes one.
    expect(page.locator("input[name=title]")).to_have_value("Nordkorea verlegt weitere Einheiten")
    if page.locator(".nr-import-report").count():
        expect(page.locator(".nr-import-report")).to_be_visible()
    panel = page.locator("#nr-quotes")
    expect(panel).to_contain_text("Quellen im Text")
    known = panel.locator(".nr-quote", has_text="Daniel Whitcombe")
    expect(known).to_contain_text("im Quellenverzeichnis")
    new = panel.locator(".nr-quote", has_text="Jelena Morosowa")
    expect(new).to_contain_text("neue Quelle")
    assert not Citation.objects.exists()  # nothing saved before a click

    known.get_by_role("button", name="Übernehmen").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Als Quelle eingetragen: „Daniel Whitcombe“"
    )
    panel.locator(".nr-quote", has_text="Jelena Morosowa").get_by_role(
        "button", name="Übernehmen"
    ).click()
    expect(page.locator(".messagelist")).to_contain_text("Neue Quelle „Jelena Morosowa“")
    expect(page.locator("#nr-quotes")).to_contain_text("Keine offenen Vorschläge")

    article = Article.objects.get()
    morosowa = Source.objects.get(name="Jelena Morosowa")
    assert morosowa.affiliation == "russisches Außenministerium"
    assert list(article.citations.values_list("source", flat=True)) == [whitcombe.pk, morosowa.pk]

    # The draft's public address shows its author a preview, with the sources.
    page.goto(f"{base}{article.get_absolute_url()}")
    sources = page.locator("aside.sources")
    expect(sources.locator("h2")).to_have_text("Quellen")
    expect(sources).to_contain_text("Daniel Whitcombe, Sprecher des US-Außenministeriums")
    expect(sources).to_contain_text("Wir verfolgen diese Berichte sehr genau")
    expect(sources).to_contain_text("Jelena Morosowa, Sprecherin des russischen Außenministeriums")
    expect(sources).to_contain_text("Das ist eine weitere Erfindung westlicher Geheimdienste")
