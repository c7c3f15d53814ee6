"""Every public page type on a 320 px wide screen: no horizontal scrolling,
and images that reserve their space and come in fitting sizes. And the
article as printed: text and sources, no navigation, footer or comment form."""

from urllib.parse import quote

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from demo.data import FLAGSHIP_SLUG
from tests.factories import make_article

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def site(monkeypatch, live_server):
    monkeypatch.setenv("DEMO_PASSWORD", "browser-test-pass-1")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


def public_pages():
    """(name, path, language) of one page of every public type in the demo."""
    flagship = Article.objects.get(slug=FLAGSHIP_SLUG)
    plain = Article.objects.published().filter(hero_image=None).order_by("-publish_at").first()
    if plain is None:
        # The demo pictures every story: take the oldest one's picture off (as
        # quality/check.py does), so the page without one is checked too.
        plain = Article.objects.published().exclude(slug=FLAGSHIP_SLUG).order_by("publish_at")[0]
        Article.objects.filter(pk=plain.pk).update(hero_image=None)
    tag = flagship.tags.order_by("name").first()
    author = flagship.bylines.first().author
    source = flagship.citations.first().source
    comment = Comment.objects.visible().filter(article=flagship).order_by("pk").first()
    return [
        ("home", "/", "de"),
        ("section", flagship.section.get_absolute_url(), "de"),
        ("article", flagship.get_absolute_url(), "de"),
        ("article without image", plain.get_absolute_url(), "de"),
        ("tag", f"/thema/{quote(tag.slug)}/", "de"),
        ("author", author.get_absolute_url(), "de"),
        ("source", source.get_absolute_url(), "de"),
        ("search", "/suche/?q=Nordkorea", "de"),
        ("search without results", "/suche/?q=Quarkzwergfabrik", "de"),
        ("search form", "/suche/", "de"),
        ("404", "/gibt-es-nicht/", "de"),
        ("comment report", f"/kommentar/{comment.pk}/melden/", "de"),
        ("article in English", f"/en{flagship.get_absolute_url()}", "en"),
        ("comment form with errors", "POST", "de"),
    ]


IMAGE_ATTRIBUTES = """img => ({
    src: img.currentSrc || img.src,
    width: img.getAttribute('width'),
    height: img.getAttribute('height'),
    srcset: img.getAttribute('srcset'),
    sizes: img.getAttribute('sizes'),
    loading: img.getAttribute('loading'),
    alt: img.getAttribute('alt'),
    rendered: img.getBoundingClientRect().width,
})"""


@pytest.mark.django_db(transaction=True)
def test_no_horizontal_scrolling_at_320_px(site, browser):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    seen_images = 0
    for name, path, language in public_pages():
        if path == "POST":
            # The article again, after sending an empty comment: the error summary.
            page.goto(f"{site}/artikel/{FLAGSHIP_SLUG}/")
            page.get_by_role("button", name="Kommentar absenden").click()
            expect(page.get_by_role("alert")).to_be_visible()
        else:
            page.goto(site + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > 320.5
                              || el.scrollWidth > el.clientWidth + 0.5)
                .slice(0, 5)
                .map(el => el.outerHTML.slice(0, 80))"""
        )
        assert width <= 320, f"{name} ({path}) scrolls sideways: {width} px wide, {wide}"

        for image in page.locator("main img").evaluate_all(f"imgs => imgs.map({IMAGE_ATTRIBUTES})"):
            seen_images += 1
            where = f"{name}: {image['src']}"
            assert image["width"] and image["height"], f"{where} reserves no space"
            assert image["srcset"] and image["sizes"], f"{where} has no srcset/sizes"
            assert image["loading"] in {"eager", "lazy"}, f"{where} has no loading attribute"
            assert image["alt"], f"{where} has no alt text"
            assert image["rendered"] <= 320
    # Home and flagship article show a hero image each (and the English article).
    assert seen_images >= 3
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_hero_image_is_eager_and_list_images_lazy(site, page):
    page.goto(f"{site}/artikel/{FLAGSHIP_SLUG}/")
    expect(page.locator("main .hero img")).to_have_attribute("loading", "eager")
    page.goto(f"{site}/")
    images = page.locator("main img")
    expect(images.first).to_have_attribute("loading", "eager")
    for index in range(1, images.count()):
        expect(images.nth(index)).to_have_attribute("loading", "lazy")


@pytest.mark.django_db(transaction=True)
def test_the_printed_article(site, page):
    article = make_article(
        title="Neue Brücke über die Seewald",
        body="Die Pläne liegen [im Rathaus](https://example.org/plaene) auf.\n\n"
        "Mehr dazu [hier](/ressort/politik/).",
    )
    page.goto(f"{site}{article.get_absolute_url()}")
    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".article .body")).to_be_visible()
    for hidden in (
        ".site-header nav",
        ".site-search",
        ".site-footer",
        ".comment-form",
        ".skip-link",
    ):
        expect(page.locator(hidden).first).to_be_hidden()
    # The address of an external link is printed after its text.
    after = page.locator(".article .body a").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert after == '" (" attr(href) ")"' or "https://example.org/plaene" in after
    local = (
        page.locator(".article .body a")
        .nth(1)
        .evaluate("a => getComputedStyle(a, '::after').content")
    )
    assert local in {"none", "normal"}

    page.emulate_media(media="screen")
    expect(page.locator(".comment-form")).to_be_visible()
    expect(page.locator(".site-footer")).to_be_visible()
