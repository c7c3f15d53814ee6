import pytest

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
