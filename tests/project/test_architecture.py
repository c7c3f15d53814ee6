"""The import contracts (.importlinter, run by `make test` and `make lint`):
the tree keeps them, and each kind of break (an upward import, a loop
between the modules of an app, a model importing a service) makes
`lint-imports` fail. The breaks are written into a copy of the code in a
temporary folder; the working tree is never touched."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("newsroom", "audit", "articles", "comments", "frontpage", "demo", "api")
LAYERS = "Layers: demo > frontpage > comments | api > articles > audit > newsroom BROKEN"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd), "NO_COLOR": "1"}
    return subprocess.run(  # noqa: S603 (our own tool, fixed arguments)
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / ".importlinter")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the application packages and the contracts."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "templates", "static"),
        )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("path", "code", "contract", "report"),
    [
        # audit is below articles: it may not know an article.
        (
            "audit/upward.py",
            "from articles.models import Article  # noqa\n",
            LAYERS,
            "audit is not allowed to import articles",
        ),
        # The demo is the top: no app may know it.
        (
            "comments/upward.py",
            "from demo.data import FLAGSHIP_SLUG  # noqa\n",
            LAYERS,
            "comments is not allowed to import demo",
        ),
        # The ground may not know the apps.
        (
            "newsroom/upward.py",
            "def f():\n    from comments.models import Comment  # noqa\n",
            LAYERS,
            "newsroom is not allowed to import comments",
        ),
        # The composed pages are above the articles: articles never know them.
        (
            "articles/upward.py",
            "def f():\n    from frontpage.models import Composition  # noqa\n",
            LAYERS,
            "articles is not allowed to import frontpage",
        ),
        # The read API and the comments are independent of each other.
        (
            "api/sideways.py",
            "from comments.models import Comment  # noqa\n",
            LAYERS,
            "api is not allowed to import comments",
        ),
        # A loop inside an app, even through an import inside a function.
        (
            "articles/rendering.py",
            "\n\ndef _loop():\n    from .models import Article  # noqa\n",
            "No import loops between the modules of an app BROKEN",
            "- .rendering -> .models (1 import)",
        ),
        # A model importing a service.
        (
            "comments/models.py",
            "\nfrom audit.record import record  # noqa\n",
            "Models import no services BROKEN",
            "comments.models is not allowed to import audit.record",
        ),
    ],
    ids=[
        "upward-app",
        "upward-demo",
        "upward-ground",
        "upward-frontpage",
        "sideways-api",
        "loop",
        "model-imports-service",
    ],
)
def test_a_broken_rule_fails_the_check(tree, path, code, contract, report):
    target = tree / path
    existing = target.read_text() if target.exists() else ""
    target.write_text(existing + code)

    result = lint_imports(tree)

    assert result.returncode == 1, result.stdout + result.stderr
    assert contract in result.stdout
    assert report in result.stdout
