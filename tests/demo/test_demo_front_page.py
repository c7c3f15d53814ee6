"""The demo's front pages (demo/front_pages.py): a composed home page whose
teasers show pictures, with no story twice, a composed Politik page, and
an evening composition scheduled for 18:00 that readers see from then on.
The home page has every kind of slot filled with the demo's news
(demo/news.py): a most commented box, a topic box and a block of stories for
every Ressort."""

import re

import pytest
from django.utils import timezone

from articles.models import Article, Section
from frontpage import composing
from frontpage.models import Composition
from tests.demo.test_demo import demo_password, load_demo, media_root  # noqa: F401

pytestmark = pytest.mark.django_db


def _titles(html):
    return re.findall(r'class="teaser-title"><a href="[^"]+">([^<]+)</a>', html)


def _urls(html):
    return re.findall(r'class="teaser-title"><a href="([^"]+)">', html)


def _boxes(html):
    """{heading: (css classes, html)} of the home page's boxes and blocks."""
    found = {}
    for css, box in re.findall(r'<section class="front-slot ([^"]+)"(.*?)</section>', html, re.S):
        heading = re.search(r'class="front-block-title">(?:<a href="[^"]*">)?([^<]+)<', box)
        found[heading[1] if heading else css] = (css, box)
    return found


def test_the_demo_composes_the_home_page_with_pictures(demo_password, client):  # noqa: F811
    load_demo()
    html = client.get("/").content.decode()
    lead = re.search(r'<section class="front-slot front-lead".*?</section>', html, re.S)[0]
    assert "Nordkorea schickt weitere 3.000 Soldaten" in lead and "<img " in lead
    titles = _titles(html)
    assert len(titles) >= 6 and len(titles) == len(set(titles))
    teasers = re.findall(r'<article class="teaser.*?</article>', html, re.S)
    assert all("<img " in teaser for teaser in teasers)
    assert "front-live" in html  # the derby's ticker
    politik = client.get("/ressort/politik/").content.decode()
    assert "front-tag" in politik


def test_the_evening_composition_is_scheduled_and_loaded_once(demo_password, client):  # noqa: F811
    load_demo()
    load_demo()
    assert Composition.objects.count() == 3
    evening = Composition.objects.get(note="Abendausgabe")
    assert evening.is_scheduled
    assert timezone.localtime(evening.go_live_at).hour == 18
    at = evening.go_live_at
    shown = composing.resolve(composing.live_composition(None, at).slots.all(), at)
    assert shown.blocks[0].articles[0].slug == "stadttheater-seewalden-eroeffnet-mit-urauffuehrung"


def test_the_demo_home_page_shows_every_kind_of_box_filled(demo_password, client):  # noqa: F811
    load_demo()
    html = client.get("/").content.decode()
    boxes = _boxes(html)

    css, most = boxes["Meistkommentiert"]
    assert "front-most-commented" in css and '<ol class="teaser-list most-commented">' in most
    counts = [int(n) for n in re.findall(r'<p class="meta">\s*(\d+) Kommentare?\s*</p>', most)]
    assert len(counts) >= 3 and len(counts) == len(_titles(most))
    assert counts == sorted(counts, reverse=True)

    [topic] = [box for css, box in boxes.values() if "front-tag" in css]
    assert "Energie" in topic and len(_titles(topic)) == 3

    for section in Section.objects.all():
        css, block = boxes[section.name]
        assert "front-section" in css
        assert len(_titles(block)) >= 2, section.name
        assert block.count("teaser--standard") == 1 and "teaser--compact" in block, section.name
        shown = Article.objects.filter(title__in=_titles(block))
        assert set(shown.values_list("section_id", flat=True)) == {section.pk}

    teasers = re.findall(r'<article class="teaser.*?</article>', html, re.S)
    assert len(teasers) >= 25
    assert all("<img " in teaser and 'alt="' in teaser for teaser in teasers)
    urls = _urls(html)
    assert len(urls) == len(teasers) and len(urls) == len(set(urls)), "no story twice"


def test_the_demo_politik_page_lists_more_below_its_boxes(demo_password, client):  # noqa: F811
    load_demo()
    html = client.get("/ressort/politik/").content.decode()
    composed, _heading, rest = html.partition('class="front-list-title"')
    assert rest, "the list of further Politik stories"
    listed = _urls(rest)
    assert len(listed) >= 3
    assert not set(listed) & set(_urls(composed))
