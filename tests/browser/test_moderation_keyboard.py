"""A moderator clears the queue with the keyboard only: a, a, s, then r,
a reason and Enter. The readers see exactly the two approved comments."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment, Decision
from tests.factories import make_article, make_comment, make_user

PASSWORD = "browser-test-pass-1"
BODIES = [
    "Erster Kommentar: sachlich und freundlich.",
    "Zweiter Kommentar: eine berechtigte Nachfrage.",
    "Dritter Kommentar: billige Uhren hier kaufen!",
    "Vierter Kommentar: eine Beleidigung.",
]


def _log_in(page, base_url, next_path):
    page.goto(f"{base_url}{reverse('admin:login')}?next={next_path}")
    page.get_by_label("Benutzername").fill("tastatur")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def _press(page, key):
    """A key that decides: the form is posted and the queue reloads."""
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.mark.django_db(transaction=True)
def test_moderator_clears_the_queue_with_the_keyboard(live_server, browser):
    article = make_article(title="Ein Artikel mit Kommentaren")
    first, second, third, fourth = (
        make_comment(article, status=Comment.Status.PENDING, body=body) for body in BODIES
    )
    make_user("tastatur", group="Moderators", password=PASSWORD)
    workspace = reverse("admin:comments_comment_workspace")

    page = browser.new_page()
    _log_in(page, live_server.url, workspace)
    items = page.locator("[data-mod-item]")
    expect(items).to_have_count(4)
    expect(page.locator("#mod-hint")).to_be_visible()
    expect(page.locator("#mod-hint")).to_contain_text("j/k")

    # The first (oldest) comment has the focus; j/k move it, ? shows the help.
    current = page.locator(f"#comment-{first.pk}")
    expect(current).to_be_focused()
    expect(current).to_have_attribute("aria-current", "true")
    page.keyboard.press("j")
    expect(page.locator(f"#comment-{second.pk}")).to_be_focused()
    expect(current).not_to_have_attribute("aria-current", "true")
    page.keyboard.press("k")
    expect(current).to_be_focused()
    page.keyboard.press("?")
    expect(page.locator("#mod-help")).to_be_visible()
    page.keyboard.press("?")
    expect(page.locator("#mod-help")).to_be_hidden()

    _press(page, "a")
    expect(items).to_have_count(3)
    expect(page.locator(".messagelist .success")).to_contain_text(f"#{first.pk}")
    expect(page.locator(f"#comment-{second.pk}")).to_be_focused()

    _press(page, "a")
    expect(items).to_have_count(2)
    expect(page.locator(f"#comment-{third.pk}")).to_be_focused()

    _press(page, "s")
    expect(items).to_have_count(1)
    expect(page.locator(f"#comment-{fourth.pk}")).to_be_focused()

    # r goes to the reason field; typing there is not taken for shortcuts
    # ("a" and "s" in the reason), and Enter rejects.
    page.keyboard.press("r")
    reason = page.locator(f"#reason-{fourth.pk}")
    expect(reason).to_be_focused()
    expect(reason).to_have_value("")
    page.keyboard.type("Beleidigung, passt nicht")
    expect(items).to_have_count(1)
    _press(page, "Enter")
    expect(items).to_have_count(0)
    expect(page.locator(".mod-empty")).to_be_visible()

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in (first, second, third, fourth)] == [
        "approved",
        "approved",
        "spam",
        "rejected",
    ]
    assert Decision.objects.get(comment=fourth).reason == "Beleidigung, passt nicht"
    assert Decision.objects.filter(moderator__username="tastatur").count() == 4

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    shown = page.locator("#kommentare article.comment")
    expect(shown).to_have_count(2)
    expect(page.locator(f"#kommentar-{first.pk}")).to_contain_text(BODIES[0])
    expect(page.locator(f"#kommentar-{second.pk}")).to_contain_text(BODIES[1])
    for body in BODIES[2:]:
        expect(page.locator("body")).not_to_contain_text(body)

    page.goto(f"{live_server.url}{workspace}")
    expect(items).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_moderator_checks_post_moderated_comments_with_the_keyboard(live_server, browser):
    """Published at once (post-moderation): "a" confirms it, "s" takes it
    offline; both leave the queue "Veröffentlicht, noch ungeprüft"."""
    article = make_article(title="Ein Artikel mit Nachmoderation")
    confirmed, spam = (make_comment(article, body=body) for body in BODIES[:2])
    make_user("tastatur", group="Moderators", password=PASSWORD)
    queue = f"{reverse('admin:comments_comment_workspace')}?queue=unreviewed"

    page = browser.new_page()
    _log_in(page, live_server.url, queue)
    items = page.locator("[data-mod-item]")
    expect(items).to_have_count(2)
    expect(page.locator(".mod-tabs [aria-current=page]")).to_contain_text(
        "Veröffentlicht, noch ungeprüft"
    )
    expect(page.locator(f"#comment-{confirmed.pk} .mod-approve")).to_have_text("Bestätigen")
    expect(page.locator(f"#comment-{confirmed.pk}")).to_be_focused()

    _press(page, "a")
    expect(items).to_have_count(1)
    expect(page.locator(f"#comment-{spam.pk}")).to_be_focused()
    _press(page, "s")
    expect(items).to_have_count(0)

    confirmed.refresh_from_db()
    spam.refresh_from_db()
    assert (confirmed.status, confirmed.moderated_by.username) == ("approved", "tastatur")
    assert spam.status == "spam"
