"""The site's URLs plus ``/_bench/ceiling/``; only ``bench.settings`` uses this."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("_bench/ceiling/", views.ceiling, name="bench-ceiling"),
    path("", include("newsroom.urls")),
]
