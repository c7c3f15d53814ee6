"""The home page's section blocks: the newest four published articles of
every section, sections in their order (one query on either database)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def _blocks(html):
    blocks = {}
    for block in re.findall(r'<section class="section-block".*?</section>', html, re.S):
        name = re.search(r'<h2 id="section-([^"]+)"', block)[1]
        blocks[name] = re.findall(r'class="teaser-title"><a href="[^"]+">([^<]+)</a>', block)
    return blocks


def test_each_section_shows_its_newest_four_in_order(client):
    now = timezone.now()
    second = make_section(name="Wirtschaft", slug="wirtschaft", position=2)
    first = make_section(name="Politik", slug="politik", position=1)
    empty = make_section(name="Leer", slug="leer", position=3)
    for i in range(6):
        make_article(title=f"Politik {i}", section=first, publish_at=now - timedelta(hours=i + 1))
    make_article(title="Wirtschaft alt", section=second, publish_at=now - timedelta(days=3))
    make_article(title="Wirtschaft neu", section=second, publish_at=now - timedelta(hours=2))
    make_article(title="Politik Entwurf", section=first, status=Article.Status.DRAFT)
    make_article(title="Politik geplant", section=first, publish_at=now + timedelta(hours=1))
    make_article(title="Leer Entwurf", section=empty, status=Article.Status.DRAFT)

    blocks = _blocks(client.get("/").content.decode())
    assert list(blocks) == ["politik", "wirtschaft"]
    assert blocks["politik"] == ["Politik 0", "Politik 1", "Politik 2", "Politik 3"]
    assert blocks["wirtschaft"] == ["Wirtschaft neu", "Wirtschaft alt"]
