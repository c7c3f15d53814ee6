"""Article metadata for search engines and link previews: the JSON-LD
NewsArticle, Open Graph and Twitter card tags and the canonical link
(articles/templatetags/seo.py, templates/articles/_meta.html)."""

import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import images
from articles.models import Article, Image
from tests.factories import (
    forget_stored_pages,
    jpeg_bytes,
    make_article,
    make_author,
    make_citation,
    make_comment,
    make_correction,
    make_section,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)  # 12:00 in Vienna (CET)
MODIFIED = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)  # 10:30 in Vienna (CEST)
BASE = "http://testserver"


class _Head(HTMLParser):
    """The <meta>, <link> and JSON-LD <script> elements of a page."""

    def __init__(self):
        super().__init__()
        self.meta = []  # (property or name, content)
        self.links = []  # (rel, href)
        self.json_ld = []  # raw text of each ld+json script
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.meta.append((key, attrs["content"]))
        elif tag == "link":
            self.links.append((attrs.get("rel"), attrs.get("href")))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def _head(html):
    parser = _Head()
    parser.feed(html)
    return parser


def _meta(head, key):
    return [content for name, content in head.meta if name == key]


def _one(head, key):
    values = _meta(head, key)
    assert len(values) == 1, (key, values)
    return values[0]


def _json_ld(html):
    scripts = _head(html).json_ld
    assert len(scripts) == 1
    return json.loads(scripts[0])


def _raw_json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return match.group(1)


def _script_tags(html):
    return re.findall(r"<script\b[^>]*>", html, re.I)


def _image(size=(1000, 600), alt_text="Soldaten an einer Grenze"):
    image = Image(alt_text=alt_text, credit="Foto: APA")
    image.file = ContentFile(jpeg_bytes(size), name="hero.jpg")
    images.store(image)  # re-encoded under a generated name, with WebP renditions
    return image


@pytest.fixture
def article():
    article = make_article(
        title="Gipfel in Wien endet ohne Einigung",
        lead="Die Verhandlungen über den Waffenstillstand sind gescheitert.",
        section=make_section(name="Politik", slug="politik"),
        authors=[
            make_author(name="Anna Berger", slug="anna-berger"),
            make_author(name="Jörg Öztürk", slug="joerg-oeztuerk"),
        ],
        tags=["Nahost", "Diplomatie"],
        hero_image=_image(),
        publish_at=PUBLISHED,
    )
    # Modified for readers by a correction (a later plain save is no update).
    make_correction(article, created_at=MODIFIED)
    Article.objects.filter(pk=article.pk).update(updated_at=MODIFIED + timedelta(days=1))
    return article


def _get(client, article, **kw):
    response = client.get(article.get_absolute_url(), **kw)
    assert response.status_code == 200
    return response.content.decode()


# --------------------------------------------------------------------------
# JSON-LD
# --------------------------------------------------------------------------


def test_json_ld_describes_the_news_article(client, article):
    data = _json_ld(_get(client, article))
    url = f"{BASE}/artikel/{article.slug}/"
    stem = article.hero_image.file.url.rsplit(".", 1)[0]
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Gipfel in Wien endet ohne Einigung",
        "description": "Die Verhandlungen über den Waffenstillstand sind gescheitert.",
        "image": [
            BASE + article.hero_image.file.url,
            f"{BASE}{stem}-w800.webp",
            f"{BASE}{stem}-w480.webp",
            f"{BASE}{stem}-w320.webp",
        ],
        "datePublished": "2026-03-01T12:00:00+01:00",
        "dateModified": "2026-07-01T10:30:00+02:00",
        "author": [
            {"@type": "Person", "name": "Anna Berger", "url": f"{BASE}/autor/anna-berger/"},
            {"@type": "Person", "name": "Jörg Öztürk", "url": f"{BASE}/autor/joerg-oeztuerk/"},
        ],
        "articleSection": "Politik",
        "keywords": data["keywords"],  # order as the tags come; checked below
        "inLanguage": "de",
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": "Newsroom", "url": f"{BASE}/"},
    }
    assert sorted(data["keywords"]) == ["Diplomatie", "Nahost"]
    assert article.hero_image.file.url.endswith(".jpg")


