from django.urls import path, register_converter

from newsroom.cache import reader_page

from . import views
from .live_feed import LiveTickerFeed


class UnicodeSlugConverter:
    """Tag slugs keep umlauts and ß (taggit slugifies with allow_unicode), so
    "Fußball" lives at /thema/fußball/ instead of breaking the link."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

# The home page ("home") and the Ressort pages ("section") are composed by
# the desk: frontpage/urls.py puts them in front of these, in this namespace.
urlpatterns = [
    path("artikel/<slug:slug>/", views.article_detail, name="article"),
    path("artikel/<slug:slug>/live.json", views.live_entries, name="live-entries"),
    path(
        "artikel/<slug:slug>/live/feed/",
        reader_page(LiveTickerFeed(), params={}),
        name="live-feed",
    ),
    path("thema/<uslug:slug>/", views.tag_detail, name="tag"),
    path("autor/<slug:slug>/", views.author_detail, name="author"),
    path("quelle/<slug:slug>/", views.source_detail, name="source"),
]
