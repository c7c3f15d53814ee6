"""Reader list pages as a reader and a feed reader meet them: numbers in the
reader's notation, paging through an author's and a topic's articles, the
canonical address of every list page and the feeds a browser or feed reader
discovers from a page's head (templates/articles/_list_head.html)."""

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import feedparser
import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import vector_expression
from articles.views import PAGE_SIZE
from comments.templatetags.comments import PAGE_PARAMETER
from tests.factories import (
    make_approved_comments,
    make_article,
    make_author,
    make_citation,
    make_section,
    make_source,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
MANY = 1234


class _Page(HTMLParser):
    """The <link> elements of a page (and whether each is in the head), the
    pagination's rel=prev/next links, and the teasers' headlines."""

    def __init__(self, html):
        super().__init__()
        self.links = []  # dicts of attributes, plus "in_head"
        self.rel_links = {}  # "prev"/"next" -> href
        self.headlines = []
        self._in_head = False
        self._in_headline = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "link":
            self.links.append({**attrs, "in_head": self._in_head})
        elif tag == "a" and attrs.get("rel") in ("prev", "next"):
            assert attrs["rel"] not in self.rel_links, "two rel links of one kind"
            self.rel_links[attrs["rel"]] = attrs["href"]
        elif tag in ("h2", "h3") and "teaser-title" in (attrs.get("class") or ""):
            self._in_headline = True
            self.headlines.append("")

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag in ("h2", "h3"):
            self._in_headline = False

    def handle_data(self, data):
        if self._in_headline:
            self.headlines[-1] += data

    def rel(self, rel, **match):
        return [
            link
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in match.items())
        ]

    def canonical(self):
        (link,) = self.rel("canonical")
        return link["href"]

    def feeds(self):
        """The feeds' autodiscovery links (alternates with a type)."""
        return [link for link in self.rel("alternate") if "type" in link]

    def languages(self):
        """{hreflang: href} of the page in each language."""
        return {
            link["hreflang"]: link["href"] for link in self.rel("alternate") if "hreflang" in link
        }


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = _Page(response.content.decode())
    assert all(link["in_head"] for link in page.links), "a <link> outside the head"
    return page


def _english(url):
    """The English page of ``url`` (under /en/)."""
    return f"/en{url}"


# -- numbers in the reader's notation ---------------------------------------------------


def test_comment_count_and_pages_carry_thousands_separators(client, settings):
    settings.COMMENTS = {**settings.COMMENTS, "PER_PAGE": 1}
    article = make_article()
    make_approved_comments(article, MANY)
    url = article.get_absolute_url()
    html = client.get(url).content.decode()
    assert '<h2 id="comments-heading">1.234 Kommentare</h2>' in html
    assert "<span>Seite 1 von 1.234</span>" in html

    # The last page: the number in the text is formatted, the one in the link is not.
    html = client.get(f"{url}?{PAGE_PARAMETER}={MANY}").content.decode()
    assert "<span>Seite 1.234 von 1.234</span>" in html
    assert f'href="?{PAGE_PARAMETER}=1233#kommentare"' in html

    html = client.get(_english(url)).content.decode()
    assert '<h2 id="comments-heading">1,234 comments</h2>' in html
    assert "<span>Page 1 of 1,234</span>" in html


def test_search_result_count_carries_thousands_separators(client):
    section = make_section()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            section=section,
            title=f"Hochwasser in Gemeinde {n}",
            slug=f"hochwasser-{n}",
            lead="Die Pegel steigen.",
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(minutes=n + 1),
        )
        for n in range(MANY)
    )
    if connection.vendor == "postgresql":
        Article.objects.update(search_vector=vector_expression())
    html = client.get("/suche/", {"q": "Hochwasser"}).content.decode()
    assert ">1.234 Treffer zu „Hochwasser“</p>" in html
    assert "<span>Seite 1 von 62</span>" in html

    html = client.get(_english("/suche/"), {"q": "Hochwasser"}).content.decode()
    assert ">1,234 results for “Hochwasser”</p>" in html


# -- author and tag pages, page by page -------------------------------------------------

LIST_PAGES = {
    "author": "/autor/die-autorin/",
    "tag": "/thema/fu%C3%9Fball/",  # a slug with ß: the canonical address is percent-encoded
}


@pytest.fixture
def many_articles():
    """PAGE_SIZE + 3 articles by one author on one topic, newest first by
    number: page 2 holds the three oldest."""
    author = make_author(slug="die-autorin")
    now = timezone.now()
    articles = [
        make_article(
            title=f"Bericht {n:02d}",
            authors=[author],
            tags=["Fußball"],
            publish_at=now - timedelta(hours=n + 1),
        )
        for n in range(PAGE_SIZE + 3)
    ]
    make_article(title="Anderes Thema")  # neither the author's nor the topic's
    return articles


