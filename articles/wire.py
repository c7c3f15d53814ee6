"""Wire copy to draft: text pasted from a wire service or another site, or the
HTML source of a web page, becomes an ``Article`` in the draft state, with a
report of what was recognised.

``parse_wire_text`` is pure (text in, ``WireArticle`` out; its ``report()``
says what was found and dropped); ``decode_wire_bytes`` turns an uploaded file
into text or refuses it; ``import_wire_article`` is the service that the admin
page and ``manage.py import_article`` call: it creates the draft and keeps the
report as a ``WireImport``, which the draft's form shows. Every refusal is a
``ValidationError`` with a ``code`` and a sentence for the journalist;
nothing is created then.

The rules, in the order they are applied:

0. HTML. A text that starts with a tag, or has at least two block tags, is
   HTML: ``articles.wire_html`` takes its text block by block (Beautiful Soup;
   scripts, styles, frames, forms, media, figures, ``nav``, ``aside``,
   ``footer`` and hidden elements are dropped unread), starting at the
   ``<h1>`` with its kicker right above it. The result, plain text with blank
   lines between blocks, goes through the rules below like pasted text. HTML
   without any text is refused.
1. Clean-up. Line endings become ``\\n``; NBSP becomes a space; invisible
   characters (zero-width space/joiners U+200B–U+200D, word joiner U+2060,
   BOM U+FEFF, soft hyphen U+00AD, bidi controls) and control characters
   other than newline/tab are removed; the text is NFC-normalised (macOS
   copies "ü" as "u" + combining diaeresis); tabs and runs of spaces become
   one space; every line is stripped. Quotation marks („…“ ‚…‘ »…« "…") and
   figures ("3.000", "12.000", "2,4 Prozent") are never touched.
2. Page chrome. Every dropped line is listed in the report.
   - At the *end*: page furniture (``TRAILING_CHROME``: "Kommentar
     hinterlassen", "12 Kommentare", "Teilen", "Facebook", "Foto: dpa",
     "© dpa" …), author lines ("Autor: Anna Berger"), and a "Mehr zum Thema"
     or "Lesen Sie auch" line with the teaser headlines below it.
   - At the *start*, before the headline and between the headline and the
     lead: the same furniture and ``LEADING_CHROME`` ("Startseite",
     breadcrumbs such as "Politik > Ausland", "Lesezeit: 3 Minuten", date
     stamps, photo credits), and author lines.
   - *Anywhere*, as a line of its own: "Lesen Sie auch: …" (and "Lesen Sie
     auch" or "Mehr zum Thema" with the teaser headlines directly below it)
     and a short credit "Foto: …", "Bild: …" without a sentence.
   "Teilen" or "Facebook" in the middle of the text stay.
3. Author lines ("Von Anna Berger", "VON ANNA BERGER, Brüssel", "Autor: …",
   "Text: Anna Berger und Tim Klein", "Von Anna Berger | 12.03.2025") are not
   text: their names (two to four capitalised words each; a place or agency
   after a comma is not a name) become byline suggestions, matched against
   the authors by name (case and German spelling ignored). A lead "Von
   Montag an gilt …" is no author line.
4. Headline. The first line is the headline. It must not end like a
   sentence (``.`` ``:`` ``;`` ``,`` ``…``, also before a closing quotation
   mark); ``?`` and ``!`` are allowed because German headlines use them.
   When the first line ends like a sentence, starts with an agency dateline
   ("Wien (APA) –", "SEOUL, 23. Oktober (Reuters) -") or continues on the
   next line (which starts lower-case), the copy has no headline line: its
   first paragraph is the lead, and ``propose_headline`` makes a working
   headline from the lead's first clause (at most 90 characters, no final
   period). It is stored as ``Article.proposed_title`` too, and publishing
   is refused until the journalist replaces or confirms it.
5. Kicker (Dachzeile). The first line is the kicker and the second the
   headline when the second stands *directly* below the first (no blank line
   between), the first looks like a subheading (rule 8, but up to 100
   characters), the second like a headline (rule 4), and the second is
   followed by a blank line, the end of the text, or the lead: a line that
   is not subheading-like, does not start with a lower-case letter (the rest
   of a wrapped sentence) and is either longer than 100 characters or ends
   with ``. ! ? …``. Ambiguities the journalist fixes on the draft: a
   headline directly followed by a subheading and a paragraph, or by a lead
   wrapped over exactly two lines, reads as kicker + headline.
6. Blocks. After the headline, blocks are separated by blank lines. A block
   whose lines all have at most 100 characters is one paragraph wrapped over
   several lines: its lines are joined with a space, except that a
   subheading-like line (rule 8) that starts the block or follows a line
   ending a sentence, and after which the next word would still have fitted
   (a break no line wrapping makes), is a subheading of its own. A block
   with a longer line was never wrapped, so each of its lines is a block of
   its own. When the text after the headline has no blank line at all, every
   line is a block (one paragraph per line), except a line that starts
   lower-case, or, in copy wrapped at 50 to 100 characters, one that a
   wrapper broke off (the line before ends no sentence and the next word
   would not have fitted): it continues the paragraph.
7. Lead. The first block is the lead (plain text, at most 1500 characters)
   unless it looks like a subheading; then the lead stays empty. An agency
   dateline stays in the lead as the agency wrote it.
8. Body (Markdown). A block of at most 80 characters that contains a letter,
   does not start with a quotation mark or ``- + * > #``, and does not end
   with ``. ! ? : ; , …`` or a quotation mark becomes ``## Subheading``;
   every other block is a paragraph. Blocks are separated by a blank line.
   Characters that Markdown would read as syntax are escaped so the text
   renders literally: ``\\ * _ ` {`` everywhere, ``< &`` where they would
   start a tag or entity, and at the start of a paragraph ``# > [``, ``-`` or
   ``+`` followed by a space, ``---``, ``: `` (as ``&#58;``) and a number
   followed by ``.`` and a space ("1. FC Köln"; "3.000 Soldaten" and
   "am 14. März" stay as they are).
9. Limits. Text over 200,000 characters, a headline over 200, a lead over
   1500 and a body over 200,000 characters are refused with a message.

Length: one reader of agency copy, line by line, with the German patterns it
recognises (datelines, author lines, site chrome); HTML is read by
articles/wire_html.py, the corpus measured by articles/wire_quality.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsroom.text import german_slugify

from . import citing, editing, wire_html
from .models import TITLE_MAX_LENGTH, Article, Author, WireImport

ADD_PERMISSION = "articles.add_article"

MAX_TEXT_LENGTH = 200_000
MAX_FILE_BYTES = 1024 * 1024
SUBHEADING_MAX_LENGTH = 80
PROPOSED_TITLE_MAX_LENGTH = 90
# Wire services, e-mail and PDFs wrap lines at 60 to 100 characters.
WRAP_WIDTH = 100
WRAP_MIN_WIDTH = 50


def _model_max_length(field_name: str) -> int:
    field = Article._meta.get_field(field_name)
    for validator in field.validators:
        if isinstance(validator, MaxLengthValidator):
            return validator.limit_value
    return field.max_length


KICKER_MAX_LENGTH = _model_max_length("kicker")  # 100
LEAD_MAX_LENGTH = _model_max_length("lead")  # 1500
BODY_MAX_LENGTH = _model_max_length("body")  # 200,000
SLUG_BASE_MAX_LENGTH = _model_max_length("slug") - 10  # room for "-2", "-3" …

# "Mehr zum Thema", "Lesen Sie auch": a pointer to other articles.
RELATED = (
    r"(mehr zum thema|das könnte sie auch interessieren|lesen sie (auch|mehr)|auch interessant)"
)

# Page furniture left over at the end of copied text; matched against a whole
# line, case-insensitively, after surrounding bullets/arrows are stripped.
TRAILING_CHROME = (
    r"kommentar(e)?( (hinterlassen|schreiben|verfassen|anzeigen|lesen|einblenden))?",
    r"kommentieren",
    r"kommentare? ?\(\d+\)",
    r"\d+ kommentare?",
    r"((artikel|beitrag|seite) )?(teilen|drucken|merken|vorlesen|anhören|speichern)",
    r"(auf|via|per) [\w\-. ]{1,20} teilen",
    RELATED,
    r"facebook|twitter|x|whatsapp|telegram|threads|bluesky|mastodon|linkedin|xing"
    r"|pinterest|reddit|flipboard|instagram|e-?mail|mail",
    r"link kopieren",
    r"(zum seitenanfang|nach oben|zurück nach oben)",
    r"(anzeige|werbung)",
    r"newsletter( abonnieren)?",
    r"feedback( geben| senden)?",
    r"(foto|fotos|bild|grafik|video)\s*:.{1,120}",
    r"(©|\(c\)|copyright\b).{0,120}",
)

_MONTHS = (
    "januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
)
# Lines before the headline (and between headline and lead) that are
# navigation, reading time, date stamps or photo credits, matched like
# TRAILING_CHROME; the trailing furniture (share and comment links) counts too.
LEADING_CHROME = (
    r"(startseite|home|zurück|anzeige|werbung)",
    r"lesezeit:?\s*(ca\.\s*)?\d+\s*min(\.|uten?)?",
    r"(ca\.\s*)?\d+\s*min(\.|uten?)?\s*lesezeit",
    r"((aktualisiert|veröffentlicht|stand)( am)?:?\s*)?"
    rf"\d{{1,2}}\.\s?(\d{{1,2}}\.\s?|({_MONTHS})\s+)\d{{2,4}}"
    r"(,?\s*(um\s*)?\d{1,2}[:.]\d{2}(\s*uhr)?)?",
    r"(foto|fotos|bild|grafik|video)\s*:.{1,120}",
    r"(©|\(c\)|copyright\b).{0,120}",
)

_TRAILING_RE = re.compile("|".join(f"(?:{p})" for p in TRAILING_CHROME), re.IGNORECASE)
_LEADING_RE = re.compile("|".join(f"(?:{p})" for p in LEADING_CHROME), re.IGNORECASE)
_RELATED_RE = re.compile(RELATED, re.IGNORECASE)
# "Lesen Sie auch: Wie die NATO …", "Mehr zum Thema: …" as a line anywhere.
_RELATED_LINK_RE = re.compile(rf"{RELATED}\s*[:>»›]\s*\S.{{0,200}}", re.IGNORECASE)
# A photo credit in the middle of the text: short, no sentence.
_CREDIT_RE = re.compile(r"(foto|fotos|bild|bilder|grafik)\s*:\s*[^.!?:;]{1,80}", re.IGNORECASE)
# "Politik > Ausland", "Startseite › Wirtschaft › Energie"
_CRUMB = r"[A-ZÄÖÜ][^.!?:;>›]{0,39}"
_BREADCRUMB_RE = re.compile(rf"{_CRUMB}(\s[>›]\s{_CRUMB})+")
_CHROME_DECORATION = " •·|→›»>+"
# Author lines: "Von Anna Berger", "Von ANNA BERGER, Brüssel", "Text: Anna
# Berger und Tim Klein", "Autorin: Anna Berger | 12.03.2025"; capitalised
# names, so that a lead "Von Montag an gilt …" is no byline.
_NAME = r"[A-ZÄÖÜ][\w'’.\-]*"
_BYLINE_PREFIX = r"(Von|VON|Text:|Autor:|Autorin:|Autoren:|Autorinnen:|By)"
_BYLINE_RE = re.compile(
    rf"\(?{_BYLINE_PREFIX}\s+(?P<names>{_NAME}(\s+{_NAME}){{0,3}}"
    r"(\s*(,|und|/|&|\||·)\s*.{1,60})?)\)?"
)
_NAME_SEPARATOR_RE = re.compile(r"\s*(?:,|\bund\b|/|&|\||·)\s*")
_PERSON_RE = re.compile(rf"{_NAME}(\s+{_NAME}){{1,3}}")

# "Wien (APA) –", "SEOUL, 23. Oktober (Reuters) -", "Frankfurt/Main (dpa-AFX) -"
_DATELINE_RE = re.compile(
    r"[A-ZÄÖÜ][\w'’./ -]{1,40}?"
    rf"(,\s*\d{{1,2}}\.\s*((?i:{_MONTHS})|\d{{1,2}}\.)(\s*\d{{4}})?)?"
    r"\s*\([A-Za-zÄÖÜäöü][^()]{0,30}\)\s*[-–—]\s"
)

_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"),
    None,
) | dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"), None)
_LINE_BREAKS_RE = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
_SPACES_RE = re.compile(r"[ \t]+")

_QUOTES = "\"'„“”‚‘’»«›‹"
_SENTENCE_END = ".:;,…"
_SUBHEADING_BAD_END = ".!?:;,…" + _QUOTES
_LETTER_RE = re.compile(r"[^\W\d_]")
_LIST_START_RE = re.compile(r"[-+*>#]")

_INLINE_ESCAPES = str.maketrans({"\\": "\\\\", "*": "\\*", "_": "\\_", "`": "\\`", "{": "\\{"})
_ENTITY_LIKE_RE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TAG_LIKE_RE = re.compile(r"<(?=[A-Za-z/!?])")
_BLOCK_START_RE = re.compile(r"[#>\[]|[-+](?=\s|$)|-{3,}")
_ORDERED_START_RE = re.compile(r"^(\d+)\.(?=\s|$)")


@dataclass(frozen=True)
class WireArticle:
    title: str
    lead: str
    body: str
    kicker: str = ""
    # The copy had no headline line: ``title`` is proposed from the lead.
    title_proposed: bool = False
    dateline: str = ""
    subheadings: tuple[str, ...] = ()
    paragraphs: int = 0
    dropped: tuple[str, ...] = ()
    bylines: tuple[str, ...] = ()
    source_format: str = "text"  # or "html"

    def report(self) -> dict:
        """What was recognised, JSON-safe, as ``WireImport.report`` keeps it.
        ``bylines`` are names here; the service adds the matching authors.
        ``sources`` is where suggested sources (quotes and their speakers)
        may be added; the import itself leaves it empty."""
        return {
            "format": self.source_format,
            "headline": self.title,
            "headline_proposed": self.title_proposed,
            "kicker": self.kicker,
            "lead_found": bool(self.lead),
            "dateline": self.dateline,
            "subheadings": list(self.subheadings),
            "paragraphs": self.paragraphs,
            "dropped": list(self.dropped),
            "bylines": [{"name": name, "author": None} for name in self.bylines],
            "sources": [],
        }


def _number(n: int) -> str:
    return number_format(n, force_grouping=True)


# --- clean-up ---------------------------------------------------------------


def _normalise(text: str) -> list[str]:
    """Clean the text and return its lines, stripped; blank lines are ""."""
    text = _LINE_BREAKS_RE.sub("\n", text)
    text = text.replace("\u00a0", " ").translate(_INVISIBLE)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = unicodedata.normalize("NFC", text)
    return [_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]


def _chrome_key(line: str) -> str:
    return line.strip(_CHROME_DECORATION)


def _is_trailing_chrome(line: str) -> bool:
    return bool(_TRAILING_RE.fullmatch(_chrome_key(line)))


def _is_leading_chrome(line: str) -> bool:
    key = _chrome_key(line)
    return bool(
        _LEADING_RE.fullmatch(key) or _BREADCRUMB_RE.fullmatch(line) or _TRAILING_RE.fullmatch(key)
    )


def _is_related_marker(line: str) -> bool:
    return bool(_RELATED_RE.fullmatch(_chrome_key(line).rstrip(":")))


def _is_related(line: str) -> bool:
    return _is_related_marker(line) or bool(_RELATED_LINK_RE.fullmatch(line))


def _is_teaser(line: str) -> bool:
    """A headline of another article under "Mehr zum Thema"."""
    return 0 < len(line) <= 150 and _is_headline(line)


# --- line shapes ------------------------------------------------------------


def _ends_like_sentence(line: str) -> bool:
    return line.rstrip(_QUOTES + " ").endswith(tuple(_SENTENCE_END))


def _is_headline(line: str) -> bool:
    """The first line: anything but a sentence ending in . : ; , …"""
    return bool(line) and not _ends_like_sentence(line)


def _is_subheading(line: str, max_length: int = SUBHEADING_MAX_LENGTH) -> bool:
    """A short line that does not read like a sentence, a quote or a list item."""
    return (
        0 < len(line) <= max_length
        and _LETTER_RE.search(line) is not None
        and line[0] not in _QUOTES
        and not _LIST_START_RE.match(line)
        and not line.endswith(tuple(_SUBHEADING_BAD_END))
    )


def _is_kicker_line(line: str) -> bool:
    return _is_subheading(line, KICKER_MAX_LENGTH)


def _leads_on(candidate: str, next_line: str) -> bool:
    """Whether ``next_line`` can follow a headline ``candidate`` (rule 5): a
    blank line or the end, or the lead, which is a whole paragraph, not
    another heading and not the continuation of a wrapped sentence."""
    if not next_line:
        return True
    return not (
        _is_subheading(next_line)
        or candidate.endswith("-")
        or next_line[0].islower()
        or (len(next_line) <= WRAP_WIDTH and not _ends_paragraph(next_line))
    )


def _ends_paragraph(line: str) -> bool:
    return line.rstrip(_QUOTES + ")").endswith(tuple(".!?…"))


def _was_wrapped(line: str, next_line: str, width: int) -> bool:
    """Whether a line wrapper at ``width`` could have broken ``line`` before
    ``next_line``: its first word would not have fitted."""
    return len(line) + 1 + len(next_line.split(" ", 1)[0]) > width


def _byline_names(line: str) -> list[str] | None:
    """The names in an author line, or None if ``line`` is none."""
    match = _BYLINE_RE.fullmatch(line)
    if match is None or line.rstrip(")").endswith(tuple(".!?:;")):
        return None
    names = []
    for part in _NAME_SEPARATOR_RE.split(match.group("names")):
        part = part.strip(" ()")
        if _PERSON_RE.fullmatch(part):
            names.append(part.title() if part.isupper() else part)
    return names


def _is_byline(line: str) -> bool:
    return _byline_names(line) is not None


# --- the proposed headline ------------------------------------------------------

# Abbreviations after which a period ends no sentence.
_ABBREVIATIONS = frozenset(
    "dr prof st nr mio mrd ca bzw usw vgl inkl exkl abs art bd hr fr mag ing dipl univ gem lt "
    "z.b u.a d.h etc sog jan feb märz apr aug sept okt nov dez jh jhd".split()
)
_SENTENCE_BREAK_RE = re.compile(r"([.!?…])([“”\"»«‘’‚„]*)\s+")
_CLAUSE_BREAK_RE = re.compile(r"(?:,|;|:|\s[–—-])\s")
_CLAUSE_MIN_LENGTH = 20
# Words a headline does not end with: what is left when it is cut short.
_DANGLING = frozenset(
    "und oder aber sowie der die das den dem des ein eine einer eines einem einen am im an auf "
    "aus bei bis durch für gegen in mit nach seit über um unter von vom vor zu zum zur als wie "
    "dass sich nicht hat haben ist sind war wird werden sei soll".split()
)


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_BREAK_RE.finditer(text):
        word = text[: match.start()].rsplit(" ", 1)[-1]
        after = text[match.end() :]
        if match.group(1) == "." and (
            not word
            or word[-1].isdigit()
            or len(word.strip(_QUOTES + "(")) == 1
            or word.strip(_QUOTES + "(").lower() in _ABBREVIATIONS
        ):
            continue
        if after[:1].islower():
            continue
        mark = match.group(1) if match.group(1) in "!?" else ""
        return text[: match.start()] + mark + match.group(2)
    return text


def _finish_headline(text: str, *, cut: bool) -> str:
    if cut:
        # Room for "…" and a closing quotation mark. Not "… um 8" without
        # its unit, nor "… auf der".
        words = text[: PROPOSED_TITLE_MAX_LENGTH - 2].rsplit(" ", 1)[0].split(" ")
        while len(words) > 1 and (
            words[-1].lower() in _DANGLING or not _LETTER_RE.search(words[-1])
        ):
            words.pop()
        text = " ".join(words)
    text = re.sub(r"[.…]+([“”\"»«‘’]*)$", r"\1", text.rstrip(" ,;:–—-("))
    if cut:
        text += " …" if text.endswith(tuple(_QUOTES)) else "…"
    for opening, closing in (("„", "“"), ("»", "«"), ("‚", "‘")):
        if text.count(opening) > text.count(closing):
            text += closing
    if text.count('"') % 2:
        text += '"'
    return text[:1].upper() + text[1:]


def propose_headline(lead: str) -> str:
    """A working headline from a lead, for copy that came without one: the
    lead's first clause without its dateline, with no final period, at most
    90 characters: a longer clause is cut after a whole word and ends in "…"."""
    match = _DATELINE_RE.match(lead)
    text = lead[match.end() :] if match else lead
    text = _first_sentence(text)
    for clause in _CLAUSE_BREAK_RE.finditer(text):
        if clause.start() >= _CLAUSE_MIN_LENGTH:
            text = text[: clause.start()]
            break
    headline = _finish_headline(text, cut=False)
    if len(headline) > PROPOSED_TITLE_MAX_LENGTH:
        headline = _finish_headline(text, cut=True)
    return headline[:PROPOSED_TITLE_MAX_LENGTH]


# --- Markdown ----------------------------------------------------------------


def _escape_inline(text: str) -> str:
    text = _ENTITY_LIKE_RE.sub("&amp;", text)
    text = _TAG_LIKE_RE.sub("&lt;", text)
    return text.translate(_INLINE_ESCAPES)


def _paragraph(text: str) -> str:
    text = _escape_inline(text)
    if _BLOCK_START_RE.match(text):
        return "\\" + text
    if re.match(r":\s", text):  # a definition list item; ":" has no backslash escape
        return "&#58;" + text[1:]
    return _ORDERED_START_RE.sub(r"\1\\.", text, count=1)


def _subheading(text: str) -> str:
    text = _escape_inline(text)
    if text.endswith("#"):  # "## Platz #" would lose its "#" as a closing sequence
        text = text[:-1] + "\\#"
    return f"## {text}"


# --- blocks ------------------------------------------------------------------


def _split_block(lines: list[str]) -> list[str]:
    """A block whose lines all fit a wrap width is one paragraph wrapped over
    several lines, but for subheadings on a line of their own; a block with a
    longer line was never wrapped, so each of its lines is a paragraph (or
    subheading) of its own."""
    if max(map(len, lines)) > WRAP_WIDTH:
        return lines
    width = max(map(len, lines))
    blocks, current = [], []
    for k, line in enumerate(lines):
        before = lines[k - 1] if k else None
        after = lines[k + 1] if k + 1 < len(lines) else None
        heading = (
            len(lines) > 1
            and _is_subheading(line)
            and (before is None or _ends_paragraph(before))
            and (after is None or not (after[0].islower() or _was_wrapped(line, after, width)))
        )
        if heading:
            if current:
                blocks.append(" ".join(current))
                current = []
            blocks.append(line)
        else:
            current.append(line)
    if current:
        blocks.append(" ".join(current))
    return blocks


def _split_unbroken(lines: list[str]) -> list[str]:
    """Text without blank lines: one paragraph per line, but for the rest of
    a wrapped sentence (a line starting lower-case), and in copy wrapped at
    50 to 100 characters, for lines a wrapper broke off."""
    width = max(map(len, lines))
    wrapped = WRAP_MIN_WIDTH <= width <= WRAP_WIDTH
    blocks = [lines[0]]
    for before, line in pairwise(lines):
        if line[0].islower() or (
            wrapped and not _ends_paragraph(before) and _was_wrapped(before, line, width)
        ):
            blocks[-1] += " " + line
        else:
            blocks.append(line)
    return blocks


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs separated by blank lines; one per line when there are none."""
    if not lines:
        return []
    if "" not in lines:
        return _split_unbroken(lines)
    blocks, current = [], []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            blocks += _split_block(current)
            current = []
    return blocks


