"""How exactly the wire import reads real copy, measured on a corpus.

``articles/quality_corpus/wire/`` holds whole wire texts as they arrive
(``NN-name.txt`` or ``NN-name.html``: agency copy with and without a headline,
web pages pasted as text or HTML, chrome, author lines, Windows line
endings …) and next to each the draft it must become (``NN-name.json``:
kicker, title, whether the title is proposed, lead, body blocks, dropped
lines, suggested bylines). ``wire_exact_share()`` parses each text and counts
those whose draft matches in every part; the quality command prints it and
the tests require all of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from .wire import WireArticle, parse_wire_text

CORPUS_DIR = Path(__file__).resolve().parent / "quality_corpus" / "wire"
SOURCE_SUFFIXES = (".txt", ".html")
FIELDS = ("kicker", "title", "proposed", "lead", "body", "dropped", "bylines")


@dataclass(frozen=True)
class WireCase:
    name: str
    path: Path
    expected: dict

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def wire_cases(corpus_dir: Path = CORPUS_DIR) -> list[WireCase]:
    """Every wire text of the corpus with its expected draft, by name."""
    cases = []
    for path in sorted(corpus_dir.iterdir()):
        if path.suffix in SOURCE_SUFFIXES:
            expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            cases.append(WireCase(path.stem, path, expected))
    return cases


def draft_of(parsed: WireArticle) -> dict:
    """The parts of a parsed text the corpus states, in the corpus's shape."""
    return {
        "kicker": parsed.kicker,
        "title": parsed.title,
        "proposed": parsed.title_proposed,
        "lead": parsed.lead,
        "body": parsed.body.split("\n\n") if parsed.body else [],
        "dropped": list(parsed.dropped),
        "bylines": list(parsed.bylines),
    }


def differences(expected: dict, actual: dict) -> list[str]:
    """The parts that differ, named, with both values."""
    return [
        f"{name}: expected {expected.get(name)!r}, got {actual.get(name)!r}"
        for name in FIELDS
        if expected.get(name) != actual.get(name)
    ]


def wire_exact_share(corpus_dir: Path = CORPUS_DIR) -> tuple[int, int, list[str]]:
    """``(exact, total, failures)``: how many of the corpus's wire texts
    become exactly their expected draft, of how many, and for each miss a
    line naming the text and what differed."""
    cases = wire_cases(corpus_dir)
    failures = []
    for case in cases:
        try:
            actual = draft_of(parse_wire_text(case.text))
        except ValidationError as exc:
            failures.append(f"{case.name}: refused: {' '.join(exc.messages)}")
            continue
        failures += [f"{case.name}: {line}" for line in differences(case.expected, actual)]
    failed = {line.split(":", 1)[0] for line in failures}
    return len(cases) - len(failed), len(cases), failures


def format_wire_share(exact: int, total: int) -> str:
    """One line for the quality command: "Wire texts imported exactly: 24/24 (100.0 %)"."""
    share = 100 * exact / total if total else 0.0
    return f"Wire texts imported exactly: {exact}/{total} ({share:.1f} %)"
