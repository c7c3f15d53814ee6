"""Pasted HTML to plain wire copy, for ``articles.wire``.

A journalist copies a web page's source (or a CMS exports one) instead of its
text. Beautiful Soup parses it with Python's own HTML parser, which builds the
tree without recursion, so deep nesting costs time linear in its size and
never a crash. Only text comes out: no tag, attribute, URL or entity reaches
the draft, and the body is Markdown escaped by ``wire`` and sanitised when
rendered anyway.

- Dropped unread: scripts, styles, templates, frames, embedded objects, SVG
  and MathML, forms, media and figures (with their captions and credits),
  ``nav``, ``aside``, ``footer``, the document head, anything ``hidden``,
  ``aria-hidden="true"``, ``display: none`` or with a landmark role that is
  not the article (navigation, banner, complementary, contentinfo, search,
  dialogs).
- The article: the innermost ``<article>`` that holds the ``<h1>``, else
  ``<main>``, else the whole document.
- Blocks: each paragraph, heading, list item, quote, table cell … is one
  block of text; ``<br>`` breaks a line inside it; other whitespace is one
  space. Blocks are separated by a blank line.
- Headline: with an ``<h1>``, the copy starts there. A kicker right before
  it (an element whose class names a kicker, "Dachzeile", "topline" …, or a
  short line without final punctuation in the element just before the
  ``<h1>``; also inside it) stands directly above the headline, as the plain
  text rules expect a kicker. Text before that (site name, date, breadcrumbs)
  is dropped and listed in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.exceptions import ParserRejectedMarkup


class UnreadableHTML(ValueError):
    """Markup so broken that even a forgiving parser gives up on it."""


_DROP_TAGS = frozenset(
    "script style noscript template iframe frame frameset object embed applet svg math canvas "
    "form button input select textarea option datalist output nav aside footer figure "
    "figcaption picture video audio img source track map area head title meta link base "
    "dialog menu".split()
)
_BLOCK_TAGS = frozenset(
    "html body main article section header hgroup div p h1 h2 h3 h4 h5 h6 li ul ol dl dt dd "
    "blockquote pre table caption thead tbody tfoot tr td th address details summary center "
    "fieldset legend".split()
)
_DROP_ROLES = frozenset(
    "navigation banner complementary contentinfo search dialog alertdialog menu menubar "
    "toolbar".split()
)
_KICKER_CLASSES = frozenset(
    "kicker dachzeile topline overline supertitle roofline spitzmarke eyebrow".split()
)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CLASS_SPLIT_RE = re.compile(r"[\s_-]+")
_WHITESPACE_RE = re.compile(r"\s+")
_BREAK = "\n"

# Tags that mark a text as HTML when it starts with one; a text that does not
# start with a tag is HTML when it has at least two block tags ("<p>…</p>").
_START_TAG_RE = re.compile(
    r"<(?:!doctype\s+html|!--|/?(?:html|head|body|article|main|section|div|p|h[1-6]|header|"
    r"footer|nav|aside|figure|ul|ol|li|table|blockquote|br|span|a|strong|em|b|i|script|style|"
    r"iframe|meta|link|title|img|hgroup|time)\b[^>]*>)",
    re.IGNORECASE,
)
_BLOCK_TAG_RE = re.compile(r"</?(?:p|div|h[1-6]|li|br|article|section)\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether pasted text is the source of a web page rather than its text."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<") and _START_TAG_RE.match(head):
        return True
    return len(_BLOCK_TAG_RE.findall(text)) >= 2


@dataclass
class _Block:
    lines: list[str]
    owner: Tag | None
    kicker: bool


def _classes(tag: Tag) -> set[str]:
    names = tag.get("class") or []
    if isinstance(names, str):
        names = names.split()
    return {part.lower() for name in names for part in _CLASS_SPLIT_RE.split(name) if part}


def _is_dropped(tag: Tag) -> bool:
    if tag.name in _DROP_TAGS or tag.has_attr("hidden"):
        return True
    if str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    if str(tag.get("role", "")).lower() in _DROP_ROLES:
        return True
    return bool(_HIDDEN_STYLE_RE.search(str(tag.get("style", ""))))


def _content_root(soup: BeautifulSoup) -> Tag:
    h1 = soup.find("h1")
    if h1 is not None:
        for parent in h1.parents:
            if parent.name == "article":
                return parent
    return soup.find("main") or soup


def _blocks(root: Tag) -> list[_Block]:
    """The root's text, block by block, in document order (an explicit stack,
    not recursion)."""
    blocks: list[_Block] = []
    buffer: list[str] = []
    owners: list[tuple[Tag, bool]] = []

    def flush():
        lines = [_WHITESPACE_RE.sub(" ", part).strip() for part in "".join(buffer).split(_BREAK)]
        buffer.clear()
        lines = [line for line in lines if line]
        if lines:
            owner, kicker = owners[-1] if owners else (None, False)
            blocks.append(_Block(lines, owner, kicker))

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            owners.pop()
            continue
        if isinstance(node, NavigableString):
            # Not comments, doctypes, CDATA or processing instructions.
            if type(node) is NavigableString:
                buffer.append(_WHITESPACE_RE.sub(" ", str(node)))
            continue
        if not isinstance(node, Tag) or (node is not root and _is_dropped(node)):
            continue
        if node.name == "br":
            buffer.append(_BREAK)
            continue
        kicker = bool(_classes(node) & _KICKER_CLASSES)
        if node.name in _BLOCK_TAGS or kicker:
            flush()
            owners.append((node, kicker or (bool(owners) and owners[-1][1])))
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return blocks


def _kicker_before(blocks: list[_Block], h: int, is_kicker_line) -> int:
    """The index the copy starts at: the headline's, or its kicker's."""
    if h == 0:
        return h
    before, headline = blocks[h - 1], blocks[h]
    if before.kicker:
        return h - 1
    owner = headline.owner
    sibling = owner.find_previous_sibling() if owner is not None else None
    if (
        len(before.lines) == 1
        and is_kicker_line(before.lines[0])
        and before.owner is not None
        and (before.owner is sibling or before.owner.parent is owner)
    ):
        return h - 1
    return h


def html_to_text(markup: str, is_kicker_line) -> tuple[str, list[str]]:
    """The copy in the page ``markup`` as plain text, and the lines dropped
    before its headline. ``is_kicker_line`` tells a kicker from other text."""
    try:
        soup = BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup as exc:  # e.g. "<![" that opens no known declaration
        raise UnreadableHTML(str(exc)) from exc
    blocks = _blocks(_content_root(soup))
    h = next(
        (k for k, b in enumerate(blocks) if b.owner is not None and b.owner.name == "h1"), None
    )
    if h is None:
        return "\n\n".join("\n".join(b.lines) for b in blocks), []
    start = _kicker_before(blocks, h, is_kicker_line)
    dropped = [line for block in blocks[:start] for line in block.lines]
    head = "\n".join(line for block in blocks[start : h + 1] for line in block.lines)
    rest = ["\n".join(b.lines) for b in blocks[h + 1 :]]
    return "\n\n".join([head, *rest]), dropped
