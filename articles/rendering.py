"""Markdown to sanitized HTML for article bodies.

Markdown (python-markdown) makes the HTML; nh3 (the Rust ``ammonia``
sanitizer) keeps only an allow-list of tags, attributes and URL schemes, so
a journalist's ``<script>`` or ``javascript:`` link never reaches a reader
or an editor. ``##`` starts a subheading (Zwischenüberschrift); a single
``#`` is demoted, because the page's only ``h1`` is the headline.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "figcaption",
    "figure", "h2", "h3", "h4", "hr", "i", "li", "ol", "p", "pre", "q", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Return safe HTML for a Markdown body; the same input gives the same output."""
    if not text:
        return ""
    html = markdown.markdown(
        text,
        extensions=["extra", "sane_lists"],
        output_format="html",
    )
    # One h1 per page (the headline): body headings start at h2.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
