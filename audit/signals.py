"""Receivers that write the audit log for logins, logouts, lockouts, and for
changes of users' groups, permissions and staff/superuser/active status, of
groups' permissions, for groups created, renamed or deleted, and for users
deleted. Publishing, moderation, exports and erasures call
``audit.record.record`` from their service functions instead."""

from axes.signals import user_locked_out
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .context import current_request
from .record import Action, record

STATUS_FIELDS = ("is_active", "is_staff", "is_superuser")


def _request_user():
    request = current_request()
    return getattr(request, "user", None) if request is not None else None


# --- sessions -----------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, actor=user, obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in ``credentials``; keep only the
    # name that was tried.
    username = str(credentials.get("username", ""))[:150]
    record(Action.LOGIN_FAILED, actor=None, request=request, username=username)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, actor=user, obj=user, request=request)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    record(Action.LOCKED_OUT, actor=None, request=request, username=str(username or "")[:150])


# --- groups and permissions -----------------------------------------------------


def _names(model, pks):
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows)
    return sorted(str(o) for o in model.objects.filter(pk__in=pks))


def _m2m(action, owner_model, *, instance, reverse, model, pk_set, kind):
    """One event per owner (user or group) whose set changed."""
    if kind == "pre_clear":
        # Remember what a clear() is about to remove: the related objects of
        # the owner, or (reverse) the owners holding ``instance``.
        if reverse:
            related = owner_model.objects.filter(**{_field(action): instance})
        else:
            related = getattr(instance, _field(action)).all()
        instance._audit_cleared = set(related.values_list("pk", flat=True))
        return
    if kind not in ("post_add", "post_remove", "post_clear"):
        return
    if kind == "post_clear":
        pk_set = getattr(instance, "_audit_cleared", set())
        kind = "post_remove"
    if not pk_set:
        return
    change = "added" if kind == "post_add" else "removed"
    actor = _request_user()
    if reverse:
        # e.g. group.user_set.add(user): ``instance`` is the group, the owners
        # (users) are in pk_set.
        for owner in owner_model.objects.filter(pk__in=pk_set):
            record(
                action, actor=actor, obj=owner, **{change: _names(type(instance), [instance.pk])}
            )
    else:
        record(action, actor=actor, obj=instance, **{change: _names(model, pk_set)})


def _field(action):
    return {
        Action.USER_GROUPS: "groups",
        Action.USER_PERMISSIONS: "user_permissions",
        Action.GROUP_PERMISSIONS: "permissions",
    }[action]


# Who gained or lost a group or permission, in either direction of each relation.
_M2M_RELATIONS = [
    (Action.USER_GROUPS, User, User.groups.through),
    (Action.USER_PERMISSIONS, User, User.user_permissions.through),
    (Action.GROUP_PERMISSIONS, Group, Group.permissions.through),
]


def _m2m_receiver(audit_action, owner_model):
    def receiver_(sender, instance, action, reverse, model, pk_set, **kwargs):
        _m2m(
            audit_action,
            owner_model,
            instance=instance,
            reverse=reverse,
            model=model,
            pk_set=pk_set,
            kind=action,
        )

    return receiver_


for _action, _owner, _through in _M2M_RELATIONS:
    m2m_changed.connect(
        _m2m_receiver(_action, _owner),
        sender=_through,
        weak=False,
        dispatch_uid=f"audit_{_action}",
    )


# --- staff, superuser and active status ---------------------------------------------


@receiver(pre_save, sender=User, dispatch_uid="audit_user_status_before")
def _user_status_before(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(STATUS_FIELDS):
        return  # e.g. the last_login update at every login
    instance._audit_status_before = (
        User.objects.filter(pk=instance.pk).values(*STATUS_FIELDS).first()
    )


@receiver(post_save, sender=User, dispatch_uid="audit_user_status_after")
def _user_status_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        before = dict.fromkeys(STATUS_FIELDS, False)
        before["is_active"] = None
    else:
        before = getattr(instance, "_audit_status_before", None)
        instance._audit_status_before = None
        if before is None:
            return
    changes = {
        field: [before[field], getattr(instance, field)]
        for field in STATUS_FIELDS
        if before[field] != getattr(instance, field)
    }
    if created:
        # A new account matters here only when it is staff or superuser.
        if not (instance.is_staff or instance.is_superuser):
            return
        changes.pop("is_active", None)
        changes["created"] = True
    if changes:
        record(Action.USER_STATUS, actor=_request_user(), obj=instance, **changes)


# --- deleting users; creating, renaming and deleting groups ------------------------------
#
# Deleting a user or a group removes its rows in the group and permission
# tables without any m2m_changed signal, so what it held is read just before
# the delete (pre_delete) and recorded with the delete (post_delete, same
# transaction).


def _permission_names(permissions):
    return sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in permissions.select_related("content_type")
    )


@receiver(pre_delete, sender=User, dispatch_uid="audit_user_deleted_before")
def _user_deleted_before(sender, instance, **kwargs):
    instance._audit_deleted = {
        "username": instance.get_username(),
        "is_staff": instance.is_staff,
        "is_superuser": instance.is_superuser,
        "groups": sorted(instance.groups.values_list("name", flat=True)),
        "permissions": _permission_names(instance.user_permissions.all()),
    }


@receiver(post_delete, sender=User, dispatch_uid="audit_user_deleted")
def _user_deleted(sender, instance, **kwargs):
    actor = _request_user()
    details = dict(getattr(instance, "_audit_deleted", None) or {})
    if actor is not None and actor.pk == instance.pk:
        # Deleting one's own account: the event cannot point at a row that
        # is gone at commit, so it names no actor row, only this flag.
        actor = None
        details["deleted_own_account"] = True
    record(Action.USER_DELETED, actor=actor, obj=instance, **details)


@receiver(pre_save, sender=Group, dispatch_uid="audit_group_name_before")
def _group_name_before(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    instance._audit_name_before = (
        Group.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    )


@receiver(post_save, sender=Group, dispatch_uid="audit_group_saved")
def _group_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        record(Action.GROUP_CREATED, actor=_request_user(), obj=instance, name=instance.name)
        return
    before = getattr(instance, "_audit_name_before", None)
    instance._audit_name_before = None
    if before is not None and before != instance.name:
        record(
            Action.GROUP_RENAMED, actor=_request_user(), obj=instance, name=[before, instance.name]
        )


@receiver(pre_delete, sender=Group, dispatch_uid="audit_group_deleted_before")
def _group_deleted_before(sender, instance, **kwargs):
    instance._audit_deleted = {
        "name": instance.name,
        "permissions": _permission_names(instance.permissions.all()),
        "members": sorted(instance.user_set.values_list("username", flat=True)),
    }


@receiver(post_delete, sender=Group, dispatch_uid="audit_group_deleted")
def _group_deleted(sender, instance, **kwargs):
    details = getattr(instance, "_audit_deleted", None) or {"name": instance.name}
    record(Action.GROUP_DELETED, actor=_request_user(), obj=instance, **details)