# --- parsing -----------------------------------------------------------------


class _Reader:
    """The copy's lines, what was dropped from them and the author lines found."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.end = len(lines)
        self.dropped: dict[int, str] = {}
        self.bylines: dict[int, list[str]] = {}

    def drop(self, index: int) -> None:
        names = _byline_names(self.lines[index])
        if names is not None:
            self.bylines[index] = names
        elif self.lines[index]:
            self.dropped[index] = self.lines[index]

    def drop_trailing(self) -> None:
        """Furniture, author lines and "Mehr zum Thema" with its teasers at the end."""
        lines = self.lines
        while True:
            end = self.end
            while end and (not lines[end - 1] or _is_trailing_chrome(lines[end - 1])
                           or _is_byline(lines[end - 1])):  # fmt: skip
                end -= 1
            marker = end
            while marker and (
                not lines[marker - 1]
                or (_is_teaser(lines[marker - 1]) and not _is_related(lines[marker - 1]))
            ):
                marker -= 1
            if marker and _is_related(lines[marker - 1]):
                teasers = [line for line in lines[marker:end] if line]
                if len(teasers) <= 10:
                    end = marker - 1
            if end == self.end:
                return
            for index in range(end, self.end):
                self.drop(index)
            self.end = end

    def skip_head(self, start: int) -> int:
        """Blank lines, furniture and author lines from ``start`` on, and a
        "Mehr zum Thema" with the teasers directly below it."""
        index = start
        while index < self.end and (
            not self.lines[index]
            or _is_leading_chrome(self.lines[index])
            or _is_byline(self.lines[index])
        ):
            self.drop(index)
            if _is_related_marker(self.lines[index]):
                while index + 1 < self.end and _is_teaser(self.lines[index + 1]):
                    index += 1
                    self.drop(index)
            index += 1
        return index

    def attached(self, index: int) -> int:
        """Past furniture and author lines standing directly below a line."""
        while (
            index < self.end
            and self.lines[index]
            and not _is_related_marker(self.lines[index])
            and (_is_leading_chrome(self.lines[index]) or _is_byline(self.lines[index]))
        ):
            index += 1
        return index

    def body_lines(self, start: int) -> list[str]:
        """The lines from ``start`` on without "Lesen Sie auch: …" lines,
        teasers directly below a "Mehr zum Thema" and photo credits."""
        kept, index = [], start
        while index < self.end:
            line = self.lines[index]
            if _RELATED_LINK_RE.fullmatch(line) or _CREDIT_RE.fullmatch(line):
                self.drop(index)
            elif _is_related_marker(line):
                self.drop(index)
                while index + 1 < self.end and _is_teaser(self.lines[index + 1]):
                    index += 1
                    self.drop(index)
            else:
                kept.append(line)
            index += 1
        while kept and not kept[0]:
            kept.pop(0)
        return kept

    def names(self) -> tuple[str, ...]:
        seen = []
        for index in sorted(self.bylines):
            seen += [name for name in self.bylines[index] if name not in seen]
        return tuple(seen)


def _too_long(code: str, message: str, length: int, limit: int) -> ValidationError:
    return ValidationError(
        message, code=code, params={"length": _number(length), "max": _number(limit)}
    )


def _head(reader: _Reader, first: int) -> tuple[str, str, int]:
    """Kicker, headline and the index after them, for copy whose line
    ``first`` is a headline (rules 4 and 5)."""
    lines, end = reader.lines, reader.end
    title, kicker, rest = lines[first], "", first + 1
    candidate = reader.attached(first + 1)
    if candidate < end and lines[candidate] and _is_kicker_line(title):
        after = reader.attached(candidate + 1)
        if _is_headline(lines[candidate]) and _leads_on(
            lines[candidate], lines[after] if after < end else ""
        ):
            for index in [*range(first + 1, candidate), *range(candidate + 1, after)]:
                reader.drop(index)
            kicker, title, rest = title, lines[candidate], after
    return kicker, title, rest


def _starts_with_headline(reader: _Reader, first: int) -> bool:
    line = reader.lines[first]
    below = reader.lines[first + 1] if first + 1 < reader.end else ""
    return _is_headline(line) and not _DATELINE_RE.match(line) and not below[:1].islower()


def parse_wire_text(text: str) -> WireArticle:
    """Read pasted wire copy or HTML; see the module docstring for the rules."""
    if len(text) > MAX_TEXT_LENGTH:
        raise _too_long(
            "too_long",
            _("The text is too long: %(length)s characters, at most %(max)s are allowed."),
            len(text),
            MAX_TEXT_LENGTH,
        )
    source_format, before_headline = "text", []
    if wire_html.looks_like_html(text):
        source_format = "html"
        try:
            text, before_headline = wire_html.html_to_text(text, _is_kicker_line)
        except wire_html.UnreadableHTML:
            raise ValidationError(
                _("The HTML is too broken to read. Copy the article's text instead."),
                code="html_unreadable",
            ) from None
        if not any(_normalise(text)):
            raise ValidationError(
                _("The HTML contains no text: copy the article's page or its text."),
                code="html_no_text",
            )
    reader = _Reader(_normalise(text))
    if not any(reader.lines):
        raise ValidationError(_("The text is empty."), code="empty")
    reader.drop_trailing()
    first = reader.skip_head(0)
    if first >= reader.end:
        raise ValidationError(
            _(
                "The text contains only page elements such as “Teilen” or "
                "“Kommentar hinterlassen”, no article."
            ),
            code="only_chrome",
        )

    proposed = not _starts_with_headline(reader, first)
    if proposed:
        kicker, title, rest = "", "", first
    else:
        kicker, title, rest = _head(reader, first)
        if len(title) > TITLE_MAX_LENGTH:
            raise _too_long(
                "title_too_long",
                _(
                    "The headline is too long: %(length)s characters, at most %(max)s are "
                    "allowed. The first line should be the headline."
                ),
                len(title),
                TITLE_MAX_LENGTH,
            )
        rest = reader.skip_head(rest)

    blocks = _blocks(reader.body_lines(rest))
    lead = ""
    if blocks and (proposed or not _is_subheading(blocks[0])):
        lead, blocks = blocks[0], blocks[1:]
    if len(lead) > LEAD_MAX_LENGTH:
        raise _too_long(
            "lead_too_long",
            _(
                "The first paragraph is too long for a lead: %(length)s characters, at most "
                "%(max)s are allowed. Separate the paragraphs with blank lines."
            ),
            len(lead),
            LEAD_MAX_LENGTH,
        )
    if proposed:
        title = propose_headline(lead)
        if not _LETTER_RE.search(title):
            raise ValidationError(
                _(
                    "No headline found, and the first paragraph has no words to propose one "
                    "from. The first line should be the headline."
                ),
                code="no_headline",
            )
    body = "\n\n".join(
        _subheading(block) if _is_subheading(block) else _paragraph(block) for block in blocks
    )
    if len(body) > BODY_MAX_LENGTH:
        raise _too_long(
            "body_too_long",
            _("The body is too long: %(length)s characters, at most %(max)s are allowed."),
            len(body),
            BODY_MAX_LENGTH,
        )
    dateline = _DATELINE_RE.match(lead)
    subheadings = tuple(block for block in blocks if _is_subheading(block))
    return WireArticle(
        title=title,
        lead=lead,
        body=body,
        kicker=kicker,
        title_proposed=proposed,
        dateline=dateline.group(0).strip() if dateline else "",
        subheadings=subheadings,
        paragraphs=len(blocks) - len(subheadings),
        dropped=(*before_headline, *(reader.dropped[i] for i in sorted(reader.dropped))),
        bylines=reader.names(),
        source_format=source_format,
    )


# --- files -------------------------------------------------------------------

# Magic numbers of files people pick by mistake instead of a .txt file.
BINARY_SIGNATURES = (
    b"\x89PNG",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",  # GIF
    b"RIFF",  # WebP, WAV, AVI
    b"%PDF",  # PDF
    b"PK\x03\x04",  # ZIP, .docx, .odt, .xlsx
    b"\xd0\xcf\x11\xe0",  # old Word/Excel
    b"{\\rtf",  # RTF
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",  # 7-Zip
    b"Rar!",  # RAR
    b"\x7fELF",  # executables (not "MZ": a text may well start with "MZ berichtet")
)
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def decode_wire_bytes(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM) only. Other
    encodings are refused, not guessed: a wrong guess garbles umlauts and
    quotation marks without anyone noticing."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is too large: at most 1 MB."), code="file_too_large")
    if data.startswith(BINARY_SIGNATURES):
        raise ValidationError(_("The file is not a text file."), code="not_text")
    if data.startswith(_UTF16_32_BOMS):
        raise ValidationError(
            _("The file is not UTF-8 text. Please save it as UTF-8 and try again."),
            code="not_utf8",
        )
    if b"\x00" in data:
        raise ValidationError(_("The file is not a text file."), code="not_text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 text. Please save it as UTF-8 and try again."),
            code="not_utf8",
        ) from None


# --- the service -------------------------------------------------------------


def german_slug(title: str) -> str:
    """A slug that reads well in German: "Großer Ärger" → "grosser-aerger"."""
    base = german_slugify(title)
    return base[:SLUG_BASE_MAX_LENGTH].strip("-") or "artikel"


def unique_slug(title: str) -> str:
    base = german_slug(title)
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def error_messages(exc: ValidationError) -> list[str]:
    """The sentences of a ValidationError, field errors prefixed with the
    field's name ("Headline: …"), for a form or a command line."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    messages = []
    for field_name, errors in exc.message_dict.items():
        try:
            label = str(Article._meta.get_field(field_name).verbose_name)
        except FieldDoesNotExist:  # NON_FIELD_ERRORS
            label = ""
        messages += [f"{label[:1].upper()}{label[1:]}: {e}" if label else e for e in errors]
    return messages


