"""Query budgets of the public pages: the number of queries must not grow
with the number of articles, authors, tags, citations or comments (N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    forget_stored_pages,
    make_article,
    make_author,
    make_citation,
    make_comment,
    make_correction,
    make_image,
    make_section,
    make_source,
)

pytestmark = pytest.mark.django_db


def _queries(client, url):
    forget_stored_pages()  # the factories bypass the services that drop pages
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response.get("X-Page-Cache") == "miss", url  # rendered, not served from the cache
    return len(ctx.captured_queries)


def _populate(n, section=None):
    sections = [section] if section else [make_section() for _ in range(3)]
    image = make_image()
    for i in range(n):
        article = make_article(
            section=sections[i % len(sections)],
            authors=[make_author(), make_author()],
            tags=[f"Thema {i}", "Gemeinsam"],
            featured=i < 2,
            hero_image=image,
        )
        make_citation(article)
        make_comment(article)


def test_home_page_queries_do_not_grow_with_articles_or_sections(client):
    """Guards the teaser loop: bylines, sections and images must be fetched
    in bulk, and the per-section blocks in one windowed query."""
    _populate(4)  # featured and latest teasers both present
    few = _queries(client, "/")
    _populate(12)
    assert _queries(client, "/") == few


@pytest.mark.parametrize("page_kind", ["section", "tag", "author"])
def test_list_page_queries_do_not_grow(client, page_kind):
    section = make_section(slug="politik")
    author = make_author(slug="die-autorin")

    def add(n):
        for _ in range(n):
            article = make_article(section=section, authors=[author, make_author()], tags=["NATO"])
            make_comment(article)

    urls = {"section": "/ressort/politik/", "tag": "/thema/nato/", "author": "/autor/die-autorin/"}
    url = urls[page_kind]
    add(2)
    few = _queries(client, url)
    add(15)
    assert _queries(client, url) == few


def test_article_page_queries_do_not_grow_with_comments_or_relations(client):
    """Guards the article page: bylines, citations with their sources, tags,
    corrections and comments each in one query, however many there are."""
    article = make_article(authors=[make_author()], tags=["Eins"], hero_image=make_image())
    make_citation(article)
    make_correction(article)
    make_comment(article)
    few = _queries(client, article.get_absolute_url())

    for i in range(10):
        article.bylines.create(author=make_author(), position=i + 1)
        make_citation(article)
        make_correction(article)
        make_comment(article)
        make_comment(article, status="pending")
    article.tags.add("Zwei", "Drei", "Vier")
    assert _queries(client, article.get_absolute_url()) == few


def test_article_page_budget(client):
    """The absolute budget, so that a new query on the page is a decision."""
    article = make_article(authors=[make_author()], tags=["Eins"], hero_image=make_image())
    make_citation(article)
    make_comment(article)
    # An anonymous request: article with section and image, bylines, tags,
    # corrections, citations with sources, navigation sections; comments:
    # both counts in one query, the page, their replies; the page cache's
    # probe for the next scheduled publication (on a miss).
    assert _queries(client, article.get_absolute_url()) <= 10


def test_article_page_with_200_comments_and_replies_has_the_same_budget(client):
    article = make_article(authors=[make_author()], tags=["Eins"], hero_image=make_image())
    make_citation(article)
    for i in range(200):
        comment = make_comment(article, body=f"Kommentar {i} https://example.org")
        if i % 2 == 0:
            make_comment(article, parent=comment, body=f"Antwort {i}")
    assert _queries(client, article.get_absolute_url()) == 10
    # another page of them (the probe for the next publication is known by now)
    assert _queries(client, article.get_absolute_url() + "?kommentare=4") <= 10


# --- every public page, pinned -----------------------------------------------------

# Queries of a freshly rendered page (a page-cache miss), for a small and a
# large data set alike. Every miss includes the page cache's probe for the
# next scheduled publication. A stored page (a hit) needs none.
PAGE_BUDGETS = {
    # The composed pages: + the live composition and when the next one goes
    # live (frontpage/views.py); the home also the most commented box.
    "/": 9,
    "/ressort/politik/": 8,
    "/ressort/politik/?page=2": 8,
    "/thema/nato/": 6,
    "/autor/die-autorin/": 6,
    "/quelle/die-sprecherin/": 6,
    "ARTICLE": 10,
    "ARTICLE?kommentare=2": 10,
    # full-text search on PostgreSQL; the fallback (SQLite) also counts.
    "/suche/?q=Regierung": {"postgresql": 3, "sqlite": 5},
    "/feed/": 4,
    "/ressort/politik/feed/atom/": 5,
    "/thema/nato/feed/": 6,
    "/sitemap.xml": 7,
    "/sitemap-articles.xml": 3,
    "/sitemap-news.xml": 3,
    "/sitemap-sections.xml": 3,
}


class _PublicSite:
    """One section, author and source with articles that cite the source, and
    a flagship article with comments and replies; ``grow`` adds more."""

    def __init__(self):
        self.section = make_section(name="Politik", slug="politik")
        self.author = make_author(slug="die-autorin")
        self.source = make_source(slug="die-sprecherin")
        self.image = make_image()
        self.flagship = None

    def grow(self, articles, comments):
        for i in range(articles):
            article = make_article(
                title=f"Regierung beschließt Paket {i}",
                section=self.section,
                authors=[self.author, make_author()],
                tags=["NATO", f"Thema {i}"],
                hero_image=self.image,
                featured=i < 2,
            )
            make_citation(article, source=self.source)
            make_correction(article)
            self.flagship = self.flagship or article
        for i in range(comments):
            comment = make_comment(self.flagship, body=f"Kommentar {i}")
            if i % 3 == 0:
                make_comment(self.flagship, parent=comment, body=f"Antwort {i}")
        return self


@pytest.mark.parametrize("url", list(PAGE_BUDGETS))
def test_every_public_page_has_a_pinned_budget(client, url):
    budget = PAGE_BUDGETS[url]
    if isinstance(budget, dict):
        budget = budget[connection.vendor]
    site = _PublicSite().grow(articles=3, comments=60)
    article_url = site.flagship.get_absolute_url()
    assert _queries(client, url.replace("ARTICLE", article_url)) == budget
    site.grow(articles=25, comments=120)
    assert _queries(client, url.replace("ARTICLE", article_url)) == budget
    with CaptureQueriesContext(connection) as ctx:
        hit = client.get(url.replace("ARTICLE", article_url))
    assert hit["X-Page-Cache"] == "hit" and ctx.captured_queries == []
