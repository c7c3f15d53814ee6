"""Direct quotes and who said them, in German news text.

``extract_quotes(text)`` is pure: text in, a list of ``Quote`` out. It reads
plain text (pasted agency copy) or an article's Markdown lead and body
(headings are skipped, Markdown escapes undone). No model, no download: the
rules below, over sentences, with small word lists.

1. Quotation marks. „…“ (also „…”), »…«, «…», “…” and "…" enclose a quote;
   nested ‚…‘, ›…‹ and '…' stay part of the outer quote's text. A quote
   that is not closed within its paragraph is ignored.
2. Sentences. Each quote is replaced by a placeholder, so that the frame
   around it can be read: sentences end at . ! ? followed by a capital
   letter or a quote, not after abbreviations (Dr., Prof., z. B. …) or
   ordinals ("am 14. März"), and after a quote that ends a sentence itself
   („Wir kommen.“ Dann …). Paragraphs are sentence boundaries too.
3. Who is named. Every sentence is read for people and organisations:
   a role and a name ("Finanzministerin Petra Lindqvist", "der deutsche
   Verteidigungsminister Lukas Brandauer"), a role with its organisation
   and the name behind a comma ("die Sprecherin des russischen
   Außenministeriums, Jelena Morosowa"), a name with the role behind a
   comma ("John Carver, Sprecher des US-Außenministeriums"), a name with
   "vom/von der …" ("Prof. Martina Leitgeb vom Institut für Höhere
   Studien"), organisations (names ending in -ministerium, -verband,
   -polizei …, acronyms such as NATO, and "der Energieversorger
   Alpenstrom"). Titles (Dr., Prof., Mag.) are not part of a name. The
   organisation is put in the nominative ("des russischen
   Außenministeriums" → "russisches Außenministerium"); an acronym before
   a role names one too ("EZB-Präsidentin" → "EZB", not "US-…").
4. Who said it, the first rule that applies to a quote:
   a. behind it: „…“, sagte/erklärte/betonte/warnte/so … SPEAKER (also
      after an adverbial: "sagte am Mittwoch der Sprecher …"), where the
      speaker may be a name, a surname named before ("so Carver"), a pronoun
      ("sagte sie": the last person named who fits), a description ("der
      52-Jährige", "die Kanzlerin": the last person who fits), an unnamed
      spokesperson ("ein Sprecher der Feuerwehr": the organisation speaks),
      or an organisation ("so das Unternehmen": a generic word stands for
      the organisation named before); "hieß es" takes the organisation of
      "aus dem Ministerium"/"in einer Erklärung des Bündnisses", or else
      the one named in the same or the previous sentence;
   b. before it, ending in a colon: SPEAKER sagte/konterte/…: „…“ — the
      first speaker named in that clause;
   c. a second part of a quote split by its attribution, or another
      quote in the same sentence, has the same speaker;
   d. inside a sentence: "laut X" / "X zufolge", or a verb of saying
      (sprach von, nannte, lobte …) with its subject, or a sentence that
      begins with a person named before ("Brooks selbst freut sich auf
      „…“");
   e. a quote standing on its own continues the speaker of the previous
      sentence (also one who was quoted indirectly: "…, sagte er. Die
      Partner müssten „…“");
   f. otherwise the quote is listed as unattributed.
5. What is no quote: a title or name in quotation marks (after "Film",
   "Roman", "Programm" …, after "sogenannt"; a short run of capitalised
   words such as „Seewaldner Rundschau“ unless it is attributed directly),
   and a word or two in quotation marks that nobody is said to have said
   („Zensur“). Indirect speech (Konjunktiv without quotation marks) is
   never a quote.

Length: one parser, a reader and an attributor that share private types; its
word lists are in articles/quote_words.py.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from .quote_words import (
    _ADVERBS,
    _AGE_NOUN,
    _FUNCTION_WORDS,
    _GENITIVE,
    _LOCATIVE,
    _MONTHS,
    _NAME_PARTICLES,
    _NATIONALITY_GENDER,
    _NEUTER_ENDINGS,
    _ORDINAL_CONTEXT,
    _ROLE_IRREGULAR,
    _ROLE_MASCULINE_ADJ,
    _ROLE_NEUTRAL,
    _ROLE_STEMS,
    ABBREVIATIONS,
    COMPANY_WORDS,
    DETERMINERS,
    GENERIC_ORGS,
    HEARSAY,
    KIND_WORDS,
    NAME_STOP,
    NOT_ORGANISATIONS,
    ORG_ENDINGS,
    ORG_LEGAL_FORMS,
    PERSON_NOUNS,
    ROLE_PREFIX_ORGS,
    SAY_VERBS,
    TITLE_NOUNS,
    TITLES,
)

MAX_QUOTE_LENGTH = 2000  # Citation.quote's limit


@dataclass(frozen=True)
class Quote:
    """A direct quote and who said it. ``speaker`` is a person's name, empty
    when an organisation speaks (then ``organisation`` names it) or when
    nobody is named (unattributed)."""

    quote: str
    speaker: str = ""
    role: str = ""
    organisation: str = ""
    sentence: int = 0

    @property
    def kind(self) -> str:
        """ "person", "organisation" or "" (unattributed)."""
        if self.speaker:
            return "person"
        return "organisation" if self.organisation else ""


# --------------------------------------------------------------------------
# Text, quotation marks, tokens, sentences
# --------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|&:])")
_MD_PREFIX = re.compile(r"^(?:[-*+]\s+|>\s*)")
_PLACEHOLDER = "⟦{}⟧"
_TOKEN = re.compile(
    r"⟦(?P<q>\d+)⟧"
    r"|(?P<w>\d+-[^\W\d_][\w’'\-]*|[^\W\d_](?:[\w’'\-]*\w)?)"
    r"|(?P<n>\d+(?:[.,:/]\d+)*)"
    r"|(?P<p>[^\s\w])"
)
_OPENERS = {"„": "“”", "“": "”“", "»": "«", "«": "»", '"': '"'}
_SENTENCE_END = ".!?…"


def _paragraphs(text: str) -> list[str]:
    """Plain paragraphs: Markdown headings dropped, escapes and entities undone."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\u00ad", "").replace("\u200b", "")
    paragraphs, current = [], []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or _MD_HEADING.match(line):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(_MD_PREFIX.sub("", stripped))
    if current:
        paragraphs.append(" ".join(current))
    return [html.unescape(_MD_ESCAPE.sub(r"\1", p)) for p in paragraphs]


