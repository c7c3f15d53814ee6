"""The word lists moderators keep in the admin (``BlockedTerm``), matched
German-aware.

Folding (``fold``) makes spellings comparable before anything is matched:

- Unicode NFKC (full-width and ligature forms become plain letters), then
  case folding ("IDIOT" = "idiot"; "ß" and "ẞ" become "ss");
- German umlauts are spelled out: "ä" → "ae", "ö" → "oe", "ü" → "ue", so
  "Ärger" and "Aerger" fold to the same "aerger", "Straße" and "Strasse" to
  "strasse";
- other accents are dropped ("Café" → "cafe") and invisible format
  characters (soft hyphen, zero-width space) are removed, so "Idi\\u00adot"
  is still "idiot".

Patterns are folded the same way. A pattern matches whole words of the
folded text; ``*`` stands for any run of letters or digits (also none), for
compounds: "idiot" matches "Idiot" and "IDIOT" but not "Idiotie";
"*idiot*" matches "Vollidioten"; "arschl*" matches "Arschloch". A pattern of
several words (separated by spaces or hyphens) matches consecutive words of
the text, whatever space or punctuation is between them: "du depp" matches
"Du  Depp" and "du, Depp"; "voll-idiot" matches "Voll-Idiot" and "voll idiot".
The expressions are built so that they cannot backtrack catastrophically,
however the pattern and the comment look (see ``_word_regex``).

``active_terms()`` reads the active entries with one query on every call.
It is deliberately not cached: a comment costs one small query, and an entry
a moderator adds or switches off takes effect with the very next comment, in
every process, without cache invalidation (which would need signal handlers
in ``apps.py``).
"""

import functools
import re
import unicodedata
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import BlockedTerm

__all__ = [
    "Match",
    "active_terms",
    "clean_pattern",
    "compile_pattern",
    "fold",
    "match_terms",
    "validate_pattern",
]

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# Characters a pattern may contain (besides letters and digits).
_PATTERN_EXTRA = {" ", "-", "*"}
# With a wildcard, at least this many letters or digits: "*er*" would hold
# half of all comments.
_MIN_CHARS_WITH_WILDCARD = 3


class Match(NamedTuple):
    """One word-list entry found in a text: the entry (a ``BlockedTerm`` or
    whatever was passed to ``match_terms``) and the words as written."""

    term: object
    matched_text: str


# --- folding -------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).casefold().translate(_UMLAUTS)
    if folded.isascii():
        return folded
    return "".join(
        c
        for c in unicodedata.normalize("NFKD", folded)
        if unicodedata.category(c) not in ("Mn", "Me", "Cf")
    )


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the
    character of ``text`` (after NFC) it came from."""
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = ch.lower() if ch.isascii() else _fold_char(ch)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def fold(text: str) -> str:
    """Text folded for comparison: see the module docstring."""
    return _fold_with_map(unicodedata.normalize("NFC", text or ""))[0]


# --- patterns ------------------------------------------------------------------


def _invalid(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def clean_pattern(value: str) -> str:
    """A word-list pattern as a moderator may enter it, tidied up: only
    letters, digits, spaces, hyphens and ``*``; not only ``*``; runs of
    spaces and of ``*`` collapsed. Raises ``ValidationError`` otherwise.
    For the admin form's ``clean_pattern``."""
    value = " ".join((value or "").split())
    value = re.sub(r"\*{2,}", "*", value)
    bad = sorted({ch for ch in value if not (ch.isalnum() or ch in _PATTERN_EXTRA)})
    if bad:
        raise _invalid(
            _("Only letters, digits, spaces, hyphens and * are allowed (not: %(chars)s)."),
            "pattern_characters",
            chars=" ".join(bad),
        )
    significant = sum(ch.isalnum() for ch in fold(value))
    if not significant:
        raise _invalid(_("Enter a word, not only * or punctuation."), "pattern_empty")
    if "*" in value and significant < _MIN_CHARS_WITH_WILDCARD:
        raise _invalid(
            _("With * the pattern needs at least %(n)d letters, or it matches far too much."),
            "pattern_too_short",
            n=_MIN_CHARS_WITH_WILDCARD,
        )
    return value


def validate_pattern(value: str) -> None:
    """``clean_pattern`` as a validator (raises, returns nothing)."""
    clean_pattern(value)


def _word_regex(word: str) -> str:
    """One word of a pattern, as a regular expression over one folded word.

    Without care, ``\\w*a\\w*b\\w*c…`` backtracks catastrophically on a long
    run of letters (seconds for 3000 characters). So every part between two
    ``*`` is found at its leftmost place inside an atomic group, which can be
    done without backtracking and is still exact for ``*``-only globs; only
    the last part, which must end the word, is placed by the one ``\\w*``
    before it."""
    if not word.strip("*"):
        return r"\w+"  # a lone "*": any one word
    parts = word.split("*")
    if len(parts) == 1:
        return re.escape(word)
    head, middle, tail = parts[0], [p for p in parts[1:-1] if p], parts[-1]
    regex = re.escape(head)
    for part in middle:
        regex += rf"(?:(?!{re.escape(part)})\w)*{re.escape(part)}"
    if middle:
        regex = f"(?>{regex})"
    return regex + r"\w*" + re.escape(tail)


@functools.lru_cache(maxsize=2048)
def compile_pattern(pattern: str) -> re.Pattern:
    """The regular expression for a word-list pattern, to be searched in
    *folded* text (see ``fold``). ``*`` is any run of letters or digits; the
    pattern matches whole words; its words (separated by spaces or hyphens)
    match consecutive words of the text, whatever punctuation or space is
    between them. Raises ``ValueError`` for a pattern without letters or
    digits (it would match everything)."""
    folded = re.sub(r"\*+", "*", fold(pattern))
    if not any(ch.isalnum() for ch in folded):
        raise ValueError(f"word-list pattern without letters: {pattern!r}")
    words = [w for w in re.split(r"[\s-]+", folded) if w]
    return re.compile(r"(?<!\w)" + r"\W+".join(_word_regex(w) for w in words) + r"(?!\w)")


# --- matching ------------------------------------------------------------------


def _pattern_of(term) -> str:
    return term if isinstance(term, str) else term.pattern


def match_terms(text: str, terms) -> list[Match]:
    """Which of ``terms`` (``BlockedTerm`` objects, or anything with a
    ``pattern``, or pattern strings) occur in ``text``: one ``Match`` per
    entry found, in the order of ``terms``, with the first occurrence as
    written in the text. Entries whose pattern is unusable are skipped."""
    source = unicodedata.normalize("NFC", text or "")
    folded, origin = _fold_with_map(source)
    found = []
    for term in terms:
        try:
            regex = compile_pattern(_pattern_of(term))
        except ValueError:
            continue
        hit = regex.search(folded)
        if hit is None or hit.end() == hit.start():
            continue
        start, end = origin[hit.start()], origin[hit.end() - 1] + 1
        found.append(Match(term, source[start:end]))
    return found


def active_terms() -> list[BlockedTerm]:
    """The active word-list entries, read with one query (uncached: see the
    module docstring)."""
    return list(BlockedTerm.objects.filter(active=True).only("pk", "pattern", "action"))
