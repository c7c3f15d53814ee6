"""Issue 19: an editor opens a ticker, posts three entries (Ctrl+Enter) and
pins one; a reader's open page shows them without a reload (JavaScript
polls), and a reader without JavaScript sees them after a reload."""

import json
import re

import pytest
from playwright.sync_api import expect

from articles import live
from tests.browser.helpers import PASSWORD, admin_login
from tests.factories import make_article, make_user

ENTRIES = ["Erste Meldung vom Ort.", "Zweite Meldung: Lage ruhig.", "Dritte Meldung: Ende."]


@pytest.fixture
def site(live_server, db):
    editor = make_user("live-chefin", group="Editors", password=PASSWORD)
    article = make_article(title="Großbrand live", slug="grossbrand-live")
    live.start_ticker(article, editor)
    return live_server.url, article


@pytest.mark.django_db(transaction=True)
def test_an_editor_posts_and_readers_see_it(site, browser):
    base, article = site
    reader = browser.new_context().new_page()
    reader.goto(f"{base}{article.get_absolute_url()}")
    expect(reader.locator("#live-entries")).to_contain_text("Noch keine Einträge.")

    desk = browser.new_context().new_page()
    admin_login(desk, base, "live-chefin")
    desk.goto(f"{base}/admin/articles/article/{article.pk}/live/")
    for text in ENTRIES:
        box = desk.locator("#id_body")
        expect(box).to_be_focused()
        box.fill(text)
        box.press("Control+Enter")
        expect(desk.locator(".live-admin-entries")).to_contain_text(text)
    desk.locator(".live-admin-entries li").filter(has_text=ENTRIES[0]).get_by_role(
        "button", name="Anheften"
    ).click()
    expect(desk.locator(".live-admin-entries")).to_contain_text("Angeheftet")

    # The reader's open page: new entries arrive with the next poll.
    entries = reader.locator("#live-entries .live-entry")
    expect(entries).to_have_count(3, timeout=25_000)
    expect(entries.first).to_contain_text(ENTRIES[2])
    expect(reader.locator("#live-announcer")).to_have_text(re.compile(r"^\d neuer? Eintr"))

    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.goto(f"{base}{article.get_absolute_url()}")
    expect(plain.locator("#live-entries .live-entry")).to_have_count(3)
    expect(plain.locator(".live-pinned")).to_contain_text(ENTRIES[0])
    data = json.loads(plain.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "LiveBlogPosting"
    assert len(data["liveBlogUpdate"]) == 3 and data["coverageStartTime"]
