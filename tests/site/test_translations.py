"""The German catalogue: every message translated, none fuzzy, and the
committed django.mo compiled from the committed django.po (Django reads the
.mo; a .po edited without recompiling would show readers English)."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO = LOCALE / "de" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
MSGFMT = shutil.which("msgfmt")

needs_msgfmt = pytest.mark.skipif(
    MSGFMT is None, reason="msgfmt not found (apt-get install gettext); CI has it"
)


def _msgfmt(*args):
    return subprocess.run(  # noqa: S603 - a fixed program and our own files
        [MSGFMT, "--check", "--statistics", *args, str(PO)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )


def _catalog(path):
    with open(path, "rb") as fp:
        return gettext.GNUTranslations(fp)._catalog


@needs_msgfmt
def test_every_message_is_translated_and_none_is_fuzzy():
    result = _msgfmt("-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    # e.g. "550 translated messages." or "548 translated messages, 1 fuzzy
    # translation, 1 untranslated message."
    statistics = result.stderr.strip()
    assert "translated message" in statistics, statistics
    assert "fuzzy" not in statistics, statistics
    assert "untranslated" not in statistics, statistics


@needs_msgfmt
def test_the_committed_mo_is_compiled_from_the_po(tmp_path):
    compiled = tmp_path / "django.mo"
    result = _msgfmt("-o", str(compiled))
    assert result.returncode == 0, result.stderr
    fresh, committed = _catalog(compiled), _catalog(MO)
    missing = sorted(str(key) for key in fresh.keys() - committed.keys())
    stale = sorted(str(key) for key in committed.keys() - fresh.keys())
    changed = sorted(
        str(key) for key in fresh.keys() & committed.keys() if fresh[key] != committed[key]
    )
    assert not (missing or stale or changed), (
        "locale/de/LC_MESSAGES/django.mo is out of date; run "
        "`python manage.py compilemessages --ignore=.venv --ignore=node_modules`. "
        f"Not in the .mo: {missing[:5]}; only in the .mo: {stale[:5]}; different: {changed[:5]}"
    )
