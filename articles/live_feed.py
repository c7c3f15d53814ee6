"""A live ticker's own Atom feed (``/artikel/<slug>/live/feed/``): its
public entries, newest first. Atom, because its ``type="text"`` titles need
no double escaping (articles/feeds.py). Cached like the page, by the keys
``article-<pk>`` and ``live-<pk>``."""

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
from .live import public_entries
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
        return article.live_ticker

    def title(self, ticker):
        return _("Live ticker: %(title)s") % {"title": ticker.article.title}

    def link(self, ticker):
        return ticker.article.get_absolute_url()

    def subtitle(self, ticker):
        return ticker.article.lead

    def items(self, ticker):
        return public_entries(ticker).select_related("ticker__article")[:FEED_LENGTH]

    def item_title(self, entry):
        return entry.headline or Truncator(strip_tags(entry.body_html)).chars(80)

    def item_description(self, entry):
        if entry.corrected_at:
            return format_html(
                "{}<p>{}: {}</p>",
                mark_safe(entry.body_html),  # noqa: S308 - sanitised Markdown
                _("Corrected"),
                entry.correction_note,
            )
        return entry.body_html

    def item_link(self, entry):
        return f"{entry.ticker.article.get_absolute_url()}#eintrag-{entry.pk}"

    def item_pubdate(self, entry):
        return entry.created_at

    def item_updateddate(self, entry):
        return entry.corrected_at or entry.created_at
