"""Metadata of an article page for search engines and link previews: the
canonical link, Open Graph and Twitter card tags (``articles/_meta.html``)
and a schema.org ``NewsArticle`` as JSON-LD.

    {% load seo %}
    {% article_meta article as meta %}   {# a dict: url, title, image, … #}
    {% article_json_ld article %}        {# <script type="application/ld+json"> #}

Every URL is absolute, built from the request in the template context. Both
tags use only what the article page already fetched (section and hero image
selected; bylines with their authors, tags and corrections prefetched): no query.

List pages (home, section, tag, author, source) name their canonical
address and their feeds (``articles/_list_head.html``)::

    {% list_canonical_url page %}        {# this page's address, ?page=N past the first #}
    {% absolute_url url %}               {# any path made absolute #}

The JSON-LD is data, never executed; it is still written so that nothing in
it can end the ``<script>`` element: ``<``, ``>`` and ``&`` become ``\\u003C``,
``\\u003E`` and ``\\u0026``, as ``django.utils.html.json_script`` does.
"""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import to_locale

from articles.images import rendition_urls
from articles.live import quote_of as live_quote

register = template.Library()

# Google shows at most 110 characters of a headline.
HEADLINE_MAX_LENGTH = 110

_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
}


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def _iso(value):
    """ISO 8601 in the site's time zone, with its offset: 2026-03-01T12:00:00+01:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def content_language():
    """The language articles are written in: the site's, whatever language a
    reader chose for the navigation."""
    return settings.LANGUAGE_CODE


def og_locale(language):
    """``de`` -> ``de_DE``, ``de-at`` -> ``de_AT`` (Open Graph wants a region)."""
    locale = to_locale(language)
    return locale if "_" in locale else f"{locale}_{locale.upper()}"


def article_metadata(request, article):
    """Everything the metadata of ``article`` says, with absolute URLs."""
    image = article.hero_image if article.hero_image_id else None
    image_data = None
    if image is not None and image.file:
        # The original first (JPEG/PNG, understood by every link preview),
        # then the WebP renditions, largest first.
        renditions = sorted(rendition_urls(image), key=lambda pair: pair[1], reverse=True)
        image_data = {
            "url": _absolute(request, image.file.url),
            "width": image.width,
            "height": image.height,
            "alt": image.alt_text,
            "urls": [
                _absolute(request, image.file.url),
                *(_absolute(request, url) for url, _width in renditions),
            ],
        }
    published = article.publish_at
    # Modified for readers only by a correction or update after publication
    # (the "Aktualisiert" on the page, and the feeds' updated time).
    modified = article.modified_at or published
    language = content_language()
    return {
        "url": _absolute(request, article.get_absolute_url()),
        "title": article.title,
        "headline": Truncator(article.title).chars(HEADLINE_MAX_LENGTH),
        "description": article.lead,
        "image": image_data,
        "published": _iso(published),
        "modified": _iso(modified),
        "section": article.section.name,
        "tags": [tag.name for tag in article.tags.all()],
        "authors": [
            {
                "name": byline.author.name,
                "url": _absolute(request, byline.author.get_absolute_url()),
            }
            for byline in article.bylines.all()
        ],
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_url": _absolute(request, reverse("articles:home")),
        "language": language,
        "locale": og_locale(language),
    }


def news_article(meta):
    """A schema.org ``NewsArticle`` from ``article_metadata``; keys without
    a value are left out."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta["headline"],
        "description": meta["description"],
        "image": meta["image"]["urls"] if meta["image"] else None,
        "datePublished": meta["published"],
        "dateModified": meta["modified"],
        "author": [
            {"@type": "Person", "name": author["name"], "url": author["url"]}
            for author in meta["authors"]
        ],
        "articleSection": meta["section"],
        "keywords": meta["tags"],
        "inLanguage": meta["language"],
        "url": meta["url"],
        "mainEntityOfPage": meta["url"],
        "publisher": {
            "@type": "Organization",
            "name": meta["site_name"],
            "url": meta["site_url"],
        },
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def json_ld_script(data):
    """``<script type="application/ld+json">`` with ``data``, escaped so that
    no value can close the element or open a comment."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    payload = payload.translate(_JSON_SCRIPT_ESCAPES)
    # Safe: the only characters HTML could read as markup are escaped above.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308
    )


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """``{% article_meta article as meta %}``: the dict of ``article_metadata``."""
    return article_metadata(context.get("request"), article)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """``{% article_json_ld article %}``: the article as a JSON-LD
    ``NewsArticle``, a live ticker's (``live`` in the context) as a
    ``LiveBlogPosting`` with its entries."""
    request = context.get("request")
    data = news_article(article_metadata(request, article))
    live = context.get("live")
    if live:
        data.update(live_blog_posting(request, article, live))
    return json_ld_script(data)


def _entry_text(entry):
    """A live entry's text, with its quote as readers see it."""
    text = strip_tags(entry.body_html).strip()
    quote = live_quote(entry)
    if quote:
        said = f"„{quote['text']}“"
        text = (
            f"{text}\n{said} ({quote['source_name']})"
            if quote["source_name"]
            else f"{text}\n{said}"
        )
    return text


def live_blog_posting(request, article, live):
    """What a live ticker adds to its ``NewsArticle``: the type
    ``LiveBlogPosting``, the time of its coverage and the entries shown."""
    ticker = live["ticker"]
    url = _absolute(request, article.get_absolute_url())
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": _iso(max(ticker.started_at, article.publish_at)),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": Truncator(entry.headline or strip_tags(entry.body_html)).chars(
                    HEADLINE_MAX_LENGTH
                ),
                "articleBody": _entry_text(entry),
                "datePublished": _iso(entry.created_at),
                **({"dateModified": _iso(entry.corrected_at)} if entry.corrected_at else {}),
                **(
                    {"image": _absolute(request, entry.image.file.url)}
                    if entry.image and entry.image.file
                    else {}
                ),
                "url": f"{url}#eintrag-{entry.pk}",
            }
            for entry in live["entries"]
        ],
    }
    if ticker.ended_at:
        data["coverageEndTime"] = _iso(ticker.ended_at)
    return data


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """``{% absolute_url url %}``: ``url`` made absolute from the request."""
    return _absolute(context.get("request"), url)


@register.simple_tag(takes_context=True)
def list_canonical_url(context, page=None):
    """``{% list_canonical_url page %}``: the canonical address of a list page,
    its path without any query but the page number, which is left out on the
    first page. It names the page actually shown: ``?page=999`` shows (and
    names) the last page, ``?page=abc`` the first."""
    request = context.get("request")
    url = request.path if request is not None else ""
    number = getattr(page, "number", 1)  # pages without pagination pass nothing
    if number > 1:
        url = f"{url}?page={number}"
    return _absolute(request, url)
