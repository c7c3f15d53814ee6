"""The one write path for an article's content, and its working draft.

An article's *content* is what its authors edit: the fields in
``CONTENT_FIELDS``, the bylines in order, the citations in order and the
tags. It travels as a plain, JSON-safe dict (``content_of``), so the same
value is what the admin form produces, what a working draft stores and what
publishing the changes applies.

``save_content`` is how the admin, the wire import, restoring a revision and
publishing changes write it: it locks the article's row, refuses a write
based on an older version (``EditConflict``) and raises the version. An
article that is not live gets its rows written, with a revision. A live
article (published, also scheduled) keeps its rows as readers see them: the
content becomes its working draft (``ArticleDraft``) and no public surface
changes until an editor publishes the changes (``publishing.publish_changes``).
"""

from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Article, ArticleDraft, Author, Byline, Citation, Image, Section, Source
from .rendering import render_markdown

CONTENT_FIELDS = [
    "section", "kicker", "title", "slug", "lead", "body", "hero_image", "featured",
    "comments_enabled", "comment_moderation",
]  # fmt: skip
FOREIGN_KEYS = {"section": Section, "hero_image": Image}


class EditConflict(Exception):
    """Someone saved the article after the writer's form was opened."""

    def __init__(self, current: Article):
        super().__init__(_("The article was changed by someone else meanwhile."))
        self.current = current


def is_live(article: Article) -> bool:
    """Readers see (or will see at its time) the article's rows."""
    return article.status == Article.Status.PUBLISHED


def content_of(article: Article) -> dict:
    """The article's current rows as content."""
    fields = {}
    for name in CONTENT_FIELDS:
        fields[name] = getattr(article, f"{name}_id" if name in FOREIGN_KEYS else name)
    if article.pk is None:
        return {"fields": fields, "bylines": [], "citations": [], "tags": []}
    return {
        "fields": fields,
        "bylines": [b.author_id for b in article.bylines.order_by("position", "id")],
        "citations": [
            {"source": c.source_id, "quote": c.quote}
            for c in article.citations.order_by("position", "id")
        ],
        "tags": sorted(article.tags.names()),
    }


def draft_of(article: Article) -> ArticleDraft | None:
    if article.pk is None:
        return None
    return ArticleDraft.objects.filter(article_id=article.pk).select_related("updated_by").first()


def working_content(article: Article, draft: ArticleDraft | None = None) -> dict:
    """What the article's authors work on: the draft if there is one."""
    draft = draft if draft is not None else draft_of(article)
    return draft.data if draft is not None else content_of(article)


def apply_fields(article: Article, content: dict) -> Article:
    """Set the content's fields on ``article`` in memory (nothing saved)."""
    for name, value in content["fields"].items():
        if name in FOREIGN_KEYS:
            setattr(article, f"{name}_id", value)
            # Drop a cached related object that no longer matches.
            article._state.fields_cache.pop(name, None)
        elif name in CONTENT_FIELDS:
            setattr(article, name, value)
    return article


def content_from_form(cleaned: dict, bylines: list[dict], citations: list[dict]) -> dict:
    """Content from the admin form's cleaned data and its inline rows
    (each a cleaned row: ``author`` / ``source`` and ``quote``)."""
    fields = {}
    for name in CONTENT_FIELDS:
        if name not in cleaned:
            continue
        value = cleaned[name]
        fields[name] = value.pk if name in FOREIGN_KEYS and value is not None else value
    authors = []
    for row in bylines:
        if row["author"].pk not in authors:
            authors.append(row["author"].pk)
    return {
        "fields": fields,
        "bylines": authors,
        "citations": [
            {"source": row["source"].pk if row.get("source") else None, "quote": row["quote"]}
            for row in citations
        ],
        "tags": sorted({str(tag) for tag in cleaned.get("tags", [])} | set(cleaned["new_tags"])),
    }


def _complete(article: Article, content: dict) -> dict:
    """Fill fields a caller left out (e.g. ``featured`` for a journalist's
    form) from the article's current working content: its draft, if any."""
    fields = content.get("fields", {})
    if set(CONTENT_FIELDS) - set(fields):
        base = working_content(article)["fields"] if article.pk else content_of(article)["fields"]
        fields = {**content_of(article)["fields"], **base, **fields}
    return {
        "fields": fields,
        "bylines": list(content.get("bylines", [])),
        "citations": list(content.get("citations", [])),
        "tags": sorted(set(content.get("tags", []))),
    }


@transaction.atomic
def save_content(
    *,
    article: Article,
    content: dict,
    user,
    expected_version: int | None = None,
    comment: str = "",
) -> ArticleDraft | None:
    """Write ``content`` for ``article``: its rows, or, when it is live, its
    working draft (returned). ``expected_version`` is the version the
    writer's form was opened at; ``None`` skips the check (a new article)."""
    if article.pk is None:
        article.version = 1
        write_rows(article, _complete(article, content), user=user, comment=comment)
        return None
    current = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    if expected_version is not None and expected_version != current.version:
        raise EditConflict(current)
    article.status, article.publish_at = current.status, current.publish_at
    content = _complete(current, content)
    article.version = current.version + 1
    if not is_live(current):
        write_rows(article, content, user=user, comment=comment)
        return None
    Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
    if content == content_of(current):
        # Back to what readers see: nothing unpublished remains.
        ArticleDraft.objects.filter(article_id=article.pk).delete()
        return None
    draft, created = ArticleDraft.objects.select_for_update().get_or_create(
        article_id=article.pk,
        defaults={
            "data": content,
            "created_by": user,
            "updated_by": user,
            "base_version": current.version,
        },
    )
    if not created:
        draft.data, draft.updated_by = content, user
        draft.save(update_fields=["data", "updated_by", "updated_at"])
    return draft