def _quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each outer quotation, marks included, end exclusive."""
    spans, i = [], 0
    while i < len(paragraph):
        mark = paragraph[i]
        if mark in _OPENERS and (mark != '"' or i == 0 or not paragraph[i - 1].isalnum()):
            end = None
            for closer in _OPENERS[mark]:
                found = paragraph.find(closer, i + 1)
                if found > i + 1:
                    end = found
                    break
            if end is not None and end - i - 1 <= MAX_QUOTE_LENGTH:
                spans.append((i, end + 1))
                i = end + 1
                continue
        i += 1
    return spans


@dataclass(frozen=True)
class _Token:
    text: str
    kind: str  # "q" quote placeholder, "w" word, "n" number, "p" punctuation
    quote: int = -1  # the quote's number for "q"

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.kind == "w" and self.text[:1].isupper()

    @property
    def lower_word(self) -> bool:
        return self.kind == "w" and self.text[:1].islower()


def _tokens(frame: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(frame):
        kind = match.lastgroup
        if kind == "q":
            tokens.append(_Token(match.group(), "q", int(match["q"])))
        else:
            tokens.append(_Token(match.group(), kind))
    return tokens


def _ends_sentence(inner: str) -> bool:
    stripped = inner.rstrip(" ‘’‚›‹'")
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _sentences(tokens: list[_Token], inner: dict[int, str]) -> list[list[_Token]]:
    """Split a paragraph's tokens into sentences (see rule 2)."""
    sentences, current = [], []
    for i, token in enumerate(tokens):
        current.append(token)
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following is None:
            break
        starts_new = following.kind == "q" or (following.cap and following.text[0].isupper())
        if not starts_new:
            continue
        if token.kind == "q" and _ends_sentence(inner[token.quote]):
            sentences.append(current)
            current = []
        elif token.kind == "p" and token.text in _SENTENCE_END and i > 0:
            before = tokens[i - 1]
            if before.kind == "w" and before.low in ABBREVIATIONS and len(before.text) > 1:
                continue
            if before.kind == "w" and len(before.text) == 1 and following.low not in NAME_STOP:
                continue  # an initial: "John F. Kennedy"
            if before.kind == "n" and _is_ordinal(tokens, i - 1, following):
                continue
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _is_ordinal(tokens: list[_Token], i: int, following: _Token) -> bool:
    number = tokens[i].text
    if not number.isdigit() or len(number) > 3:
        return False
    if following.low in _MONTHS:
        return True
    return i > 0 and tokens[i - 1].low in _ORDINAL_CONTEXT


# --------------------------------------------------------------------------
# People and organisations
# --------------------------------------------------------------------------


@dataclass
class _Entity:
    kind: str  # "person" or "organisation"
    name: str = ""
    role: str = ""
    organisation: str = ""
    gender: str = ""  # "f", "m" or "" (unknown)
    nouns: set = field(default_factory=set)  # descriptions used for it, lower case

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.name else ""


@dataclass
class _Ref:
    """What a noun phrase refers to."""

    kind: str  # person, organisation, pronoun, description, unnamed, other
    entity: _Entity | None = None
    gender: str = ""
    noun: str = ""
    role: str = ""
    organisation: str = ""
    weak: bool = False  # an organisation guessed from capitalised words only


@dataclass
class _Speaker:
    speaker: str = ""
    role: str = ""
    organisation: str = ""

    @classmethod
    def of(cls, entity: _Entity | None) -> _Speaker | None:
        if entity is None:
            return None
        if entity.kind == "organisation":
            return cls(organisation=entity.name)
        return cls(entity.name, entity.role, entity.organisation)

    @property
    def empty(self) -> bool:
        return not (self.speaker or self.organisation)


@cache
def _role_gender(word: str) -> str | None:
    """The gender a role noun tells ("f", "m", "" unknown); None: no role noun."""
    last = word.lower().split("-")[-1]
    if last in _NATIONALITY_GENDER:
        return None
    if last.endswith(_ROLE_MASCULINE_ADJ):
        return "m"
    if last.endswith(_ROLE_NEUTRAL):
        return ""
    for masculine, feminine in _ROLE_IRREGULAR.items():
        if last.endswith(feminine):
            return "f"
        if last.endswith(masculine):
            return "m"
    for stem in _ROLE_STEMS:
        if last.endswith(stem + "in"):
            return "f"
        if last.endswith(stem):
            return "m"
    return None


def _is_acronym(word: str) -> bool:
    letters = word.replace("-", "")
    return (
        2 <= len(letters) <= 6
        and letters.isalpha()
        and letters.isupper()
        and word.lower() not in NOT_ORGANISATIONS
    )


@cache
def _org_head(word: str) -> bool:
    low = word.lower()
    if _is_acronym(word) or low in ORG_LEGAL_FORMS:
        return True
    return low.endswith(tuple(ORG_ENDINGS)) or _company_word(word)


def _company_word(word: str) -> bool:
    return word.lower().split("-")[-1].endswith(tuple(COMPANY_WORDS))


def _neuter(word: str) -> bool:
    return word.lower().endswith(_NEUTER_ENDINGS)


