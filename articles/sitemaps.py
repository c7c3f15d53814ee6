"""Sitemaps: every public article, every section, and a Google News sitemap
of the last two days. Like the feeds they read ``Article.objects.published()``
only. URLs are made absolute from the request (``RequestSite``), so the
sites framework is not needed.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import Article, Section

# Google News reads articles of the last two days, at most 1000 per sitemap.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def _last_change(article):
    # Edits made while an article waited for its publication time happened,
    # for the reader, when it went out.
    return max(article.updated_at, article.publish_at)


class ArticleSitemap(Sitemap):
    changefreq = None
    priority = None

    def articles(self):
        return Article.objects.published()

    def items(self):
        return (
            self.articles().only("slug", "publish_at", "updated_at").order_by("-publish_at", "-id")
        )

    def lastmod(self, article):
        return _last_change(article)

    def get_latest_lastmod(self):
        # One aggregate instead of loading every article (the index asks).
        return self.articles().aggregate(latest=Max(Greatest("updated_at", "publish_at")))["latest"]


class NewsSitemap(ArticleSitemap):
    """Google News: articles published in the last two days."""

    limit = NEWS_LIMIT

    def articles(self):
        now = timezone.now()
        return Article.objects.published(now=now).filter(publish_at__gte=now - NEWS_WINDOW)

    def items(self):
        return (
            self.articles()
            .only("slug", "title", "publish_at", "updated_at")
            .order_by("-publish_at", "-id")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            # W3C datetime in the site's time zone, to the second.
            published = timezone.localtime(url["item"].publish_at).replace(microsecond=0)
            url["publication_date"] = published.isoformat()
        return urls


class SectionSitemap(Sitemap):
    def items(self):
        # The newest public article of each section, through the one gate.
        newest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .order_by("-publish_at")
            .values("publish_at")[:1]
        )
        return Section.objects.annotate(latest_article=Subquery(newest)).order_by(
            "position", "name"
        )

    def lastmod(self, section):
        return section.latest_article

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("publish_at"))["latest"]


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "news": NewsSitemap,
}

# The template each sitemap renders with; the rest use Django's sitemap.xml.
SITEMAP_TEMPLATES = {"news": "sitemaps/news.xml"}
