"""The read API's views: published content only.

Every article comes through ``Article.objects.published()``; sections are
public as on the site; tags, authors and sources only when a published
article carries, bylines or cites them (sources never when confidential),
like the reader's pages. Each view is a reader page for the page cache
(``newsroom.cache.reader_page``): it names its surrogate keys before it
reads the rows (``articles.invalidation``), so the same changes that drop
the reader's pages drop the API's answers, here and at the edge."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from taggit.models import Tag, TaggedItem

from articles import invalidation, live
from articles.models import (
    Article,
    Author,
    Byline,
    Citation,
    LiveEntry,
    Section,
    Source,
)
from newsroom.cache import TEXT, depend_on, reader_page

from . import errors, serializers
from .authentication import ApiKeyAuthentication
from .pagination import (
    ENTRY_QUERY_PARAMS,
    QUERY_PARAMS,
    BySlug,
    NewestEntryFirst,
    NewestFirst,
    read_limit,
)
from .throttling import ClientRateThrottle

SLUG_MAX = 220
MAX_ID = 2**63 - 1  # BigAutoField: a larger number is no article, not a 500


class JSONOnly(BaseContentNegotiation):
    """JSON whatever the client asks for (no ``?format=``, no HTML)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiView(GenericAPIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    pagination_class = None
    filter_backends = []

    def get_exception_handler(self):
        return errors.handle


def _is_slug(value: str) -> bool:
    """Letters (Unicode too: tags), digits, "-" and "_"."""
    return 0 < len(value) <= SLUG_MAX and all(c.isalnum() or c in "-_" for c in value)


def _slug(request, name):
    """A slug filter's value, or None when absent; 400 when malformed."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if not _is_slug(value):
        raise errors.BadParameter(name)
    return value


def _moment(request, name, *, end=False):
    """``since`` / ``until``: a date (a whole day in the site's time zone,
    ``until`` inclusive) or a date-time with an offset."""
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        if len(value) > 40:
            raise ValueError
        day = parse_date(value) if len(value) == 10 else None
        if day is not None:
            if end:
                day += timedelta(days=1)
            return timezone.make_aware(datetime.combine(day, time.min))
        moment = parse_datetime(value)
        if moment is None:
            raise ValueError
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # The database must be able to compare it (years 1 to 9999 in UTC).
        moment.astimezone(timezone.UTC)
        return moment
    except (ValueError, OverflowError):
        raise errors.BadParameter(name) from None


def _published_articles():
    return (
        Article.objects.published()
        .with_last_correction()
        .select_related("section", "hero_image")
        .defer("search_vector", "body", "body_html")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")), "tags"
        )
    )


def _tagged_published(tag_ref=None):
    """TaggedItems of published articles (of one tag: ``tag_ref``)."""
    items = TaggedItem.objects.filter(
        content_type__app_label="articles",
        content_type__model="article",
        object_id__in=Article.objects.published().values("pk"),
    )
    return items.filter(tag=tag_ref) if tag_ref is not None else items


def _published_tags():
    return Tag.objects.filter(Exists(_tagged_published(OuterRef("pk"))))


def _bylined_authors():
    published = Article.objects.published()
    return Author.objects.select_related("photo").filter(
        Exists(Byline.objects.filter(author=OuterRef("pk"), article__in=published.values("pk")))
    )


def _cited_sources():
    published = Article.objects.published()
    return Source.objects.filter(
        Exists(Citation.objects.filter(source=OuterRef("pk"), article__in=published.values("pk"))),
        is_confidential=False,
    ).only("slug", "name", "kind", "role", "affiliation", "url")


class ArticleFilters:
    """The article list's filters (a DRF filter backend: the schema lists
    its parameters)."""

    def filter_queryset(self, request, articles, view):
        section, tag, author = (_slug(request, name) for name in ("section", "tag", "author"))
        since, until = _moment(request, "since"), _moment(request, "until", end=True)
        if section is not None:
            articles = articles.filter(section__slug=section)
        if tag is not None:
            articles = articles.filter(
                Exists(
                    TaggedItem.objects.filter(
                        content_type__app_label="articles",
                        content_type__model="article",
                        object_id=OuterRef("pk"),
                        tag__slug=tag,
                    )
                )
            )
        if author is not None:
            articles = articles.filter(
                Exists(Byline.objects.filter(article=OuterRef("pk"), author__slug=author))
            )
        if since is not None:
            articles = articles.filter(publish_at__gte=since)
        if until is not None:
            articles = articles.filter(publish_at__lt=until)
        return articles

    def get_schema_operation_parameters(self, view):
        def param(name, description):
            return {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": {"type": "string"},
            }

        return [
            param("section", "A section's slug."),
            param("tag", "A tag's slug."),
            param("author", "An author's slug."),
            param(
                "since",
                "Published at or after: a date (YYYY-MM-DD, from the start of the day in "
                "Europe/Vienna) or a date-time (ISO 8601).",
            ),
            param(
                "until",
                "Published before: a date (that day included) or a date-time (ISO 8601).",
            ),
        ]


class _List(ListModelMixin, ApiView):
    """A list in pages. ``key``: what it shows, for the page cache (lists of
    what published articles carry change with every published article:
    the site feed's key)."""

    pagination_class = BySlug
    key = invalidation.FEED

    def get(self, request):
        # Parse the parameters first (a 400 needs no key), then the key
        # before the rows.
        read_limit(request)
        self.filter_queryset(Article.objects.none())
        if self.key:
            invalidation.listing(request, self.key)
        return self.list(request)


class ArticleList(_List):
    """Published articles, newest first."""

    serializer_class = serializers.ArticleListSerializer
    pagination_class = NewestFirst
    filter_backends = [ArticleFilters]

    def get_queryset(self):
        return _published_articles()


class ArticleDetail(ApiView):
    """One published article, with its body, citations and corrections."""

    serializer_class = serializers.ArticleDetailSerializer

    def get(self, request, pk):
        if not 0 < pk <= MAX_ID:
            raise Http404
        invalidation.article_page(request, pk)
        articles = (
            Article.objects.published()
            .with_last_correction()
            .for_page()
            .select_related("live_ticker")
        )
        article = articles.filter(pk=pk).first()
        if article is None:
            raise Http404
        return Response(self.get_serializer(article).data)


class EntryFilters:
    """``after``: only entries newer than the id a polling app has (a DRF
    filter backend: the schema lists it)."""

    def after(self, request) -> int | None:
        raw = request.query_params.get("after")
        if raw is None:
            return None
        if not raw.isascii() or not raw.isdigit() or len(raw) > 19 or int(raw) > MAX_ID:
            raise errors.BadParameter("after")
        return int(raw)

    def filter_queryset(self, request, entries, view):
        after = self.after(request)
        return entries if after is None else entries.filter(pk__gt=after)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "after",
                "in": "query",
                "required": False,
                "description": "Only entries newer than this entry id (the newest one the "
                "client has), for polling.",
                "schema": {"type": "integer", "minimum": 0},
            }
        ]


