"""Feeds (RSS 2.0 and Atom; site, section, tag), sitemaps (index, articles,
sections, Google News) and robots.txt.

The feeds are read the way a feed reader reads them (feedparser), the
sitemaps the way a crawler does (an XML parser, with namespaces). Whatever is
not public (drafts, articles in review, scheduled and archived ones) must
never show up in any of them.

Length: every feed and sitemap, their content, gates and query budgets; the
cases share this module's fixtures and helpers.
"""

import calendar
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from taggit.models import Tag

from articles.models import Article
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
HOST = "http://testserver"


# -- fixtures ---------------------------------------------------------------


@pytest.fixture
def world(settings):
    """Two sections; public articles and every kind of non-public one."""
    settings.NEWSROOM_SITE_NAME = "Tagblatt"
    now = timezone.now()
    politik = make_section(name="Politik", slug="politik", description="")
    kultur = make_section(name="Kultur", slug="kultur", description="Bühne, Buch, Bild.")
    anna = make_author(name="Anna Berger")
    bert = make_author(name="Bert Huber")
    w = {"politik": politik, "kultur": kultur}
    w["politik_article"] = make_article(
        section=politik,
        title="Gipfel in Wien",
        slug="gipfel-in-wien",
        kicker="Diplomatie",
        lead="Die Außenminister treffen sich.\n\nZweiter Absatz.",
        authors=[anna, bert],
        tags=["Außenpolitik", "NATO"],
        publish_at=now - timedelta(hours=1),
    )
    w["kultur_article"] = make_article(
        section=kultur,
        title="Premiere im Burgtheater",
        slug="premiere-im-burgtheater",
        authors=[anna],
        tags=["Theater"],
        publish_at=now - timedelta(days=3),
    )
    hidden = {
        "draft": {"status": Article.Status.DRAFT},
        "review": {"status": Article.Status.REVIEW},
        "scheduled": {"publish_at": now + timedelta(hours=2)},
        "archived": {"status": Article.Status.ARCHIVED, "publish_at": now - timedelta(hours=3)},
    }
    w["hidden"] = [
        make_article(
            section=politik,
            title=f"Geheim {name}",
            slug=f"geheim-{name}",
            tags=["Außenpolitik", "Theater"],
            authors=[anna],
            **fields,
        )
        for name, fields in hidden.items()
    ]
    return w


def _get(client, url, **kw):
    response = client.get(url, **kw)
    assert response.status_code == 200, (url, response.status_code)
    return response


def _feed(client, url, **kw):
    response = _get(client, url, **kw)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


def _xml(client, url):
    response = _get(client, url)
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted input


def _locs(root):
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


def _absolute(obj):
    return HOST + iri_to_uri(obj.get_absolute_url())


def _timestamp(struct):
    return calendar.timegm(struct)


def _tag_url(slug, *, atom=False):
    return reverse("tag-feed-atom" if atom else "tag-feed", kwargs={"slug": slug})


SITE_FEEDS = ["/feed/", "/feed/atom/"]
SECTION_FEEDS = ["/ressort/politik/feed/", "/ressort/politik/feed/atom/"]
TAG_FEEDS = ["/thema/au%C3%9Fenpolitik/feed/", "/thema/au%C3%9Fenpolitik/feed/atom/"]
ALL_FEEDS = SITE_FEEDS + SECTION_FEEDS + TAG_FEEDS + ["/thema/theater/feed/"]
SITEMAPS = ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-sections.xml", "/sitemap-news.xml"]


# -- URLs -------------------------------------------------------------------


def test_url_names_reverse_to_the_documented_paths():
    assert reverse("feed") == "/feed/"
    assert reverse("feed-atom") == "/feed/atom/"
    assert reverse("section-feed", kwargs={"slug": "politik"}) == "/ressort/politik/feed/"
    assert reverse("section-feed-atom", kwargs={"slug": "politik"}) == (
        "/ressort/politik/feed/atom/"
    )
    assert reverse("tag-feed", kwargs={"slug": "fußball"}) == "/thema/fu%C3%9Fball/feed/"
    assert reverse("tag-feed-atom", kwargs={"slug": "fußball"}) == (
        "/thema/fu%C3%9Fball/feed/atom/"
    )
    assert reverse("sitemap-index") == "/sitemap.xml"
    assert reverse("sitemap", kwargs={"section": "news"}) == "/sitemap-news.xml"
    assert reverse("robots") == "/robots.txt"


