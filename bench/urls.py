"""The site's URLs plus ``/_bench/ceiling/``; only ``bench.settings`` uses this.
The site's patterns are added as they are, not included: Django allows
``i18n_patterns`` (the reader pages) only in the root URLconf."""

from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("_bench/ceiling/", views.ceiling, name="bench-ceiling"),
    *site_urlpatterns,
]
