"""The demo's front pages (demo/front_pages.py): a composed home page whose
teasers show pictures, with no story twice, a composed Politik page, and
an evening composition scheduled for 18:00 that readers see from then on."""

import re

import pytest
from django.utils import timezone

from frontpage import composing
from frontpage.models import Composition
from tests.demo.test_demo import demo_password, load_demo, media_root  # noqa: F401

pytestmark = pytest.mark.django_db


def _titles(html):
    return re.findall(r'class="teaser-title"><a href="[^"]+">([^<]+)</a>', html)


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
