"""In a real browser, the admin fills slugs the way German is written without
umlauts ("Größe" → "groesse"), under the admin's Content-Security-Policy
(static/admin/js/german_slugs.js wraps Django's URLify)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, admin_login
from tests.factories import make_section, make_user

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"}`);
});
"""


def _type_and_read_slug(page, url, source, text):
    response = page.goto(url)
    assert response is not None and response.ok
    page.locator(source).press_sequentially(text)
    page.locator(source).blur()
    return page.locator("#id_slug")


@pytest.mark.django_db(transaction=True)
def test_slugs_spell_out_german_letters(live_server, browser):
    make_section(name="Politik", slug="politik")
    make_user("redaktion", group="Editors", password=PASSWORD)
    base = live_server.url
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    admin_login(page, base, "redaktion")

    # A new article: the slug follows the headline as it is typed.
    slug = _type_and_read_slug(
        page, f"{base}{reverse('admin:articles_article_add')}", "#id_title", "Bürgermeisterin Größe"
    )
    expect(slug).to_have_value("buergermeisterin-groesse")

    # Sections, authors and sources do the same with their names.
    for model, text, expected in [
        ("section", "Länder & Städte", "laender-staedte"),
        ("author", "Jörg Weiß", "joerg-weiss"),
        ("source", "Österreichischer Gemeindebund", "oesterreichischer-gemeindebund"),
    ]:
        slug = _type_and_read_slug(
            page, f"{base}{reverse(f'admin:articles_{model}_add')}", "#id_name", text
        )
        expect(slug).to_have_value(expected)

    assert page.evaluate("window.__cspViolations") == []
    context.close()