def _strong_adjective(word: str, gender: str) -> str:
    """An adjective as it reads without an article: "deutsche" (after der)
    → "deutscher", "russischen" → "russisches", "Europäischen" → "Europäische"."""
    for ending in ("en", "em", "er", "es", "e"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            break
    else:
        return word
    return stem + {"m": "er", "n": "es"}.get(gender, "e")


def _nominative_head(word: str, det: str) -> str:
    """The head of an organisation's name out of the genitive ("des
    Verbands" → "Verband", "des Bündnisses" → "Bündnis") or a plural
    adjective noun ("der Grünen" → "Grüne")."""
    low = word.lower()
    if det in ("des", "eines") and not _is_acronym(word) and low not in ORG_LEGAL_FORMS:
        if low.endswith("nisses"):
            return word[:-3]
        if low.endswith("es") and re.search(r"(s|ß|z|x|sch|st|d|t)es$", low):
            return word[:-2]
        if low.endswith("s") and not low.endswith("ss"):
            return word[:-1]
    if (
        det in ("der", "den")
        and low.endswith("en")
        and not low.endswith(
            ("innen", "ionen", "ungen", "schaften", "heiten", "keiten", "täten", "ien")
        )
    ):
        return word[:-1]
    return word


def _decline(adjective: str, det: str, head: str, gender: str = "") -> str:
    """An adjective as it reads without an article, for the noun ``head``
    that followed ``det``: "der deutsche" → "deutscher", "des russischen
    Außenministeriums" → "russisches", "von der Europäischen" → "Europäische".
    Without an article it already reads so ("Grünes Netz")."""
    if not det and not gender:
        return adjective
    if not gender:
        if det in ("die", "eine"):
            gender = "f"
        elif det == "das":
            gender = "n"
        elif det in ("der", "ein") and not adjective.endswith("en"):
            gender = "m"  # nominative masculine
        elif det in ("der", "einer", "den"):
            gender = "f"  # genitive or dative feminine, or plural: -e either way
        else:  # des, dem, eines, einem (also vom, beim, zum)
            gender = "n" if _neuter(head) else "m"
    return _strong_adjective(adjective, gender)


_ADJECTIVE_STEM = re.compile(
    r"(isch|deutsch|al|är|ell|lich|ig|iv|ös|ent|ant|eint|rot|grün|neu|frei|hoh|höher|ober|"
    r"unter|nieder|groß|klein|alt|jung)$"
)


def _capital_adjective(word: str) -> bool:
    """A capitalised adjective in a name: "Europäischen", "Roten", "Internationale"."""
    match = re.fullmatch(r"(.+?)(en|em|es|er|e)", word.lower())
    return bool(match) and bool(_ADJECTIVE_STEM.search(match.group(1)))


def _place_adjective(word: str, following: str | None) -> bool:
    """An indeclinable place adjective before a name: "Wiener", "Seewaldner"."""
    return (
        word.endswith("er") and word[:1].isupper() and bool(following) and (following[:1].isupper())
    )


# --------------------------------------------------------------------------
# Reading one paragraph
# --------------------------------------------------------------------------


class _Reader:
    """Reads the sentences of a text in order, keeping who was named where."""

    def __init__(self):
        self.people: list[_Entity] = []
        self.orgs: list[_Entity] = []
        # (sentence, token index, entity, preposition before it)
        self.mentions: list[tuple[int, int, _Entity, str]] = []
        self.sentence = 0
        self.tokens: list[_Token] = []
        self.inner: dict[int, str] = {}  # the quotes' texts, by number

    # --- entities -----------------------------------------------------------

    def person(self, name: str, role: str = "", organisation: str = "", gender: str = "",
               noun: str = "") -> _Entity:  # fmt: skip
        parts = name.split()
        found = None
        for entity in reversed(self.people):
            if entity.name == name or (
                entity.surname == parts[-1]
                and (len(parts) == 1 or len(entity.name.split()) == 1 or entity.name == name)
            ):
                found = entity
                break
        if found is None:
            found = _Entity("person", name)
            self.people.append(found)
        if len(parts) > len(found.name.split()):
            found.name = name
        found.role = found.role or role
        found.organisation = found.organisation or organisation
        found.gender = found.gender or gender
        if noun:
            found.nouns.add(noun)
        return found

    def organisation(self, name: str, *, generic: bool = False) -> _Entity:
        if generic:
            earlier = self.earlier_org(name)
            if earlier is not None:
                return earlier
        key = name.lower()
        for entity in self.orgs:
            if entity.name.lower() == key:
                return entity
        entity = _Entity("organisation", name)
        self.orgs.append(entity)
        return entity

    def earlier_org(self, head: str) -> _Entity | None:
        """The organisation a single word refers back to: "die
        Staatsanwaltschaft" → "Staatsanwaltschaft Wien", "des Bündnisses" →
        the last organisation named (for generic words)."""
        low = head.lower()
        named = [m[2] for m in reversed(self.mentions) if m[2].kind == "organisation"]
        for entity in named:
            words = re.split(r"[\s]+", entity.name.lower())
            if entity.name.lower() != low and any(
                w == low or w.endswith(low) or w.endswith("-" + low) for w in words
            ):
                return entity
        if low in GENERIC_ORGS and named:
            return named[0]
        return None

    def mention(self, index: int, entity: _Entity, prep: str = "") -> None:
        self.mentions.append((self.sentence, index, entity, prep))

    def last_person(self, before: int, gender: str = "", noun: str = "") -> _Entity | None:
        """The last person named before token ``before`` of this sentence
        (or in earlier sentences) who fits the gender; a description noun
        ("Kanzlerin") prefers a person with that role."""
        candidates = [
            m[2]
            for m in reversed(self.mentions)
            if m[2].kind == "person"
            and (m[0] < self.sentence or m[1] < before)
            and (not gender or not m[2].gender or m[2].gender == gender)
        ]
        if noun:
            for entity in candidates:
                if entity.role.lower().endswith(noun) or noun in entity.nouns:
                    return entity
        return candidates[0] if candidates else None

    def recent_org(self, before: int, sentences: int = 1) -> _Entity | None:
        """The organisation named last in this sentence (before ``before``)
        or the previous one, not as a place ("im Parlament")."""
        for sentence, index, entity, prep in reversed(self.mentions):
            if sentence < self.sentence - sentences:
                break
            if sentence == self.sentence and index >= before:
                continue
            if entity.kind == "organisation" and prep not in _LOCATIVE:
                return entity
        return None

    # --- noun phrases ---------------------------------------------------------

    def at(self, i: int) -> _Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def name(self, i: int) -> tuple[str, int]:
        """A person's name from token i on (titles skipped): ("", i) if none."""
        j = i
        while True:
            token = self.at(j)
            follower = self.at(j + 1)
            if (
                token
                and token.kind == "w"
                and token.low in TITLES
                and follower
                and (follower.text == "." or follower.cap)
            ):
                j += 2 if follower.text == "." else 1
                continue
            break
        parts, k = [], j
        while len(parts) < 4:
            token = self.at(k)
            if token is None or token.kind != "w":
                break
            if token.cap and token.low not in NAME_STOP and len(token.text) > 1:
                if _role_gender(token.text) is not None:
                    break
                if _is_acronym(token.text) or token.low in ORG_LEGAL_FORMS:
                    break
                if parts and (_org_head(token.text) and not _company_word(token.text)):
                    break
                parts.append(token.text)
                k += 1
                continue
            nxt = self.at(k + 1)
            if (
                parts
                and token.low in _NAME_PARTICLES
                and nxt
                and nxt.cap
                and not (
                    _org_head(nxt.text)
                    or _capital_adjective(nxt.text)
                    or nxt.low in NAME_STOP
                    or _role_gender(nxt.text) is not None
                )
            ):
                parts.append(token.text)
                k += 1
                continue
            break
        while parts and parts[-1].lower() in _NAME_PARTICLES:
            parts.pop()
            k -= 1
        if not parts:
            return "", i
        # An age in brackets: "Anna Berger (34)".
        if self.at(k) and self.at(k).text == "(" and self.at(k + 1) and self.at(k + 1).kind == "n":
            k += 3 if self.at(k + 2) and self.at(k + 2).text == ")" else 2
        return " ".join(parts), k

    def known(self, word: str) -> _Entity | None:
        for entity in reversed(self.people):
            if entity.surname == word or entity.name == word:
                return entity
        return None

    def org_phrase(self, i: int, det: str) -> tuple[str, str, int]:
        """An organisation's name from token i on, in the nominative:
        (name, head word in the nominative, end). Adjectives before the head
        are declined as without an article; "für …" and a place or acronym
        after it belong to the name ("Institut für Höhere Studien",
        "Staatsanwaltschaft Wien")."""
        words, j = [], i
        while len(words) < 7:
            token = self.at(j)
            if token is None:
                break
            if token.cap:
                if words and token.low in NAME_STOP:
                    break
                if words and _role_gender(token.text) is not None and not _org_head(token.text):
                    break
                words.append(token.text)
                j += 1
            elif token.low == "für" and words and self.at(j + 1) and self.at(j + 1).cap:
                words.append(token.text)
                j += 1
            elif (
                token.low in ("der", "des")
                and words
                and _org_head(words[-1])
                and self._genitive_attribute(j + 1)
            ):
                end = self._genitive_attribute(j + 1)
                words.extend(t.text for t in self.tokens[j:end])
                j = end
                break
            else:
                break
        if not words:
            return "", "", i
        # The head: the first word that is no adjective ("Europäischen",
        # "Wiener") standing before another capitalised word.
        head_at = 0
        while (
            head_at < len(words) - 1
            and words[head_at + 1] != "für"
            and not _org_head(words[head_at])
            and (
                _capital_adjective(words[head_at])
                or _place_adjective(words[head_at], words[head_at + 1])
            )
        ):
            head_at += 1
        head = _nominative_head(words[head_at], det)
        out = [
            word
            if _place_adjective(word, words[n + 1]) and not _capital_adjective(word)
            else _decline(word, det, words[head_at])
            for n, word in enumerate(words[:head_at])
        ]
        out += [head, *words[head_at + 1 :]]
        return " ".join(out), head, j

    def _genitive_attribute(self, i: int) -> int:
        """The end of "[Metalltechnischen] Industrie" in "Fachverband der
        Metalltechnischen Industrie" (0: none): capitalised adjectives and a
        noun that is no person."""
        j = i
        while (
            (t := self.at(j))
            and t.cap
            and _capital_adjective(t.text)
            and self.at(j + 1)
            and (self.at(j + 1).cap)
        ):
            j += 1
        head = self.at(j)
        if head is None or not head.cap or head.low in NAME_STOP:
            return 0
        if _role_gender(head.text) is not None or head.low in PERSON_NOUNS:
            return 0
        nxt = self.at(j + 1)
        if nxt is not None and nxt.cap:  # a name follows: "der Gewerkschaft, Rainer …"
            return 0
        return j + 1

    def noun_phrase(self, i: int) -> tuple[_Ref | None, int]:
        """Read the noun phrase at token i; (None, i) if there is none."""
        token = self.at(i)
        if token is None or token.kind != "w":
            return None, i
        j, det = i, ""
        if token.low in DETERMINERS:
            det, j = token.low, i + 1
        elif token.low in ("er", "sie"):
            return _Ref("pronoun", gender="m" if token.low == "er" else "f"), i + 1
        adjectives = []
        while (t := self.at(j)) and t.lower_word and re.fullmatch(r"\w+(e|en|er|es|em)", t.text):
            after = self.at(j + 1)
            if (
                t.low in DETERMINERS
                or t.low in _LOCATIVE
                or t.low in _ADVERBS
                or not (after and (after.cap or after.lower_word))
            ):
                break
            adjectives.append(t.text)
            j += 1
        head = self.at(j)
        if head is None or not (head.cap or (head.kind == "w" and _AGE_NOUN.fullmatch(head.text))):
            return None, i
        following = self.at(j + 1)
        if (
            not det
            and head.text.endswith("s")
            and following is not None
            and following.cap
            and _role_gender(head.text) is None
            and _role_gender(following.text) is not None
            and not _org_head(head.text)
        ):
            gender = _role_gender(following.text)
            return self._role_phrase("", [], following, j + 1, gender, prefix=head.text)
        if head.low in TITLES:  # "Prof. Dr. Martina Leitgeb"
            name, end = self.name(j)
            if not name:
                return None, i
            return self._person_with_affiliation(name, "", "", "", end)
        role_gender = _role_gender(head.text)
        low = head.low.split("-")[-1]
        if role_gender is not None and not (_org_head(head.text) and not self._name_follows(j + 1)):
            return self._role_phrase(det, adjectives, head, j, role_gender)
        if low in _NATIONALITY_GENDER or low in PERSON_NOUNS or _AGE_NOUN.fullmatch(head.text):
            gender = _NATIONALITY_GENDER.get(low, PERSON_NOUNS.get(low, ""))
            gender = gender or {"die": "f", "eine": "f", "der": "m", "ein": "m"}.get(det, "")
            name, end = self.name(j + 1)
            if name:
                return self._person_with_affiliation(name, "", "", gender, end, noun=low)
            return _Ref("description", gender=gender, noun=low), j + 1
        if _org_head(head.text) or (
            det and following and following.cap and following.low not in NAME_STOP
        ):
            return self._organisation(det, j, adjectives)
        if (
            det in ("der", "die")
            and head.low.endswith(("er", "erin"))
            and not (following and following.cap)
        ):
            gender = "f" if head.low.endswith("erin") or det == "die" else "m"
            return _Ref("description", gender=gender, noun=head.low), j + 1
        if det:
            return _Ref("other", noun=head.low), j + 1
        name, end = self.name(j)
        if not name:
            return None, i
        if self.known(name.split()[-1]) or self._bare_name(i, end):
            return self._person_with_affiliation(name, "", "", "", end)
        return _Ref("other", noun=head.low), end

    def _bare_name(self, i: int, end: int) -> bool:
        """Capitalised words without a role are a name only where a name is
        expected: after "sagte"/"so"/"laut", before a verb of saying, or with
        a role behind a comma ("John Carver, Sprecher des …")."""
        before, after = self.at(i - 1), self.at(end)
        if before is not None and (before.low in SAY_VERBS or before.low in ("so", "laut")):
            return True
        if after is None:
            return False
        if after.low in SAY_VERBS:
            return True
        if after.text == ",":
            nxt = self.at(end + 1)
            if nxt is not None and nxt.low in DETERMINERS:
                nxt = self.at(end + 2)
            return nxt is not None and _role_gender(nxt.text) is not None
        return False

    def _name_follows(self, i: int) -> bool:
        token = self.at(i)
        if token is None:
            return False
        if token.kind == "w" and token.low in TITLES:
            return True
        name, _ = self.name(i)
        return bool(name) and not _org_head(name.split()[0])

    def _role_phrase(self, det, adjectives, head, j, gender, prefix="") -> tuple[_Ref, int]:
        gender = gender or {"die": "f", "eine": "f", "der": "m", "ein": "m"}.get(det, "")
        role_words = [_decline(a, det, head.text, gender or "m") for a in adjectives]
        if prefix:
            role_words.insert(0, prefix)
        noun = head.text
        if det in ("der", "ein") and noun.lower().endswith(_ROLE_NEUTRAL[:4]):
            noun += "r"  # "der Sachverständige" → "Sachverständiger"
        role, organisation = " ".join([*role_words, noun]), self._role_org(head.text)
        k = j + 1
        token = self.at(k)
        # The role's organisation in the genitive, kept in the role as
        # written: "Sprecher des US-Außenministeriums".
        if (
            token
            and token.low in _GENITIVE
            and self.at(k + 1)
            and (self.at(k + 1).cap or self.at(k + 1).lower_word)
        ):
            org_det, m, lowered = token.low, k + 1, []
            while (t := self.at(m)) and t.lower_word and t.low not in _LOCATIVE:
                lowered.append(t.text)
                m += 1
            name, org_head, end = self.org_phrase(m, org_det)
            if name:
                role = f"{role} " + " ".join(t.text for t in self.tokens[k:end])
                name = " ".join([*(_decline(a, org_det, org_head) for a in lowered), name])
                if org_head.lower() not in PERSON_NOUNS and _role_gender(org_head) is None:
                    organisation = self._resolve_org(name, adjectives=bool(lowered)).name
                k = end
        # "vom Institut …", "von der ESA": an affiliation; "von Tirol" (a
        # place) belongs to the role: "Landeshauptmann von Tirol".
        elif token and token.low in ("von", "vom", "beim", "bei"):
            organisation, end = self._affiliation(k, organisation, place=True)
            if token.low == "von" and self.at(k + 1) and self.at(k + 1).cap:
                role = f"{role} " + " ".join(t.text for t in self.tokens[k:end])
            k = end
        # "…, Jelena Morosowa" behind the role, or the name right after it.
        if self.at(k) and self.at(k).text == ",":
            name, end = self.name(k + 1)
            nxt = self.at(end)
            if name and (nxt is None or nxt.text in ",.;:)" or nxt.lower_word or nxt.kind == "q"):
                return self._person_with_affiliation(name, role, organisation, gender, end)
        name, end = self.name(k)
        if name:
            return self._person_with_affiliation(name, role, organisation, gender, end)
        kind = "description" if det in ("der", "die", "den", "dem") else "unnamed"
        return _Ref(kind, gender=gender, noun=head.low, role=role, organisation=organisation), k

    def _affiliation(self, k: int, organisation: str, place: bool = False) -> tuple[str, int]:
        """ "vom Roten Kreuz", "von der Europäischen Weltraumorganisation ESA",
        "beim …", "von Seewalden" at token k: (organisation, end)."""
        token, following = self.at(k), self.at(k + 1)
        if token is None or following is None:
            return organisation, k
        if token.low in ("vom", "beim"):
            det, start = "dem", k + 1
        elif following.low in ("der", "dem", "den"):
            det, start = following.low, k + 2
        elif token.low == "von" and following.cap and place:
            det, start = "", k + 1
        else:
            return organisation, k
        name, head, end = self.org_phrase(start, det)
        if not name or (
            det not in ("", "den") and not any(_org_head(word) for word in name.split())
        ):
            return organisation, k
        return organisation or self._resolve_org(name).name, end

    def _role_org(self, role: str) -> str:
        """ "EZB-Präsidentin" → "EZB"; "Polizeisprecher" → "Polizei"."""
        if "-" in role:
            prefix = role.split("-")[0]
            if _is_acronym(prefix):
                return prefix
        low = role.lower()
        for prefix, organisation in ROLE_PREFIX_ORGS.items():
            if low.startswith(prefix) and _role_gender(role[len(prefix) :] or "x") is not None:
                return organisation
        return ""

    def _person_with_affiliation(self, name, role, organisation, gender, k, noun=""):
        """A named person; "vom Roten Kreuz" or ", Sprecher des …" behind the
        name add the organisation and role."""
        token = self.at(k)
        if token and token.low in ("vom", "beim", "von", "bei"):
            organisation, k = self._affiliation(k, organisation)
        elif not role and token and token.text == ",":
            ref, end = self.noun_phrase(k + 1)
            if ref is not None and ref.kind in ("description", "unnamed") and ref.role:
                role, organisation = ref.role, organisation or ref.organisation
                gender = gender or ref.gender
                k = end
        entity = self.person(name, role, organisation, gender, noun)
        return _Ref("person", entity=entity), k

    def _organisation(self, det, j, adjectives) -> tuple[_Ref, int]:
        head, after, later = self.at(j), self.at(j + 1), self.at(j + 2)
        # A word for the kind of organisation, then its name: "der
        # Energieversorger Alpenstrom", "der Umweltverband Grünes Netz".
        if (
            not adjectives
            and after
            and after.cap
            and after.low not in NAME_STOP
            and (
                _company_word(head.text)
                or head.low in KIND_WORDS
                or (_org_head(head.text) and later and later.cap and not _org_head(after.text))
            )
        ):
            name, _, end = self.org_phrase(j + 1, "")
            if name and _role_gender(name.split()[0]) is None:
                return _Ref("organisation", entity=self.organisation(name)), end
        name, org_head, end = self.org_phrase(j, det)
        if not name:
            return _Ref("other"), j + 1
        if adjectives:
            name = " ".join([*(_decline(a, det, org_head) for a in adjectives), name])
        weak = not any(_org_head(word) for word in name.split())
        entity = self._resolve_org(name, adjectives=bool(adjectives))
        return _Ref("organisation", entity=entity, weak=weak), end

    def _resolve_org(self, name: str, adjectives: bool = False) -> _Entity:
        """A single word ("die Staatsanwaltschaft", "des Verbands") may stand
        for an organisation named before; anything else is a name."""
        single = len(name.split()) == 1 and not adjectives and not _is_acronym(name)
        return self.organisation(name, generic=single)

    # --- scanning a sentence ------------------------------------------------------

    def scan(self, tokens: list[_Token]) -> list[tuple[int, int, _Ref]]:
        """Every person and organisation the sentence names, in order:
        (start, end, reference); also recorded as mentions."""
        self.tokens = tokens
        found, i = [], 0
        while i < len(tokens):
            token = tokens[i]
            prep = tokens[i - 1].low if i > 0 and tokens[i - 1].kind == "w" else ""
            if token.kind == "q" and prep in DETERMINERS | {"laut"}:
                # "Die „Süddeutsche Zeitung“ nannte …": a paper's name in quotes.
                text = self.inner.get(token.quote, "")
                if _name_like(text):
                    entity = self.organisation(text)
                    self.mention(i, entity, prep)
                    found.append((i, i + 1, _Ref("organisation", entity=entity)))
                i += 1
                continue
            if token.kind == "w" and (token.cap or token.low in DETERMINERS or token.low in (
                "er", "sie"
            )):  # fmt: skip
                if (
                    token.cap
                    and token.low not in DETERMINERS
                    and self.known(token.text)
                    and (prep not in DETERMINERS and (prep not in _LOCATIVE or prep == "von"))
                    and not (self.at(i + 1) and self.at(i + 1).cap)
                ):
                    entity = self.known(token.text)
                    self.mention(i, entity, prep)
                    found.append((i, i + 1, _Ref("person", entity=entity)))
                    i += 1
                    continue
                ref, end = self.noun_phrase(i)
                if ref is not None and end > i:
                    if ref.entity is not None and not (ref.weak and prep in _LOCATIVE):
                        self.mention(i, ref.entity, prep)
                    elif ref.kind == "description" and ref.noun in PERSON_NOUNS:
                        # "Der Angeklagte …, sagte er": he has no name.
                        self.mention(i, _Entity("person", gender=ref.gender), prep)
                    found.append((i, end, ref))
                    i = end
                    continue
            i += 1
        return found


# --------------------------------------------------------------------------
# Attribution
# --------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def _name_like(text: str) -> bool:
    """A short run of capitalised words: a title or a name, not a statement."""
    words = _words(text)
    if not words or len(words) > 6 or re.search(r"[.!?,;:]", text):
        return False
    if not words[0][:1].isupper() and not words[0][:1].isdigit():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _FUNCTION_WORDS for w in words)


