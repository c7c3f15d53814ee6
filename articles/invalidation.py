"""Which reader pages show what, and what each change of the articles app
drops from the page cache and the proxy in front (newsroom/cache.py).

The surrogate keys of this app:

- ``site``: what every page shows, the navigation with the sections;
- ``article-<pk>``: the article's own page;
- ``live-<pk>``: the entries of the live ticker of article ``pk`` (its page,
  its poll endpoint and its feed), dropped by articles/live.py;
- ``home``, ``feed``, ``sitemap``, ``search``: the pages that list articles
  from the whole site (the home page, the site feeds, the sitemaps, the
  search results);
- ``section-<pk>``, ``tag-<pk>``, ``author-<pk>``, ``source-<pk>``: the
  pages (and feeds) that list the articles of one section, topic, author or
  source;
- ``schedule``: the pages whose content changes by itself when the next
  scheduled article goes public (every list).

Views declare their keys (``depend_on``) before they read the rows. The
services that change what readers see call the functions below: publishing
(publish, schedule, unpublish, archive, changes, corrections) through
``article_changed``; the editorial desk's changes of sections, authors,
sources, topics and images through ``object_changed``. Nothing listens to
model signals: a change that bypasses the services (a shell, a raw UPDATE)
shows when the page's entry ends (``PAGE_CACHE_SECONDS``) or after
``manage.py invalidate_pages``.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from newsroom.cache import SITE, depend_on, expires_at, invalidate, remembered

from .models import Article, Author, Byline, Citation, Image, LiveEntry, Section, Source

HOME, FEED, SITEMAP, SEARCH, SCHEDULE = "home", "feed", "sitemap", "search", "schedule"
SITE_LISTS = (HOME, FEED, SITEMAP, SEARCH)


def article_key(pk) -> str:
    return f"article-{pk}"


def live_key(pk) -> str:
    """A live ticker's entries: its article's page and its poll endpoint
    (articles/live.py)."""
    return f"live-{pk}"


def section_key(pk) -> str:
    return f"section-{pk}"


def tag_key(pk) -> str:
    return f"tag-{pk}"


def author_key(pk) -> str:
    return f"author-{pk}"


def source_key(pk) -> str:
    return f"source-{pk}"


# --- what a page shows ------------------------------------------------------------


def _next_publication():
    """When the next scheduled article goes public (None if nothing is
    scheduled)."""
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def listing(request, *keys: str) -> None:
    """The page being rendered lists articles: it shows ``keys`` and
    changes by itself when the next scheduled article goes public."""
    depend_on(request, *keys)
    moment = remembered(
        request,
        SCHEDULE,
        "next-publication",
        _next_publication,
        still_true=lambda moment: moment is None or moment > timezone.now(),
    )
    expires_at(request, moment)


def article_page(request, pk) -> None:
    """The page being rendered is the article ``pk``'s own."""
    depend_on(request, article_key(pk))


# --- what a change drops ----------------------------------------------------------


def keys_of(article: Article) -> set[str]:
    """Every key of the pages that show ``article`` when it is public: its
    own page and every list it is on (read from the rows as they are now)."""
    keys = {article_key(article.pk), *SITE_LISTS}
    if article.section_id:
        keys.add(section_key(article.section_id))
    keys.update(
        tag_key(pk)
        for pk in TaggedItem.objects.filter(
            content_type__app_label="articles",
            content_type__model="article",
            object_id=article.pk,
        ).values_list("tag_id", flat=True)
    )
    keys.update(
        author_key(pk)
        for pk in Byline.objects.filter(article=article).values_list("author_id", flat=True)
    )
    keys.update(
        source_key(pk)
        for pk in Citation.objects.filter(article=article).values_list("source_id", flat=True)
    )
    keys.update(
        source_key(pk)
        for pk in LiveEntry.objects.filter(
            ticker__article=article, approved=True, quote_source__isnull=False
        ).values_list("quote_source_id", flat=True)
    )
    return keys


def article_changed(article: Article, *, before: set[str] = frozenset(), scheduled=False) -> None:
    """``article`` changed in a way readers may see (it was or is public):
    drop the pages that showed it (``before``: the keys it had before the
    change, from ``keys_of``) and that show it now. ``scheduled``: its time
    of publication changed, so every list's next change moved."""
    keys = set(before) | keys_of(article)
    if scheduled:
        keys.add(SCHEDULE)
    invalidate(*keys)


def _articles_keys(articles) -> set[str]:
    keys: set[str] = set()
    for article in articles.published().only("pk", "section_id"):
        keys |= keys_of(article)
    return keys


def _live_keys(entries) -> set[str]:
    """The keys of the live tickers that show ``entries``."""
    return {live_key(pk) for pk in entries.values_list("ticker__article_id", flat=True).distinct()}


def object_changed(obj) -> None:
    """A section, author, source, topic or image was changed or deleted, or
    an article deleted, by the editorial desk: drop every page that shows it. Call it before a
    deletion (the rows that say where it is shown go with it) and after a
    change."""
    if isinstance(obj, Article):
        keys = keys_of(obj) if obj.is_public or obj.status == Article.Status.PUBLISHED else set()
    elif isinstance(obj, Section):
        keys = {SITE}  # every page's navigation
    elif isinstance(obj, Author):
        keys = {author_key(obj.pk)} | _articles_keys(Article.objects.filter(authors=obj))
    elif isinstance(obj, Source):
        keys = {source_key(obj.pk)} | _articles_keys(
            Article.objects.filter(
                Q(citations__source=obj) | Q(live_ticker__entries__quote_source=obj)
            ).distinct()
        )
        keys |= _live_keys(LiveEntry.objects.filter(quote_source=obj))
    elif isinstance(obj, Tag):
        keys = {tag_key(obj.pk)} | _articles_keys(Article.objects.filter(tags=obj))
    elif isinstance(obj, Image):
        authors = list(Author.objects.filter(photo=obj).values_list("pk", flat=True))
        keys = {author_key(pk) for pk in authors} | _articles_keys(
            Article.objects.filter(Q(hero_image=obj) | Q(authors__in=authors)).distinct()
        )
        keys |= _live_keys(LiveEntry.objects.filter(image=obj))
    else:
        raise TypeError(f"no reader pages known for {type(obj).__name__}")
    invalidate(*keys)
