"""The composed pages as readers get them: the home page and a Ressort page
with its composed part and its paged list (no story twice, page 2 just the
list), cached like every reader page and dropped when a story they show
changes, when the desk saves a composition, and bounded by the next
composition and a placed story's end."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles import invalidation, publishing
from articles.models import Article
from frontpage import composing
from frontpage.models import Composition, Slot
from tests.factories import make_article, make_image, make_section

pytestmark = pytest.mark.django_db
Kind = Slot.Kind


def _titles(html):
    return re.findall(r'class="teaser-title"><a href="[^"]+">([^<]+)</a>', html)


def _compose(editor, slots, *, section=None, at=None):
    return composing.save_composition(
        composition=Composition(section=section, go_live_at=at or timezone.now()),
        slots=slots,
        user=editor,
    )


@pytest.fixture
def site(db):
    now = timezone.now()
    politik = make_section(name="Politik", slug="politik", position=1)
    kultur = make_section(name="Kultur", slug="kultur", position=2)
    stories = {
        f"p{i}": make_article(
            title=f"Politik {i}", section=politik, publish_at=now - timedelta(hours=i + 1)
        )
        for i in range(25)
    }
    stories["k0"] = make_article(
        title="Kultur 0",
        section=kultur,
        publish_at=now - timedelta(minutes=20),
        hero_image=make_image(alt_text="Bühne im Scheinwerferlicht"),
        tags=["Theater"],
    )
    return {"politik": politik, "kultur": kultur, **stories}


def test_the_home_page_shows_the_composition_with_pictures(client, editor, site):
    _compose(
        editor,
        [
            Slot(position=0, kind=Kind.AUFMACHER, article=site["k0"]),
            Slot(position=1, kind=Kind.TOP),
            Slot(position=2, kind=Kind.TOP),
            Slot(position=3, kind=Kind.SECTION_BLOCK, section=site["politik"], count=4),
            Slot(position=4, kind=Kind.MOST_COMMENTED, count=5),
        ],
    )
    html = client.get("/").content.decode()
    assert _titles(html) == [
        "Kultur 0",
        "Politik 0",
        "Politik 1",
        "Politik 2",
        "Politik 3",
        "Politik 4",
        "Politik 5",
    ]
    lead = re.search(r'<section class="front-slot front-lead".*?</section>', html, re.S)[0]
    assert 'alt="Bühne im Scheinwerferlicht"' in lead and 'loading="eager"' in lead
    assert re.search(r"<img [^>]*width=\"\d+\" height=\"\d+\"", lead)


def test_a_ressort_page_lists_what_its_composition_does_not_show(client, editor, site):
    _compose(
        editor,
        [
            Slot(position=0, kind=Kind.AUFMACHER, article=site["p7"]),
            Slot(position=1, kind=Kind.TOP),
            Slot(position=2, kind=Kind.TAG_BOX, tag=site["k0"].tags.get(), count=2),
        ],
        section=site["politik"],
    )
    first = client.get("/ressort/politik/").content.decode()
    titles = _titles(first)
    assert titles[:3] == ["Politik 7", "Politik 0", "Kultur 0"]
    assert len(titles) == len(set(titles))
    # The list below: the Ressort's other stories, 20 a page, newest first.
    assert titles[3:] == [f"Politik {i}" for i in range(1, 25) if i != 7][:20]
    second = _titles(client.get("/ressort/politik/?page=2").content.decode())
    assert second == ["Politik 22", "Politik 23", "Politik 24"]
    # A Ressort without a composition: just its list.
    assert _titles(client.get("/ressort/kultur/").content.decode()) == ["Kultur 0"]


def test_a_change_of_a_shown_story_drops_the_pages_that_show_it(editor, site):
    reader = Client()
    _compose(
        editor,
        [Slot(kind=Kind.TAG_BOX, tag=site["k0"].tags.get(), count=1)],
        section=site["politik"],
    )
    for url in ("/", "/ressort/politik/"):
        assert reader.get(url)["X-Page-Cache"] == "miss"
        assert reader.get(url)["X-Page-Cache"] == "hit"
    # Kultur 0 is on both pages; the Politik page shows it only in its box.
    assert f"article-{site['k0'].pk}" in reader.get("/ressort/politik/")["Surrogate-Key"]
    publishing.unpublish(article=site["k0"], user=editor)
    for url in ("/", "/ressort/politik/"):
        response = reader.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Kultur 0" not in response.content.decode()


def test_saving_a_composition_drops_its_page_only(editor, site):
    reader = Client()
    for url in ("/", "/ressort/kultur/"):
        reader.get(url)
    _compose(editor, [Slot(kind=Kind.AUFMACHER, article=site["p9"])])
    response = reader.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert _titles(response.content.decode())[0] == "Politik 9"
    assert reader.get("/ressort/kultur/")["X-Page-Cache"] == "hit"


def test_the_page_is_kept_no_longer_than_the_next_change_by_time(editor, site, settings):
    settings.CDN_MAX_AGE = 3600
    reader = Client()
    now = timezone.now()
    _compose(
        editor,
        [
            Slot(
                kind=Kind.AUFMACHER,
                article=site["p5"],
                expires_at=now + timedelta(minutes=30),
            )
        ],
    )
    _compose(editor, [Slot(kind=Kind.AUFMACHER)], at=now + timedelta(minutes=20))
    cache_control = reader.get("/")["Cache-Control"]
    s_maxage = int(re.search(r"s-maxage=(\d+)", cache_control)[1])
    assert 0 < s_maxage <= 20 * 60


def test_the_home_page_takes_the_same_queries_for_3_and_12_sections(
    client, editor, django_assert_num_queries
):
    from tests.factories import forget_stored_pages

    counts = []
    for n in (3, 12):
        for i in range(n - Article.objects.values("section").distinct().count()):
            section = make_section()
            make_article(section=section, publish_at=timezone.now() - timedelta(minutes=i + 1))
        forget_stored_pages()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_key_names_the_page_of_compositions():
    assert composing.page_key(None) == "frontpage-home"
    assert composing.page_key(3) == "frontpage-section-3"
    assert invalidation.article_key(3) == "article-3"
