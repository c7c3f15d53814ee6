"""The audit log: what is recorded, with who, what and when (UTC), and that
nobody can change or delete it.

Length: every kind of event the audit log records, one case each; the cases
share this module's fixtures and helpers.
"""

from datetime import UTC, timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from audit.models import AuditEvent, ImmutableError
from audit.record import Action, record
from comments import moderation
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def one(action):
    found = events(action)
    assert len(found) == 1, [str(e) for e in AuditEvent.objects.all()]
    return found[0]


# --- the record itself -----------------------------------------------------------


def test_record_stores_who_what_when_in_utc_and_an_anonymised_ip(editor, rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.77")
    article = make_article()
    before = timezone.now()
    event = record(Action.PUBLISH, actor=editor, obj=article, request=request, note="x")
    event.refresh_from_db()
    assert event.actor == editor and event.actor_repr == "chefin"
    assert (event.object_type, event.object_id) == ("articles.article", str(article.pk))
    assert event.object_repr == str(article)
    assert event.ip == "203.0.113.0"
    assert event.details == {"note": "x"}
    assert event.at.utcoffset() == timedelta(0)
    assert before <= event.at <= timezone.now()
    assert "UTC" in str(event)


def test_unknown_actions_are_refused(editor):
    with pytest.raises(ValueError, match="Unknown audit action"):
        record("sneaky", actor=editor)


def test_events_cannot_be_changed_or_deleted(editor):
    event = record(Action.EXPORT, actor=editor, comments=1)
    event.actor_repr = "someone else"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
    with pytest.raises(ImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_repr="x")
    with pytest.raises(ImmutableError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.actor_repr == "chefin"


def test_an_actor_deleted_later_stays_named(editor):
    record(Action.EXPORT, actor=editor, comments=1)
    editor.delete()
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.actor is None and event.actor_repr == "chefin"


def test_a_rolled_back_change_leaves_no_event(editor):
    article = make_article(status="draft")
    with pytest.raises(RuntimeError), transaction.atomic():
        publishing.publish(article=article, user=editor)
        raise RuntimeError("the surrounding transaction fails")
    assert not events(Action.PUBLISH)


# --- logins ------------------------------------------------------------------------


def test_login_failed_login_and_logout_are_recorded(client, editor):
    url = reverse("admin:login")
    client.post(url, {"username": "chefin", "password": "wrong"}, REMOTE_ADDR="198.51.100.9")
    failed = one(Action.LOGIN_FAILED)
    assert failed.actor is None and failed.details == {"username": "chefin"}
    assert failed.ip == "198.51.100.0"
    assert "wrong" not in str(failed.details)

    client.post(url, {"username": "chefin", "password": "test-pass-123"})
    login = one(Action.LOGIN)
    assert login.actor == editor
    client.post(reverse("admin:logout"))
    assert one(Action.LOGOUT).actor == editor


# --- publishing and moderation ------------------------------------------------------


def test_publishing_steps_are_recorded(editor):
    article = make_article(status="draft")
    publishing.publish(article=article, user=editor)
    publishing.unpublish(article=article, user=editor)
    publishing.schedule(article=article, user=editor, at=timezone.now() + timedelta(days=1))
    publishing.publish(article=article, user=editor)
    publishing.archive(article=article, user=editor)
    actions = list(
        AuditEvent.objects.filter(object_type="articles.article", object_id=str(article.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["publish", "unpublish", "schedule", "publish", "archive"]
    archived = events(Action.ARCHIVE)[0]
    assert archived.actor == editor
    assert archived.details["before"] == "published" and archived.details["after"] == "archived"


def test_a_refused_publish_records_nothing(journalist):
    article = make_article(status="draft")
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied or ValidationError
        publishing.publish(article=article, user=journalist)
    assert not events(Action.PUBLISH)


def test_moderation_decisions_are_recorded(moderator):
    comment = make_comment(make_article(), status="pending")
    moderation.reject(comment_id=comment.pk, user=moderator, reason="Beleidigung")
    event = one(Action.MODERATE)
    assert event.actor == moderator
    assert (event.object_type, event.object_id) == ("comments.comment", str(comment.pk))
    assert event.details == {"before": "pending", "after": "rejected"}


# --- groups, permissions, status ------------------------------------------------------


def test_group_changes_of_a_user_are_recorded_both_ways(db):
    user = make_user("neu")
    editors, moderators = Group.objects.get(name="Editors"), Group.objects.get(name="Moderators")
    user.groups.add(editors)
    moderators.user_set.add(user)
    user.groups.remove(editors)
    user.groups.clear()
    details = [e.details for e in events(Action.USER_GROUPS)]
    assert details == [
        {"added": ["Editors"]},
        {"added": ["Moderators"]},
        {"removed": ["Editors"]},
        {"removed": ["Moderators"]},
    ]
    assert {e.object_id for e in events(Action.USER_GROUPS)} == {str(user.pk)}


def test_permission_changes_of_users_and_groups_are_recorded(db):
    user = make_user("neu")
    perm = Permission.objects.get(codename="publish_article")
    user.user_permissions.add(perm)
    group = Group.objects.create(name="Praktikanten")
    group.permissions.add(perm)
    group.permissions.clear()
    assert one(Action.USER_PERMISSIONS).details == {"added": ["articles.publish_article"]}
    assert [e.details for e in events(Action.GROUP_PERMISSIONS)] == [
        {"added": ["articles.publish_article"]},
        {"removed": ["articles.publish_article"]},
    ]


def test_staff_superuser_and_active_changes_are_recorded(db):
    user = make_user("neu")
    assert not events(Action.USER_STATUS)  # an ordinary new account
    user.is_staff = True
    user.save()
    user.is_superuser, user.is_active = True, False
    user.save()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    user.first_name = "Neu"
    user.save()
    assert [e.details for e in events(Action.USER_STATUS)] == [
        {"is_staff": [False, True]},
        {"is_active": [True, False], "is_superuser": [False, True]},
    ]
    User.objects.create_superuser("boss", password="x" * 12)
    assert events(Action.USER_STATUS)[-1].details == {
        "created": True,
        "is_staff": [False, True],
        "is_superuser": [False, True],
    }


def test_changes_in_the_admin_name_the_admin_as_actor(client, superuser):
    user = make_user("neu")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": "neu",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name="Editors").pk],
            "date_joined_0": "01.01.2026",
            "date_joined_1": "10:00:00",
            "initial-date_joined_0": "01.01.2026",
            "initial-date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    status = AuditEvent.objects.get(action=Action.USER_STATUS, object_id=str(user.pk))
    groups = one(Action.USER_GROUPS)
    assert status.actor == superuser and status.details == {"is_staff": [False, True]}
    assert groups.actor == superuser and groups.details == {"added": ["Editors"]}
    assert groups.ip == "127.0.0.0"


def test_creating_renaming_and_deleting_a_group_in_the_admin_are_recorded(client, superuser):
    """Deleting a group takes its permissions from every member without any
    m2m signal: the event names what was lost, and who did it."""
    member = make_user("praktikantin")
    perm = Permission.objects.get(codename="publish_article")
    client.force_login(superuser)
    added = client.post(
        reverse("admin:auth_group_add"), {"name": "Praktikanten", "permissions": [perm.pk]}
    )
    assert added.status_code == 302, added.content.decode()[:3000]
    group = Group.objects.get(name="Praktikanten")
    member.groups.add(group)
    created = one(Action.GROUP_CREATED)
    assert created.actor == superuser and created.ip == "127.0.0.0"
    assert (created.object_type, created.object_id) == ("auth.group", str(group.pk))
    assert created.details == {"name": "Praktikanten"}

    renamed = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Volontäre", "permissions": [perm.pk]},
    )
    assert renamed.status_code == 302, renamed.content.decode()[:3000]
    rename = one(Action.GROUP_RENAMED)
    assert rename.actor == superuser and rename.object_id == str(group.pk)
    assert rename.details == {"name": ["Praktikanten", "Volontäre"]}
    # Saving the group again unchanged is no rename.
    client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Volontäre", "permissions": [perm.pk]},
    )
    assert len(events(Action.GROUP_RENAMED)) == 1

    deleted = client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    gone = one(Action.GROUP_DELETED)
    assert gone.actor == superuser and gone.ip == "127.0.0.0"
    assert (gone.object_type, gone.object_id, gone.object_repr) == (
        "auth.group",
        str(group.pk),
        "Volontäre",
    )
    assert gone.details == {
        "name": "Volontäre",
        "permissions": ["articles.publish_article"],
        "members": ["praktikantin"],
    }


def test_deleting_a_user_in_the_admin_is_recorded(client, superuser):
    user = make_user("ehemalige", group="Editors")
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="publish_article"))
    pk = user.pk
    client.force_login(superuser)
    response = client.post(reverse("admin:auth_user_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not User.objects.filter(pk=pk).exists()
    event = one(Action.USER_DELETED)
    assert event.actor == superuser and event.ip == "127.0.0.0"
    assert (event.object_type, event.object_id, event.object_repr) == (
        "auth.user",
        str(pk),
        "ehemalige",
    )
    assert event.details == {
        "username": "ehemalige",
        "is_staff": True,
        "is_superuser": False,
        "groups": ["Editors"],
        "permissions": ["articles.publish_article"],
    }


def test_a_superuser_deleting_their_own_account_is_recorded(client, superuser):
    """The event cannot point at the deleted row (it would break the foreign
    key at commit), so it says that the account deleted itself."""
    other = User.objects.create_superuser("zweiter", password="test-pass-123")
    client.force_login(superuser)
    response = client.post(reverse("admin:auth_user_delete", args=[superuser.pk]), {"post": "yes"})
    assert response.status_code == 302
    event = one(Action.USER_DELETED)
    assert event.actor is None and event.object_id == str(superuser.pk)
    assert event.details["deleted_own_account"] is True
    assert event.details["is_superuser"] is True
    assert User.objects.filter(pk=other.pk).exists()
    connection.check_constraints()  # what the commit would check: no dangling actor


# --- exports and erasures ------------------------------------------------------------


def test_exports_and_erasures_are_recorded_without_the_address(client, superuser):
    article = make_article()
    comments = [make_comment(article, email="anna@example.org") for _ in range(2)]
    client.force_login(superuser)
    url = reverse("admin:comments_comment_privacy")
    client.post(url, {"email": "anna@example.org", "operation": "export"})
    client.post(url, {"email": "anna@example.org", "operation": "erase", "confirm": "on"})
    export, erase = one(Action.EXPORT), one(Action.ERASE)
    assert export.actor == superuser and export.details == {"comments": 2}
    assert erase.actor == superuser
    assert erase.details == {"comments": 2, "comment_ids": sorted(c.pk for c in comments)}
    for event in (export, erase):
        assert "anna" not in str(event.details) and "anna" not in event.object_repr


# --- who may read it --------------------------------------------------------------------


def test_only_superusers_see_the_log_and_nobody_can_edit_it(client, superuser, editor):
    event = record(Action.EXPORT, actor=editor, comments=1)
    changelist = reverse("admin:audit_auditevent_changelist")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])

    client.force_login(editor)
    assert client.get(changelist).status_code == 403
    assert client.get(change).status_code == 403
    assert "audit" not in client.get(reverse("admin:index")).content.decode()

    client.force_login(superuser)
    page = client.get(changelist)
    assert page.status_code == 200
    assert event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") in page.content.decode()
    assert 'name="_selected_action"' not in page.content.decode()  # no bulk delete
    detail = client.get(change)
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(change, {"actor_repr": "x"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    event.refresh_from_db()
    assert event.actor_repr == "chefin"
    assert not Permission.objects.filter(content_type__app_label="audit").exists()


ROLES = ["anonymous", "reader", "journalist", "editor", "moderator", "superuser"]


def _acting(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return User.objects.create_superuser("root", password="test-pass-123")
    group = {"journalist": "Journalists", "editor": "Editors", "moderator": "Moderators"}
    return make_user(role, group=group.get(role))


def _answer(response):
    """``login`` for a redirect to the admin login, else the status code."""
    if response.status_code == 302 and response["Location"].startswith(reverse("admin:login")):
        return "login"
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_log_only_as_superuser_and_none_can_edit_it(client, role):
    event = record(Action.EXPORT, actor=None, comments=1)
    user = _acting(role)
    if user is not None:
        client.force_login(user)
    changelist = reverse("admin:audit_auditevent_changelist")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    add = reverse("admin:audit_auditevent_add")
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    refused = "login" if role in ("anonymous", "reader") else 403

    # Reading: the superuser only.
    read = 200 if role == "superuser" else refused
    assert _answer(client.get(changelist)) == read
    assert _answer(client.get(change)) == read
    if user is not None and user.is_staff:
        index = client.get(reverse("admin:index")).content.decode()
        assert (changelist in index) == (role == "superuser")

    # Adding, changing, deleting: nobody, the superuser included.
    assert _answer(client.get(add)) == (403 if role == "superuser" else refused)
    assert _answer(client.post(add, {"action": "login", "actor_repr": "gefälscht"})) == (
        403 if role == "superuser" else refused
    )
    assert _answer(client.post(change, {"action": "login", "actor_repr": "gefälscht"})) == (
        403 if role == "superuser" else refused
    )
    assert _answer(client.get(delete)) == (403 if role == "superuser" else refused)
    assert _answer(client.post(delete, {"post": "yes"})) == (
        403 if role == "superuser" else refused
    )
    # The bulk delete action does not exist; for the superuser the list comes back.
    bulk = {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    assert _answer(client.post(changelist, bulk)) == (200 if role == "superuser" else refused)

    event.refresh_from_db()
    assert (event.action, event.actor_repr, event.details) == ("export", "", {"comments": 1})
    assert not AuditEvent.objects.filter(actor_repr="gefälscht").exists()