def match_authors(names) -> list[dict]:
    """Byline suggestions: each name with the author of that name, if any
    (case, umlauts spelt out and accents ignored: "JÜRGEN MÜLLER" finds
    "Jürgen Müller" and "Juergen Mueller")."""
    if not names:
        return []
    authors = {}
    for author in Author.objects.only("pk", "name").order_by("pk"):
        authors.setdefault(german_slugify(author.name), author)
    suggestions = []
    for name in names:
        author = authors.get(german_slugify(name))
        suggestions.append(
            {"name": name, "author": author.pk if author else None,
             "author_name": author.name if author else ""}
        )  # fmt: skip
    return suggestions


@transaction.atomic
def import_wire_article(*, text: str, section, user=None) -> Article:
    """Create a draft in ``section`` from wire copy, with its report. ``user``
    (optional for the command line) must be allowed to add articles; they
    become its creator and, with an author profile, its byline."""
    if user is not None and not user.has_perm(ADD_PERMISSION):
        raise PermissionDenied(_("You may not create articles."))
    parsed = parse_wire_text(text)
    article = Article(
        status=Article.Status.DRAFT,
        created_by=user,
        proposed_title=parsed.title if parsed.title_proposed else "",
    )
    profile = getattr(user, "author_profile", None) if user is not None else None
    content = {
        "fields": {
            "section": section.pk,
            "kicker": parsed.kicker,
            "title": parsed.title,
            "slug": unique_slug(parsed.title),
            "lead": parsed.lead,
            "body": parsed.body,
        },
        "bylines": [profile.pk] if profile is not None else [],
        "citations": [],
        "tags": [],
    }
    # The one write path: validated, a revision, like every other save.
    editing.save_content(
        article=article, content=content, user=user, comment=_("Imported from wire copy")
    )
    report = parsed.report()
    report["bylines"] = match_authors(parsed.bylines)
    # Who is quoted, as found in the new draft (accepted in its form, not here).
    report["sources"] = citing.report_entries(article)
    WireImport.objects.create(article=article, report=report, created_by=user)
    if user is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[article],
            action_flag=ADDITION,
            change_message=_("Imported from wire copy"),
            single_object=True,
        )
    return article


