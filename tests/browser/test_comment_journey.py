"""The foundation's journey in a real browser: a reader comments on the demo
article, a moderator approves it in the admin, the reader sees it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.data import FLAGSHIP_SLUG

PASSWORD = "browser-test-pass-1"
COMMENT = "Danke für die ausgewogene Berichterstattung – bitte dranbleiben!"


@pytest.fixture
def demo_site(monkeypatch, live_server, settings):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    # A robot fills the form within milliseconds; a person needs longer than
    # the bot threshold. Let this robot through.
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0}
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


@pytest.mark.django_db(transaction=True)
def test_reader_comments_moderator_approves_reader_sees_it(demo_site, browser):
    article_url = f"{demo_site}/artikel/{FLAGSHIP_SLUG}/"

    reader = browser.new_page()
    reader.goto(article_url)
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    expect(reader.get_by_role("heading", name="Kommentar hinterlassen")).to_be_visible()
    reader.get_by_label("Name", exact=True).fill("Erika Musterfrau")
    reader.get_by_label("E-Mail", exact=True).fill("erika@example.org")
    reader.get_by_label("Kommentar", exact=True).fill(COMMENT)
    reader.locator("form.comment-form button[type=submit]").click()
    expect(reader.get_by_role("status")).to_contain_text("freigegeben")
    expect(reader.locator(".comment-list")).not_to_contain_text(COMMENT)

    moderator = browser.new_context().new_page()
    moderator.goto(f"{demo_site}/admin/")
    moderator.get_by_label("Benutzername").fill("moderation")
    moderator.get_by_label("Passwort").fill(PASSWORD)
    moderator.get_by_role("button", name="Anmelden").click()
    moderator.get_by_role("link", name=re.compile("Kommentare")).first.click()
    row = moderator.locator("#result_list tbody tr", has_text=COMMENT[:40])
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    moderator.locator("select[name=action]").select_option("approve")
    moderator.get_by_role("button", name="Ausführen").click()
    expect(moderator.locator(".messagelist")).to_contain_text("1")
    expect(moderator.locator("#result_list", has_text=COMMENT[:40])).to_have_count(0)

    reader.reload()
    expect(reader.locator(".comment-list")).to_contain_text(COMMENT)
    expect(reader.locator(".comment-list")).to_contain_text("Erika Musterfrau")
    expect(reader.locator("body")).not_to_contain_text("erika@example.org")
