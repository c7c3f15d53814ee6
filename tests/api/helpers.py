"""Shared data for the API's tests: one of each kind of article that must
never appear, and a published one that carries everything."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from articles import images
from articles.models import Article, Image
from tests.factories import (
    jpeg_bytes,
    make_article,
    make_author,
    make_citation,
    make_correction,
    make_section,
    make_source,
)


def get(url, client=None, **headers):
    response = (client or Client()).get(url, **headers)
    is_json = response.get("Content-Type") == "application/json"
    return response, (response.json() if is_json else None)


def wide_image(**fields):
    """A stored image wide enough for renditions (320, 480 and 800 pixels)."""
    image = Image(**fields)
    image.file = ContentFile(jpeg_bytes(size=(900, 500)), name="deich.jpg")
    images.store(image)
    return image


def world():
    """A published article with everything, and hidden ones that share its
    section, tag, author and source, plus their own (which must never show)."""
    section = make_section(slug="politik", name="Politik")
    author = make_author(slug="anna", name="Anna")
    source = make_source(slug="ministerium", name="Ministerium")
    secret = make_source(slug="informant", name="Informant", is_confidential=True)
    published = make_article(
        title="Öffentlich",
        section=section,
        authors=[author],
        tags=["Klima"],
        hero_image=wide_image(alt_text="Ein Deich", credit="Foto: Agentur"),
        kicker="Hochwasser",
    )
    make_citation(published, source, quote="Wir handeln.")
    make_citation(published, secret, quote="Geheim gesagt.")
    make_correction(published, text="Ein Name war falsch geschrieben.")

    hidden_section = make_section(slug="geheimressort")
    hidden_author = make_author(slug="noch-nicht")
    hidden_source = make_source(slug="kommende-quelle")
    hidden = []
    for status, extra in [
        (Article.Status.DRAFT, {}),
        (Article.Status.REVIEW, {}),
        (Article.Status.ARCHIVED, {"publish_at": timezone.now() - timedelta(days=3)}),
        (Article.Status.PUBLISHED, {"publish_at": timezone.now() + timedelta(days=1)}),
    ]:
        for own in (False, True):
            article = make_article(
                title=f"Versteckt {status} {own}",
                status=status,
                section=hidden_section if own else section,
                authors=[hidden_author if own else author],
                tags=["Geheimthema" if own else "Klima"],
                **extra,
            )
            make_citation(article, hidden_source if own else source)
            hidden.append(article)
    return {
        "section": section,
        "author": author,
        "source": source,
        "secret": secret,
        "published": published,
        "hidden": hidden,
    }
