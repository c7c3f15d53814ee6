"""The reader search, included at the site root by newsroom/urls.py."""

from django.urls import path

from newsroom.cache import PAGE_NUMBER, TEXT, reader_page

from .search import search_view

app_name = "search"

urlpatterns = [
    path(
        "suche/", reader_page(search_view, params={"q": TEXT, "page": PAGE_NUMBER}), name="search"
    ),
]
