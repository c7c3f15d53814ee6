"""The home page of the demo as a reader sees it on a phone (375 px) and a
desktop (1280 px), issue 20: nothing wider than the screen, no layout shift
while the pictures load (the browser's own layout-shift entries), every
teaser picture with its attributes, a grid on the desktop and compact
teasers (thumbnail left of the headline) on the phone."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from articles import images
from articles.models import Image
from tests.factories import jpeg_bytes, make_article, make_section

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}

# Layout-shift entries from the start of the page (buffered), after scrolling
# through it so that every lazy picture loads, and waiting for them.
LAYOUT_SHIFTS = """async () => {
  const shifts = [];
  new PerformanceObserver(list => shifts.push(...list.getEntries()))
    .observe({type: 'layout-shift', buffered: true});
  for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(resolve => setTimeout(resolve, 60));
  }
  await Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(resolve => { img.onload = img.onerror = resolve; })));
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 100)));
  return shifts.map(s => ({value: s.value,
    sources: (s.sources || []).map(x => x.node ? x.node.outerHTML.slice(0, 80) : '?')}));
}"""

OVERFLOW = """() => ({
  width: document.scrollingElement.scrollWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5).map(el => el.outerHTML.slice(0, 80)),
})"""

PICTURES = """imgs => imgs.map(img => ({
  src: img.currentSrc, width: img.getAttribute('width'), height: img.getAttribute('height'),
  alt: img.getAttribute('alt'), srcset: img.getAttribute('srcset'),
  loading: img.getAttribute('loading'), loaded: img.complete && img.naturalWidth > 0,
  box: img.getBoundingClientRect().toJSON(),
}))"""


@pytest.fixture
def site(monkeypatch, live_server):
    monkeypatch.setenv("DEMO_PASSWORD", "browser-test-pass-1")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


def _open(browser, site, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site + "/")
    return page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_home_fits_the_screen_and_nothing_moves(site, browser, viewport):
    page = _open(browser, site, viewport)
    shifts = page.evaluate(LAYOUT_SHIFTS)
    assert shifts == [], f"layout shifts while loading: {shifts}"

    overflow = page.evaluate(OVERFLOW)
    assert overflow["width"] <= viewport["width"], f"scrolls sideways: {overflow}"
    assert overflow["wide"] == []

    pictures = page.locator("main .teaser img").evaluate_all(PICTURES)
    assert len(pictures) >= 4, "the demo's teasers show their pictures"
    for number, picture in enumerate(pictures):
        assert picture["width"] and picture["height"] and picture["alt"], picture
        assert picture["srcset"] and picture["loaded"], picture
        assert picture["loading"] == ("eager" if number == 0 else "lazy"), picture
        assert picture["box"]["right"] <= viewport["width"], picture
        # 16:9 boxes, whatever the picture.
        assert abs(picture["box"]["width"] / picture["box"]["height"] - 16 / 9) < 0.02, picture
        # The sizes attributes follow the layout: the rendition the browser
        # picks (device pixel ratio 1) is never more than twice the width shown,
        # or the smallest there is (a compact teaser's 108 px thumbnail: 320).
        chosen = re.search(r"-w(\d+)\.webp$", picture["src"])
        chosen = int(chosen[1]) if chosen else int(picture["width"])
        largest = max(2 * picture["box"]["width"], min(images.RENDITION_WIDTHS))
        assert picture["box"]["width"] <= chosen <= largest, picture


@pytest.mark.django_db(transaction=True)
def test_a_grid_on_the_desktop(site, browser):
    page = _open(browser, site, DESKTOP)
    lead = page.locator(".front-lead .teaser-img").bounding_box()
    assert lead["width"] > 700, "the lead's picture spans two of three columns"
    blocks = page.locator(".front-block").evaluate_all(
        "els => els.map(el => Math.round(el.getBoundingClientRect().left))"
    )
    assert len(set(blocks)) == 3, f"blocks in three columns: {blocks}"


@pytest.mark.django_db(transaction=True)
def test_compact_teasers_on_the_phone(live_server, browser):
    """A Ressort block: its first story with a picture over the headline, the
    next ones compact, a thumbnail left of the headline."""
    section = make_section(name="Lokales", slug="lokales")
    for number in range(8):  # lead, three top stories, a block of four
        image = Image(alt_text=f"Bild {number}", credit="Foto: Test")
        image.file = ContentFile(jpeg_bytes((1200, 675)), name="bild.jpg")
        images.store(image)
        make_article(title=f"Meldung {number}", section=section, hero_image=image)
    page = _open(browser, live_server.url, PHONE)
    assert page.locator(".front-block .teaser--standard img").count() >= 1
    compact = page.locator(".front-block .teaser--compact:has(img)")
    assert compact.count() >= 2, page.locator("main").inner_html()[:2000]
    first = compact.first
    first.scroll_into_view_if_needed()
    image = first.locator("img").bounding_box()
    title = first.locator(".teaser-title").bounding_box()
    assert image["width"] < 130, "a thumbnail"
    assert title["x"] >= image["x"] + image["width"], "the headline right of the thumbnail"
    assert title["y"] < image["y"] + image["height"], "beside it, not below"
    # The thumbnail rendition is enough for it.
    first.locator("img").evaluate("img => img.complete || new Promise(r => img.onload = r)")
    assert first.locator("img").evaluate("img => img.currentSrc").endswith("-w320.webp")
