"""The admin site's own holes (newsroom/admin_site.py), attacked over HTTP as
each role would.

- View on site: ``/admin/r/<content type>/<id>/`` redirects to an object's
  public address only for a user who may view or change that object in the
  admin; for everyone else, and for ids that are none, it is the same 404.
  Before, any staff user learnt the slug (made from the headline or name)
  of every draft, embargoed article and confidential source.
- Admin actions: a ``_selected_action`` that is no id (a word, a NUL byte, a
  number out of range) is refused with a message, never a 500, and changes
  nothing, in every admin with actions.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles import editing
from articles.models import Article, ArticleDraft, Section, Source
from comments.models import Comment
from tests.factories import make_article, make_comment, make_section, make_source, make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "journalist", "editor", "moderator", "superuser"]
NOT_VALID = "Die Auswahl ist ungültig. Es wurden keine Einträge geändert."


def _login(client, role):
    if role == "anonymous":
        return None
    if role == "superuser":
        user = User.objects.create_superuser("root", password="test-pass-123")
    else:
        group = {"reader": None, "journalist": "Journalists", "editor": "Editors"}.get(
            role, "Moderators"
        )
        user = make_user(f"{role}-in", group=group)
    client.force_login(user)
    return user


@pytest.fixture
def world():
    """What a desk holds: a colleague's draft and embargoed article, the
    user's own draft (set on the journalist later), a confidential source, a
    section and a reader's comment."""
    colleague = make_user("kollegin", group="Journalists")
    section = make_section(name="Politik", slug="politik")
    return {
        "colleague_draft": make_article(
            section=section,
            title="Rücktritt der Ministerin",
            slug="ruecktritt-der-ministerin",
            status=Article.Status.DRAFT,
            created_by=colleague,
        ),
        "embargoed": make_article(
            section=section,
            title="Fusion der Landesbanken",
            slug="fusion-der-landesbanken",
            publish_at=timezone.now() + timedelta(days=1),
            created_by=colleague,
        ),
        "source": make_source(
            name="Hinweisgeberin im Ministerium",
            slug="hinweisgeberin-im-ministerium",
            is_confidential=True,
        ),
        "section": section,
        "comment": make_comment(make_article(section=section, slug="oeffentlich")),
    }


