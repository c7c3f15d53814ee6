"""How well ``articles.quotes.extract_quotes`` reads agency copy, measured on
the corpus shipped in ``articles/quality_corpus/quotes.json`` (German
agency-style paragraphs written for this purpose, each with every direct
quote expected: quote, speaker, role, organisation).

A found quote counts as correct when its text and its speaker match an
expected one (the speaker is the person's name, or the organisation when an
organisation speaks, or nobody). Names and texts are compared ignoring case,
diacritics, spacing and the kind of quotation marks. Precision is correct /
found, recall correct / expected; role and organisation are reported
separately, as the share of correct quotes whose role (organisation) matches
too. ``manage.py quote_quality`` prints the figures.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.text import transliterate_german

from .quotes import Quote, extract_quotes

CORPUS_PATH = Path(__file__).resolve().parent / "quality_corpus" / "quotes.json"


def load_corpus(path: Path = CORPUS_PATH) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["paragraphs"]


def comparable(text: str) -> str:
    """Case, diacritics, spacing and quotation marks ignored."""
    text = transliterate_german(text or "").casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[‚‘’›‹'\"]", "'", text)
    return " ".join(text.split())


def _speaker_key(speaker: str, organisation: str) -> str:
    return comparable(speaker or organisation)


@dataclass
class Miss:
    paragraph: str
    kind: str  # "missed" (expected, not found) or "wrong" (found, not expected)
    quote: str
    speaker: str


@dataclass
class QualityReport:
    expected: int = 0
    found: int = 0
    correct: int = 0
    role_correct: int = 0
    organisation_correct: int = 0
    paragraphs: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def role_accuracy(self) -> float:
        return self.role_correct / self.correct if self.correct else 1.0

    @property
    def organisation_accuracy(self) -> float:
        return self.organisation_correct / self.correct if self.correct else 1.0


def evaluate(corpus: list[dict] | None = None) -> QualityReport:
    report = QualityReport()
    for paragraph in corpus if corpus is not None else load_corpus():
        report.paragraphs += 1
        expected = list(paragraph["quotes"])
        found: list[Quote] = extract_quotes(paragraph["text"])
        report.expected += len(expected)
        report.found += len(found)
        for quote in found:
            match = next(
                (
                    e
                    for e in expected
                    if comparable(e["quote"]) == comparable(quote.quote)
                    and _speaker_key(e["speaker"], e["organisation"])
                    == _speaker_key(quote.speaker, quote.organisation)
                ),
                None,
            )
            if match is None:
                report.misses.append(
                    Miss(paragraph["id"], "wrong", quote.quote,
                         quote.speaker or quote.organisation)
                )  # fmt: skip
                continue
            expected.remove(match)
            report.correct += 1
            report.role_correct += comparable(match["role"]) == comparable(quote.role)
            report.organisation_correct += comparable(match["organisation"]) == comparable(
                quote.organisation
            )
        for missing in expected:
            report.misses.append(
                Miss(paragraph["id"], "missed", missing["quote"],
                     missing["speaker"] or missing["organisation"])
            )  # fmt: skip
    return report
