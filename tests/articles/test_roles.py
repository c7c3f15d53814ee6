"""Each role's permissions, as the data migration sets them up."""

import pytest

from articles import publishing
from articles.models import Article
from comments import moderation
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def test_the_three_groups_exist_after_migrate():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Journalists",
        "Editors",
        "Moderators",
    }


@pytest.mark.parametrize(
    ("role", "perm", "expected"),
    [
        ("journalist", "articles.add_article", True),
        ("journalist", "articles.change_article", True),
        ("journalist", "articles.publish_article", False),
        ("journalist", "articles.delete_article", False),
        ("journalist", "articles.change_section", False),
        ("journalist", "articles.change_source", False),
        ("journalist", "articles.add_correction", False),
        ("journalist", "comments.moderate_comment", False),
        ("journalist", "comments.view_comment", False),
        ("editor", "articles.publish_article", True),
        ("editor", "articles.change_section", True),
        ("editor", "articles.add_source", True),
        ("editor", "articles.change_author", True),
        ("editor", "articles.add_correction", True),
        ("editor", "taggit.change_tag", True),
        ("editor", "comments.moderate_comment", False),
        ("moderator", "comments.view_comment", True),
        ("moderator", "comments.moderate_comment", True),
        ("moderator", "comments.delete_comment", False),
        ("moderator", "articles.view_article", False),
        ("moderator", "articles.change_article", False),
    ],
)
def test_role_permissions(request, role, perm, expected):
    user = request.getfixturevalue(role)
    assert user.has_perm(perm) is expected


def test_journalist_submits_but_cannot_publish(journalist):
    article = make_article(status=Article.Status.DRAFT, created_by=journalist)
    publishing.submit_for_review(article=article, user=journalist)
    assert article.status == Article.Status.REVIEW
    with pytest.raises(publishing.PermissionDenied):
        publishing.publish(article=article, user=journalist)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_journalist_edits_only_own_articles(journalist):
    own = make_article(status=Article.Status.DRAFT, created_by=journalist)
    foreign = make_article(status=Article.Status.DRAFT)
    assert publishing.can_edit(journalist, own)
    assert not publishing.can_edit(journalist, foreign)


def test_editor_publishes_and_unpublishes(editor):
    article = make_article(status=Article.Status.REVIEW)
    publishing.publish(article=article, user=editor)
    assert article in Article.objects.published()
    publishing.unpublish(article=article, user=editor)
    assert article not in Article.objects.published()


def test_moderator_decides_comments_but_editor_cannot(moderator, editor):
    comment = make_comment(make_article(), status="pending")
    with pytest.raises(moderation.PermissionDenied):
        moderation.approve(comment_id=comment.pk, user=editor)
    moderation.approve(comment_id=comment.pk, user=moderator)
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None


def test_inactive_editor_cannot_publish(editor):
    editor.is_active = False
    editor.save()
    assert not publishing.can_publish(make_user("x"))
    assert not publishing.can_publish(editor)


def test_newest_roles_migration_matches_the_current_map():
    """Each roles migration freezes its map; the newest must equal the code."""
    import importlib
    import pkgutil

    from newsroom import migrations
    from newsroom.roles import ROLE_PERMISSIONS

    names = sorted(m.name for m in pkgutil.iter_modules(migrations.__path__))
    newest = importlib.import_module(f"newsroom.migrations.{names[-1]}")
    assert {k: sorted(set(v)) for k, v in newest.ROLES.items()} == {
        k: sorted(set(v)) for k, v in ROLE_PERMISSIONS.items()
    }
