"""A live article's changes through the review loop in a real browser: the
journalist submits changes, the editor is notified and sends them back with a
note, the journalist sees the note at the top of the form and in the
notifications, resubmits, the editor publishes the changes, and readers see
them only then."""

import pytest
from playwright.sync_api import expect

from articles.models import ArticleDraft, Author
from tests.browser.helpers import PASSWORD, admin_login
from tests.factories import make_article, make_user


@pytest.mark.django_db(transaction=True)
def test_submit_notify_send_back_resubmit_publish_changes(live_server, browser):
    reporter = make_user("reporter", group="Journalists", password=PASSWORD)
    make_user("redaktion", group="Editors", password=PASSWORD, first_name="Eva", last_name="Eder")
    author = Author.objects.create(name="Julia Hofbauer", slug="julia-hofbauer", user=reporter)
    article = make_article(
        title="Gemeinderat beschließt Budget",
        lead="Der Gemeinderat hat das Budget beschlossen.",
        authors=[author],
        created_by=reporter,
    )
    base = live_server.url
    change_url = f"{base}/admin/articles/article/{article.pk}/change/"
    reader = browser.new_context().new_page()

    journalist = browser.new_context().new_page()
    admin_login(journalist, base, "reporter")
    journalist.goto(change_url)
    journalist.locator("textarea[name=lead]").fill(
        "Der Gemeinderat hat das Budget mit 23 Stimmen beschlossen."
    )
    journalist.locator("input[name=_submit_changes]").click()
    expect(journalist.locator(".messagelist")).to_contain_text("Änderungen zur Prüfung eingereicht")
    expect(journalist.locator(".nr-draft")).to_contain_text("Unveröffentlichte Änderungen")
    reader.goto(f"{base}{article.get_absolute_url()}")
    expect(reader.locator(".lead")).to_have_text("Der Gemeinderat hat das Budget beschlossen.")

    editor = browser.new_context().new_page()
    admin_login(editor, base, "redaktion")
    expect(editor.locator(".nr-notifications-link")).to_contain_text("(1)")
    editor.locator(".nr-notifications-link").click()
    editor.get_by_role("link", name="Gemeinderat beschließt Budget").first.click()
    expect(editor.locator(".nr-draft-diff")).to_contain_text("mit 23 Stimmen")
    editor.locator("textarea[name=workflow_note]").fill("Bitte die Zahl der Gegenstimmen ergänzen.")
    editor.locator("input[name=_send_back_changes]").click()
    expect(editor.locator(".messagelist")).to_contain_text("zurückgegeben")

    journalist.goto(change_url)
    note = journalist.locator(".nr-sent-back")
    expect(note).to_contain_text("Bitte die Zahl der Gegenstimmen ergänzen.")
    expect(note).to_contain_text("Eva Eder")
    expect(journalist.locator(".nr-notifications-link")).to_contain_text("(1)")
    journalist.locator(".nr-notifications-link").click()
    expect(journalist.locator("main, #content").first).to_contain_text(
        "Bitte die Zahl der Gegenstimmen ergänzen."
    )
    journalist.goto(change_url)
    journalist.locator("textarea[name=lead]").fill(
        "Der Gemeinderat hat das Budget mit 23 zu 14 Stimmen beschlossen."
    )
    journalist.locator("input[name=_submit_changes]").click()
    expect(journalist.locator(".messagelist")).to_contain_text("Änderungen zur Prüfung eingereicht")
    expect(journalist.locator(".nr-sent-back")).to_have_count(0)

    editor.goto(change_url)
    editor.locator("input[name=_publish_changes]").click()
    expect(editor.locator(".messagelist")).to_contain_text("Änderungen veröffentlicht")
    assert not ArticleDraft.objects.filter(article=article).exists()
    reader.goto(f"{base}{article.get_absolute_url()}")
    expect(reader.locator(".lead")).to_have_text(
        "Der Gemeinderat hat das Budget mit 23 zu 14 Stimmen beschlossen."
    )
