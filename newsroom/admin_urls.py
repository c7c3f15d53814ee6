"""Extra pages of a ModelAdmin (a desk overview, a workspace, an import form)
wired the same way everywhere: behind ``admin_view`` (login, staff, CSRF and
never cached), named ``<app>_<model>_<name>``, and called with the
ModelAdmin as ``model_admin`` so they can use its permissions and context."""

from functools import partial

from django.urls import path


def extra_admin_urls(model_admin, pages):
    """``pages``: (route, view, name) triples; ``view(request, model_admin=…,
    **url_kwargs)``."""
    opts = model_admin.model._meta
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            route,
            wrap(partial(view, model_admin=model_admin)),
            name=f"{opts.app_label}_{opts.model_name}_{name}",
        )
        for route, view, name in pages
    ]
