"""Slugs made from text on the server spell out German letters, through the
one helper ``newsroom.text.german_slugify`` (the admin's slug fields do the
same in the browser: tests/browser/test_german_slugs.py)."""

import pytest
from django.urls import reverse

from articles import wire
from articles.models import Article
from newsroom.text import german_slugify
from tests.factories import make_section


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Bürgermeisterin Größe", "buergermeisterin-groesse"),
        ("ÄRGER über Öl-Preise", "aerger-ueber-oel-preise"),
        ("Straße ẞ", "strasse-ss"),
        ("Über 3.000 Soldaten", "ueber-3000-soldaten"),
        ("Café „Zur Post“ öffnet", "cafe-zur-post-oeffnet"),
        ("Bu\u0308rger", "buerger"),  # a decomposed ü (u + combining diaeresis)
        ("„?!“", ""),
    ],
)
def test_german_slugify(text, slug):
    assert german_slugify(text) == slug


def test_the_wire_import_uses_it():
    assert wire.german_slug("Bürgermeisterin Größe") == german_slugify("Bürgermeisterin Größe")


@pytest.mark.django_db
def test_imported_wire_copy_gets_a_german_slug(client, editor):
    section = make_section()
    client.force_login(editor)
    text = "Bürgermeisterin Größe tritt zurück\n\nSeewalden – Die Bürgermeisterin geht."
    response = client.post(
        reverse("admin:articles_article_import"), {"text": text, "section": section.pk}
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    assert Article.objects.get().slug == "buergermeisterin-groesse-tritt-zurueck"
