"""API keys in the admin, for superusers and editors (whoever may publish):
a new key is shown once, in the message after saving; only its hash is
kept. A lost key is replaced by a new one ("Make a new key")."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import keys
from .models import ApiKey


def _may_manage(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or user.has_perm("articles.publish_article"))


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "rate", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at"]
    fields = ["name", "rate", "active", "prefix", "created_at"]
    actions = ["make_new_key"]

    def has_module_permission(self, request):
        return _may_manage(request)

    def has_view_permission(self, request, obj=None):
        return _may_manage(request)

    def has_add_permission(self, request):
        return _may_manage(request)

    def has_change_permission(self, request, obj=None):
        return _may_manage(request)

    def has_delete_permission(self, request, obj=None):
        return _may_manage(request)

    def _show(self, request, api_key, raw):
        self.message_user(
            request,
            _("The key for “%(name)s” (shown only now, copy it): %(key)s")
            % {"name": api_key.name, "key": raw},
            messages.WARNING,
        )

    def save_model(self, request, obj, form, change):
        raw = None if change else keys.new_key(obj)
        super().save_model(request, obj, form, change)
        if raw is not None:
            self._show(request, obj, raw)

    @admin.action(description=_("Make a new key (the old one stops working)"))
    def make_new_key(self, request, queryset):
        for api_key in queryset:
            raw = keys.new_key(api_key)
            api_key.save(update_fields=["prefix", "key_hash"])
            self._show(request, api_key, raw)
