"""What the API shows of each thing: only what the reader's pages show.
Never a source's confidentiality, notes or aliases, never an article's
workflow, nobody's account. Serializers only read what the views fetched
(select_related / prefetch_related): no queries of their own."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import live
from articles.images import rendition_urls
from articles.models import Article, Author, Image, LiveEntry, LiveTicker, Section, Source


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()

    class Meta:
        model = Image
        fields = ["url", "width", "height", "alt_text", "caption", "credit", "renditions"]

    def get_url(self, image) -> str:
        return _absolute(self.context["request"], image.file.url)

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, image):
        request = self.context["request"]
        return [{"url": _absolute(request, url), "width": w} for url, w in rendition_urls(image)]


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["slug", "name", "description", "url"]

    def get_url(self, section) -> str:
        return _absolute(self.context["request"], section.get_absolute_url())


class SectionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["slug", "name"]


class TagSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, tag) -> str:
        path = reverse("articles:tag", kwargs={"slug": tag.slug})
        return _absolute(self.context["request"], path)


class AuthorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    photo = ImageSerializer(allow_null=True)

    class Meta:
        model = Author
        fields = ["slug", "name", "bio", "photo", "url"]

    def get_url(self, author) -> str:
        return _absolute(self.context["request"], author.get_absolute_url())


class AuthorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["slug", "name"]


class SourceSerializer(serializers.ModelSerializer):
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = ["slug", "name", "kind", "role", "affiliation", "url", "page_url"]

    def get_page_url(self, source) -> str:
        return _absolute(self.context["request"], source.get_absolute_url())


class CitationSerializer(serializers.Serializer):
    quote = serializers.CharField()
    source = SourceSerializer()


class CorrectionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class ArticleListSerializer(serializers.ModelSerializer):
    section = SectionRefSerializer(allow_null=True)
    bylines = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    hero_image = ImageSerializer(allow_null=True)
    published_at = serializers.DateTimeField(source="publish_at")
    modified_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "kicker",
            "title",
            "lead",
            "section",
            "bylines",
            "tags",
            "hero_image",
            "published_at",
            "modified_at",
            "url",
            "detail_url",
        ]

    @extend_schema_field(AuthorRefSerializer(many=True))
    def get_bylines(self, article):
        return AuthorRefSerializer([b.author for b in article.bylines.all()], many=True).data

    @extend_schema_field(TagSerializer(many=True))
    def get_tags(self, article):
        return TagSerializer(article.tags.all(), many=True, context=self.context).data

    def get_url(self, article) -> str:
        """The canonical address of the reader's page."""
        return _absolute(self.context["request"], article.get_absolute_url())

    def get_detail_url(self, article) -> str:
        path = reverse("api:article", kwargs={"pk": article.pk})
        return _absolute(self.context["request"], path)


class LiveTickerSerializer(serializers.ModelSerializer):
    """An article that is a live ticker: when its coverage started and
    ended (null while it runs) and where its entries are."""

    running = serializers.BooleanField(source="is_running")
    entries_url = serializers.SerializerMethodField()

    class Meta:
        model = LiveTicker
        fields = ["running", "started_at", "ended_at", "entries_url"]

    def get_entries_url(self, ticker) -> str:
        path = reverse("api:article-live-entries", kwargs={"pk": ticker.article_id})
        return _absolute(self.context["request"], path)


class ArticleDetailSerializer(ArticleListSerializer):
    body_html = serializers.CharField()
    body_markdown = serializers.CharField(source="body")
    citations = CitationSerializer(many=True)
    corrections = CorrectionSerializer(many=True)
    live_ticker = serializers.SerializerMethodField()

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "body_html",
            "body_markdown",
            "citations",
            "corrections",
            "live_ticker",
        ]

    @extend_schema_field(LiveTickerSerializer(allow_null=True))
    def get_live_ticker(self, article):
        """null unless the article is a live ticker (the view fetched it
        with the article: ``select_related("live_ticker")``)."""
        ticker = live.ticker_of(article)
        return None if ticker is None else LiveTickerSerializer(ticker, context=self.context).data


class LiveQuoteSerializer(serializers.Serializer):
    text = serializers.CharField()
    source = SourceSerializer(allow_null=True)


class LiveEntrySerializer(serializers.ModelSerializer):
    """One entry of a live ticker, as its page shows it."""

    body_markdown = serializers.CharField(source="body")
    image = ImageSerializer(allow_null=True)
    quote = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = LiveEntry
        fields = [
            "id",
            "headline",
            "body_html",
            "body_markdown",
            "key_event",
            "pinned",
            "created_at",
            "corrected_at",
            "correction_note",
            "image",
            "quote",
            "url",
        ]

    @extend_schema_field(LiveQuoteSerializer(allow_null=True))
    def get_quote(self, entry):
        """The quote with its source; a source that is confidential (now:
        it may have become so after the entry was posted) is not named."""
        if not entry.quote:
            return None
        source = entry.quote_source
        if source is not None and source.is_confidential:
            source = None
        return LiveQuoteSerializer(
            {"text": entry.quote, "source": source}, context=self.context
        ).data

    def get_url(self, entry) -> str:
        """The entry on the ticker's page."""
        article = self.context["article"]  # the view passes it: no query per entry
        return _absolute(
            self.context["request"], f"{article.get_absolute_url()}#eintrag-{entry.pk}"
        )
