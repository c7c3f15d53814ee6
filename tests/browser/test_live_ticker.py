"""Issue 19: an editor opens a ticker, posts three entries (Ctrl+Enter) and
pins one; a reader's open page shows them without a reload (JavaScript
polls), the pin and a later correction and deletion too; a reader without
JavaScript sees the same after a reload, and the page's structured data is a
valid LiveBlogPosting.

The reader's page runs on Playwright's fake clock, so the test moves time on
to the next poll instead of waiting ten real seconds for it."""

import json
import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from articles import live
from articles.models import LiveEntry
from tests.browser.helpers import PASSWORD, admin_login
from tests.factories import make_article, make_image, make_source, make_user

ENTRIES = ["Erste Meldung vom Ort.", "Zweite Meldung: Lage ruhig.", "Dritte Meldung: Ende."]
POLL_MS = 10_000


@pytest.fixture
def site(live_server, db):
    editor = make_user("live-chefin", group="Editors", password=PASSWORD)
    article = make_article(title="Großbrand live", slug="grossbrand-live")
    live.start_ticker(article, editor)
    return live_server.url, article


def after_polls(page, check, polls=3):
    """Move the page's clock on to its next poll until ``check`` (an
    ``expect``) holds; a poll's answer arrives in real time."""
    for _ in range(polls - 1):
        page.clock.run_for(POLL_MS)
        try:
            check(2_000)
            return
        except AssertionError:
            continue
    page.clock.run_for(POLL_MS)
    check(5_000)


def entry_id(text):
    return LiveEntry.objects.get(body=text).pk


def iso(value):
    return datetime.fromisoformat(value)  # raises on anything but an ISO 8601 time


def check_live_blog_posting(page, *, count):
    """The JSON-LD as a validator sees it: a LiveBlogPosting with its coverage
    start and one BlogPosting per entry, each with headline, datePublished
    and articleBody."""
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@context"] == "https://schema.org" and data["@type"] == "LiveBlogPosting"
    assert iso(data["coverageStartTime"]) and "coverageEndTime" not in data
    assert data["headline"] == "Großbrand live" and data["url"].endswith("/grossbrand-live/")
    updates = data["liveBlogUpdate"]
    assert len(updates) == count
    for update in updates:
        assert update["@type"] == "BlogPosting"
        assert update["headline"] and update["articleBody"]
        assert iso(update["datePublished"]) >= iso(data["coverageStartTime"])
        assert re.search(r"#eintrag-\d+$", update["url"])
    return updates


@pytest.mark.django_db(transaction=True)
def test_an_editor_posts_and_readers_see_it(site, browser):
    base, article = site
    reader = browser.new_context().new_page()
    reader.clock.install()
    reader.goto(f"{base}{article.get_absolute_url()}")
    expect(reader.locator("#live-entries")).to_contain_text("Noch keine Einträge.")
    expect(reader.locator("#live-pinned")).to_be_hidden()

    desk = browser.new_context().new_page()
    admin_login(desk, base, "live-chefin")
    desk.goto(f"{base}/admin/articles/article/{article.pk}/live/")
    for text in ENTRIES:
        box = desk.locator("#id_body")
        expect(box).to_be_focused()
        box.fill(text)
        box.press("Control+Enter")
        expect(desk.locator(".live-admin-entries")).to_contain_text(text)
    desk_entry = desk.locator(".live-admin-entries > li")
    desk_entry.filter(has_text=ENTRIES[0]).get_by_role("button", name="Anheften").click()
    expect(desk.locator(".live-admin-entries")).to_contain_text("Angeheftet")

    # The reader's open page: the entries and the pin arrive with the next poll.
    entries = reader.locator("#live-entries .live-entry")
    after_polls(reader, lambda timeout: expect(entries).to_have_count(3, timeout=timeout))
    expect(entries.first).to_contain_text(ENTRIES[2])
    expect(reader.locator("#live-pinned")).to_be_visible()
    expect(reader.locator("#live-pinned .live-entry")).to_contain_text(ENTRIES[0])
    expect(reader.locator("#live-pinned .live-time")).to_contain_text("Angeheftet")
    expect(reader.locator("#live-announcer")).to_have_text(re.compile(r"^3 neue Einträge\."))

    # A correction of an entry the reader already has: new text and its note.
    second = entry_id(ENTRIES[1])
    correct = desk_entry.filter(has_text=ENTRIES[1])
    correct.locator("summary", has_text="Korrigieren").click()
    desk.locator(f"#korrektur-text-{second}").fill("Zweite Meldung: Lage angespannt.")
    desk.locator(f"#korrektur-notiz-{second}").fill("Lage falsch eingeschätzt")
    correct.get_by_role("button", name="Korrektur speichern").click()
    expect(desk.locator(".messagelist")).to_contain_text("korrigiert")
    corrected = reader.locator(f"#eintrag-{second}")
    after_polls(
        reader,
        lambda timeout: expect(corrected).to_contain_text("Lage angespannt", timeout=timeout),
    )
    expect(corrected.locator(".live-correction")).to_contain_text(
        re.compile(r"Korrigiert \d\d:\d\d: Lage falsch eingeschätzt")
    )
    expect(reader.locator("#live-announcer")).to_have_text("1 Eintrag korrigiert.")

    # A deletion, after the desk's confirmation.
    third = entry_id(ENTRIES[2])
    remove = desk_entry.filter(has_text=ENTRIES[2])
    remove.locator("summary", has_text="Löschen").click()
    remove.get_by_role("button", name="Eintrag endgültig löschen").click()
    expect(desk.locator(".messagelist")).to_contain_text("gelöscht")
    after_polls(
        reader,
        lambda timeout: expect(reader.locator(f"#eintrag-{third}")).to_have_count(
            0, timeout=timeout
        ),
    )
    expect(entries).to_have_count(2)
    expect(reader.locator("#live-announcer")).to_have_text("1 Eintrag entfernt.")

    # Without JavaScript: the same after a reload, and the structured data.
    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.goto(f"{base}{article.get_absolute_url()}")
    expect(plain.locator("#live-entries .live-entry")).to_have_count(2)
    expect(plain.locator(".live-pinned")).to_contain_text(ENTRIES[0])
    expect(plain.locator(f"#eintrag-{second} .live-correction")).to_contain_text(
        "Lage falsch eingeschätzt"
    )
    updates = check_live_blog_posting(plain, count=2)
    assert [u["articleBody"] for u in updates] == [
        "Zweite Meldung: Lage angespannt.",
        ENTRIES[0],
    ]
    assert "dateModified" in updates[0] and "dateModified" not in updates[1]


