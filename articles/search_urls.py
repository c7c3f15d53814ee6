"""The reader search, included at the site root by newsroom/urls.py."""

from django.urls import path

from .search import search_view

app_name = "search"

urlpatterns = [
    path("suche/", search_view, name="search"),
]