def test_publisher_is_the_configured_site_name(client, article, settings):
    settings.NEWSROOM_SITE_NAME = "Wiener Tagblatt"
    html = _get(client, article)
    assert _json_ld(html)["publisher"]["name"] == "Wiener Tagblatt"
    assert _one(_head(html), "og:site_name") == "Wiener Tagblatt"


def test_urls_follow_the_request_scheme(client, article):
    data = _json_ld(_get(client, article, secure=True))
    assert data["url"].startswith("https://testserver/")
    assert all(url.startswith("https://testserver/") for url in data["image"])
    assert data["author"][0]["url"].startswith("https://testserver/")


def test_long_headline_is_cut_to_110_characters(client):
    title = "Sehr lange Schlagzeile " * 8  # 184 characters
    article = make_article(title=title.strip())
    data = _json_ld(_get(client, article))
    assert len(data["headline"]) == 110
    assert data["headline"].endswith("…")
    assert title.startswith(data["headline"][:-1])
    # Open Graph keeps the whole headline.
    assert _one(_head(_get(client, article)), "og:title") == title.strip()


def test_date_modified_is_never_before_date_published(client):
    """An article saved while scheduled has not changed since it went out."""
    article = make_article(publish_at=PUBLISHED)
    Article.objects.filter(pk=article.pk).update(updated_at=PUBLISHED - timedelta(days=2))
    data = _json_ld(_get(client, article))
    assert data["dateModified"] == data["datePublished"] == "2026-03-01T12:00:00+01:00"


def test_article_without_authors_tags_or_lead_leaves_those_keys_out(client):
    article = make_article(lead="")
    data = _json_ld(_get(client, article))
    assert not {"author", "keywords", "description", "image"} & data.keys()
    head = _head(_get(client, article))
    assert not _meta(head, "og:description") and not _meta(head, "twitter:description")
    assert not _meta(head, "article:author") and not _meta(head, "article:tag")