# -- feeds ------------------------------------------------------------------


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_site_feed_metadata_and_items(client, world, url):
    response, parsed = _feed(client, url)
    atom = url.endswith("atom/")
    assert response["Content-Type"].startswith(
        "application/atom+xml" if atom else "application/rss+xml"
    )
    assert parsed.version == ("atom10" if atom else "rss20")
    assert parsed.feed.title == "Tagblatt"
    assert parsed.feed.language == "de"
    assert parsed.feed.link == f"{HOST}/"
    assert "Tagblatt" in (parsed.feed.subtitle or "")

    # Newest first; only the two public articles.
    assert [e.link for e in parsed.entries] == [
        _absolute(world["politik_article"]),
        _absolute(world["kultur_article"]),
    ]
    entry = parsed.entries[0]
    article = world["politik_article"]
    assert entry.title == "Gipfel in Wien"
    assert entry.id == _absolute(article)
    assert entry.author == "Anna Berger, Bert Huber"
    assert [t.term for t in entry.tags] == ["Politik", "Außenpolitik", "NATO"]
    assert "Die Außenminister treffen sich." in entry.summary
    assert "Zweiter Absatz." in entry.summary
    assert _timestamp(entry.published_parsed) == int(article.publish_at.timestamp())
    if atom:
        # No correction or update since it went out: updated when published.
        assert _timestamp(entry.updated_parsed) == int(article.publish_at.timestamp())
    assert [t.term for t in parsed.entries[1].tags] == ["Kultur", "Theater"]
    assert parsed.entries[1].author == "Anna Berger"
    assert response.has_header("Last-Modified")


@pytest.mark.parametrize("url", SECTION_FEEDS)
def test_section_feed_lists_only_its_section(client, world, url):
    _response, parsed = _feed(client, url)
    assert parsed.feed.title == "Tagblatt – Politik"
    assert parsed.feed.link == f"{HOST}/ressort/politik/"
    assert parsed.feed.language == "de"
    assert [e.link for e in parsed.entries] == [_absolute(world["politik_article"])]


def test_section_feed_description_is_the_section_description(client, world):
    _response, parsed = _feed(client, "/ressort/kultur/feed/")
    assert parsed.feed.subtitle == "Bühne, Buch, Bild."
    assert [e.title for e in parsed.entries] == ["Premiere im Burgtheater"]


@pytest.mark.parametrize("url", TAG_FEEDS)
def test_tag_with_umlauts_has_a_working_feed(client, world, url):
    _response, parsed = _feed(client, url)
    assert parsed.feed.title == "Tagblatt – Außenpolitik"
    assert parsed.feed.link == f"{HOST}/thema/au%C3%9Fenpolitik/"
    assert parsed.feed.language == "de"
    assert [e.link for e in parsed.entries] == [_absolute(world["politik_article"])]


def test_tag_feed_url_is_built_from_the_taggit_slug(client, world):
    tag = world["politik_article"].tags.get(name="Außenpolitik")
    assert tag.slug == "außenpolitik"
    for atom in (False, True):
        _response, parsed = _feed(client, _tag_url(tag.slug, atom=atom))
        assert len(parsed.entries) == 1


def test_tag_feed_lists_only_articles_with_that_tag(client, world):
    _response, parsed = _feed(client, "/thema/theater/feed/")
    assert [e.title for e in parsed.entries] == ["Premiere im Burgtheater"]


@pytest.mark.parametrize("url", ALL_FEEDS)
def test_no_feed_ever_lists_unpublished_articles(client, world, url):
    response, parsed = _feed(client, url)
    body = response.content.decode()
    for article in world["hidden"]:
        assert article.title not in body
        assert article.slug not in body
    assert all(e.title.startswith(("Gipfel", "Premiere")) for e in parsed.entries)


