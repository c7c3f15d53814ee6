"""Wire copy to draft: plain text pasted from a wire service or another site
becomes an ``Article`` in the draft state.

``parse_wire_text`` is pure (text in, ``WireArticle`` out); ``decode_wire_bytes``
turns an uploaded file into text or refuses it; ``import_wire_article`` is the
service that the admin page and ``manage.py import_article`` call. Every
refusal is a ``ValidationError`` with a ``code`` and a sentence for the
journalist; nothing is created then.

The rules, in the order they are applied:

1. Clean-up. Line endings become ``\\n``; NBSP becomes a space; invisible
   characters (zero-width space/joiners U+200B–U+200D, word joiner U+2060,
   BOM U+FEFF, soft hyphen U+00AD, bidi controls) and control characters
   other than newline/tab are removed; the text is NFC-normalised (macOS
   copies "ü" as "u" + combining diaeresis); tabs and runs of spaces become
   one space; every line is stripped. Quotation marks („…“ ‚…‘ »…«) and
   figures ("3.000", "2,4 Prozent") are never touched.
2. Page chrome. Lines from the *end* that are page furniture
   (``TRAILING_CHROME``: "Kommentar hinterlassen", "12 Kommentare", "Teilen",
   "Facebook", "Foto: dpa", "© dpa" …) are dropped, and so are lines at the
   *start* before the headline (``LEADING_CHROME``: "Startseite", breadcrumbs
   such as "Politik > Ausland", "Lesezeit: 3 Minuten", date stamps, photo
   credits). Only these runs: "Teilen" in the middle of the text stays.
3. Headline. The first line is the headline. It must not end like a
   sentence (``.`` ``:`` ``;`` ``,`` ``…``, also before a closing quotation
   mark); ``?`` and ``!`` are allowed because German headlines use them.
   A byline right below the headline ("Von Anna Berger") is dropped.
4. Kicker (Dachzeile). The first line is the kicker and the second the
   headline when the second stands *directly* below the first (no blank line
   between), the first looks like a subheading (rule 7, but up to 100
   characters), the second like a headline (rule 3), and the second is
   followed by a blank line, the end of the text, or the lead: a line that
   is not subheading-like, does not start with a lower-case letter (the rest
   of a wrapped sentence) and is either longer than 100 characters or ends
   with ``. ! ? …``. Ambiguities the journalist fixes on the draft: a
   headline directly followed by a subheading and a paragraph, or by a lead
   wrapped over exactly two lines, reads as kicker + headline.
5. Blocks. After the headline, blocks are separated by blank lines. A block
   whose lines all have at most 100 characters is one paragraph wrapped over
   several lines: its lines are joined with a space. A block with a longer
   line was never wrapped, so each of its lines is a block of its own; and
   when the text after the headline has no blank line at all, every line is
   a block (one paragraph per line).
6. Lead. The first block is the lead (plain text, at most 1500 characters)
   unless it looks like a subheading; then the lead stays empty.
7. Body (Markdown). A block of at most 80 characters that contains a letter,
   does not start with a quotation mark or ``- + * > #``, and does not end
   with ``. ! ? : ; , …`` or a quotation mark becomes ``## Subheading``;
   every other block is a paragraph. Blocks are separated by a blank line.
   Characters that Markdown would read as syntax are escaped so the text
   renders literally: ``\\ * _ ` {`` everywhere, ``< &`` where they would
   start a tag or entity, and at the start of a paragraph ``# > [``, ``-`` or
   ``+`` followed by a space, ``---``, ``: `` (as ``&#58;``) and a number
   followed by ``.`` and a space ("1. FC Köln"; "3.000 Soldaten" and
   "am 14. März" stay as they are).
8. Limits. Text over 200,000 characters, a headline over 200, a lead over
   1500 and a body over 200,000 characters are refused with a message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from newsroom.text import german_slugify

from . import editing
from .models import TITLE_MAX_LENGTH, Article

ADD_PERMISSION = "articles.add_article"

MAX_TEXT_LENGTH = 200_000
MAX_FILE_BYTES = 1024 * 1024
SUBHEADING_MAX_LENGTH = 80
# Wire services, e-mail and PDFs wrap lines at 60 to 100 characters.
WRAP_WIDTH = 100


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

# Page furniture left over at the end of copied text; matched against a whole
# line, case-insensitively, after surrounding bullets/arrows are stripped.
TRAILING_CHROME = (
    r"kommentar(e)?( (hinterlassen|schreiben|verfassen|anzeigen|lesen|einblenden))?",
    r"kommentieren",
    r"kommentare? ?\(\d+\)",
    r"\d+ kommentare?",
    r"((artikel|beitrag|seite) )?(teilen|drucken|merken|vorlesen|anhören|speichern)",
    r"(auf|via|per) [\w\-. ]{1,20} teilen",
    r"mehr zum thema",
    r"(das könnte sie auch interessieren|lesen sie auch|auch interessant)",
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
# Lines before the headline that are navigation, reading time, date stamps
# or photo credits, matched like TRAILING_CHROME.
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
# "Politik > Ausland", "Startseite › Wirtschaft › Energie"
_CRUMB = r"[A-ZÄÖÜ][^.!?:;>›]{0,39}"
_BREADCRUMB_RE = re.compile(rf"{_CRUMB}(\s[>›]\s{_CRUMB})+")
_CHROME_DECORATION = " •·|→›»>+"
# "Von Anna Berger", "Von ANNA BERGER, Brüssel", "Text: Anna Berger und Tim Klein";
# capitalised names, so that a lead "Von Montag an gilt …" is no byline.
_NAME = r"[A-ZÄÖÜ][\w'’.\-]*"
_BYLINE_RE = re.compile(
    rf"(Von|VON|Text:|By)\s+{_NAME}(\s+{_NAME}){{0,3}}(\s*(,|und|/)\s*.{{1,40}})?"
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
    return bool(_LEADING_RE.fullmatch(key) or _BREADCRUMB_RE.fullmatch(line))


def _drop_chrome(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and (not lines[end - 1] or _is_trailing_chrome(lines[end - 1])):
        end -= 1
    start = 0
    while start < end and (not lines[start] or _is_leading_chrome(lines[start])):
        start += 1
    return lines[start:end]


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


def _leads_on(candidate: str, next_line: str) -> bool:
    """Whether ``next_line`` can follow a headline ``candidate`` (rule 4): a
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
    return line.rstrip(_QUOTES).endswith(tuple(".!?…"))


