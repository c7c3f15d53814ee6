"""A live ticker's own Atom feed (``/artikel/<slug>/live/feed/``): its
public entries, newest first. Atom, because its ``type="text"`` titles need
no double escaping (articles/feeds.py). Cached like the page, by the keys
``article-<pk>`` and ``live-<pk>``."""

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from newsroom.cache import depend_on

from . import invalidation
from .feeds import FEED_LANGUAGE
from .live import image_of, public_entries, quote_of
from .models import Article

FEED_LENGTH = 50


class LiveTickerFeed(Feed):
    feed_type = Atom1Feed
    language = FEED_LANGUAGE

    def __call__(self, request, *args, **kwargs):
        with translation.override(FEED_LANGUAGE):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        found = (
            Article.objects.published().filter(slug=slug).values_list("pk", "live_ticker").first()
        )
        if found is None or found[1] is None:
            raise Http404
        invalidation.article_page(request, found[0])
        depend_on(request, invalidation.live_key(found[0]))
        article = Article.objects.published().select_related("live_ticker").get(pk=found[0])
        ticker = article.live_ticker
        ticker.feed_base = request.build_absolute_uri("/")  # for the entries' images
        return ticker

    def title(self, ticker):
        return _("Live ticker: %(title)s") % {"title": ticker.article.title}

    def link(self, ticker):
        return ticker.article.get_absolute_url()

    def subtitle(self, ticker):
        return ticker.article.lead

    def items(self, ticker):
        entries = list(public_entries(ticker).select_related("ticker__article")[:FEED_LENGTH])
        for entry in entries:
            entry.feed_base = ticker.feed_base
        return entries

    def item_title(self, entry):
        return entry.headline or Truncator(strip_tags(entry.body_html)).chars(80)

    def item_description(self, entry):
        parts = [mark_safe(entry.body_html)]  # noqa: S308 - sanitised Markdown
        image = image_of(entry)
        if image:
            parts.append(
                format_html(
                    '<p><img src="{}" width="{}" height="{}" alt="{}"><br>{}</p>',
                    urljoin(entry.feed_base, image["src"]),
                    image["width"] or "",
                    image["height"] or "",
                    image["alt"],
                    image["credit"],
                )
            )
        quote = quote_of(entry)
        if quote:
            parts.append(format_html("<blockquote><p>„{}“</p></blockquote>", quote["text"]))
            if quote["source_name"]:
                parts.append(format_html("<p>{}</p>", quote["source_name"]))
        if entry.corrected_at:
            parts.append(format_html("<p>{}: {}</p>", _("Corrected"), entry.correction_note))
        return mark_safe("".join(parts))  # noqa: S308 - each part escaped above

    def item_link(self, entry):
        return f"{entry.ticker.article.get_absolute_url()}#eintrag-{entry.pk}"

    def item_pubdate(self, entry):
        return entry.created_at

    def item_updateddate(self, entry):
        return entry.corrected_at or entry.created_at
