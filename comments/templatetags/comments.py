"""``{% comment_section article %}``: the visible comments with their replies,
paginated, and the form, for the article page (the articles app knows
nothing of comments). A constant number of queries however many comments:
both counts in one, the page of top-level comments, and their replies.

A page shows up to ``COMMENTS["PER_PAGE"]`` comments with their replies, so
each one's markup is built here from one format string (``COMMENT``) instead
of an included template: the body's HTML is stored
(``comments.rendering``), the link and the translated words are looked up
once per page, not once per comment."""

from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

from newsroom.cache import expires_at

from .. import rendering
from ..forms import CommentForm
from ..invalidation import shows_comments
from ..models import Comment
from ..moderator import policy_for

register = template.Library()

PAGE_PARAMETER = "kommentare"
REPLY_PARAMETER = "antworten"
FIELDS = ("pk", "name", "body", "body_html", "created_at", "article_id", "parent_id")

# One comment as the article page shows it: a heading per comment (h3, a
# reply h4), so that screen readers can jump from comment to comment.
COMMENT = (
    '<article class="comment" id="kommentar-{pk}" aria-labelledby="kommentar-{pk}-name">\n'
    "  \n"
    '  <div class="comment-meta"><{h} class="comment-name" id="kommentar-{pk}-name">{name}</{h}>'
    ' · <time datetime="{iso}">{when}</time></div>\n'
    '  <div class="comment-body">{body}</div>\n'
    '  <p class="comment-actions">\n'
    "    {reply}\n"
    '    <a href="{report_url}" rel="nofollow">{report}</a>\n'
    "  </p>\n"
    "</article>\n"
)
REPLY_LINK = '<a href="?{parameter}={pk}#kommentar-formular">{label}</a> · '
_PK = 2_147_483_647  # stands for the comment's number in the report link


def _markup(comments, *, is_open):
    """Set ``comment.markup`` (and ``replies_label``) on the page's comments
    and their replies; the words and the link are looked up once."""
    report_url = reverse("comments:report", args=[_PK])
    words = {
        "reply": gettext('Reply<span class="visually-hidden"> to %(name)s</span>'),
        "report": gettext('Report<span class="visually-hidden"> the comment by %(name)s</span>'),
        "replies": gettext("Replies to %(name)s"),
    }

    def build(comment):
        name = conditional_escape(comment.name)
        created = localtime(comment.created_at)
        reply = ""
        if is_open and not comment.parent_id:
            reply = REPLY_LINK.format(
                parameter=REPLY_PARAMETER, pk=comment.pk, label=words["reply"] % {"name": name}
            )
        comment.markup = mark_safe(  # noqa: S308 (every part escaped or stored safe)
            COMMENT.format(
                pk=comment.pk,
                h="h4" if comment.parent_id else "h3",
                name=name,
                iso=conditional_escape(date_filter(created, r"Y-m-d\TH:i:sO")),
                when=conditional_escape(date_filter(created, "DATETIME_FORMAT")),
                body=rendering.body_html(comment),
                reply=reply,
                report_url=report_url.replace(str(_PK), str(comment.pk)),
                report=words["report"] % {"name": name},
            )
        )

    for comment in comments:
        build(comment)
        label = words["replies"] % {"name": conditional_escape(comment.name)}
        comment.replies_label = mark_safe(label)  # noqa: S308 (the name is escaped)
        for reply in comment.visible_replies:
            build(reply)


def _reply_target(request, visible):
    raw = request.GET.get(REPLY_PARAMETER, "") if request else ""
    # isdigit() alone lets "²" through, which int() refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return visible.filter(pk=int(raw), parent__isnull=True).only(*FIELDS).first()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    request = context.get("request")
    shows_comments(request, article.pk)  # before the comments are read
    visible = Comment.objects.visible().filter(article=article)
    top_level = visible.filter(parent__isnull=True).only(*FIELDS).order_by("created_at", "pk")
    counts = visible.aggregate(total=Count("pk"), top_level=Count("pk", filter=Q(parent=None)))
    paginator = Paginator(top_level, settings.COMMENTS["PER_PAGE"])
    paginator.count = counts["top_level"]  # known: no second count query
    page = paginator.get_page(request.GET.get(PAGE_PARAMETER) if request else None)
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
    policy = policy_for(article)
    is_open = policy.is_open()
    _markup(comments, is_open=is_open)
    if is_open:
        # A cached article page must not outlive the open comment form.
        expires_at(request, policy.closes_at)
    reply_to = _reply_target(request, visible) if is_open else None
    form = context.get("comment_form") or CommentForm(
        initial={"parent": reply_to.pk} if reply_to else None
    )
    return {
        "article": article,
        "comments": comments,
        "page": page,
        "total": counts["total"],
        "page_parameter": PAGE_PARAMETER,
        "reply_parameter": REPLY_PARAMETER,
        "reply_to": reply_to,
        "form": form,
        "is_open": is_open,
        "post_moderated": policy.post_moderated,
        "closed_at": policy.closes_at,
        "preview": context.get("preview", False),
        "request": request,
    }


@register.filter
def rule_label(rule):
    """A policy rule's name as moderators read it."""
    from ..policy import RULE_LABELS

    return RULE_LABELS.get(rule, rule)


@register.filter(is_safe=True)
def comment_text(value):
    """A reader's plain text as HTML (``comments.rendering.render_body``)."""
    return rendering.render_body(value)
