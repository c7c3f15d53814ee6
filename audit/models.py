"""The audit log: who did what, to which object, when (UTC), from where.

Rows are written once (``audit.record.record``) and never changed or deleted:
``save`` refuses an existing row, ``delete`` and the queryset's ``update`` and
``delete`` raise, and the admin is read-only and shown to superusers only.
When an actor's account is deleted, the event keeps ``actor_repr``.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImmutableError(ValueError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("Audit events are never changed.")

    def delete(self):
        raise ImmutableError("Audit events are never deleted.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("login")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOCKED_OUT = "locked_out", _("login locked out")
        LOGOUT = "logout", _("logout")
        PUBLISH = "publish", _("published")
        SCHEDULE = "schedule", _("scheduled")
        UNPUBLISH = "unpublish", _("unpublished")
        ARCHIVE = "archive", _("archived")
        MODERATE = "moderate", _("moderation decision")
        USER_GROUPS = "user_groups", _("user's groups changed")
        USER_PERMISSIONS = "user_permissions", _("user's permissions changed")
        GROUP_PERMISSIONS = "group_permissions", _("group's permissions changed")
        USER_STATUS = "user_status", _("staff, superuser or active status changed")
        USER_DELETED = "user_deleted", _("user deleted")
        GROUP_CREATED = "group_created", _("group created")
        GROUP_RENAMED = "group_renamed", _("group renamed")
        GROUP_DELETED = "group_deleted", _("group deleted")
        EXPORT = "export", _("personal data exported")
        ERASE = "erase", _("personal data erased")
        LIVE_ENTRY_DELETED = "live_entry_deleted", _("live ticker entry deleted")

    at = models.DateTimeField(_("time (UTC)"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP network (anonymised)"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        # Nobody can be given add, change or delete; viewing is for superusers
        # (audit.admin), who need no permission row.
        default_permissions = ()
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_idx"),
        ]

    def __str__(self):
        who = self.actor_repr or "–"
        return f"{self.at:%Y-%m-%d %H:%M:%S} UTC {who}: {self.action} {self.object_repr}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Audit events are never deleted.")