class LiveEntryList(ListModelMixin, ApiView):
    """The entries of a published article's live ticker, newest first (the
    order of its page): only those its readers see, and none of an article
    that is not public (404)."""

    # The readers' gate is live.public_entries (approved entries of a public
    # article), the same as the ticker's page, poll endpoint and feed.

    serializer_class = serializers.LiveEntrySerializer
    pagination_class = NewestEntryFirst
    filter_backends = [EntryFilters]
    queryset = LiveEntry.objects.none()  # for the schema; get_queryset reads the ticker's

    def get(self, request, pk):
        if not 0 < pk <= MAX_ID:
            raise Http404
        read_limit(request)
        self.filter_queryset(LiveEntry.objects.none())
        # The article (published, unpublished, its ticker started or ended)
        # and its entries (posted, approved, corrected, pinned): both keys
        # before the rows.
        invalidation.article_page(request, pk)
        depend_on(request, invalidation.live_key(pk))
        article = Article.objects.published().select_related("live_ticker").filter(pk=pk).first()
        self.ticker = None if article is None else live.ticker_of(article)
        if self.ticker is None:
            raise Http404
        return self.list(request)

    def get_queryset(self):
        return live.public_entries(self.ticker).select_related("image", "quote_source")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "article": self.ticker.article}


class _Detail(ApiView):
    """One item by slug (404 when it is not public)."""

    def key_of(self, obj) -> str | None:
        return None

    def get(self, request, slug):
        if not _is_slug(slug):
            raise Http404
        found = self.get_queryset().filter(slug=slug).first()
        if found is None:
            raise Http404
        key = self.key_of(found)
        if key:
            invalidation.listing(request, key)
        return Response(self.get_serializer(found).data)


class SectionList(_List):
    """Every section (the site's navigation)."""

    serializer_class = serializers.SectionSerializer
    key = None  # sections are what every page shows: the "site" key

    def get_queryset(self):
        return Section.objects.all()


class SectionDetail(_Detail):
    serializer_class = serializers.SectionSerializer

    def get_queryset(self):
        return Section.objects.all()


class TagList(_List):
    """Tags that published articles carry."""

    serializer_class = serializers.TagSerializer

    def get_queryset(self):
        return _published_tags()


class TagDetail(_Detail):
    serializer_class = serializers.TagSerializer

    def key_of(self, tag):
        return invalidation.tag_key(tag.pk)

    def get_queryset(self):
        return _published_tags()


class AuthorList(_List):
    """Authors with a byline on a published article."""

    serializer_class = serializers.AuthorSerializer

    def get_queryset(self):
        return _bylined_authors()


class AuthorDetail(_Detail):
    serializer_class = serializers.AuthorSerializer

    def key_of(self, author):
        return invalidation.author_key(author.pk)

    def get_queryset(self):
        return _bylined_authors()


class SourceList(_List):
    """Sources that published articles cite; never confidential ones."""

    serializer_class = serializers.SourceSerializer

    def get_queryset(self):
        return _cited_sources()


class SourceDetail(_Detail):
    serializer_class = serializers.SourceSerializer

    def key_of(self, source):
        return invalidation.source_key(source.pk)

    def get_queryset(self):
        return _cited_sources()


# What each view reads of the query (the page cache leaves the request only
# that, so nothing else makes an entry of its own): any value of up to 200
# characters, which the view then checks (a 400 for one it cannot read).
ARTICLE_LIST_PARAMS = dict.fromkeys(QUERY_PARAMS, TEXT)
LIST_PARAMS = dict.fromkeys(("limit", "cursor"), TEXT)
LIVE_ENTRY_PARAMS = dict.fromkeys(ENTRY_QUERY_PARAMS, TEXT)
DETAIL_PARAMS: dict = {}


def cached(view_class, params):
    """The view for the URLconf: behind the page cache (anonymous clients
    and partners alike get the stored answer; only misses are counted
    against the rate limit, see api/throttling.py)."""
    return reader_page(view_class.as_view(), params=params)
