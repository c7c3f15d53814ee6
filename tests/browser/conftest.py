"""Playwright set-up for the browser tests (Debian's Chromium, no downloaded browsers).

Every test in this folder gets the ``browser`` marker. Without Chromium they are
skipped with a clear reason, unless ``REQUIRE_BROWSER=1`` is set (CI): then a
missing Chromium, and any other skip of a browser test, is reported as a failure.
``CHROMIUM_PATH`` overrides the executable (default ``/usr/bin/chromium``).
"""

import os
from pathlib import Path

import pytest

# live_server + Playwright's sync API run Django ORM calls from inside an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def _chromium_missing_reason() -> str | None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)"


def _in_browser_dir(item: pytest.Item) -> bool:
    return BROWSER_DIR in Path(item.path).resolve().parents


def pytest_collection_modifyitems(config, items):
    # A session-wide hook: it sees every collected item, so filter to this folder.
    missing = _chromium_missing_reason()
    for item in items:
        if not _in_browser_dir(item):
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not _browser_required():
            # A marker skip happens before any fixture (e.g. the session-wide
            # browser launch) is set up.
            item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {missing}"))


@pytest.fixture(autouse=True, scope="session")
def _require_chromium():
    """With REQUIRE_BROWSER=1 a missing Chromium fails (errors) every browser test."""
    missing = _chromium_missing_reason()
    if missing:
        # Only reached when REQUIRE_BROWSER is set: otherwise the tests were skipped.
        pytest.fail(f"REQUIRE_BROWSER is set but {missing}", pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With REQUIRE_BROWSER=1, no browser test may be skipped for any reason."""
    outcome = yield
    report = outcome.get_result()
    if (
        _browser_required()
        and report.skipped
        and not hasattr(report, "wasxfail")  # an expected failure did run
        and _in_browser_dir(item)
    ):
        report.outcome = "failed"
        report.longrepr = (
            f"REQUIRE_BROWSER is set, but browser test {item.nodeid} was skipped "
            f"during {report.when}: {report.longrepr}"
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """Browser tests run in transactional tests, which empty the database
    after each test, groups from the data migration included; re-apply them
    with the migration's own function."""
    from django.apps import apps

    from newsroom.roles import sync_roles

    sync_roles(apps)


@pytest.fixture(autouse=True)
def _close_browser_contexts(request):
    """Close every page a browser test opened before its database is flushed:
    a page left open keeps running its scripts (the article form autosaves on a
    timer), and a request arriving during the flush deadlocks it on PostgreSQL.
    Autouse fixtures of this conftest are torn down before pytest-django's."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
