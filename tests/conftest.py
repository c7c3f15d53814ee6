from pathlib import Path

import pytest

from tests.factories import make_user

BROWSER_DIR = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(config, items):
    """Only browser tests may use pytest-playwright's fixtures. A test elsewhere
    with an argument named like one of them (``page``) gets its session-wide
    browser parametrisation, and pytest then moves it, and the tests after it,
    among the transactional tests, whose flush removes the groups that
    migrations create."""
    strays = [
        item.nodeid
        for item in items
        if "browser_name" in getattr(getattr(item, "callspec", None), "params", {})
        and BROWSER_DIR not in Path(item.path).resolve().parents
    ]
    if strays:
        raise pytest.UsageError(
            "tests outside tests/browser use a Playwright fixture name (page, browser, "
            "context ...): rename the argument: " + ", ".join(strays[:5])
        )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back
    after a test without any signal, so pages and generations a test stored
    would otherwise be served to the next one."""
    from tests.factories import forget_stored_pages

    forget_stored_pages()
    yield
    forget_stored_pages()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing each test user's password properly costs seconds; tests do not
    need its strength. Production keeps Django's default hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def journalist(db):
    return make_user("reporterin", group="Journalists")


@pytest.fixture
def editor(db):
    return make_user("chefin", group="Editors")


@pytest.fixture
def moderator(db):
    return make_user("moderator", group="Moderators")


@pytest.fixture
def superuser(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("root", password="test-pass-123")


@pytest.fixture
def comment_data():
    """A valid comment as the form posts it, with a signed timestamp from
    ten seconds ago (fast enough to be a person, fresh enough to be valid)."""
    from comments.forms import CommentForm

    return {
        "name": "Anna Leserin",
        "email": "anna@example.org",
        "body": "Guter Text!",
        "ts": CommentForm.fresh_timestamp(seconds_ago=10),
    }
