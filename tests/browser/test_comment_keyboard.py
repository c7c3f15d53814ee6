"""The comment form used with the keyboard only: Tab into the form, type,
send with Enter, hear and find the errors, correct them, read the German
confirmation where the page lands."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from comments.models import Comment
from demo.data import FLAGSHIP_SLUG

COMMENT = "Sachlich und gut belegt, danke für den Überblick."
MAX_TABS = 200


@pytest.fixture
def article_url(monkeypatch, live_server, settings):
    monkeypatch.setenv("DEMO_PASSWORD", "browser-test-pass-1")
    # A robot fills the form within milliseconds; let this one through.
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0}
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return f"{live_server.url}/artikel/{FLAGSHIP_SLUG}/"


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, element_id):
    """Press Tab until the element with this id has the focus; the number of
    presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if focused_id(page) == element_id:
            return presses
    raise AssertionError(f"#{element_id} not reached with {MAX_TABS} presses of Tab")


@pytest.mark.django_db(transaction=True)
def test_comment_with_the_keyboard_only(article_url, page):
    page.goto(article_url)

    # The first Tab reaches the skip link; the comment form is reached by Tab alone.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    tab_to(page, "id_name")
    page.keyboard.type("Erika Musterfrau")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_email"
    page.keyboard.type("erika@")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_body"
    # The honeypot is not in the tab order: the next stop is the button.
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Kommentar absenden")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")

    # Back at the form; the error summary has the focus (read out at once).
    page.wait_for_url("**/kommentar/#kommentar-fehler")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("E-Mail:")
    expect(summary).to_contain_text("Kommentar: Dieses Feld ist zwingend erforderlich.")
    expect(summary).to_be_in_viewport()

    # Every error is tied to its field; the valid field is not marked, and
    # what the reader typed is kept.
    name, email, body = (
        page.locator("#id_name"),
        page.locator("#id_email"),
        page.locator("#id_body"),
    )
    expect(name).to_have_value("Erika Musterfrau")
    expect(name).not_to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value("erika@")
    for field, error in ((email, "gültige E-Mail-Adresse"), (body, "zwingend erforderlich")):
        expect(field).to_have_attribute("aria-invalid", "true")
        described_by = field.get_attribute("aria-describedby").split()
        field_id = field.get_attribute("id")
        assert f"{field_id}_error" in described_by
        expect(page.locator(f"#{field_id}_error")).to_contain_text(error)
    assert email.get_attribute("aria-describedby").split() == [
        "id_email_helptext",
        "id_email_error",
    ]
    expect(email).to_have_accessible_description(
        "Wird nicht veröffentlicht. Bitte gültige E-Mail-Adresse eingeben."
    )

    # A link in the summary takes the focus to its field.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name="E-Mail:")).to_be_focused()
    page.keyboard.press("Enter")
    expect(email).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("erika@example.org")
    page.keyboard.press("Tab")
    expect(body).to_be_focused()
    page.keyboard.type(COMMENT)
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")

    # The redirect lands at the comments, and the confirmation is right there.
    page.wait_for_url(f"**/artikel/{FLAGSHIP_SLUG}/#kommentare")
    confirmation = page.get_by_role("status")
    expect(confirmation).to_contain_text("freigegeben")
    expect(confirmation).to_be_in_viewport()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator(".comment-list")).not_to_contain_text(COMMENT)


@pytest.mark.django_db(transaction=True)
def test_report_form_errors_are_tied_to_the_fields(article_url, page):
    comment = Comment.objects.visible().filter(article__slug=FLAGSHIP_SLUG).first()
    page.goto(article_url.split("/artikel/")[0] + f"/kommentar/{comment.pk}/melden/")
    send = page.get_by_role("button", name="Meldung senden")
    tab_to(page, "id_note")
    page.keyboard.type("Bitte prüfen.")
    page.keyboard.press("Tab")
    expect(send).to_be_focused()
    page.keyboard.press("Enter")

    reasons = page.get_by_role("group")
    expect(reasons).to_have_attribute("aria-describedby", "id_reason_error")
    expect(page.locator("#id_reason_error")).to_contain_text("zwingend erforderlich")
    expect(page.locator("#id_reason_0")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_note")).to_have_value("Bitte prüfen.")
    expect(page.locator("#id_note")).not_to_have_attribute("aria-invalid", "true")