def _substantial(text: str) -> bool:
    return len(_words(text)) >= 4 or _ends_sentence(text)


class _Attributor:
    """Attributes the quotes of one text, sentence by sentence (rule 4)."""

    def __init__(self):
        self.reader = _Reader()
        self.previous: _Speaker | None = None  # who spoke in the previous sentence
        self.previous_quoted = False

    def sentence(self, tokens, inner, new_paragraph):
        reader = self.reader
        reader.inner = inner
        refs = reader.scan(tokens)
        reader.tokens = tokens
        if new_paragraph and not self.previous_quoted:
            self.previous = None
        results: dict[int, _Speaker | None] = {}
        direct: set[int] = set()
        for i, token in enumerate(tokens):
            if token.kind != "q":
                continue
            text = inner[token.quote]
            if self._is_title(tokens, i, text):
                results[token.quote] = None
                continue
            speaker = self._behind(tokens, i, refs)
            if speaker is None:
                speaker = self._before_colon(tokens, i, refs)
            if speaker is not None:
                direct.add(token.quote)
            elif _name_like(text):
                results[token.quote] = None
                continue
            if speaker is None:
                speaker = self._same_sentence(results)
            if speaker is None:
                speaker = self._inside(tokens, i, refs, text)
            if speaker is None and not _substantial(text):
                results[token.quote] = None
                continue
            if speaker is None:
                speaker = self._hearsay(tokens, i) if self._has_hearsay(tokens) else None
            if speaker is None and self.previous is not None:
                speaker = self.previous
            results[token.quote] = speaker or _Speaker()
        quoted = [s for s in results.values() if s is not None]
        spoken = quoted[-1] if quoted else self._indirect(tokens, refs)
        self.previous = spoken
        self.previous_quoted = bool(quoted)
        reader.sentence += 1
        return results

    # --- rule 5: titles ---------------------------------------------------------

    @staticmethod
    def _is_title(tokens, i, text) -> bool:
        """„Zukunft Land 2030“ after "Programm", a „Digitalbonus“ after
        "sogenannt": a title or a term, read like one (capitalised, short,
        no final full stop)."""
        if any(t.low.startswith(("sogenannt", "genannt")) for t in tokens[max(0, i - 3) : i]):
            return True
        if not text[:1].isupper() or len(_words(text)) > 8 or _ends_sentence(text):
            return False
        before = [t for t in tokens[max(0, i - 3) : i] if t.kind == "w"]
        while before and before[-1].low in ("von", "des", "der", "dem", "den", "die", "das"):
            before.pop()
        return bool(before) and before[-1].cap and before[-1].low.endswith(TITLE_NOUNS)

    # --- rule 4a: behind the quote ------------------------------------------

    def _behind(self, tokens, i, refs) -> _Speaker | None:
        k = i + 1
        if k < len(tokens) and tokens[k].text == ",":
            k += 1
        if k >= len(tokens) or tokens[k].kind != "w":
            return None
        verb = tokens[k].low
        if verb in HEARSAY and k + 1 < len(tokens) and tokens[k + 1].low == "es":
            return self._hearsay(tokens, i, start=k + 2) or _Speaker()
        if verb != "so" and verb not in SAY_VERBS:
            return None
        k = self._skip_adverbials(tokens, k + 1)
        return self._speaker_at(k, refs, tokens)

    def _skip_adverbials(self, tokens, k) -> int:
        for _ in range(3):
            token = tokens[k] if k < len(tokens) else None
            if token is None or token.kind != "w":
                return k
            if token.low in _ADVERBS:
                k += 1
                continue
            if token.low in _LOCATIVE or token.low == "gegenüber":
                m = k + 1
                while (
                    m < len(tokens)
                    and tokens[m].kind == "w"
                    and (tokens[m].low in DETERMINERS or tokens[m].lower_word)
                    and tokens[m].low not in ("er", "sie")
                ):
                    m += 1
                if m < len(tokens) and tokens[m].cap:
                    m += 1
                    # "am Rande des Treffens", but not "am Mittwoch der Sprecher …"
                    while (
                        m + 1 < len(tokens)
                        and tokens[m].low in _GENITIVE
                        and tokens[m + 1].cap
                        and _role_gender(tokens[m + 1].text) is None
                        and tokens[m + 1].low not in PERSON_NOUNS
                    ):
                        m += 2
                    k = m
                    continue
            return k
        return k

    def _speaker_at(self, k, refs, tokens) -> _Speaker | None:
        for start, _, ref in refs:
            if start == k:
                return self._speaker_of(ref, k)
        # A name not read before (e.g. a single surname after "sagte").
        reader = self.reader
        name, end = reader.name(k)
        if name:
            nxt = reader.at(end)
            if nxt is None or nxt.text in ",.;:!?" or nxt.lower_word:
                entity = reader.person(name)
                reader.mention(k, entity)
                return _Speaker.of(entity)
        return None

    def _speaker_of(self, ref: _Ref, at: int) -> _Speaker | None:
        reader = self.reader
        if ref.kind in ("person", "organisation"):
            return _Speaker.of(ref.entity)
        if ref.kind == "pronoun":
            entity = reader.last_person(at, ref.gender)
            return _Speaker.of(entity) or _Speaker()
        if ref.kind == "description":
            # "der 52-Jährige", "die Kanzlerin": the last person who fits. "Der
            # Sprecher des Ministeriums" is a spokesperson: the ministry speaks.
            if " " in ref.role and ref.noun.endswith(("sprecher", "sprecherin")):
                return _Speaker(role=ref.role, organisation=ref.organisation)
            entity = reader.last_person(at, ref.gender, ref.noun)
            if entity is not None:
                return _Speaker.of(entity)
            return _Speaker(role=ref.role, organisation=ref.organisation)
        if ref.kind == "unnamed":
            organisation = ref.organisation
            if not organisation:
                org = reader.recent_org(at)
                organisation = org.name if org else ""
            return _Speaker(role=ref.role, organisation=organisation)
        return None

    # --- rule 4a: hieß es -----------------------------------------------------------

    @staticmethod
    def _has_hearsay(tokens) -> bool:
        return any(
            t.low in HEARSAY and n + 1 < len(tokens) and tokens[n + 1].low == "es"
            for n, t in enumerate(tokens)
        )

    def _hearsay(self, tokens, i, start=None) -> _Speaker | None:
        """ "hieß es aus dem Ministerium", "in einer Erklärung des Bündnisses";
        else the organisation named in this or the previous sentence."""
        reader = self.reader
        if start is None:
            start = next(
                (n + 2 for n, t in enumerate(tokens) if t.low in HEARSAY and n + 1 < len(tokens)
                 and tokens[n + 1].low == "es"), len(tokens))  # fmt: skip
        k = start
        while k < len(tokens) and tokens[k].kind == "w" and k < start + 8:
            low = tokens[k].low
            if low in ("aus", "von", "vom", "seitens", "bei", "beim"):
                m = k + 1
                det = tokens[m].low if m < len(tokens) and tokens[m].low in DETERMINERS else ""
                m += 1 if det else 0
                if low in ("vom", "beim"):
                    det = "dem"
                name, head, _ = reader.org_phrase(m, det)
                if name:
                    return _Speaker.of(reader._resolve_org(name))
            if low in _GENITIVE and k + 1 < len(tokens) and tokens[k + 1].cap:
                if k > start and tokens[k - 1].cap:  # "in einer Erklärung des Bündnisses"
                    name, head, _ = reader.org_phrase(k + 1, low)
                    if name and (_org_head(head) or head.lower() in GENERIC_ORGS):
                        return _Speaker.of(reader._resolve_org(name))
            k += 1
        org = reader.recent_org(i)
        return _Speaker.of(org)

    # --- rule 4b: before a colon ------------------------------------------------

    def _before_colon(self, tokens, i, refs) -> _Speaker | None:
        if i == 0 or tokens[i - 1].text != ":":
            return None
        start = max((n + 1 for n in range(i - 1) if tokens[n].kind == "q"), default=0)
        if self._has_hearsay(tokens[start : i - 1]):
            return self._hearsay(tokens[: i - 1], i)
        return self._subject(refs, start, i - 1)

    def _subject(self, refs, start, end) -> _Speaker | None:
        for ref_start, _, ref in refs:
            if ref_start < start or ref_start >= end:
                continue
            speaker = self._speaker_of(ref, ref_start)
            if speaker is not None and not speaker.empty:
                return speaker
        return None

    # --- rule 4c: the same sentence -------------------------------------------

    @staticmethod
    def _same_sentence(results) -> _Speaker | None:
        attributed = [s for s in results.values() if s is not None and not s.empty]
        return attributed[-1] if attributed else None

    # --- rule 4d: inside the sentence ----------------------------------------------

    def _inside(self, tokens, i, refs, text) -> _Speaker | None:
        for n, token in enumerate(tokens):
            if token.low == "laut" and n + 1 < len(tokens) and tokens[n + 1].kind != "q":
                speaker = self._ref_from(refs, n + 1, tokens)
                if speaker is not None:
                    return speaker
            if token.low == "zufolge" and n > 0 and tokens[n - 1].kind != "q":
                for start, end, ref in refs:
                    if end == n:
                        speaker = self._speaker_of(ref, start)
                        if speaker is not None and not speaker.empty:
                            return speaker
                        if ref.kind == "other":
                            name, head, _ = self.reader.org_phrase(start + 1, tokens[start].low)
                            if name:
                                return _Speaker(organisation=name)
        # A verb right behind the quote ("„…“, sagte der Salzburger") was rule
        # 4a's to read; its speaker is not searched further on.
        says = [n for n, t in enumerate(tokens) if t.low in SAY_VERBS and n not in (i + 1, i + 2)]
        if says:
            first = says[0]
            speaker = self._subject(refs, 0, first)
            if speaker is None:
                speaker = self._subject(refs, first + 1, min(first + 6, len(tokens)))
            if speaker is not None:
                return speaker
        for start, _, ref in refs:
            if start > 1:
                break
            if ref.kind in ("person", "pronoun") and start < i:
                return self._speaker_of(ref, start)
        return None

    def _ref_from(self, refs, k, tokens) -> _Speaker | None:
        for start, _, ref in refs:
            if start == k:
                speaker = self._speaker_of(ref, k)
                if speaker is not None and not speaker.empty:
                    return speaker
        name, head, _ = self.reader.org_phrase(k, "")
        if name and _org_head(head):
            return _Speaker.of(self.reader._resolve_org(name))
        return None

    # --- who spoke in a sentence without quotes (for rule 4e) -------------------

    def _indirect(self, tokens, refs) -> _Speaker | None:
        for n, token in enumerate(tokens):
            if token.low not in SAY_VERBS and not (
                token.low in HEARSAY and n + 1 < len(tokens) and tokens[n + 1].low == "es"
            ):
                continue
            if token.low in HEARSAY:
                return None
            if n > 0 and tokens[n - 1].text == ",":
                # "…, teilte der Veranstalter mit": before the comma is what
                # was said, not who said it.
                k = self._skip_adverbials(tokens, n + 1)
                return self._speaker_at(k, refs, tokens)
            return self._subject(refs, 0, n) or self._subject(refs, n + 1, n + 6)
        return None


def extract_quotes(text: str) -> list[Quote]:
    """The direct quotes in ``text`` with their speakers, in order."""
    attributor = _Attributor()
    quotes: list[Quote] = []
    sentence_number = 0
    for paragraph in _paragraphs(text or ""):
        spans = _quote_spans(paragraph)
        inner, frame, last = {}, [], 0
        for number, (start, end) in enumerate(spans):
            inner[number] = " ".join(paragraph[start + 1 : end - 1].split())
            frame.append(paragraph[last:start])
            frame.append(_PLACEHOLDER.format(number))
            last = end
        frame.append(paragraph[last:])
        tokens = _tokens("".join(frame))
        for n, sentence in enumerate(_sentences(tokens, inner)):
            results = attributor.sentence(sentence, inner, new_paragraph=n == 0)
            for number in sorted(results):
                speaker = results[number]
                if speaker is None or not inner[number].strip(" ,.;:–-"):
                    continue
                quotes.append(
                    Quote(
                        quote=inner[number],
                        speaker=speaker.speaker,
                        role=speaker.role,
                        organisation=speaker.organisation,
                        sentence=sentence_number,
                    )
                )
            sentence_number += 1
    return quotes
