"""Never lose work, in a real browser: a journalist's typing is saved while
she types, survives closing the tab and an expired session, and is restored
from the banner; leaving a changed form asks first; the body's preview shows
what readers will see. All of it under the admin's Content-Security-Policy."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Author, Autosave
from tests.browser.test_csp import LISTEN
from tests.factories import make_section, make_user

PASSWORD = "browser-test-pass-1"
LEAD = "Seoul – Nordkorea hat am Mittwoch weitere 3.000 Soldaten verlegt."
BODY = "Erster Absatz.\n\n## NATO warnt vor Eskalation\n\n„Wir beobachten die Lage“, sagte sie."


class Editor:
    """One browser context (one person's browser) that records CSP violations
    and the dialogs its pages raise."""

    def __init__(self, browser, base):
        self.base = base
        self.context = browser.new_context()
        self.context.add_init_script(LISTEN)
        self.console = []
        self.dialogs = []

    def new_page(self):
        page = self.context.new_page()
        page.on("console", self._console)
        page.on("dialog", self._dialog)
        return page

    def _console(self, message):
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            self.console.append(message.text)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.type)
        dialog.accept()

    def log_in(self, page, username):
        page.goto(f"{self.base}{reverse('admin:login')}")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("input[type=submit], button[type=submit]").first.click()
        expect(page.locator("#user-tools")).to_be_visible()

    def assert_no_csp_violation(self, page, where):
        assert page.evaluate("window.__cspViolations || []") == [], where
        assert self.console == [], f"{where}: {self.console}"

    def close_asking(self, page):
        """Close the tab as a person would; the page may ask first (accepted)."""
        asked = len(self.dialogs)
        with page.expect_event("close"):
            page.close(run_before_unload=True)
        return self.dialogs[asked:]


def _saved_body(user, article):
    saved = Autosave.objects.filter(user=user, article=article).first()
    values = dict(saved.data) if saved else {}
    return values.get("body", "").replace("\r\n", "\n")


def _wait_until(page, condition, seconds=15):
    for _ in range(seconds * 4):
        if condition():
            return
        page.wait_for_timeout(250)
    assert condition()


def _journalist_with_article():
    make_section(name="Politik", slug="politik")
    reporter = make_user("reporter", group="Journalists", password=PASSWORD)
    Author.objects.create(name="Julia Hofbauer", slug="julia-hofbauer", user=reporter)
    article = Article.objects.create(
        section=make_section(name="Welt", slug="welt"),
        title="Nordkorea verlegt weitere Einheiten",
        slug="nordkorea-verlegt",
        lead="Alter Vorspann.",
        body="Alter Text.",
        status=Article.Status.DRAFT,
        created_by=reporter,
    )
    return reporter, article


@pytest.mark.django_db(transaction=True)
def test_typed_text_survives_closing_the_tab_and_is_restored(live_server, browser):
    reporter, article = _journalist_with_article()
    editor = Editor(browser, live_server.url)
    url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"

    page = editor.new_page()
    editor.log_in(page, "reporter")
    page.goto(url)
    expect(page.locator(".nr-autosave-banner")).to_be_hidden()
    # Nothing changed yet: leaving does not ask.
    page.reload()
    assert editor.dialogs == []

    page.locator("textarea[name=lead]").fill(LEAD)
    body = page.locator("textarea[name=body]")
    body.fill("")
    body.press_sequentially(BODY, delay=5)
    # The preview follows the typing, rendered and sanitized by the site.
    preview = page.locator(".nr-preview-body")
    expect(preview.locator("h2")).to_have_text("NATO warnt vor Eskalation")
    expect(preview).to_contain_text("„Wir beobachten die Lage“")
    # Saved on the server a few seconds after the last keystroke.
    expect(page.locator(".nr-autosave-status")).to_contain_text("Automatisch gesichert um")
    _wait_until(page, lambda: _saved_body(reporter, article) == BODY)
    editor.assert_no_csp_violation(page, "while typing")
    article.refresh_from_db()
    assert article.lead == "Alter Vorspann."  # never written by an autosave

    # The tab is closed without saving: the page asks first.
    assert editor.close_asking(page) == ["beforeunload"]

    page = editor.new_page()
    page.goto(url)
    banner = page.locator(".nr-autosave-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Automatisch gesicherte Fassung vom")
    expect(page.locator("textarea[name=lead]")).to_have_value("Alter Vorspann.")
    banner.get_by_role("button", name="Wiederherstellen").click()
    expect(banner).to_be_hidden()
    expect(page.locator("textarea[name=lead]")).to_have_value(LEAD)
    expect(page.locator("textarea[name=body]")).to_have_value(BODY)
    expect(page.locator(".nr-preview-body h2")).to_have_text("NATO warnt vor Eskalation")
    editor.assert_no_csp_violation(page, "after restoring")

    # Restored but not saved: leaving still asks.
    assert editor.close_asking(page) == ["beforeunload"]

    # Saving the form keeps the text and ends the autosave; no question then.
    page = editor.new_page()
    page.goto(url)
    page.locator(".nr-autosave-banner").get_by_role("button", name="Wiederherstellen").click()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert editor.dialogs == ["beforeunload", "beforeunload"]
    article.refresh_from_db()
    assert article.lead == LEAD
    assert not Autosave.objects.filter(user=reporter).exists()
    page.reload()
    expect(page.locator("textarea[name=lead]")).to_have_value(LEAD)
    expect(page.locator(".nr-autosave-banner")).to_be_hidden()
    editor.assert_no_csp_violation(page, "after saving")
    assert editor.close_asking(page) == []


@pytest.mark.django_db(transaction=True)
def test_text_typed_after_the_session_expired_is_offered_after_logging_in(live_server, browser):
    reporter, article = _journalist_with_article()
    editor = Editor(browser, live_server.url)
    url = f"{live_server.url}{reverse('admin:articles_article_change', args=[article.pk])}"

    page = editor.new_page()
    editor.log_in(page, "reporter")
    page.goto(url)
    expect(page.locator("textarea[name=lead]")).to_be_visible()
    # The session ends (expired, or logged out elsewhere) while the form is open.
    editor.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.locator("textarea[name=lead]").fill("Getippt ohne Sitzung.")
    page.locator("input[name=title]").focus()  # leaving the field saves at once
    expect(page.locator(".nr-autosave-status")).to_contain_text("Sitzung")
    assert not Autosave.objects.exists()

    # Saving the form now lands on the login page: the POST is lost.
    page.locator("input[name=_continue]").click()
    expect(page.locator("#id_username")).to_be_visible()
    page.locator("#id_username").fill("reporter")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()

    # Back on the form: the copy kept in the browser is offered.
    page.goto(url)
    banner = page.locator(".nr-autosave-banner")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Wiederherstellen").click()
    expect(page.locator("textarea[name=lead]")).to_have_value("Getippt ohne Sitzung.")
    # Restoring saves it on the server too.
    expect(page.locator(".nr-autosave-status")).to_contain_text("Automatisch gesichert um")
    assert Autosave.objects.filter(user=reporter, article=article).exists()

    # Discarding it: gone from the server and the browser.
    page.goto(url)
    page.locator(".nr-autosave-banner").get_by_role("button", name="Verwerfen").click()
    expect(page.locator(".nr-autosave-status")).to_contain_text("verworfen")
    kept = "Object.keys(window.localStorage).filter((k) => k.startsWith('newsroom.autosave'))"
    _wait_until(page, lambda: page.evaluate(kept) == [])
    # The discard request may still be on its way when the banner says so.
    _wait_until(page, lambda: not Autosave.objects.exists())
    page.goto(url)
    expect(page.locator(".nr-autosave-banner")).to_be_hidden()
    editor.assert_no_csp_violation(page, "after discarding")


@pytest.mark.django_db(transaction=True)
def test_a_new_article_is_kept_too_and_the_preview_fits_a_narrow_screen(live_server, browser):
    _journalist_with_article()
    editor = Editor(browser, live_server.url)
    add = f"{live_server.url}{reverse('admin:articles_article_add')}"

    page = editor.new_page()
    page.set_viewport_size({"width": 360, "height": 800})
    editor.log_in(page, "reporter")
    page.goto(add)
    page.locator("input[name=title]").fill("Ein ganz neuer Artikel")
    page.locator("textarea[name=body]").fill("## Zwischentitel\n\nText.")
    expect(page.locator(".nr-preview-body h2")).to_have_text("Zwischentitel")
    # Under the field, inside the screen.
    box = page.locator(".nr-preview").bounding_box()
    field = page.locator("textarea[name=body]").bounding_box()
    assert box["y"] >= field["y"] + field["height"] - 1
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360 + 1
    expect(page.locator(".nr-autosave-status")).to_contain_text(
        "Automatisch gesichert um", timeout=15_000
    )
    assert Autosave.objects.get().article is None
    assert editor.close_asking(page) == ["beforeunload"]

    page = editor.new_page()
    page.goto(add)
    page.locator(".nr-autosave-banner").get_by_role("button", name="Wiederherstellen").click()
    expect(page.locator("input[name=title]")).to_have_value("Ein ganz neuer Artikel")
    expect(page.locator("input[name=slug]")).to_have_value("ein-ganz-neuer-artikel")
    editor.assert_no_csp_violation(page, "new article restored")