def test_language_of_the_content_stays_german_on_the_english_page(client, article):
    response = client.get(f"/en{article.get_absolute_url()}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html  # the navigation is English …
    assert _json_ld(html)["inLanguage"] == "de"  # … the article is not
    assert _one(_head(html), "og:locale") == "de_DE"


# --------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------


def test_script_in_headline_cannot_break_out_of_the_json_ld(client):
    title = "</script><script>alert(1)</script> & <!-- Kommentar"
    article = make_article(title=title, lead="Vorspann mit </SCRIPT > und <b>Fett</b> & Co.")
    html = _get(client, article)

    data = _json_ld(html)
    assert data["headline"] == title
    assert data["description"] == "Vorspann mit </SCRIPT > und <b>Fett</b> & Co."

    raw = _raw_json_ld(html)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "\\u003C/script\\u003E" in raw
    assert json.loads(raw)["headline"] == title
    # Nowhere on the page does the headline turn into markup.
    assert "<script>alert(1)" not in html
    # The page has the same script elements as one with a harmless headline.
    plain = _get(client, make_article(title="Harmlos", lead="Harmlos."))
    assert _script_tags(html) == _script_tags(plain)
    # The attribute values are escaped by the template and read back intact.
    head = _head(html)
    assert _one(head, "og:title") == title
    assert _one(head, "twitter:title").startswith("</script><script>")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html


# --------------------------------------------------------------------------
# Open Graph, Twitter card, canonical link
# --------------------------------------------------------------------------


def test_open_graph_twitter_and_canonical_tags(client, article):
    html = _get(client, article)
    head = _head(html)
    url = f"{BASE}/artikel/{article.slug}/"
    image_url = BASE + article.hero_image.file.url

    assert [href for rel, href in head.links if rel == "canonical"] == [url]
    assert _one(head, "og:type") == "article"
    assert _one(head, "og:title") == "Gipfel in Wien endet ohne Einigung"
    assert _one(head, "og:description") == article.lead
    assert _one(head, "og:url") == url
    assert _one(head, "og:image") == image_url
    assert _one(head, "og:image:width") == "1000"
    assert _one(head, "og:image:height") == "600"
    assert _one(head, "og:image:alt") == "Soldaten an einer Grenze"
    assert _one(head, "og:site_name") == "Newsroom"
    assert _one(head, "og:locale") == "de_DE"
    assert _one(head, "article:published_time") == "2026-03-01T12:00:00+01:00"
    assert _one(head, "article:modified_time") == "2026-07-01T10:30:00+02:00"
    assert _one(head, "article:section") == "Politik"
    assert sorted(_meta(head, "article:tag")) == ["Diplomatie", "Nahost"]
    assert _meta(head, "article:author") == [
        f"{BASE}/autor/anna-berger/",
        f"{BASE}/autor/joerg-oeztuerk/",
    ]

    assert _one(head, "twitter:card") == "summary_large_image"
    assert _one(head, "twitter:title") == "Gipfel in Wien endet ohne Einigung"
    assert _one(head, "twitter:description") == article.lead
    assert _one(head, "twitter:image") == image_url
    assert _one(head, "twitter:image:alt") == "Soldaten an einer Grenze"

    # Every URL in the metadata is absolute.
    urls = [href for _rel, href in head.links if _rel == "canonical"]
    urls += [c for k, c in head.meta if k in {"og:url", "og:image", "twitter:image"}]
    urls += _meta(head, "article:author")
    assert urls and all(u.startswith(f"{BASE}/") for u in urls)


def test_article_without_image_gets_a_summary_card_and_no_image_keys(client):
    article = make_article(authors=[make_author()], tags=["Wien"])
    html = _get(client, article)
    head = _head(html)
    assert _one(head, "twitter:card") == "summary"
    image_keys = {k for k, _c in head.meta if "image" in k}
    assert image_keys == set()
    assert "image" not in _json_ld(html)


def test_canonical_points_to_the_article_when_a_comment_form_is_shown_again(client, article):
    """A refused comment re-renders the article at the comment URL; its
    canonical link still names the article."""
    response = client.post(f"/artikel/{article.slug}/kommentar/", {"name": "", "body": ""})
    assert response.status_code == 400
    head = _head(response.content.decode())
    assert [href for rel, href in head.links if rel == "canonical"] == [
        f"{BASE}/artikel/{article.slug}/"
    ]


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.PUBLISHED, "publish_at": timezone.now() + timedelta(hours=2)},
    ],
    ids=["draft", "review", "scheduled"],
)
def test_preview_has_no_structured_data_open_graph_or_canonical(client, editor, state):
    article = make_article(
        title="Geheime Geschichte", authors=[make_author()], tags=["Embargo"], **state
    )
    article.hero_image = _image()
    article.save()
    client.force_login(editor)
    html = _get(client, article)
    head = _head(html)
    assert "Geheime Geschichte" in html  # the editor does see the preview
    assert _one(head, "robots") == "noindex"
    assert head.json_ld == []
    assert "application/ld+json" not in html
    assert not [rel for rel, _href in head.links if rel == "canonical"]
    assert not [k for k, _c in head.meta if k.startswith(("og:", "article:", "twitter:"))]


# --------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------


def test_metadata_needs_no_query_of_its_own(article):
    """What the tags read is what the article page prefetched already."""
    prefetched = Article.objects.for_page().get(pk=article.pk)
    request = RequestFactory().get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as ctx:
        html = render_to_string(
            "articles/_meta.html", {"article": prefetched, "preview": False}, request=request
        )
    # The context processors (site name, navigation) are lazy and unused here.
    assert ctx.captured_queries == []
    assert _json_ld(html)["author"][1]["name"] == "Jörg Öztürk"


def test_article_page_stays_within_its_query_budget(client, article):
    make_citation(article)
    make_comment(article)
    url = article.get_absolute_url()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    few = len(ctx.captured_queries)
    assert few <= 11  # the budget of tests/articles/test_query_counts.py

    for i in range(5):
        article.bylines.create(author=make_author(), position=10 + i)
    article.tags.add("Eins", "Zwei", "Drei")
    forget_stored_pages()  # the factories bypass the services that drop pages
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert len(ctx.captured_queries) == few
    data = _json_ld(html)
    assert len(data["author"]) == 7 and len(data["keywords"]) == 5
