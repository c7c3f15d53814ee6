"""The admin kit: what the editorial desk's own pages and logs share.

- ``desk_page``: a page of the desk beside the model pages (the desk overview,
  the revision comparison, the wire import, the notifications, the
  moderation workspace and metrics, readers' data, the reject form) in the
  admin's frame: the site's header and navigation, the model it sits beside
  (``opts``, for the breadcrumbs) and its title. Its templates extend
  ``admin/newsroom_page.html``, which draws the breadcrumbs.
- ``ReadOnlyAdmin``: a log (decisions, reports, the audit log): nobody adds,
  changes or deletes its rows, superusers included.
"""

from django.contrib import admin
from django.template.response import TemplateResponse


def desk_page(request, model_admin, template, *, title, beside_model=True, **context):
    """``template`` rendered in the admin's frame with ``context``.
    ``beside_model``: the page belongs to ``model_admin``'s model (the
    breadcrumbs lead through its list); otherwise it hangs off the start page."""
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta if beside_model else None,
            "title": title,
            **context,
        },
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log: nobody adds, changes or deletes rows here, superusers included."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
