"""The editorial desk's admin site: Django's, with two holes closed.

- **View on site** (``/admin/r/<content type>/<id>/``). Django's shortcut
  redirects any staff user to any object's public address, so a moderator or
  a journalist could learn the slugs of drafts, embargoed articles and
  confidential sources (slugs are made from headlines and names). Here it
  resolves only objects of a model registered in this site whose admin lets
  the user view or change that very object: the object must be in the
  admin's ``get_queryset`` for the user (a journalist's list holds only their
  own articles) and pass ``has_view_or_change_permission``. Anything else,
  missing or forbidden, is the same 404.
- **Admin actions** with a ``_selected_action`` that is no id of the list
  (a word, a NUL byte, a number out of range) made the queryset filter raise:
  a 500. Every ModelAdmin registered here gets ``ActionSelectionGuard``
  mixed in, which refuses such a selection with a message and runs nothing.

Installed as the default site by ``NewsroomAdminConfig`` (``INSTALLED_APPS``
names it instead of ``django.contrib.admin``), so ``admin.site`` and
``@admin.register`` are this site everywhere.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _


class ActionSelectionGuard:
    """Refuse an action whose selected ids are not ids of the model."""

    def response_action(self, request, queryset, *args, **kwargs):
        pk = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                if "\x00" in value:
                    raise ValidationError("NUL")
                pk.run_validators(pk.to_python(value))
            except (ValidationError, ValueError, TypeError, OverflowError):
                self.message_user(
                    request,
                    _("The selection is not valid. No items have been changed."),
                    messages.WARNING,
                )
                # None: the change list redirects back to itself, as Django
                # does for "no action selected".
                return None
        return super().response_action(request, queryset, *args, **kwargs)


class NewsroomAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ActionSelectionGuard):
            admin_class = type(
                admin_class.__name__,
                (ActionSelectionGuard, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<path:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut, for objects the user may view or change only."""
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            content_type = ContentType.objects.get_for_id(int(content_type_id))
        except (ContentType.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None
        model_admin = self._registry.get(content_type.model_class())
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404
        # get_object: the admin's own queryset for this user; an id that is
        # not one (a word, out of range) is None, as a missing object is.
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        # The object is loaded again there, as stored (not a working draft).
        return shortcut(request, content_type.pk, obj.pk)


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"
