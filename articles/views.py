"""Reader pages. Every query goes through ``Article.objects.published()``;
unpublished articles are shown only to staff who may edit them, uncached.
Anonymous readers get the public pages from the page cache (newsroom/cache.py)."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from taggit.models import Tag

from newsroom.cache import IDENTIFIER, PAGE_NUMBER, depend_on, reader_page, remembered

from . import invalidation, live, publishing
from .models import Article, Author, Citation, LiveEntry, LiveTicker, Source

PAGE_SIZE = 20
# The query parameters reader pages read (newsroom/cache.py keeps only these):
# a list's page; an article's page of comments and the comment replied to
# (comments/templatetags/comments.py).
LIST_PARAMS = {"page": PAGE_NUMBER}
# A live ticker's page of entries (eintraege); its poll endpoint the last
# entry the reader has (nach).
ARTICLE_PARAMS = {"kommentare": PAGE_NUMBER, "antworten": IDENTIFIER, "eintraege": PAGE_NUMBER}
LIVE_PARAMS = {"nach": IDENTIFIER}


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _teasers():
    """Published articles as lists show them: without their bodies."""
    return Article.objects.published().for_listing().defer("body", "body_html")


@reader_page(params=LIST_PARAMS)
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    invalidation.listing(request, invalidation.tag_key(tag.pk))
    page = _page(request, _teasers().filter(tags=tag))
    if not page.paginator.count:
        # A topic only unpublished articles carry must not leak its name.
        raise Http404
    return render(request, "articles/tag.html", {"tag": tag, "page": page})


@reader_page(params=LIST_PARAMS)
def author_detail(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    invalidation.listing(request, invalidation.author_key(author.pk))
    page = _page(request, _teasers().filter(authors=author))
    return render(request, "articles/author.html", {"author": author, "page": page})


@reader_page(params=LIST_PARAMS)
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug, is_confidential=False)
    invalidation.listing(request, invalidation.source_key(source.pk))
    page = _page(
        request,
        _teasers().filter(
            Exists(Citation.objects.filter(article=OuterRef("pk"), source=source))
            # A live ticker that quotes the source in a public entry.
            | Exists(
                LiveEntry.objects.filter(
                    ticker__article=OuterRef("pk"), quote_source=source, approved=True
                )
            )
        ),
    )
    if not page.paginator.count:
        # A source only drafts or scheduled articles cite must not confirm
        # the coming story, nor may a fresh directory entry be a public page.
        raise Http404
    return render(request, "articles/source.html", {"source": source, "page": page})


def render_article(request, article, *, extra_context=None, status=200):
    context = {"article": article, "preview": not article.is_public, **(extra_context or {})}
    ticker = live.ticker_of(article)
    if ticker is not None:
        context["live"] = live.page_context(ticker, request.GET.get("eintraege"))
    response = render(request, "articles/article.html", context, status=status)
    if not article.is_public:
        add_never_cache_headers(response)
    return response


@reader_page(params=ARTICLE_PARAMS)
def article_detail(request, slug):
    # Which article, then what it shows: the key before the rows it stands for.
    found = Article.objects.published().filter(slug=slug).values_list("pk", "live_ticker").first()
    if found is not None:
        invalidation.article_page(request, found[0])
        if found[1] is not None:
            depend_on(request, invalidation.live_key(found[0]))
    pages = Article.objects.for_page().select_related("live_ticker")
    try:
        article = pages.published().get(slug=slug)
    except Article.DoesNotExist:
        article = get_object_or_404(pages, slug=slug)
        if not publishing.can_preview(request.user, article):
            raise Http404 from None
    return render_article(request, article)


@reader_page(params=LIVE_PARAMS)
def live_entries(request, slug):
    """A live ticker's entries after ``nach`` (the newest the reader has),
    as JSON for static/js/liveticker.js: the same for every reader, cached
    at the edge and dropped with the ticker's key when an entry is posted."""
    found = Article.objects.published().filter(slug=slug).values_list("pk", "live_ticker").first()
    if found is None or found[1] is None:
        raise Http404
    invalidation.article_page(request, found[0])
    key = invalidation.live_key(found[0])
    depend_on(request, key)
    ticker = get_object_or_404(
        LiveTicker.objects.select_related("article"), pk=found[1], article__pk=found[0]
    )
    # What every reader's answer shares, once per change of the ticker: a
    # post drops every reader's cached answer at once, and their next polls
    # (one per entry the readers have) need only their own new entries.
    changes = remembered(
        request, key, f"live-changes-{ticker.pk}", lambda: live.poll_changes(ticker)
    )
    return JsonResponse(live.poll_data(ticker, request.GET.get("nach"), changes=changes))
