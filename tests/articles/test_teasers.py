"""The teaser include (templates/articles/_teaser.html, issue 20): every variant
shows the hero image with width, height, alt text, srcset and sizes, lazy
unless it is the page's first picture; kicker, headline, and the lead where
the variant has room for it. List pages use the "list" variant."""

import re

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from articles import images
from articles.models import Image
from tests.factories import jpeg_bytes, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

VARIANTS = ["lead", "top", "standard", "compact", "list"]
LEAD = "Der Gemeinderat hat am Dienstag beschlossen, die Innenstadt zu sperren."


@pytest.fixture
def article(django_capture_on_commit_callbacks):
    image = Image(alt_text="Ein Deich bei Nacht", credit="Foto: Agentur")
    image.file = ContentFile(jpeg_bytes((1600, 900)), name="deich.jpg")
    images.store(image)
    # The search vector is written after the commit (articles/signals.py);
    # on PostgreSQL the search page finds the story only with it.
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(
            title="Innenstadt wird gesperrt",
            kicker="Verkehr",
            lead=LEAD,
            hero_image=image,
            section=make_section(name="Politik", slug="politik"),
            authors=[make_author(name="Julia Hofbauer", slug="julia-hofbauer")],
        )


def _render(article, **context):
    return render_to_string("articles/_teaser.html", {"article": article, **context})


def _img(html):
    tags = re.findall(r"<img [^>]*>", html)
    assert len(tags) == 1, html
    return dict(re.findall(r'([a-z-]+)="([^"]*)"', tags[0]))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("eager", [False, True])
def test_every_variant_shows_the_picture_with_its_attributes(article, variant, eager):
    html = _render(article, variant=variant, eager=eager, level=3)
    assert f'class="teaser teaser--{variant}"' in html
    img = _img(html)
    assert (img["width"], img["height"]) == ("1600", "900")
    assert img["alt"] == "Ein Deich bei Nacht"
    widths = [int(w) for w in re.findall(r" (\d+)w", img["srcset"])]
    assert widths == [320, 480, 800, 1200, 1600]
    assert img["sizes"]
    assert img["loading"] == ("eager" if eager else "lazy")
    assert ("fetchpriority" in img) == eager
    assert '<p class="kicker">Verkehr</p>' in html
    assert re.search(r'<h3 class="teaser-title"><a href="/artikel/[^"]+/">Innenstadt', html)


def test_the_sizes_follow_the_layout(article):
    sizes = {v: _img(_render(article, variant=v))["sizes"] for v in VARIANTS}
    # The lead spans two of three columns on a wide screen, the others one.
    assert sizes["lead"].startswith("(min-width: 81rem) 828px")
    assert sizes["top"] == sizes["standard"]
    assert sizes["standard"].startswith("(min-width: 81rem) 396px")
    assert sizes["standard"].endswith("calc(100vw - 36px)")
    # Thumbnails: a fixed width, so the 320 px rendition serves them.
    assert sizes["compact"] == "108px"
    assert sizes["list"] == "(min-width: 40rem) 252px, 108px"


def test_the_lead_where_there_is_room(article):
    assert LEAD in _render(article, variant="lead")
    assert LEAD in _render(article, variant="top")
    assert "teaser-lead" not in _render(article, variant="compact")
    listed = _render(article, variant="list")
    assert LEAD in listed
    # List pages name section, time and authors.
    assert '<a href="/ressort/politik/">Politik</a>' in listed
    assert "Julia Hofbauer" in listed


def test_old_callers_large_means_lead_and_default_is_standard(article):
    assert "teaser--lead" in _render(article, large=True, eager=True)
    assert _img(_render(article, large=True, eager=True))["loading"] == "eager"
    assert "teaser--standard" in _render(article)
    assert _img(_render(article))["loading"] == "lazy"


def test_without_a_picture_no_img(article):
    article.hero_image = None
    for variant in VARIANTS:
        html = _render(article, variant=variant)
        assert "<img" not in html
        assert "Innenstadt wird gesperrt" in html


def test_a_comment_count_is_shown_when_annotated(article):
    assert "comment" not in _render(article, variant="compact").lower()
    article.comment_count = 12
    assert "12 Kommentare" in _render(article, variant="compact")


@pytest.mark.parametrize(
    "path",
    ["/ressort/politik/", "/autor/julia-hofbauer/", "/suche/?q=Innenstadt"],
)
def test_list_pages_show_the_picture(client, article, path):
    html = client.get(path).content.decode()
    assert 'class="teaser teaser--list"' in html
    img = _img(html.split('<main id="inhalt"', 1)[1])
    assert img["sizes"] == "(min-width: 40rem) 252px, 108px"


def test_the_article_page_names_the_credit(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    figure = html[html.index('<figure class="hero">') : html.index("</figure>")]
    assert 'loading="eager"' in figure
    assert '<span class="credit">Foto: Agentur</span>' in figure
