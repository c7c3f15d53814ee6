"""``{% comment_section article %}``: the visible comments with their replies,
paginated, and the form, for the article page (the articles app knows
nothing of comments). A constant number of queries however many comments:
the page of top-level comments, their replies, and two counts."""

from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from newsroom.cache import expires_at

from ..forms import CommentForm
from ..models import Comment
from ..moderation import closes_at, comments_open, post_moderated

register = template.Library()

PAGE_PARAMETER = "kommentare"
REPLY_PARAMETER = "antworten"
FIELDS = ("pk", "name", "body", "created_at", "article_id", "parent_id")


def _reply_target(request, visible):
    raw = request.GET.get(REPLY_PARAMETER, "") if request else ""
    # isdigit() alone lets "²" through, which int() refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return visible.filter(pk=int(raw), parent__isnull=True).only(*FIELDS).first()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    request = context.get("request")
    visible = Comment.objects.visible().filter(article=article)
    top_level = visible.filter(parent__isnull=True).only(*FIELDS).order_by("created_at", "pk")
    page = Paginator(top_level, settings.COMMENTS["PER_PAGE"]).get_page(
        request.GET.get(PAGE_PARAMETER) if request else None
    )
    comments = list(page)
    replies = {}
    if comments:
        for reply in (
            visible.filter(parent__in=[c.pk for c in comments])
            .only(*FIELDS)
            .order_by("created_at", "pk")
        ):
            replies.setdefault(reply.parent_id, []).append(reply)
    for comment in comments:
        comment.visible_replies = replies.get(comment.pk, [])
    is_open = comments_open(article)
    if is_open:
        # A cached article page must not outlive the open comment form.
        expires_at(request, closes_at(article))
    reply_to = _reply_target(request, visible) if is_open else None
    form = context.get("comment_form") or CommentForm(
        initial={"parent": reply_to.pk} if reply_to else None
    )
    return {
        "article": article,
        "comments": comments,
        "page": page,
        "total": visible.count(),
        "page_parameter": PAGE_PARAMETER,
        "reply_parameter": REPLY_PARAMETER,
        "reply_to": reply_to,
        "form": form,
        "is_open": is_open,
        "post_moderated": post_moderated(article),
        "closed_at": closes_at(article),
        "preview": context.get("preview", False),
        "request": request,
    }


@register.filter
def rule_label(rule):
    """A policy rule's name as moderators read it."""
    from ..policy import RULE_LABELS

    return RULE_LABELS.get(rule, rule)


@register.filter(needs_autoescape=True)
def comment_text(value, autoescape=True):
    """A reader's plain text as HTML: escaped, paragraphs kept, bare URLs
    linked with ``rel="nofollow ugc"`` so that spam earns no ranking."""
    html = urlize(value, nofollow=True, autoescape=autoescape)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return mark_safe(linebreaks(html, autoescape=False))  # noqa: S308 (escaped above)