def write_rows(article: Article, content: dict, *, user, comment: str = "") -> None:
    """Write content onto the article's own rows, validated, as one revision.
    The caller holds the row lock and has set ``article.version``."""
    apply_fields(article, content)
    article.updated_by = user
    article.full_clean(exclude=["created_by", "updated_by"])
    with reversion.create_revision():
        article.save()
        write_related(article, content)
        if user is not None and user.pk:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)


def write_related(article: Article, content: dict) -> None:
    """The content's bylines, citations and tags onto the article's rows."""
    sync_bylines(article, content["bylines"])
    sync_citations(article, content["citations"])
    article.tags.set(content["tags"])


def sync_bylines(article: Article, author_ids: list[int]) -> None:
    # A draft names authors by id; one may have been deleted since.
    if Author.objects.filter(pk__in=author_ids).count() != len(set(author_ids)):
        raise ValidationError(_("An author named in the byline no longer exists."))
    existing = {b.author_id: b for b in article.bylines.all()}
    for gone in set(existing) - set(author_ids):
        existing[gone].delete()
    for position, author_id in enumerate(author_ids):
        byline = existing.get(author_id)
        if byline is None:
            Byline.objects.create(article=article, author_id=author_id, position=position)
        elif byline.position != position:
            byline.position = position
            byline.save(update_fields=["position"])


def sync_citations(article: Article, rows: list[dict]) -> None:
    existing = list(article.citations.order_by("position", "id"))
    for position, row in enumerate(rows):
        if position < len(existing):
            citation = existing[position]
            if (citation.source_id, citation.quote, citation.position) != (
                row["source"],
                row["quote"],
                position,
            ):
                citation.source_id, citation.quote = row["source"], row["quote"]
                citation.position = position
                citation.full_clean(exclude=["article"])
                citation.save()
        else:
            citation = Citation(
                article=article, source_id=row["source"], quote=row["quote"], position=position
            )
            citation.full_clean(exclude=["article"])
            citation.save()
    for citation in existing[len(rows) :]:
        citation.delete()


@dataclass
class Difference:
    label: str
    live: str
    draft: str


def _names(model, ids) -> str:
    by_id = model.objects.in_bulk([i for i in ids if i is not None])
    return ", ".join(str(by_id.get(i, "–")) for i in ids)


def differences(article: Article, draft: ArticleDraft) -> list[Difference]:
    """Field by field: what the working draft changes against the live
    article, in the form's labels and readable values."""
    live, changed = content_of(Article.objects.get(pk=article.pk)), draft.data
    result = []
    for name in CONTENT_FIELDS:
        before, after = live["fields"].get(name), changed["fields"].get(name, live["fields"][name])
        if before == after:
            continue
        field = Article._meta.get_field(name)
        if name in FOREIGN_KEYS:
            model = FOREIGN_KEYS[name]
            before, after = _names(model, [before]), _names(model, [after])
        elif field.choices:
            choices = dict(field.flatchoices)
            before, after = choices.get(before, before), choices.get(after, after)
        elif isinstance(before, bool):
            before, after = _("yes") if before else _("no"), _("yes") if after else _("no")
        result.append(Difference(str(field.verbose_name), str(before or ""), str(after or "")))
    if live["bylines"] != changed["bylines"]:
        result.append(
            Difference(
                str(gettext_lazy("authors")),
                _names(Author, live["bylines"]),
                _names(Author, changed["bylines"]),
            )
        )
    if live["citations"] != changed["citations"]:

        def cited(rows):
            sources = Source.objects.in_bulk([r["source"] for r in rows if r["source"]])
            return "\n".join(
                f"{sources.get(r['source'], '–')}: {r['quote']}".rstrip(": ") for r in rows
            )

        result.append(
            Difference(str(Citation._meta.verbose_name_plural), cited(live["citations"]),
                       cited(changed["citations"]))
        )  # fmt: skip
    if live["tags"] != changed["tags"]:
        result.append(Difference(_("Tags"), ", ".join(live["tags"]), ", ".join(changed["tags"])))
    return result


def preview_of(article: Article, draft: ArticleDraft) -> Article:
    """The article as it will read once its draft is published, in memory,
    for the reader's template: fields applied and bylines, citations and
    tags in the prefetch cache that template reads (nothing is saved)."""
    from taggit.models import Tag

    preview = Article.objects.select_related("section", "hero_image").get(pk=article.pk)
    apply_fields(preview, draft.data)
    preview.body_html = render_markdown(preview.body)
    authors = Author.objects.in_bulk(draft.data["bylines"])
    sources = Source.objects.in_bulk([r["source"] for r in draft.data["citations"] if r["source"]])
    known = {tag.name: tag for tag in Tag.objects.filter(name__in=draft.data["tags"])}
    preview._prefetched_objects_cache = {
        "bylines": [
            Byline(article=preview, author=authors[pk], position=i)
            for i, pk in enumerate(draft.data["bylines"])
            if pk in authors
        ],
        "citations": [
            Citation(article=preview, source=sources.get(row["source"]), quote=row["quote"])
            for row in draft.data["citations"]
            if row["source"] in sources and not sources[row["source"]].is_confidential
        ],
        # A tag new in the draft exists only there: shown, not yet linked to a page.
        "tags": [
            known.get(name) or Tag(name=name, slug=Tag().slugify(name))
            for name in draft.data["tags"]
        ],
        "corrections": list(article.corrections.all()),
    }
    return preview


def is_substantive(article: Article, draft: ArticleDraft) -> bool:
    """A change readers would notice in the text: headline, lead or body."""
    live = Article.objects.filter(pk=article.pk).values("title", "lead", "body").first() or {}
    return any(draft.data["fields"].get(name, value) != value for name, value in live.items())
