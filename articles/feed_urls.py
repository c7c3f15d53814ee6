"""Feeds, sitemaps and robots.txt, for ``path("", include("articles.feed_urls"))``
in the project's URLs. Names are global (no namespace): ``feed``,
``feed-atom``, ``section-feed``, ``section-feed-atom``, ``tag-feed``,
``tag-feed-atom``, ``sitemap-index``, ``sitemap``, ``robots``.
"""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from newsroom.cache import PAGE_NUMBER, reader_page

# The "uslug" converter is registered by articles.urls; import it first so
# the converter exists whichever URL module is loaded first.
from . import urls as _article_urls  # noqa: F401
from .feeds import (
    SectionAtomFeed,
    SectionFeed,
    SiteAtomFeed,
    SiteFeed,
    TagAtomFeed,
    TagFeed,
)
from .invalidation import SITEMAP, listing
from .sitemaps import SITEMAP_TEMPLATES, SITEMAPS


def sitemap_index(request):
    listing(request, SITEMAP)
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap")


def sitemap(request, section):
    listing(request, SITEMAP)
    response = sitemap_views.sitemap(
        request,
        SITEMAPS,
        section=section,
        template_name=SITEMAP_TEMPLATES.get(section, "sitemap.xml"),
    )
    # Rendered lazily (TemplateResponse): the news sitemap's publication.
    response.context_data.update(
        news_publication_name=settings.NEWSROOM_SITE_NAME,
        news_language="de",
    )
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {
            "sitemap_url": request.build_absolute_uri(reverse("sitemap-index")),
            # Listed in the index too; named here so that crawlers of news
            # find it without reading the index first.
            "news_sitemap_url": request.build_absolute_uri(
                reverse("sitemap", kwargs={"section": "news"})
            ),
        },
        content_type="text/plain; charset=utf-8",
    )


# Feeds and the sitemap index read no query parameter; a sitemap its page.
NONE = {}

urlpatterns = [
    path("feed/", reader_page(SiteFeed(), params=NONE), name="feed"),
    path("feed/atom/", reader_page(SiteAtomFeed(), params=NONE), name="feed-atom"),
    path("ressort/<slug:slug>/feed/", reader_page(SectionFeed(), params=NONE), name="section-feed"),
    path(
        "ressort/<slug:slug>/feed/atom/",
        reader_page(SectionAtomFeed(), params=NONE),
        name="section-feed-atom",
    ),
    path("thema/<uslug:slug>/feed/", reader_page(TagFeed(), params=NONE), name="tag-feed"),
    path(
        "thema/<uslug:slug>/feed/atom/",
        reader_page(TagAtomFeed(), params=NONE),
        name="tag-feed-atom",
    ),
    path("sitemap.xml", reader_page(sitemap_index, params=NONE), name="sitemap-index"),
    path(
        "sitemap-<slug:section>.xml",
        reader_page(sitemap, params={"p": PAGE_NUMBER}),
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
]