@pytest.mark.parametrize(
    "url",
    [
        "/ressort/gibt-es-nicht/feed/",
        "/ressort/gibt-es-nicht/feed/atom/",
        "/thema/gibt-es-nicht/feed/",
        "/thema/gibt-es-nicht/feed/atom/",
        "/thema/%C3%BCberall/feed/",
    ],
)
def test_unknown_section_or_tag_feed_is_404(client, world, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/thema/embargo/feed/", "/thema/embargo/feed/atom/"])
def test_tag_of_unpublished_articles_only_has_no_feed(client, world, url):
    """The tag's name would leak through the feed title."""
    for article in world["hidden"]:
        article.tags.add("Embargo")
    assert client.get(url).status_code == 404


class _Shown(HTMLParser):
    """What a feed reader shows of HTML: its text; and the tags it would render."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _shown(value, content_type):
    """``value`` as a reader shows it, read as ``content_type`` (feedparser's
    guess for RSS, the declared type for Atom): (text, rendered tags)."""
    if content_type == "text/html":
        shown = _Shown(value)
        return "".join(shown.text), shown.tags
    return value, []


def test_feed_text_survives_markup_characters(client, world):
    """Titles and leads are plain text: "&" and "<" come out as written, and a
    lead cannot inject markup into a reader's HTML."""
    make_article(
        section=world["politik"],
        title="Preise & Löhne: „<Rekord>“",
        lead="Mehr als 5 % & weniger als <b>10</b> %.",
        publish_at=timezone.now() - timedelta(minutes=5),
    )
    for url in SITE_FEEDS:
        _response, parsed = _feed(client, url)
        entry = parsed.entries[0]
        assert _shown(entry.title, entry.title_detail.type) == ("Preise & Löhne: „<Rekord>“", [])
        assert "<b>" not in entry.summary
        assert "&lt;b&gt;10&lt;/b&gt;" in entry.summary


MARKUP_HEADLINE = "Warum <b>fett</b> &amp; <i>süß</i> schmeckt"
MARKUP_SECTION = "Kunst & <em>Kultur</em>"
MARKUP_TAGS = ["<img src=x onerror=alert(1)>", "AT&T", "&lt;3"]


@pytest.mark.parametrize(
    "url",
    [
        "/feed/",
        "/feed/atom/",
        "/ressort/markup/feed/",
        "/ressort/markup/feed/atom/",
        "/thema/markup/feed/",
        "/thema/markup/feed/atom/",
    ],
)
def test_markup_in_headlines_and_names_shows_as_text_in_feed_readers(client, settings, url):
    """A headline, section name or tag with markup is shown by a feed reader
    (feedparser) exactly as typed, as text: RSS readers take an RSS title for
    HTML, so it is escaped for HTML before it is escaped for XML (Django's
    intent, ticket #6533); Atom titles are typed text. Nothing renders as a
    tag, in the entry's title, its categories, or the channel's title and
    description."""
    settings.NEWSROOM_SITE_NAME = "Tagblatt"
    section = make_section(
        name=MARKUP_SECTION, slug="markup", description="Alles über <b>Bühnen</b>"
    )
    make_article(
        section=section,
        title=MARKUP_HEADLINE,
        tags=[*MARKUP_TAGS, "markup"],
        publish_at=timezone.now() - timedelta(minutes=5),
    )
    Tag.objects.filter(name="markup").update(name="<u>Markup</u>")
    _response, parsed = _feed(client, url)
    atom = url.endswith("atom/")
    entry = parsed.entries[0]
    assert _shown(entry.title, entry.title_detail.type) == (MARKUP_HEADLINE, [])
    # Categories carry no type: an RSS reader may take them for HTML or for
    # text, and both must show the name as typed. Atom's term is text.
    terms = [tag.term for tag in entry.tags]
    typed = [MARKUP_SECTION, *sorted([*MARKUP_TAGS, "<u>Markup</u>"], key=str.casefold)]
    if atom:
        assert terms == typed
    else:
        assert [_shown(term, "text/html") for term in terms] == [(name, []) for name in typed]
        for term, name in zip(terms, typed, strict=True):
            if not re.search(r"[<>]|&[#A-Za-z0-9]", name):
                assert term == name  # "Kunst & Kultur" reads the same either way
    if "/ressort/" in url:
        assert _shown(parsed.feed.title, parsed.feed.title_detail.type) == (
            "Tagblatt – Kunst & <em>Kultur</em>",
            [],
        )
        assert _shown(parsed.feed.subtitle, parsed.feed.subtitle_detail.type) == (
            "Alles über <b>Bühnen</b>",
            [],
        )
    if "/thema/" in url:
        assert _shown(parsed.feed.title, parsed.feed.title_detail.type) == (
            "Tagblatt – <u>Markup</u>",
            [],
        )


def test_plain_names_with_an_ampersand_stay_as_typed_in_rss_categories(client):
    section = make_section(name="Kunst & Kultur", slug="kunst")
    make_article(section=section, tags=["Bühne & Film"])
    _response, parsed = _feed(client, "/ressort/kunst/feed/")
    assert [tag.term for tag in parsed.entries[0].tags] == ["Kunst & Kultur", "Bühne & Film"]


def test_feed_lists_the_30_newest(client):
    section = make_section(slug="viele")
    now = timezone.now()
    for i in range(35):
        make_article(section=section, title=f"Nummer {i}", publish_at=now - timedelta(minutes=i))
    _response, parsed = _feed(client, "/ressort/viele/feed/")
    assert [e.title for e in parsed.entries] == [f"Nummer {i}" for i in range(30)]


def test_english_pages_name_the_german_feeds(client, world):
    """Feeds are German whatever the language (one address each, no /en/)."""
    html = client.get("/en/").content.decode()
    for url in SITE_FEEDS:
        assert f'href="http://testserver{url}"' in html
        _response, parsed = _feed(client, url)
        assert parsed.feed.language == "de"
        assert client.get(f"/en{url}").status_code == 404


def test_feed_without_bylines_has_no_author(client):
    make_article(section=make_section(slug="agentur"), title="Meldung")
    for url in ["/ressort/agentur/feed/", "/ressort/agentur/feed/atom/"]:
        _response, parsed = _feed(client, url)
        assert "author" not in parsed.entries[0]


def test_empty_feed_is_valid(client):
    make_section(slug="leer")
    for url in ["/ressort/leer/feed/", "/ressort/leer/feed/atom/", "/feed/"]:
        _response, parsed = _feed(client, url)
        assert parsed.entries == []


def test_feed_urls_use_https_when_requested_over_https(client, world):
    _response, parsed = _feed(client, "/feed/", secure=True)
    assert parsed.entries[0].link.startswith("https://testserver/artikel/")


# -- query counts -------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _populate(section, n):
    for _ in range(n):
        make_article(
            section=section,
            authors=[make_author(), make_author()],
            tags=["Außenpolitik", f"Thema {make_author().pk}"],
        )


@pytest.mark.parametrize(
    "url",
    SITE_FEEDS + SECTION_FEEDS + TAG_FEEDS + SITEMAPS,
)
def test_queries_do_not_grow_with_articles(client, url, settings):
    settings.PAGE_CACHE = False  # every request renders (factories bypass the services)
    section = make_section(name="Politik", slug="politik")
    _populate(section, 3)
    few = _queries(client, url)
    _populate(section, 17)
    assert _queries(client, url) == few


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # articles with sections, bylines with authors, tags; the page
        # cache's probe for the next scheduled publication
        ("/feed/", 4),
        ("/feed/atom/", 4),
        # plus the section or tag itself
        ("/ressort/politik/feed/", 5),
        # plus whether the tag has a public article at all
        ("/thema/au%C3%9Fenpolitik/feed/atom/", 6),
    ],
)
def test_feed_query_budget(client, url, budget):
    _populate(make_section(name="Politik", slug="politik"), 5)
    assert _queries(client, url) == budget


