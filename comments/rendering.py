"""A comment's body as the article page shows it, rendered once.

The article page used to escape, urlize and paragraph every comment on every
uncached render (the largest single cost of a page with many comments). Now
the comments app renders a body when it stores or decides on the comment
(``comments.moderation``) and keeps the HTML in ``Comment.body_html``; the
page inserts it as it is.

Only this module writes ``body_html``, always from ``body``: nothing else
(forms, the admin, imports) may put HTML there, so the stored HTML is as safe
as the renderer. A comment without stored HTML (rows written in bulk
elsewhere, or before the field existed) is rendered on the fly by
``body_html()``, and ``rerender()`` (``manage.py rerender_comments``) fills in
or refreshes every row after a change to ``render_body``. The HTML has no
words of the interface in it, so a change of language needs no re-rendering.
"""

from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

BATCH = 2_000


def render_body(text: str) -> SafeString:
    """A reader's plain text as HTML: escaped, paragraphs kept, bare URLs
    linked with ``rel="nofollow ugc noopener"`` so that spam earns no ranking."""
    html = urlize(text, nofollow=True, autoescape=True)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return mark_safe(linebreaks(html, autoescape=False))  # noqa: S308 (escaped above)


def store(comment) -> None:
    """Set ``comment.body_html`` from its body (the caller saves it)."""
    comment.body_html = str(render_body(comment.body))


def body_html(comment) -> SafeString:
    """The HTML of a comment's body: the stored one, or rendered now."""
    if comment.body_html:
        return mark_safe(comment.body_html)  # noqa: S308 (written only by store())
    return render_body(comment.body)


def rerender(queryset=None, *, model=None) -> tuple[int, set]:
    """Render the body of every comment in ``queryset`` (default: all) again
    and store what changed. Returns how many comments it read and the ids of
    the articles whose comments changed (their pages must be refreshed).
    ``model`` lets a data migration pass its historical model."""
    if queryset is None:
        if model is None:
            from .models import Comment as model
        queryset = model._default_manager.all()
    model = queryset.model
    seen, articles, batch = 0, set(), []

    def flush():
        model._default_manager.bulk_update(batch, ["body_html"])
        batch.clear()

    rows = queryset.order_by("pk").values_list("pk", "article_id", "body", "body_html")
    for pk, article_id, body, stored in rows.iterator(chunk_size=BATCH):
        seen += 1
        html = str(render_body(body))
        if html != stored:
            batch.append(model(pk=pk, body_html=html))
            articles.add(article_id)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return seen, articles
