"""Quotes in an article's text, offered as citations: the journalist takes
each over or drops it with one click, and nothing is saved before.

``suggestions(article)`` reads the quotes and their speakers in the lead and
body the authors work on (a live article's working draft, if it has one;
``articles.quotes``), matches each speaker against the source directory
(``match_source``) or proposes a new source, and leaves out quotes the
article already cites and suggestions decided before (``QuoteDecision``).
``accept`` adds the citation, creating a proposed source first, through the
one write path (``editing.save_content``: a live article's change goes into
its working draft); ``reject`` only records the decision. Both check that the
user may edit the article (``publishing.can_edit``); a new source also needs
the permission to add sources.

Matching ignores case, diacritics (ä = ae …), academic and political titles
(Dr., Prof., Mag., Bundeskanzlerin …) and takes a source's other names
(``Source.aliases``, one per line); a surname alone matches a person whose
name ends in it when only one does.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from newsroom.text import german_slugify, transliterate_german

from . import editing, publishing
from .models import Article, QuoteDecision, Source
from .quotes import Quote, extract_quotes

ADD_SOURCE_PERMISSION = "articles.add_source"
KEY_PATTERN = re.compile(r"[0-9a-f]{32}")
_NAME_MAX = Source._meta.get_field("name").max_length
_ROLE_MAX = Source._meta.get_field("role").max_length
_AFFILIATION_MAX = Source._meta.get_field("affiliation").max_length

# Words before a name that are no part of it.
NAME_TITLES = {
    "dr", "prof", "mag", "dipl", "ing", "di", "univ", "doz", "dkfm", "mba", "phd", "msc",
    "bsc", "ba", "ma", "hc", "em", "med", "rer", "nat", "phil", "jur", "herr", "frau", "sir",
    "dame", "bundeskanzler", "bundeskanzlerin", "kanzler", "kanzlerin", "bundespraesident",
    "bundespraesidentin", "praesident", "praesidentin", "buergermeister", "buergermeisterin",
    "landeshauptmann", "landeshauptfrau", "staatssekretaer", "staatssekretaerin",
    "abgeordnete", "abgeordneter", "senator", "senatorin", "generalsekretaer",
    "generalsekretaerin", "landesrat", "landesraetin", "stadtrat", "stadtraetin",
}  # fmt: skip
_MINISTER = re.compile(r"minister(in)?$")
SPEAKER_KINDS = {Source.Kind.PERSON}
ORGANISATION_KINDS = {
    Source.Kind.ORGANISATION, Source.Kind.AGENCY, Source.Kind.MEDIA, Source.Kind.DOCUMENT,
}  # fmt: skip


class UnknownSuggestion(Exception):
    """The key names no open suggestion for this article."""

    def __init__(self):
        super().__init__(
            _(
                "This suggestion is not open for this article (any more): it was taken "
                "over or dropped, or the text has changed."
            )
        )


def normalise(text: str) -> str:
    """Case, diacritics, punctuation and spacing ignored: "Dr. Jürgen
    Müller-Lüdenscheidt" → "dr juergen mueller luedenscheidt"."""
    text = transliterate_german(text or "").casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", text))


def name_key(name: str) -> str:
    """A person's or organisation's name for matching: normalised, without
    academic and political titles ("Bundeskanzlerin Dr. Sabine Kellner" →
    "sabine kellner")."""
    words = normalise(name).split()
    while len(words) > 1 and (words[0] in NAME_TITLES or _MINISTER.search(words[0])):
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class Suggestion:
    """A quote found in the text, with the source it would be cited from:
    a source of the directory, a new one (not saved: ``is_new``), or None
    when nobody is named (the journalist picks the source)."""

    key: str
    quote: str
    speaker: str
    role: str
    organisation: str
    source: Source | None
    sentence: int
    created: bool = False  # set by ``accept`` when it added the source

    @property
    def is_new(self) -> bool:
        return self.source is not None and self.source.pk is None

    @property
    def speaker_label(self) -> str:
        return self.speaker or self.organisation


def suggestion_key(quote: Quote) -> str:
    """Stable for the same quote by the same speaker, whatever the spacing."""
    text = f"{normalise(quote.quote)}\n{name_key(quote.speaker or quote.organisation)}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Directory:
    """The source directory, read once, indexed by name, other names and surname."""

    def __init__(self, sources=None):
        sources = list(
            sources
            if sources is not None
            else Source.objects.only("name", "slug", "kind", "role", "affiliation", "aliases")
        )
        self.by_name: dict[str, list[Source]] = {}
        self.by_surname: dict[str, list[Source]] = {}
        for source in sources:
            names = [source.name, *source.aliases.splitlines()]
            for name in {name_key(n) for n in names if n.strip()}:
                self.by_name.setdefault(name, []).append(source)
            if source.kind == Source.Kind.PERSON:
                words = name_key(source.name).split()
                if len(words) > 1:
                    self.by_surname.setdefault(words[-1], []).append(source)

    def find(self, speaker: str, organisation: str = "") -> Source | None:
        if speaker:
            return self._person(speaker, organisation)
        if organisation:
            return self._best(self.by_name.get(name_key(organisation), []), ORGANISATION_KINDS)
        return None

    def _person(self, speaker: str, organisation: str) -> Source | None:
        key = name_key(speaker)
        found = self._best(self.by_name.get(key, []), SPEAKER_KINDS, organisation)
        if found is not None:
            return found
        words = key.split()
        if not words:
            return None
        candidates = self.by_surname.get(words[-1], [])
        if len(words) > 1:
            # Same first and last name, a middle name or initial aside.
            candidates = [c for c in candidates if name_key(c.name).split()[0] == words[0]]
        elif len(candidates) > 1 and organisation:
            candidates = [
                c for c in candidates if name_key(c.affiliation) == name_key(organisation)
            ]
        return candidates[0] if len(candidates) == 1 else None

    @staticmethod
    def _best(sources, kinds, organisation: str = "") -> Source | None:
        if not sources:
            return None

        def rank(source):
            return (
                source.kind not in kinds,
                bool(organisation) and name_key(source.affiliation) != name_key(organisation),
                source.pk,
            )

        return min(sources, key=rank)


