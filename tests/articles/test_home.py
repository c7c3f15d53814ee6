"""The home page before the desk composed it (frontpage.composing.default_slots):
the newest story leads, three stand beside it, then a block per section in
the sections' order with its newest stories not already shown above, and no
story twice. The desk's own compositions: tests/frontpage/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def _blocks(html):
    blocks = {}
    for block in re.findall(
        r'<section class="front-slot front-block front-section".*?</section>', html, re.S
    ):
        name = re.search(r'<a href="/ressort/([^/]+)/">', block)[1]
        blocks[name] = re.findall(r'class="teaser-title"><a href="[^"]+">([^<]+)</a>', block)
    return blocks


def _slot(html, css):
    found = re.search(rf'<section class="front-slot {css}".*?</section>', html, re.S)
    return re.findall(r'class="teaser-title"><a href="[^"]+">([^<]+)</a>', found[0])


def test_the_newest_lead_and_each_section_shows_the_rest_in_order(client):
    now = timezone.now()
    second = make_section(name="Wirtschaft", slug="wirtschaft", position=2)
    first = make_section(name="Politik", slug="politik", position=1)
    empty = make_section(name="Leer", slug="leer", position=3)
    for i in range(9):
        make_article(title=f"Politik {i}", section=first, publish_at=now - timedelta(hours=i + 1))
    make_article(title="Wirtschaft alt", section=second, publish_at=now - timedelta(days=3))
    make_article(title="Wirtschaft neu", section=second, publish_at=now - timedelta(minutes=30))
    make_article(title="Politik Entwurf", section=first, status=Article.Status.DRAFT)
    make_article(title="Politik geplant", section=first, publish_at=now + timedelta(hours=1))
    make_article(title="Leer Entwurf", section=empty, status=Article.Status.DRAFT)

    html = client.get("/").content.decode()
    assert _slot(html, "front-lead") == ["Wirtschaft neu"]
    assert _slot(html, "front-top") == ["Politik 0", "Politik 1", "Politik 2"]
    blocks = _blocks(html)
    assert list(blocks) == ["politik", "wirtschaft"]
    assert blocks["politik"] == ["Politik 3", "Politik 4", "Politik 5", "Politik 6"]
    assert blocks["wirtschaft"] == ["Wirtschaft alt"]
    titles = re.findall(r'class="teaser-title"><a href="[^"]+">([^<]+)</a>', html)
    assert len(titles) == len(set(titles)) == 9
    assert "Entwurf" not in html and "geplant" not in html
