"""The reader search, included at the site root by newsroom/urls.py."""

from django.urls import path

from newsroom.cache import LONG_TEXT, PAGE_NUMBER, reader_page

from .search import search_view

app_name = "search"

urlpatterns = [
    path(
        "suche/",
        reader_page(search_view, params={"q": LONG_TEXT, "page": PAGE_NUMBER}),
        name="search",
    ),
]
