"""Reader search at /suche/.

On PostgreSQL: full-text search with the ``german`` configuration over a
stored ``Article.search_vector`` (GIN index), kept current after every
commit that saves an article (``signals.py``). Queries use web-search syntax
(``"a phrase"``, ``-word``, ``or``); the rank weighs the headline (A) over
kicker and lead (B) over the body (C); snippets come from ``ts_headline``.

Elsewhere (SQLite in development) a simple fallback: every word must occur
somewhere in headline, kicker, lead or body.

Either way the search starts from ``Article.objects.published()``, the one
public gate, so drafts, scheduled and archived articles are never found.

The index class that ``models.py`` declares lives in :mod:`newsroom.indexes`
(migration 0004 names ``articles.search.PostgresGinIndex``, hence the import
here); this module imports the models only inside functions.
"""

import html
import re
import string
import unicodedata

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, Func, Q, TextField, Value
from django.shortcuts import render
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from newsroom.indexes import PostgresGinIndex  # noqa: F401  (named by migration 0004)

from .invalidation import SEARCH, listing

SEARCH_CONFIG = "german"
MAX_QUERY_LENGTH = 200
MAX_FALLBACK_TERMS = 8
PAGE_SIZE = 20
SNIPPET_WORDS = {"max_words": 35, "min_words": 15}
FALLBACK_SNIPPET_CHARS = 240

# ts_headline marks matches with these; they cannot occur in a stored text
# (control characters are refused) and survive HTML escaping unchanged.
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)
# Punctuation trimmed from the ends of a fallback search term.
_TERM_PUNCTUATION = string.punctuation + "„“”‚‘’«»‹›–—…"
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
# A subheading in a snippet is set off from the paragraph after it by a dash
# ("… zweiter Welle – Die Soldaten …"), unless it ends in punctuation. The
# same regular expression runs in Python (fallback) and PostgreSQL (before
# ts_headline, which turns tags into spaces).
HEADING_SEPARATOR = "–"
HEADING_END = re.compile(r"([^.:!?…\s])(</h[2-6]>)")
HEADING_END_REPLACEMENT = rf"\1 {HEADING_SEPARATOR}\2"
_PG_HEADING_END = ("([^.:!?…[:space:]])(</h[2-6]>)", rf"\1 {HEADING_SEPARATOR}\2")
# Block-level tags: the text on either side belongs to different blocks.
_BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|blockquote|pre|table|thead|tbody|tr|td|th|figure|figcaption|hr|br)"
    r"\b[^>]*>",
    re.IGNORECASE,
)


def vector_expression():
    """The weighted document of an article: headline A, kicker and lead B, body C."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("kicker", weight="B", config=SEARCH_CONFIG)
        + SearchVector("lead", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def _is_postgresql(alias):
    return connections[alias].vendor == "postgresql"


def update_search_vector(article_id, *, using=None):
    """Recompute one article's stored vector; does nothing outside PostgreSQL."""
    from .models import Article

    articles = Article.objects.filter(pk=article_id)
    if using:
        articles = articles.using(using)
    if _is_postgresql(articles.db):
        articles.update(search_vector=vector_expression())


def normalise_query(raw) -> str:
    """What a reader typed, made safe to search for: control characters
    (NUL above all, which PostgreSQL refuses) become spaces, invisible
    format characters vanish, runs of whitespace collapse, and the result
    is at most MAX_QUERY_LENGTH characters long. Empty means: no search."""
    if not raw:
        return ""
    kept = []
    for char in str(raw):
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" ")
        elif not category.startswith("C"):
            kept.append(char)
    return " ".join("".join(kept).split())[:MAX_QUERY_LENGTH].strip()


def fallback_terms(query):
    """Split a query into at most MAX_FALLBACK_TERMS (term, excluded) pairs:
    words, "quoted phrases" and -excluded words; ``or`` is not a term."""
    terms = []
    for match in _TERM.finditer(query):
        excluded, phrase, word = match.groups()
        text = " ".join((phrase if phrase is not None else word).split())
        text = text.strip(_TERM_PUNCTUATION + " ")
        if text and text.lower() != "or":
            terms.append((text, bool(excluded)))
    return terms[:MAX_FALLBACK_TERMS]


def _contains(term):
    return (
        Q(title__icontains=term)
        | Q(kicker__icontains=term)
        | Q(lead__icontains=term)
        | Q(body__icontains=term)
    )


