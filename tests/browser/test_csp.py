"""The Content-Security-Policy in a real browser: the admin (as superuser and
as editor) and the reader pages run with no CSP violation, and the admin's
JavaScript widgets still work under the policy (no inline code, no eval).

Violations are caught twice: a ``securitypolicyviolation`` listener installed
before any page script runs, and Chromium's console ("Refused to ...")."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect
from reversion.models import Version

from articles import publishing
from comments.models import Comment
from tests.factories import make_article, make_comment, make_section, make_user

PASSWORD = "browser-test-pass-1"

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile || "?"}:${event.lineNumber || "?"}`
  );
});
"""


class CspWatch:
    """A browser context whose pages report every CSP violation."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.context.add_init_script(LISTEN)
        self.console = []
        self.page = self.context.new_page()
        self.page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            self.console.append(text)

    def open(self, url):
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        self.assert_clean(url)
        return response

    def assert_clean(self, where):
        self.page.wait_for_load_state("load")
        violations = self.page.evaluate("window.__cspViolations || []")
        assert violations == [], f"{where}: {violations}"
        assert self.console == [], f"{where}: {self.console}"

    def log_in(self, base, username):
        self.open(f"{base}{reverse('admin:login')}")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(PASSWORD)
        self.page.locator("input[type=submit], button[type=submit]").first.click()
        expect(self.page.locator("#user-tools")).to_be_visible()
        self.assert_clean("after login")


def _article_with_revisions(editor):
    """An article with two revisions (submitted, then published)."""
    article = make_article(status="draft", title="Ein Artikel unter Aufsicht")
    publishing.submit_for_review(article=article, user=editor)
    publishing.publish(article=article, user=editor)
    versions = list(Version.objects.get_for_object(article).order_by("pk"))
    assert len(versions) >= 2
    return article, versions[0], versions[-1]


def _check_article_pages(watch, base, article, old, new):
    page = watch.page
    # Change list: filters, date hierarchy and the actions bar (actions.js).
    changelist = reverse("admin:articles_article_changelist")
    watch.open(f"{base}{changelist}")
    page.locator("#changelist-filter a").filter(has_text="Veröffentlicht").first.click()
    expect(page).to_have_url(f"{base}{changelist}?status__exact=published")
    watch.assert_clean("filtered change list")
    counter = page.locator(".action-counter")
    page.locator("input.action-select").first.check()
    expect(counter).to_contain_text("1 von 1")
    page.locator("select[name=action]").select_option("unpublish")
    watch.assert_clean("change list with an action chosen")

    # Change form: autocomplete (select2) on the hero image and the tags,
    # the inlines' "add another" row (inlines.js).
    watch.open(f"{base}{reverse('admin:articles_article_change', args=[article.pk])}")
    expect(page.locator(".select2-container").first).to_be_visible()
    page.locator(".select2-container").first.click()
    expect(page.locator(".select2-search__field").last).to_be_visible()
    page.keyboard.press("Escape")
    add_row = page.locator(".add-row a").first
    expect(add_row).to_be_visible()
    rows_before = page.locator(".dynamic-bylines").count()
    add_row.click()
    expect(page.locator(".dynamic-bylines")).to_have_count(rows_before + 1)
    watch.assert_clean("article change form")

    # Add form: the slug is filled from the title (prepopulate.js).
    watch.open(f"{base}{reverse('admin:articles_article_add')}")
    page.locator("#id_title").fill("Neue Schlagzeile über Wahlen")
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value("neue-schlagzeile-ueber-wahlen")
    watch.assert_clean("article add form")

    # History and the revision compare page.
    history = reverse("admin:articles_article_history", args=[article.pk])
    watch.open(f"{base}{history}")
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    watch.open(f"{base}{compare}?from={old.pk}&to={new.pk}")
    expect(page.locator(".nr-compare")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_admin_runs_without_csp_violations(live_server, browser):
    base = live_server.url
    make_section(name="Politik", slug="politik")
    editor = make_user("redaktion", group="Editors", password=PASSWORD)
    User.objects.create_superuser("chef", password=PASSWORD, email="chef@example.org")
    article, old, new = _article_with_revisions(editor)
    for n in range(2):
        make_comment(article, status=Comment.Status.PENDING, body=f"Kommentar {n} zur Prüfung.")

    # --- the superuser -------------------------------------------------------------
    chef = CspWatch(browser)
    chef.log_in(base, "chef")
    page = chef.page
    chef.open(f"{base}{reverse('admin:index')}")
    _check_article_pages(chef, base, article, old, new)

    # The moderation workspace and its keyboard script (moderation.js).
    chef.open(f"{base}{reverse('admin:comments_comment_workspace')}")
    expect(page.locator("#mod-hint")).to_be_visible()
    page.keyboard.press("?")
    expect(page.locator("#mod-help")).to_be_visible()
    chef.assert_clean("moderation workspace")

    # A user's page: date/time shortcuts (DateTimeShortcuts.js), the calendar
    # and the two-box group selector (SelectFilter2.js).
    chef.open(f"{base}{reverse('admin:auth_user_change', args=[editor.pk])}")
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    page.locator("#id_date_joined_0").fill("")
    page.locator("#id_date_joined_0 + .datetimeshortcuts").get_by_text("Heute").click()
    expect(page.locator("#id_date_joined_0")).not_to_have_value("")
    page.locator("[id^=calendarlink]").first.click()
    expect(page.locator(".calendarbox").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#id_groups_from")).to_be_attached()
    expect(page.locator("#id_groups_filter")).to_be_visible()
    chef.assert_clean("user change form")

    # The audit log (superusers only) and the password change form.
    chef.open(f"{base}{reverse('admin:audit_auditevent_changelist')}")
    expect(page.locator("#result_list")).to_contain_text("chef")
    chef.open(f"{base}{reverse('admin:password_change')}")

    # Logging out ends at Django's logout page, also clean.
    page.locator("#logout-form button").click()
    chef.assert_clean("after logout")

    # --- the editor ------------------------------------------------------------------
    desk = CspWatch(browser)
    desk.log_in(base, "redaktion")
    _check_article_pages(desk, base, article, old, new)


@pytest.mark.django_db(transaction=True)
def test_reader_pages_and_login_helpers_run_without_csp_violations(live_server, browser):
    base = live_server.url
    article = make_article(title="Ein Artikel für alle")
    make_comment(article, body="Ein freigegebener Kommentar.")

    reader = CspWatch(browser)
    reader.open(f"{base}/")
    reader.open(f"{base}{article.get_absolute_url()}")
    expect(reader.page.locator("#kommentar-formular")).to_be_visible()
    reader.page.locator(".language-switch").get_by_role("link", name="English").click()
    expect(reader.page.locator("html")).to_have_attribute("lang", "en")
    reader.assert_clean("language switch")
    reader.open(f"{base}/suche/?q=Artikel")
    reader.open(f"{base}{reverse('admin:login')}")
    reader.open(f"{base}{reverse('admin_password_reset')}")
