"""``{% comment_section article %}``: the approved comments and the form,
for the article page (the articles app knows nothing of comments)."""

from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from ..forms import CommentForm
from ..models import Comment
from ..moderation import comments_open

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    comments = list(
        Comment.objects.approved()
        .filter(article=article)
        .only("pk", "name", "body", "created_at", "article_id")
    )
    return {
        "article": article,
        "comments": comments,
        "form": context.get("comment_form") or CommentForm(),
        "is_open": comments_open(article),
        "preview": context.get("preview", False),
        "request": context.get("request"),
    }


@register.filter(needs_autoescape=True)
def comment_text(value, autoescape=True):
    """A reader's plain text as HTML: escaped, paragraphs kept, bare URLs
    linked with ``rel="nofollow ugc"`` so that spam earns no ranking."""
    html = urlize(value, nofollow=True, autoescape=autoescape)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return mark_safe(linebreaks(html, autoescape=False))  # noqa: S308 (escaped above)