@pytest.mark.parametrize("kind", LIST_PAGES)
def test_list_pages_page_by_page(client, many_articles, kind):
    url = LIST_PAGES[kind]
    first = _page(client, url)
    assert first.headlines == [a.title for a in many_articles[:PAGE_SIZE]]
    assert first.rel_links == {"next": "?page=2"}
    assert first.canonical() == BASE + url

    second = _page(client, url + first.rel_links["next"])
    assert second.headlines == ["Bericht 20", "Bericht 21", "Bericht 22"]
    assert second.rel_links == {"prev": "?page=1"}
    assert second.canonical() == f"{BASE}{url}?page=2"
    assert "Anderes Thema" not in second.headlines
    # Back again by the rel=prev link.
    assert _page(client, url + second.rel_links["prev"]).headlines == first.headlines


@pytest.mark.parametrize("kind", LIST_PAGES)
@pytest.mark.parametrize(
    # Not "page": that name is pytest-playwright's fixture, whose session-scoped
    # browser parametrisation would reorder these tests among the transactional ones.
    ("asked", "shown"),
    [("999", 2), ("abc", 1), ("0", 1), ("-1", 1), ("", 1), ("2.0", 1), ("9" * 40, 1)],
)
def test_odd_page_numbers_are_answered_calmly(client, many_articles, kind, asked, shown):
    """A page number (1 to 9999) past the end shows the last page (Django's
    Paginator.get_page); anything else is no page number and shows the
    first (the page cache keeps only page numbers, newsroom/cache.py); the
    canonical address names the page actually shown."""
    url = LIST_PAGES[kind]
    response = client.get(url, {"page": asked})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<span>Seite {shown} von 2</span>" in html
    parsed = _Page(html)
    assert len(parsed.headlines) == (PAGE_SIZE if shown == 1 else 3)
    assert parsed.canonical() == BASE + url + ("?page=2" if shown == 2 else "")


# -- canonical links and feed autodiscovery ----------------------------------------------

FEED_TYPES = {"application/rss+xml": "rss20", "application/atom+xml": "atom10"}


@pytest.fixture
def world():
    section = make_section(name="Politik", slug="politik")
    author = make_author(slug="die-autorin")
    source = make_source(slug="die-sprecherin")
    article = make_article(
        title="Der Landtag tagt", section=section, authors=[author], tags=["Landtag"]
    )
    make_citation(article, source)
    return article


@pytest.mark.parametrize(
    ("url", "feed_title"),
    [
        ("/", "Newsroom"),
        ("/ressort/politik/", "Newsroom – Politik"),
        ("/thema/landtag/", "Newsroom – Landtag"),
    ],
)
def test_pages_with_feeds_announce_them(client, settings, world, url, feed_title):
    settings.NEWSROOM_SITE_NAME = "Newsroom"
    page = _page(client, url)
    assert page.canonical() == BASE + url
    alternates = page.feeds()
    assert sorted(link["type"] for link in alternates) == sorted(FEED_TYPES)
    for link in alternates:
        fmt = "RSS" if link["type"] == "application/rss+xml" else "Atom"
        assert link["title"] == f"{feed_title} ({fmt})"
        href = urlsplit(link["href"])
        assert f"{href.scheme}://{href.netloc}" == BASE
        response = client.get(href.path)
        assert response.status_code == 200, link["href"]
        assert response["Content-Type"].startswith(link["type"])
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == FEED_TYPES[link["type"]]
        assert feed.feed.title == feed_title
        assert [entry.title for entry in feed.entries] == [world.title]


@pytest.mark.parametrize("url", ["/autor/die-autorin/", "/quelle/die-sprecherin/"])
def test_pages_without_feeds_name_only_their_canonical_address(client, world, url):
    page = _page(client, url)
    assert page.canonical() == BASE + url
    assert page.feeds() == []
    assert page.languages() == {"de": BASE + url, "en": f"{BASE}/en{url}", "x-default": BASE + url}


def test_canonical_address_drops_other_query_parameters(client, world):
    page = _page(client, "/ressort/politik/?utm_source=newsletter&page=1")
    assert page.canonical() == f"{BASE}/ressort/politik/"
    page = _page(client, "/?utm_source=newsletter")
    assert page.canonical() == f"{BASE}/"


def test_canonical_and_feed_links_follow_host_and_scheme(client, settings, world):
    settings.ALLOWED_HOSTS = ["zeitung.example"]
    response = client.get("/ressort/politik/", secure=True, HTTP_HOST="zeitung.example")
    page = _Page(response.content.decode())
    assert page.canonical() == "https://zeitung.example/ressort/politik/"
    assert {link["href"] for link in page.feeds()} == {
        "https://zeitung.example/ressort/politik/feed/",
        "https://zeitung.example/ressort/politik/feed/atom/",
    }
    assert page.languages()["en"] == "https://zeitung.example/en/ressort/politik/"