def _is_byline(line: str) -> bool:
    return bool(_BYLINE_RE.fullmatch(line)) and not line.endswith(tuple(".!?:;"))


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


# --- parsing -----------------------------------------------------------------


def _split_block(lines: list[str]) -> list[str]:
    """A block whose lines all fit a wrap width is one paragraph wrapped over
    several lines; a block with a longer line was never wrapped, so each of
    its lines is a paragraph (or subheading) of its own."""
    if max(map(len, lines)) > WRAP_WIDTH:
        return lines
    return [" ".join(lines)]


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs separated by blank lines; one per line when there are none."""
    if "" not in lines:
        return lines
    blocks, current = [], []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            blocks += _split_block(current)
            current = []
    return blocks


def parse_wire_text(text: str) -> WireArticle:
    """Read pasted wire copy; see the module docstring for the rules."""
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            _("The text is too long: %(length)s characters, at most %(max)s are allowed."),
            code="too_long",
            params={"length": _number(len(text)), "max": _number(MAX_TEXT_LENGTH)},
        )
    lines = _normalise(text)
    if not any(lines):
        raise ValidationError(_("The text is empty."), code="empty")
    lines = _drop_chrome(lines)
    if not lines:
        raise ValidationError(
            _(
                "The text contains only page elements such as “Teilen” or "
                "“Kommentar hinterlassen”, no article."
            ),
            code="only_chrome",
        )

    title, kicker, rest = lines[0], "", lines[1:]
    if not _is_headline(title):
        raise ValidationError(
            _("No headline found: the first line should be the headline."), code="no_headline"
        )
    if rest and _is_byline(rest[0]):
        rest = rest[1:]
    if rest and rest[0] and _is_subheading(title, KICKER_MAX_LENGTH):
        candidate, after = rest[0], rest[1:]
        if after and _is_byline(after[0]):
            after = after[1:]
        if _is_headline(candidate) and _leads_on(candidate, after[0] if after else ""):
            kicker, title, rest = title, candidate, after
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _(
                "The headline is too long: %(length)s characters, at most %(max)s are "
                "allowed. The first line should be the headline."
            ),
            code="title_too_long",
            params={"length": _number(len(title)), "max": _number(TITLE_MAX_LENGTH)},
        )

    while rest and not rest[0]:
        rest = rest[1:]
    blocks = _blocks(rest)
    lead = ""
    if blocks and not _is_subheading(blocks[0]):
        lead, blocks = blocks[0], blocks[1:]
    if len(lead) > LEAD_MAX_LENGTH:
        raise ValidationError(
            _(
                "The first paragraph is too long for a lead: %(length)s characters, at most "
                "%(max)s are allowed. Separate the paragraphs with blank lines."
            ),
            code="lead_too_long",
            params={"length": _number(len(lead)), "max": _number(LEAD_MAX_LENGTH)},
        )
    body = "\n\n".join(
        _subheading(block) if _is_subheading(block) else _paragraph(block) for block in blocks
    )
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("The body is too long: %(length)s characters, at most %(max)s are allowed."),
            code="body_too_long",
            params={"length": _number(len(body)), "max": _number(BODY_MAX_LENGTH)},
        )
    return WireArticle(title=title, lead=lead, body=body, kicker=kicker)


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
    for field, errors in exc.message_dict.items():
        try:
            label = str(Article._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:  # NON_FIELD_ERRORS
            label = ""
        messages += [f"{label[:1].upper()}{label[1:]}: {e}" if label else e for e in errors]
    return messages


@transaction.atomic
def import_wire_article(*, text: str, section, user=None) -> Article:
    """Create a draft in ``section`` from wire copy. ``user`` (optional for
    the command line) must be allowed to add articles; they become its
    creator and, with an author profile, its byline."""
    if user is not None and not user.has_perm(ADD_PERMISSION):
        raise PermissionDenied(_("You may not create articles."))
    parsed = parse_wire_text(text)
    article = Article(status=Article.Status.DRAFT, created_by=user)
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
    if user is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[article],
            action_flag=ADDITION,
            change_message=_("Imported from wire copy"),
            single_object=True,
        )
    return article