def search(query):
    """Published articles matching ``query``, best first. On PostgreSQL each
    carries ``rank`` and ``raw_snippet`` (unescaped ts_headline output: pass
    it through :func:`add_snippets`, never to a template as it is)."""
    from .models import Article

    query = normalise_query(query)
    # A result shows what a teaser shows; the vector and the Markdown body
    # can be large and are not needed for that.
    articles = Article.objects.published().defer("search_vector", "body")
    if not query:
        return articles.none()
    if _is_postgresql(articles.db):
        ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            articles.defer("body_html")
            .filter(search_vector=ts_query)
            .annotate(
                rank=SearchRank(F("search_vector"), ts_query),
                # The sanitised HTML, whose tags ts_headline skips: no Markdown
                # syntax in the snippet, and entities add_snippets decodes.
                raw_snippet=SearchHeadline(
                    Func(
                        F("body_html"),
                        Value(_PG_HEADING_END[0]),
                        Value(_PG_HEADING_END[1]),
                        Value("g"),
                        function="REGEXP_REPLACE",
                        output_field=TextField(),
                    ),
                    ts_query,
                    config=SEARCH_CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    **SNIPPET_WORDS,
                ),
            )
            .order_by("-rank", "-publish_at", "-id")
        )
    terms = fallback_terms(query)
    if not any(not excluded for _, excluded in terms):
        return articles.none()
    condition = Q()
    for term, excluded in terms:
        condition &= ~_contains(term) if excluded else _contains(term)
    return articles.filter(condition).order_by("-publish_at", "-id")


def _plain_text(body_html):
    """The body as one line of text: every block ends with a space (and a
    subheading with a dash, see HEADING_END), so no two blocks run together."""
    text = HEADING_END.sub(HEADING_END_REPLACEMENT, body_html or "")
    text = _BLOCK_TAG.sub(" ", text)
    return " ".join(html.unescape(strip_tags(text)).split())


def _trim_separators(text):
    """A snippet that starts or ends at a subheading loses the dash there."""
    text = text.strip()
    if text.startswith(HEADING_SEPARATOR + " "):
        text = text[len(HEADING_SEPARATOR) + 1 :]
    if text.endswith(" " + HEADING_SEPARATOR):
        text = text[: -len(HEADING_SEPARATOR) - 1]
    return text


def _headline_html(raw):
    """ts_headline output made into safe HTML: decode the entities of the
    sanitised body, escape everything, then turn the sentinels into <mark>."""
    text = escape(_trim_separators(" ".join(html.unescape(raw).split())))
    text = _MARKED.sub(r"<mark>\1</mark>", text)
    return mark_safe(text.replace(_START, "").replace(_STOP, ""))  # noqa: S308 - escaped above


def _fallback_snippet_html(body_html, terms):
    """A plain-text excerpt of the body around the first match, every match
    in it wrapped in <mark>, everything else escaped."""
    text = _plain_text(body_html)
    words = sorted({term for term, excluded in terms if not excluded}, key=len, reverse=True)
    if not text or not words:
        return ""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - FALLBACK_SNIPPET_CHARS // 3) if first else 0
    end = min(len(text), start + FALLBACK_SNIPPET_CHARS)
    if start > 0:  # begin at a word, not inside one
        space = text.find(" ", start, first.start() if first else end)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", first.end() if first else start, end)
        end = space if space != -1 else end
    excerpt = _trim_separators(text[start:end])
    parts, position = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(excerpt[position:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every part escaped


def add_snippets(articles, query):
    """Give each article (of one page, already fetched) a ``snippet``: safe
    HTML with the matches in <mark>, or "" when the lead serves better."""
    terms = None
    for article in articles:
        raw = getattr(article, "raw_snippet", None)
        if raw is not None:
            snippet = _headline_html(raw)
        else:
            if terms is None:
                terms = fallback_terms(normalise_query(query))
            snippet = _fallback_snippet_html(article.body_html, terms)
        if "<mark>" not in snippet and article.lead:
            snippet = SafeString("")
        article.snippet = snippet
    return articles


def search_view(request):
    """GET /suche/?q=…&page=…: a form, and the results of its query."""
    query = normalise_query(request.GET.get("q", ""))
    page = None
    if query:
        listing(request, SEARCH)
        results = search(query).for_listing()
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = add_snippets(list(page.object_list), query)
    return render(request, "articles/search.html", {"query": query, "page": page})
