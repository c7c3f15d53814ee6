"""The editorial journey in a real browser: a journalist imports pasted wire
copy and submits it, an editor schedules it a minute ahead, and it appears on
the home page at that time with nothing else running."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Author, WorkflowState
from tests.browser.helpers import PASSWORD, admin_login
from tests.factories import make_section, make_user

WIRE_COPY = """Truppenverlegung
Nordkorea verlegt weitere Einheiten

Seoul (dpa) – Nordkorea hat nach Angaben des südkoreanischen Geheimdienstes am Mittwoch \
weitere 3.000 Soldaten verlegt.

NATO warnt vor Eskalation

„Wir beobachten die Lage sehr genau“, sagte eine Sprecherin der NATO in Brüssel.

Kommentar hinterlassen
Teilen
"""


@pytest.mark.django_db(transaction=True)
def test_import_submit_schedule_appear(live_server, browser):
    make_section(name="Politik", slug="politik")
    reporter = make_user("reporter", group="Journalists", password=PASSWORD)
    Author.objects.create(name="Julia Hofbauer", slug="julia-hofbauer", user=reporter)
    make_user("redaktion", group="Editors", password=PASSWORD)
    base = live_server.url

    journalist = browser.new_context().new_page()
    admin_login(journalist, base, "reporter")
    journalist.goto(f"{base}/admin/articles/article/import/")
    journalist.locator("select[name=section]").select_option(label="Politik")
    journalist.locator("textarea[name=text]").fill(WIRE_COPY)
    journalist.locator("input[type=submit]").click()
    # Lands on the new draft's form, ready to finish.
    expect(journalist.locator("input[name=title]")).to_have_value(
        "Nordkorea verlegt weitere Einheiten"
    )
    body = journalist.locator("textarea[name=body]")
    expect(body).to_contain_text("## NATO warnt vor Eskalation")
    expect(body).not_to_contain_text("Teilen")
    journalist.locator("input[name=_submit_review]").click()
    expect(journalist.locator(".messagelist")).to_contain_text("Zur Prüfung eingereicht")
    article = Article.objects.get()
    assert article.state == WorkflowState.REVIEW

    editor = browser.new_context().new_page()
    admin_login(editor, base, "redaktion")
    editor.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    # The next full minute that is at least one minute away, in the site's zone.
    at = timezone.localtime() + timedelta(minutes=1)
    at = at.replace(second=0, microsecond=0) + timedelta(minutes=1 if at.second else 0)
    editor.locator("input[name=schedule_at]").fill(at.strftime("%Y-%m-%dT%H:%M"))
    editor.locator("input[name=_schedule]").click()
    expect(editor.locator(".messagelist")).to_contain_text("Europe/Vienna")
    article.refresh_from_db()
    assert article.state == WorkflowState.SCHEDULED
    assert timezone.localtime(article.publish_at) == at

    reader = browser.new_context().new_page()
    reader.goto(f"{base}/")
    expect(reader.locator("main")).not_to_contain_text("Nordkorea verlegt weitere Einheiten")

    # Nothing runs meanwhile; the reader just comes back after the time.
    while timezone.localtime() < at:
        reader.reload()
        expect(reader.locator("main")).not_to_contain_text("Nordkorea verlegt weitere Einheiten")
        time.sleep(min(10, max(0.5, (at - timezone.localtime()).total_seconds())))
    reader.reload()
    expect(reader.locator("main")).to_contain_text("Nordkorea verlegt weitere Einheiten")
    reader.get_by_role("link", name="Nordkorea verlegt weitere Einheiten").first.click()
    expect(reader.locator("h1")).to_have_text("Nordkorea verlegt weitere Einheiten")
