"""The desk overview and the revision comparison, two admin pages for
articles (wired in ``ArticleAdmin.get_urls``), and the page that tells a
journalist an article is not theirs."""

import difflib
from datetime import timedelta

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.models import Version

from newsroom.admin_kit import desk_page

from . import editing, publishing
from .models import Article, Byline, Citation

# Compared field by field, in this order, when two revisions are compared.
COMPARED_FIELDS = [
    "title", "kicker", "slug", "lead", "body", "section", "hero_image", "status",
    "publish_at", "featured", "comments_enabled",
]  # fmt: skip


def time_zone_label() -> str:
    """The editors' time zone, named: "Europe/Vienna (CET)"."""
    now = timezone.localtime()
    return f"{timezone.get_current_timezone_name()} ({now.tzname()})"


def desk_view(request, model_admin):
    """What goes out when: articles in review, and the scheduled plan of the
    day and the week, by publication time."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    now = timezone.now()
    articles = (
        Article.objects.editable_by(request.user)
        .select_related("section", "updated_by")
        .prefetch_related("bylines__author")
    )
    in_review = list(articles.filter(status=Article.Status.REVIEW).order_by("updated_at"))
    scheduled = list(
        articles.filter(status=Article.Status.PUBLISHED, publish_at__gt=now).order_by("publish_at")
    )
    today = timezone.localdate()
    days, later = [], []
    for offset in range(7):
        day = today + timedelta(days=offset)
        items = [a for a in scheduled if timezone.localdate(a.publish_at) == day]
        if offset == 0:
            label = _("Today")
        elif offset == 1:
            label = _("Tomorrow")
        else:
            label = date_format(day, "l, j. F")
        days.append({"label": label, "date": day, "show_date": offset < 2, "articles": items})
    later = [a for a in scheduled if timezone.localdate(a.publish_at) > today + timedelta(days=6)]
    published_today = list(
        articles.published()
        .filter(publish_at__date__gte=today - timedelta(days=1))
        .order_by("-publish_at")[:20]
    )
    return desk_page(
        request,
        model_admin,
        "admin/articles/article/desk.html",
        title=_("Desk overview"),
        zone_label=time_zone_label(),
        in_review=in_review,
        days=days,
        later=later,
        published_today=published_today,
    )


def article_versions(article) -> list:
    """The article's revisions, newest first, with who saved them and why."""
    return list(
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def _related_lines(version) -> dict[str, list[str]]:
    """Byline and sources as they were in the version's revision."""
    bylines, citations = [], []
    for related in version.revision.version_set.all():
        model = related._model
        data = related.field_dict
        if model is Byline:
            bylines.append((data.get("position", 0), related.object_repr))
        elif model is Citation:
            quote = data.get("quote") or ""
            citations.append((data.get("position", 0), f"{related.object_repr} {quote}".strip()))
    return {
        _("authors"): [line for _pos, line in sorted(bylines)],
        _("sources"): [line for _pos, line in sorted(citations)],
    }


def _as_lines(value) -> list[str]:
    if value is None:
        return [""]
    if hasattr(value, "isoformat"):
        return [date_format(timezone.localtime(value), "DATETIME_FORMAT")]
    return str(value).splitlines() or [""]


def _readable(field, value):
    """A stored value as the form shows it: the label of a choice ("in
    Prüfung", not "review"), "Ja"/"Nein", the related object's name."""
    if value is None:
        return None
    if field.is_relation:
        return _related_repr(field, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def _diff(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """(kind, line) pairs: kind is "same", "removed" or "added"."""
    rows = []
    for line in difflib.ndiff(old, new):
        tag, text = line[:2], line[2:]
        if tag == "  ":
            rows.append(("same", text))
        elif tag == "- ":
            rows.append(("removed", text))
        elif tag == "+ ":
            rows.append(("added", text))
    return rows


def changes_preview_view(request, model_admin, object_id):
    """A live article's unpublished changes as readers would see them."""
    article = model_admin.get_object(request, unquote(object_id))
    if article is None or not model_admin.has_change_permission(request, article):
        # As the change form, history and compare pages: "not yours" (403).
        refused = not_yours_view(request, model_admin, object_id)
        if refused is not None:
            return refused
        raise Http404
    draft = getattr(article, "_working_draft", None)
    if draft is None:
        raise Http404
    from .views import render_article

    return render_article(
        request,
        editing.preview_of(article, draft),
        extra_context={"preview": True, "preview_of_changes": True},
    )


def not_yours_view(request, model_admin, object_id):
    """An article that exists but that this journalist may not edit: say so
    (403), with the way back, instead of the admin's "does not exist".
    None when there is no such article at all. Nothing about the article
    (title, slug) is shown."""
    if not model_admin.has_change_permission(request):
        return None
    try:
        exists = Article.objects.filter(pk=unquote(str(object_id))).exists()
    except (ValueError, TypeError, ValidationError):
        exists = False
    if not exists:
        return None
    response = desk_page(
        request,
        model_admin,
        "admin/articles/article/not_yours.html",
        title=_("Not one of your articles"),
    )
    response.status_code = 403
    return response


def compare_view(request, model_admin, object_id):
    """Two revisions of one article side by side, field by field."""
    article = model_admin.get_object(request, object_id)
    if article is None:
        refused = not_yours_view(request, model_admin, object_id)
        if refused is not None:
            return refused
        raise Http404
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    versions = {v.pk: v for v in article_versions(article)}
    try:
        old = versions[int(request.GET.get("from", ""))]
        new = versions[int(request.GET.get("to", ""))]
    except (KeyError, ValueError):
        raise Http404(_("Choose two revisions of this article to compare.")) from None
    if old.revision.date_created > new.revision.date_created:
        old, new = new, old
    fields = []
    for name in COMPARED_FIELDS:
        field = Article._meta.get_field(name)
        before = old.field_dict.get(name if not field.is_relation else field.attname)
        after = new.field_dict.get(name if not field.is_relation else field.attname)
        before, after = _readable(field, before), _readable(field, after)
        rows = _diff(_as_lines(before), _as_lines(after))
        fields.append({"label": field.verbose_name, "changed": before != after, "rows": rows})
    old_related, new_related = _related_lines(old), _related_lines(new)
    for label in old_related:
        rows = _diff(old_related[label], new_related[label])
        fields.append(
            {"label": label, "changed": old_related[label] != new_related[label], "rows": rows}
        )
    return desk_page(
        request,
        model_admin,
        "admin/articles/article/compare.html",
        title=_("Compare revisions of “%(title)s”") % {"title": article.title},
        original=article,
        old=old,
        new=new,
        fields=fields,
        can_restore=publishing.can_edit(request.user, article),
    )


def _related_repr(field, pk):
    if pk is None:
        return None
    obj = field.related_model._default_manager.filter(pk=pk).first()
    return str(obj) if obj else f"#{pk}"
