"""The API's routes under /api/v1/, for the URLconf (api/urls.py) and the
schema generator (api/schema.py)."""

# (address, URL name, the view in api.views, the name of its query parameters there)
ROUTES = [
    ("articles/", "articles", "ArticleList", "ARTICLE_LIST_PARAMS"),
    ("articles/<int:pk>/", "article", "ArticleDetail", "DETAIL_PARAMS"),
    (
        "articles/<int:pk>/live-entries/",
        "article-live-entries",
        "LiveEntryList",
        "LIVE_ENTRY_PARAMS",
    ),
    ("sections/", "sections", "SectionList", "LIST_PARAMS"),
    ("sections/<slug:slug>/", "section", "SectionDetail", "DETAIL_PARAMS"),
    ("tags/", "tags", "TagList", "LIST_PARAMS"),
    ("tags/<str:slug>/", "tag", "TagDetail", "DETAIL_PARAMS"),
    ("authors/", "authors", "AuthorList", "LIST_PARAMS"),
    ("authors/<slug:slug>/", "author", "AuthorDetail", "DETAIL_PARAMS"),
    ("sources/", "sources", "SourceList", "LIST_PARAMS"),
    ("sources/<slug:slug>/", "source", "SourceDetail", "DETAIL_PARAMS"),
]
