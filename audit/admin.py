"""The audit log in the admin: read-only, for superusers only. Nobody can
add, change or delete an event here (nor anywhere else: see models)."""

import json
from datetime import UTC

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.admin_kit import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at_utc", "actor_repr", "action", "object_repr", "ip"]
    list_filter = ["action", "at"]
    search_fields = ["actor_repr", "object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = False
    show_full_result_count = False
    fields = [
        "at_utc",
        "actor_repr",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "ip",
        "details_pretty",
    ]
    readonly_fields = fields
    actions = None

    @admin.display(description=_("time (UTC)"), ordering="at")
    def at_utc(self, obj):
        return obj.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    @admin.display(description=_("details"))
    def details_pretty(self, obj):
        text = json.dumps(obj.details, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html("<pre>{}</pre>", text)

    def _superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)
