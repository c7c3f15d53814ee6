"""The read API, version 1 (docs/api.md). Outside i18n_patterns: one address
whatever the language."""

from django.urls import path

from . import views
from .schema import openapi
from .views import ARTICLE_LIST_PARAMS as ARTICLE_LIST
from .views import DETAIL_PARAMS as DETAIL
from .views import LIST_PARAMS as LIST
from .views import cached

app_name = "api"

urlpatterns = [
    path("schema/", openapi, name="schema"),
    path("articles/", cached(views.ArticleList, ARTICLE_LIST), name="articles"),
    path("articles/<int:pk>/", cached(views.ArticleDetail, DETAIL), name="article"),
    path("sections/", cached(views.SectionList, LIST), name="sections"),
    path("sections/<slug:slug>/", cached(views.SectionDetail, DETAIL), name="section"),
    path("tags/", cached(views.TagList, LIST), name="tags"),
    path("tags/<str:slug>/", cached(views.TagDetail, DETAIL), name="tag"),
    path("authors/", cached(views.AuthorList, LIST), name="authors"),
    path("authors/<slug:slug>/", cached(views.AuthorDetail, DETAIL), name="author"),
    path("sources/", cached(views.SourceList, LIST), name="sources"),
    path("sources/<slug:slug>/", cached(views.SourceDetail, DETAIL), name="source"),
]