# -- sitemaps ---------------------------------------------------------------


def test_sitemap_index_lists_the_three_sitemaps(client, world):
    root = _xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locs = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]
    assert locs == [
        f"{HOST}/sitemap-articles.xml",
        f"{HOST}/sitemap-sections.xml",
        f"{HOST}/sitemap-news.xml",
    ]
    # Every listed sitemap is served.
    for loc in locs:
        _get(client, loc.removeprefix(HOST))
    lastmods = [el.text for el in root.findall("sm:sitemap/sm:lastmod", NS)]
    assert len(lastmods) == 3
    public = [world["politik_article"], world["kultur_article"]]
    newest_change = max(max(a.updated_at, a.publish_at) for a in public)
    assert datetime.fromisoformat(lastmods[0]) == newest_change


def test_article_sitemap_lists_public_articles_only(client, world):
    root = _xml(client, "/sitemap-articles.xml")
    assert root.tag == f"{{{NS['sm']}}}urlset"
    assert _locs(root) == [_absolute(world["politik_article"]), _absolute(world["kultur_article"])]
    lastmod = root.find("sm:url/sm:lastmod", NS).text
    assert lastmod == timezone.localdate(world["politik_article"].updated_at).isoformat()


def test_article_sitemap_lastmod_is_never_before_publication(client, world):
    """An article edited while scheduled was, for readers, new when it went out."""
    article = world["politik_article"]
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - timedelta(minutes=1),
        updated_at=timezone.now() - timedelta(days=10),
    )
    root = _xml(client, "/sitemap-articles.xml")
    assert root.find("sm:url/sm:lastmod", NS).text == timezone.localdate().isoformat()


