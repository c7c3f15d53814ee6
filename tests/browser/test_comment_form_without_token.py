"""Issue 16: the comment form carries no CSRF token and no timestamp (the
page is the same for every reader). In Chromium: with JavaScript the form's
script fetches a timestamp when the reader starts typing and one click sends
the comment; without JavaScript the first click brings the form back with a
short note and the second sends it; a form on another site that posts to
ours is refused."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import make_article

EVIL = "http://evil.example"


@pytest.fixture
def article_url(live_server, settings):
    # A robot fills the form within milliseconds; let this one through (the
    # minimum times are tested in tests/comments/test_form_guards.py).
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0}
    article = make_article(title="Ohne Token")
    return f"{live_server.url}{article.get_absolute_url()}", article


def _fill(form, body):
    form.get_by_label("Name", exact=True).fill("Erika Musterfrau")
    form.get_by_label("E-Mail", exact=True).fill("erika@example.org")
    form.get_by_label("Kommentar", exact=True).fill(body)


@pytest.mark.django_db(transaction=True)
def test_with_javascript_one_click_sends_the_comment(article_url, browser):
    url, article = article_url
    page = browser.new_context().new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/kommentar/formular/" in r.url else None)
    page.goto(url)
    form = page.locator("form.comment-form")
    ts = form.locator("input[name=ts]")
    expect(ts).to_have_value("")  # the page is the same for everyone
    _fill(form, "Mit Skript, ein Klick.")
    expect(ts).not_to_have_value("")  # fetched when the reader started typing
    assert len(asked) == 1
    form.get_by_role("button", name="Kommentar absenden").click()
    expect(page.get_by_role("status")).to_contain_text("freigegeben")
    comment = Comment.objects.get(body="Mit Skript, ein Klick.")
    assert comment.article == article and comment.form_nonce


@pytest.mark.django_db(transaction=True)
def test_without_javascript_a_second_click_sends_the_comment(article_url, browser):
    url, article = article_url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    form = page.locator("form.comment-form")
    _fill(form, "Ohne Skript, zwei Klicks.")
    form.get_by_role("button", name="Kommentar absenden").click()

    # Not an error: a note, focused, with what the reader typed kept.
    note = page.locator("#kommentar-fehler")
    expect(note).to_have_attribute("role", "status")
    expect(note).to_contain_text("noch einmal auf „Kommentar absenden“")
    expect(note).to_be_focused()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(form.get_by_label("Kommentar", exact=True)).to_have_value("Ohne Skript, zwei Klicks.")
    assert not Comment.objects.exists()

    form.get_by_role("button", name="Kommentar absenden").click()
    expect(page.get_by_role("status")).to_contain_text("freigegeben")
    assert Comment.objects.get().article == article
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_form_on_another_site_is_refused(article_url, browser):
    url, article = article_url
    action = url + "kommentar/"
    page = browser.new_context(java_script_enabled=False).new_page()
    # A page at another origin whose form posts a complete comment to us.
    page.route(
        f"{EVIL}/**",
        lambda route: route.fulfill(
            content_type="text/html",
            body=(
                f'<form method="post" action="{action}">'
                '<input name="name" value="Bot"><input name="email" value="bot@example.org">'
                '<input name="body" value="Werbung"><input name="ts" value="">'
                "<button>Los</button></form>"
            ),
        ),
    )
    page.goto(f"{EVIL}/falle.html")
    with page.expect_response(action) as answer:
        page.get_by_role("button", name="Los").click()
    assert answer.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Formular von einer anderen Website")
    assert not Comment.objects.exists()