@pytest.mark.django_db(transaction=True)
def test_a_late_approval_and_a_key_event_reach_an_open_page(live_server, browser):
    """A journalist's waiting entry, approved after newer ones went out, goes
    in at its own time (it has an older id than the page's newest entry), with
    its quote and picture built by the script; the key-event summary follows."""
    editor = make_user("live-chef", group="Editors")
    reporter = make_user("live-reporterin", group="Journalists")
    article = make_article(title="Hochwasser live", slug="hochwasser-live", created_by=reporter)
    live.start_ticker(article, editor, entries_need_editor=True)
    live.post_entry(article, editor, "Frühe Meldung.")
    source = make_source(name="Anna Pegel", role="Einsatzleiterin")
    waiting = live.post_entry(
        article,
        reporter,
        "Meldung vom Deich.",
        headline="Deich hält",
        quote="Wir halten durch.",
        quote_source=source,
        image=make_image(alt_text="Sandsäcke am Deich", credit="Foto: Redaktion"),
    )
    live.post_entry(article, editor, "Späte Meldung.")

    reader = browser.new_context().new_page()
    reader.clock.install()
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    entries = reader.locator("#live-entries .live-entry")
    expect(entries).to_have_count(2)
    expect(reader.locator("#live-key-events")).to_be_hidden()

    live.approve_entry(waiting, editor)
    live.set_key_event(waiting, editor)
    after_polls(reader, lambda timeout: expect(entries).to_have_count(3, timeout=timeout))
    expect(entries.nth(0)).to_contain_text("Späte Meldung.")
    expect(entries.nth(1)).to_contain_text("Meldung vom Deich.")
    expect(entries.nth(2)).to_contain_text("Frühe Meldung.")
    added = entries.nth(1)
    expect(added.locator("h3")).to_have_text("Deich hält")
    expect(added.locator(".live-time")).to_contain_text("Schlüsselereignis")
    expect(added.locator(".live-quote blockquote")).to_have_text("„Wir halten durch.“")
    expect(added.locator(".live-quote figcaption a")).to_have_text("Anna Pegel, Einsatzleiterin")
    expect(added.locator(".live-quote figcaption a")).to_have_attribute(
        "href", source.get_absolute_url()
    )
    expect(added.locator(".live-image img")).to_have_attribute("alt", "Sandsäcke am Deich")
    expect(added.locator(".live-image figcaption")).to_have_text("Foto: Redaktion")
    summary = reader.locator("#live-key-events")
    expect(summary).to_be_visible()
    expect(summary.locator("a")).to_have_attribute("href", f"#eintrag-{waiting.pk}")
    expect(summary.locator(".live-key-label")).to_have_text("Deich hält")
    expect(reader.locator("#live-announcer")).to_have_text("1 neuer Eintrag.")