def match_source(speaker: str, role: str = "", organisation: str = "", *, directory=None):
    """The directory's source for a speaker (a person's name) or, without
    one, for the organisation; None if the directory has none. ``role``
    is not needed to find a source; it goes into a proposed one."""
    return (directory or Directory()).find(speaker, organisation)


def propose_source(speaker: str, role: str = "", organisation: str = "") -> Source | None:
    """A new source for a speaker the directory does not know (not saved):
    a person with role and organisation, or the organisation itself."""
    if speaker:
        if len(speaker) > _NAME_MAX:
            return None
        return Source(
            name=speaker,
            kind=Source.Kind.PERSON,
            role=role[:_ROLE_MAX],
            affiliation=organisation[:_AFFILIATION_MAX],
        )
    if organisation and len(organisation) <= _NAME_MAX:
        return Source(name=organisation, kind=Source.Kind.ORGANISATION)
    return None


def article_text(content: dict) -> str:
    fields = content.get("fields", {})
    return "\n\n".join(
        part for part in (fields.get("lead") or "", fields.get("body") or "") if part
    )


def suggestions(article: Article, *, directory: Directory | None = None) -> list[Suggestion]:
    """The open suggestions for the text the article's authors work on."""
    if article.pk is None:
        return []
    content = editing.working_content(article)
    found = extract_quotes(article_text(content))
    if not found:
        return []
    cited = {normalise(row["quote"]) for row in content["citations"] if row.get("quote")}
    decided = set(QuoteDecision.objects.filter(article=article).values_list("key", flat=True))
    directory = directory or Directory()
    result, seen = [], set()
    for quote in found:
        key = suggestion_key(quote)
        if key in seen or key in decided or normalise(quote.quote) in cited:
            continue
        seen.add(key)
        source = directory.find(quote.speaker, quote.organisation)
        if source is None:
            source = propose_source(quote.speaker, quote.role, quote.organisation)
        result.append(
            Suggestion(
                key=key,
                quote=quote.quote,
                speaker=quote.speaker,
                role=quote.role,
                organisation=quote.organisation,
                source=source,
                sentence=quote.sentence,
            )
        )
    return result


def report_entries(article: Article) -> list[dict]:
    """The open suggestions as plain data, e.g. for the wire import's report
    (``WireImport.report["sources"]``)."""
    return [
        {
            "quote": s.quote,
            "speaker": s.speaker,
            "role": s.role,
            "organisation": s.organisation,
            "source": s.source.pk if s.source is not None else None,
            "source_name": s.source.name if s.source is not None else "",
            "new": s.is_new,
        }
        for s in suggestions(article)
    ]


def _check(article: Article, user, key: str) -> None:
    if not publishing.can_edit(user, article):
        raise PermissionDenied(_("You may not edit this article."))
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise UnknownSuggestion


def _open(article: Article, key: str) -> Suggestion:
    suggestion = next((s for s in suggestions(article) if s.key == key), None)
    if suggestion is None:
        raise UnknownSuggestion
    return suggestion


def _decide(article: Article, user, key: str, *, accepted: bool) -> None:
    try:
        with transaction.atomic():
            QuoteDecision.objects.create(
                article=article, key=key, accepted=accepted, decided_by=user
            )
    except IntegrityError:  # someone decided it a moment ago
        raise UnknownSuggestion from None


def unique_source_slug(name: str) -> str:
    base = (german_slugify(name) or "quelle")[:190].strip("-") or "quelle"
    slug, n = base, 2
    while Source.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def accept(*, article: Article, user, key: str) -> Suggestion:
    """Cite the suggested quote from its source (created first when new)."""
    _check(article, user, key)
    current = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    version = current.version
    suggestion = _open(current, key)
    source = suggestion.source
    created = source is not None and source.pk is None
    if created:
        if not user.has_perm(ADD_SOURCE_PERMISSION):
            raise PermissionDenied(_("You may not add sources to the directory."))
        source.slug = unique_source_slug(source.name)
        source.full_clean()
        source.save()
    _decide(current, user, key, accepted=True)
    content = copy.deepcopy(editing.working_content(current))
    rows = content["citations"]
    source_id = source.pk if source is not None else None
    # A citation of this source without a quote yet gets it; else a new row.
    empty = next(
        (r for r in rows if source_id and r["source"] == source_id and not r["quote"]), None
    )
    if empty is not None:
        empty["quote"] = suggestion.quote
    else:
        rows.append({"source": source_id, "quote": suggestion.quote})
    editing.save_content(
        article=current,
        content=content,
        user=user,
        expected_version=version,
        comment=_("Quote suggestion taken over: %(speaker)s")
        % {"speaker": suggestion.speaker_label or _("without source")},
    )
    return dataclasses.replace(suggestion, created=created)


@transaction.atomic
def reject(*, article: Article, user, key: str) -> Suggestion:
    """Drop the suggestion: it is not offered again; the article is unchanged."""
    _check(article, user, key)
    current = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    suggestion = _open(current, key)
    _decide(current, user, key, accepted=False)
    return suggestion


def validation_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)