def _shortcut(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(f"/admin/r/{content_type.pk}/{obj.pk}/")


# What each role may resolve: "ok" a redirect to the public address,
# "login" the admin login, "404" nothing at all.
# fmt: off
EXPECTED = {
    #              own_draft colleague_draft embargoed source section comment
    "anonymous":  ("login",  "login",        "login",  "login", "login", "login"),
    "reader":     ("login",  "login",        "login",  "login", "login", "login"),
    "journalist": ("ok",     "404",          "404",    "ok",    "ok",    "404"),
    "editor":     ("ok",     "ok",           "ok",     "ok",    "ok",    "404"),
    "moderator":  ("404",    "404",          "404",    "404",   "404",   "ok"),
    "superuser":  ("ok",     "ok",           "ok",     "ok",    "ok",    "ok"),
}
# fmt: on
SECRET = {"own_draft", "colleague_draft", "embargoed", "source"}
OBJECTS = ["own_draft", "colleague_draft", "embargoed", "source", "section", "comment"]


@pytest.mark.parametrize("role", ROLES)
def test_view_on_site_resolves_only_what_the_role_may_see(client, world, role):
    user = _login(client, role)
    world["own_draft"] = make_article(
        section=world["section"],
        title="Mein Entwurf",
        slug="mein-entwurf",
        status=Article.Status.DRAFT,
        created_by=user if role != "anonymous" else None,
    )
    outcomes = {}
    for name in OBJECTS:
        obj = world[name]
        response = _shortcut(client, obj)
        location = response.headers.get("Location", "")
        if response.status_code == 302 and location.endswith(obj.get_absolute_url()):
            outcomes[name] = "ok"
        elif response.status_code == 302 and "/admin/login/" in location:
            outcomes[name] = "login"
        else:
            assert response.status_code == 404, (name, response.status_code)
            if name in SECRET:  # the refusal names nothing: no slug, no headline
                assert obj.slug.encode() not in response.content
                assert str(obj).encode() not in response.content
            outcomes[name] = "404"
    assert tuple(outcomes[name] for name in OBJECTS) == EXPECTED[role]


def test_a_working_draft_does_not_leak_its_slug(client, world, editor):
    """A live article's unpublished changes may carry a new slug: the
    shortcut goes to the live address, never to the draft's."""
    article = make_article(section=world["section"], slug="live-adresse")
    content = editing.content_of(article)
    content["fields"]["slug"] = "geheime-neue-adresse"
    ArticleDraft.objects.create(article=article, data=content)
    client.force_login(editor)
    response = _shortcut(client, article)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/artikel/live-adresse/")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/r/abc/1/",
        "/admin/r/99999999999999999999999/1/",
        "/admin/r/{article_ct}/abc/",
        "/admin/r/{article_ct}/99999999999999999999999/",
        "/admin/r/{article_ct}/-1/",
        "/admin/r/{article_ct}/999999/",
        # Models without an admin here resolve for nobody.
        "/admin/r/{draft_ct}/1/",
        "/admin/r/{user_ct}/{user_pk}/",
    ],
)
def test_view_on_site_with_bad_or_unknown_ids_is_404(client, world, superuser, path):
    client.force_login(superuser)
    url = path.format(
        article_ct=ContentType.objects.get_for_model(Article).pk,
        draft_ct=ContentType.objects.get_for_model(ArticleDraft).pk,
        user_ct=ContentType.objects.get_for_model(User).pk,
        user_pk=superuser.pk,
    )
    # (Users are in the admin, django.contrib.auth's, but have no public page.)
    assert client.get(url).status_code == 404


# --- admin actions with a hostile selection --------------------------------

BAD_SELECTIONS = [
    ["abc"],
    ["1", "zwei"],
    ["1\x00"],
    ["99999999999999999999999"],
    ["1e3"],
    [""],
]


def _post_action(client, url, action, selected):
    return client.post(
        url, {"action": action, "index": "0", "_selected_action": selected}, follow=True
    )


@pytest.mark.parametrize("selected", BAD_SELECTIONS)
def test_article_action_with_a_bad_selection_is_a_message(client, editor, selected):
    article = make_article(status=Article.Status.REVIEW)
    client.force_login(editor)
    response = _post_action(client, "/admin/articles/article/", "publish_now", selected)
    assert response.status_code == 200
    assert NOT_VALID in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


@pytest.mark.parametrize("selected", BAD_SELECTIONS)
def test_comment_action_with_a_bad_selection_is_a_message(client, moderator, selected):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = _post_action(client, "/admin/comments/comment/", "approve", selected)
    assert response.status_code == 200
    assert NOT_VALID in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/admin/articles/section/", Section),
        ("/admin/articles/source/", Source),
        ("/admin/auth/user/", User),
    ],
)
def test_delete_selected_with_a_bad_selection_is_a_message(client, superuser, url, model):
    """Django's own delete action, on every other admin, confirmation step too."""
    make_section()
    make_source()
    client.force_login(superuser)
    before = model.objects.count()
    for selected in BAD_SELECTIONS:
        asked = _post_action(client, url, "delete_selected", selected)
        confirmed = client.post(
            url,
            {"action": "delete_selected", "post": "yes", "_selected_action": selected},
            follow=True,
        )
        for response in (asked, confirmed):
            assert response.status_code == 200
            assert NOT_VALID in response.content.decode()
    assert model.objects.count() == before


def test_a_good_selection_still_runs_the_action(client, moderator):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = _post_action(client, "/admin/comments/comment/", "approve", [str(comment.pk)])
    assert response.status_code == 200
    assert NOT_VALID not in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_every_registered_admin_has_the_guard():
    from django.contrib import admin

    from newsroom.admin_site import ActionSelectionGuard

    assert admin.site._registry
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, ActionSelectionGuard), type(model_admin)