def test_section_sitemap_lists_all_sections(client, world):
    root = _xml(client, "/sitemap-sections.xml")
    assert sorted(_locs(root)) == sorted([f"{HOST}/ressort/politik/", f"{HOST}/ressort/kultur/"])


def test_news_sitemap_lists_the_last_two_days(client, world, settings):
    now = timezone.now()
    recent = make_article(
        section=world["kultur"],
        title="Vor 47 Stunden",
        publish_at=now - timedelta(hours=47),
    )
    make_article(
        section=world["kultur"], title="Vor 49 Stunden", publish_at=now - timedelta(hours=49)
    )
    root = _xml(client, "/sitemap-news.xml")
    assert _locs(root) == [_absolute(world["politik_article"]), _absolute(recent)]

    url = root.find("sm:url", NS)
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Tagblatt"
    assert news.find("news:publication/news:language", NS).text == "de"
    assert news.find("news:title", NS).text == "Gipfel in Wien"
    date_text = news.find("news:publication_date", NS).text
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", date_text)
    published = datetime.fromisoformat(date_text)
    assert published == world["politik_article"].publish_at.replace(microsecond=0)


def test_news_sitemap_escapes_titles(client, world):
    make_article(
        section=world["kultur"],
        title="Preise & Löhne: <Rekord>",
        publish_at=timezone.now() - timedelta(minutes=1),
    )
    root = _xml(client, "/sitemap-news.xml")
    titles = [el.text for el in root.findall("sm:url/news:news/news:title", NS)]
    assert titles[0] == "Preise & Löhne: <Rekord>"


def test_news_sitemap_may_be_empty(client):
    make_article(publish_at=timezone.now() - timedelta(days=5))
    root = _xml(client, "/sitemap-news.xml")
    assert _locs(root) == []


@pytest.mark.parametrize("url", SITEMAPS)
def test_no_sitemap_ever_lists_unpublished_articles(client, world, url):
    body = _get(client, url).content.decode()
    for article in world["hidden"]:
        assert article.slug not in body
        assert article.title not in body


def test_unknown_sitemap_is_404(client):
    assert client.get("/sitemap-gibtsnicht.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=2").status_code == 404


def test_sitemaps_are_not_indexed_themselves(client, world):
    assert "noindex" in _get(client, "/sitemap-articles.xml")["X-Robots-Tag"]


# -- robots.txt -------------------------------------------------------------


def test_robots_txt(client):
    response = _get(client, "/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ["/admin/", "/suche/", "/i18n/", "/kommentar/"]:
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # The Google News sitemap is in the index and named on its own as well.
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    # Nothing public is shut out.
    assert "Disallow: /" not in lines
    assert not any(line.startswith("Disallow: /artikel/") and "*" not in line for line in lines)


def test_robots_txt_sitemap_follows_host_and_scheme(client, settings):
    settings.ALLOWED_HOSTS = ["zeitung.example"]
    response = _get(client, "/robots.txt", secure=True, HTTP_HOST="zeitung.example")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://zeitung.example/sitemap.xml" in lines
    assert "Sitemap: https://zeitung.example/sitemap-news.xml" in lines


def test_robots_txt_sitemaps_answer_with_xml(client, world):
    """Every sitemap robots.txt names answers with a sitemap or an index;
    the news sitemap lists the fresh public articles."""
    lines = _get(client, "/robots.txt").content.decode().splitlines()
    urls = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap: ")]
    assert len(urls) == 2
    roots = {}
    for url in urls:
        assert url.startswith(HOST + "/")
        roots[url.removeprefix(HOST)] = _xml(client, url.removeprefix(HOST))
    assert roots["/sitemap.xml"].tag == f"{{{NS['sm']}}}sitemapindex"
    news = roots["/sitemap-news.xml"]
    assert news.tag == f"{{{NS['sm']}}}urlset"
    assert _locs(news)


def test_robots_txt_is_get_only(client):
    assert client.post("/robots.txt").status_code == 405