def settle_proposed_title(article: Article, *, confirmed: bool) -> bool:
    """The journalist changed the proposed headline, or confirmed it: it is
    no proposal any more, and the pre-publish checks stop asking. True if
    the proposal was settled now."""
    if not article.proposed_title or (not confirmed and article.title == article.proposed_title):
        return False
    Article.objects.filter(pk=article.pk).update(proposed_title="")
    article.proposed_title = ""
    return True


def has_pending_proposal(article: Article) -> bool:
    """The headline is still the one the import proposed."""
    return bool(article.proposed_title) and article.title == article.proposed_title


# --- the report ------------------------------------------------------------------


def report_summary(report: dict) -> list[dict]:
    """The import report as lines for the journalist: each a ``label``, a
    ``text`` and optional ``entries`` (shown as a list), for the draft's form
    and the command line alike."""
    summary = []
    if report.get("headline_proposed"):
        summary.append({
            "label": _("Headline"),
            "text": _("proposed from the lead: “%(title)s” – please replace or confirm it")
            % {"title": report.get("headline", "")},
            "warning": True,
        })  # fmt: skip
    else:
        summary.append({"label": _("Headline"), "text": _("found: “%(title)s”")
                        % {"title": report.get("headline", "")}})  # fmt: skip
    summary.append({"label": _("Kicker"), "text": report.get("kicker") or _("none")})
    if report.get("lead_found"):
        lead = _("the first paragraph")
        if report.get("dateline"):
            lead = _("the first paragraph, with the dateline “%(dateline)s”") % {
                "dateline": report["dateline"]
            }
    else:
        lead = _("none found")
    summary.append({"label": _("Lead"), "text": lead})
    subheadings = report.get("subheadings", [])
    summary.append({
        "label": _("Subheadings"),
        "text": _number(len(subheadings)),
        "entries": subheadings,
    })  # fmt: skip
    dropped = report.get("dropped", [])
    summary.append({
        "label": _("Dropped"),
        "text": ngettext("%(n)s line", "%(n)s lines", len(dropped)) % {"n": _number(len(dropped))},
        "entries": dropped,
    })  # fmt: skip
    bylines = report.get("bylines", [])
    if bylines:
        summary.append({
            "label": _("Suggested bylines"),
            "text": _("add them under “Bylines” if they are right"),
            "entries": [
                _("%(name)s (in the author directory)") % {"name": b["author_name"] or b["name"]}
                if b.get("author") else
                _("%(name)s (not in the author directory)") % {"name": b["name"]}
                for b in bylines
            ],
        })  # fmt: skip
    sources = report.get("sources", [])
    if sources:
        summary.append({
            "label": _("Suggested sources"),
            "text": _("take over or reject each in the box “Sources in the text” below"),
            "entries": [
                _("%(speaker)s: “%(quote)s” (%(where)s)") % {
                    "speaker": entry["source_name"] or entry["speaker"] or entry["organisation"],
                    "quote": entry["quote"][:80],
                    "where": _("new source") if entry.get("new") else _("in the directory"),
                }
                for entry in sources
            ],
        })  # fmt: skip
    if report.get("format") == "html":
        summary.append({
            "label": _("Format"),
            "text": _("HTML: only the text was taken; scripts, navigation and page elements "
                      "were removed"),
        })  # fmt: skip
    return summary


def import_report(article: Article) -> dict | None:
    """What the draft's form shows about the import it came from: the
    summary and the stored report (``report["sources"]`` is where suggested
    sources may go), while the article is not yet published."""
    if article is None or article.pk is None or article.status not in (
        Article.Status.DRAFT, Article.Status.REVIEW
    ):  # fmt: skip
        return None
    wire_import = WireImport.objects.filter(article_id=article.pk).first()
    if wire_import is None:
        return None
    return {
        "report": wire_import.report,
        "summary": report_summary(wire_import.report),
        "created_at": wire_import.created_at,
    }
