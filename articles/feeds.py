"""RSS 2.0 and Atom feeds: the whole site, one section, one tag.

Every feed reads ``Article.objects.published()`` and nothing else, so drafts,
articles in review, scheduled and archived ones never reach a feed reader.
A feed costs a constant number of queries however many articles it lists:
the articles with section (one), bylines with authors (one), tags (one), plus
the lookup of the section or tag it belongs to (a tag feed also checks that
the tag has a public article at all).

Feeds are German whatever the reader picked in the language switcher: they
declare ``<language>de</language>`` and their own texts match it.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from taggit.models import Tag

from .invalidation import FEED, listing, section_key, tag_key
from .models import Article, Section

FEED_LENGTH = 30
# Text an HTML reader would not show as typed: a tag, or "&" starting a
# character reference (HTML also knows some without the final ";").
_READS_AS_MARKUP = re.compile(r"[<>]|&[#A-Za-z0-9]")
FEED_LANGUAGE = "de"


class _ArticleFeed(Feed):
    """What every article feed shares; subclasses pick the articles."""

    language = FEED_LANGUAGE

    def __call__(self, request, *args, **kwargs):
        with translation.override(FEED_LANGUAGE):
            return super().__call__(request, *args, **kwargs)

    # -- the feed ---------------------------------------------------------

    def site_name(self):
        return settings.NEWSROOM_SITE_NAME

    def articles(self, obj):
        """The public articles this feed is about, unsliced."""
        raise NotImplementedError

    def items(self, obj):
        articles = self.articles(obj).for_listing().with_last_correction().prefetch_related("tags")
        return articles[:FEED_LENGTH]

    def feed_copyright(self):
        return f"© {self.site_name()}"

    def get_feed(self, obj, request):
        """RSS has no way to say whether a title is text or HTML, and feed
        readers take it for HTML: a headline "Warum <b>fett</b> schmeckt"
        would show in bold. So, as Django's own default ``item_title`` does
        (ticket #6533), an RSS title is escaped for HTML before the feed
        generator escapes it for XML: readers show the characters as typed.
        The channel's title and description (from section and tag names,
        and the section's plain-text description) get the same. A
        ``<category>`` is escaped for HTML only when it would read
        differently as HTML and as text (markup or a character reference):
        readers differ in which they take it for, and "Kunst & Kultur"
        reads the same either way. Atom says ``type="text"`` (its default),
        so there everything is escaped once, for XML."""
        feed = super().get_feed(obj, request)
        if not issubclass(self.feed_type, Atom1Feed):
            feed.feed["title"] = escape(feed.feed["title"])
            if feed.feed.get("description"):
                feed.feed["description"] = escape(feed.feed["description"])
            for entry in feed.items:
                entry["title"] = escape(entry["title"])
                entry["categories"] = [
                    escape(name) if _READS_AS_MARKUP.search(name) else name
                    for name in entry["categories"] or ()
                ]
        return feed

    # -- each article -----------------------------------------------------

    def item_title(self, item):
        # Plain text; for RSS escaped for HTML as well in get_feed.
        return item.title

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> carry HTML: the
        # plain-text lead is escaped, so "<" or "&" in it stay text.
        return linebreaks(escape(item.lead)) if item.lead else ""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        names = [byline.author.name for byline in item.bylines.all()]
        return ", ".join(names) or None

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        # Updated for readers by a correction or update only, as the article
        # page's "Aktualisiert" and its JSON-LD dateModified say.
        return item.modified_at or item.publish_at

    def item_categories(self, item):
        tag_names = sorted((tag.name for tag in item.tags.all()), key=str.casefold)
        return [item.section.name, *tag_names]


class SiteFeed(_ArticleFeed):
    def title(self):
        return self.site_name()

    def link(self):
        return reverse("articles:home")

    def description(self):
        return _("The latest articles from %(site)s") % {"site": self.site_name()}

    def get_object(self, request, *args, **kwargs):
        listing(request, FEED)

    def articles(self, obj):
        return Article.objects.published()


class SectionFeed(_ArticleFeed):
    def get_object(self, request, slug):
        section = get_object_or_404(Section, slug=slug)
        listing(request, section_key(section.pk))
        return section

    def title(self, section):
        return f"{self.site_name()} – {section.name}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or _("The latest articles in %(section)s") % {
            "section": section.name
        }

    def articles(self, section):
        return Article.objects.published().filter(section=section)


class TagFeed(_ArticleFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        listing(request, tag_key(tag.pk))
        # A tag used only on unpublished articles (an embargoed topic, say)
        # has no public feed: its name must not leak through the feed title.
        if not self.articles(tag).exists():
            raise Http404
        return tag

    def title(self, tag):
        return f"{self.site_name()} – {tag.name}"

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return _("The latest articles on %(tag)s") % {"tag": tag.name}

    def articles(self, tag):
        return Article.objects.published().filter(tags=tag)


class _AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj):
        # Atom calls the description a subtitle.
        return self._get_dynamic_attr("description", obj)


class SiteAtomFeed(_AtomMixin, SiteFeed):
    pass


class SectionAtomFeed(_AtomMixin, SectionFeed):
    pass


class TagAtomFeed(_AtomMixin, TagFeed):
    pass
