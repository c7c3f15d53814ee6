"""Old addresses keep answering: renamed articles and the editors' redirects.

Renamed articles
    An article's address is ``/artikel/<slug>/`` (``/en/artikel/<slug>/`` in
    English); its section is not part of it, so moving an article to another
    section changes no address. Every slug an article is published under is
    kept as an ``ArticleAddress`` naming the article (``remember``, called by
    ``publishing._record``, the one place a workflow step saves an article).
    Where the article page (or a live ticker's poll endpoint or feed under
    the slug) answers 404, ``RedirectMiddleware`` looks the slug up there
    (``former_address``):

    - the article is public: 301 to its current address, in the language of
      the request, with the query string kept. Every old slug names the
      article itself, never another slug, so a chain of renames is one hop
      and there are no loops;
    - the article is no longer public (unpublished, archived): 410 Gone;
    - otherwise 404.

    A slug that is some published article's current slug always shows that
    article (the page answers before any lookup); when another article is
    published under a slug that was an old address, the address becomes
    that article's.

Editors' redirects
    ``Redirect`` rows send one path elsewhere on the site (``/wahl-2024/`` →
    ``/ressort/politik/``). ``RedirectMiddleware`` answers them with 301, for
    GET and HEAD only and only when the site has nothing else there (404, or
    410 for a withdrawn article). The admin form (``admin_redirects``)
    accepts only a target that is a public page of this site now, never
    another host, and never an address that itself shows a page or redirects.
    A target is checked by what it names (``page_problem``): an article's
    page, live JSON and feed need the article public, a Ressort, topic,
    author or source page and feed the row; an address naming anything else
    (the read API's items, media files) is refused, since the public 301
    would name it.

301 and 410 answers are not kept by the page cache (it stores 200s only) nor
by a proxy (``no-store``): a rename or a withdrawal takes effect at once.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import Article, ArticleAddress, Author, Redirect, Section, Source
from .sitemaps import SITEMAPS

SAFE_METHODS = ("GET", "HEAD")


# --- renamed articles ---------------------------------------------------------------


def remember(article: Article, *, previous_slug: str | None, was_public: bool) -> None:
    """After a workflow step saved ``article``: keep the slug readers saw it
    under before the step and the one they see it under now as addresses of
    the article. A scheduled article's slug is not kept before its time:
    its address must not answer differently from one that never existed."""
    if was_public and previous_slug:
        _claim(previous_slug, article)
    if article.is_public:
        _claim(article.slug, article)


def _claim(slug: str, article: Article) -> None:
    ArticleAddress.objects.update_or_create(slug=slug, defaults={"article": article})


def _with_query(url: str, query: str) -> str:
    return f"{url}?{iri_to_uri(query)}" if query else url


def _permanent(url: str) -> HttpResponsePermanentRedirect:
    response = HttpResponsePermanentRedirect(url)
    add_never_cache_headers(response)
    return response


def _gone(request):
    response = render(request, "410.html", status=410)
    add_never_cache_headers(response)
    return response


# The addresses under an article's slug: its page, a live ticker's poll
# endpoint and feed (an open page or a feed reader keeps polling the old one).
ARTICLE_ADDRESSES = ("articles:article", "articles:live-entries", "articles:live-feed")


def former_address(request, query: str):
    """For an article page that answered 404: 301 to the public article
    once published under the slug asked for, 410 if that article is
    withdrawn, else None (the 404 stands)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in ARTICLE_ADDRESSES:
        return None
    slug = match.kwargs.get("slug", "")
    address = ArticleAddress.objects.select_related("article").filter(slug=slug).first()
    if address is None:
        return None
    article = address.article
    if not article.is_public:
        return _gone(request)
    if article.slug == slug:
        return None
    current = reverse(match.view_name, kwargs={"slug": article.slug})
    return _permanent(_with_query(current, query))


def current_slug(slug: str) -> str | None:
    """The current slug of the public article once published under
    ``slug`` (itself if it still is), or None."""
    found = (
        ArticleAddress.objects.filter(slug=slug)
        .values_list("article__slug", "article__status", "article__publish_at")
        .first()
    )
    if found is None:
        return None
    article = Article(slug=found[0], status=found[1], publish_at=found[2])
    return article.slug if article.is_public else None


# --- editors' redirects -------------------------------------------------------------


class RedirectMiddleware:
    """Where the site answers 404 (or 410) to a GET or HEAD: a renamed
    article's old address (301), a withdrawn article's (410), an editors'
    redirect (301; it also takes over a withdrawn article's address).

    A middleware rather than the article view, because the view sees only
    the query it reads (``newsroom.cache`` drops the rest), and an old link
    keeps its whole query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        response = self.get_response(request)
        if response.status_code not in (404, 410) or request.method not in SAFE_METHODS:
            return response
        response = former_address(request, query) or response
        if response.status_code == 301 or "\x00" in request.path_info:
            return response  # (PostgreSQL cannot compare text with a NUL in it)
        target = (
            Redirect.objects.filter(old_path=request.path_info)
            .values_list("target", flat=True)
            .first()
        )
        if target is None or not _is_local(target):
            return response
        if "?" not in target:
            target = _with_query(target, query)
        return _permanent(iri_to_uri(target))


def _is_local(target: str) -> bool:
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not parts.scheme
        and not parts.netloc
    )


class Refused(ValueError):
    """A path or target the redirect form refuses, with the reason."""


def normalise_path(value: str, *, hosts=()) -> str:
    """A path on this site from what an editor typed: a path, or a full
    address on one of ``hosts``. The query string stays; the fragment goes."""
    value = (value or "").strip()
    if any(ord(c) < 32 or c == "\\" for c in value):
        raise Refused(_("The address contains characters that are not allowed."))
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or not url_has_allowed_host_and_scheme(
            value, allowed_hosts={*hosts, *(h for h in settings.ALLOWED_HOSTS if h != "*")}
        ):
            raise Refused(_("Only addresses on this site are allowed."))
    path = unquote(parts.path)
    if not path.startswith("/") or path.startswith("//"):
        raise Refused(_("Please give a path starting with /, e.g. /ressort/politik/."))
    return f"{path}?{parts.query}" if parts.query else path


def _resolve(path: str):
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            return resolve(path)
        except Resolver404:
            return None


# Addresses whose variable part names a row: what must exist, and be public,
# for the address to show a page. Any other address with a variable part
# (the read API's items, media files, the comment endpoints) cannot be
# checked here and is no target: a 301 to it would name, to anyone, what it
# names (a draft's slug in /artikel/<slug>/live.json, a confidential source
# in /api/v1/sources/<slug>/).
ARTICLE_PAGES = ("articles:article", "articles:live-entries", "articles:live-feed")
_SECTION = ("articles:section", "section-feed", "section-feed-atom")
_TAG = ("articles:tag", "tag-feed", "tag-feed-atom")


def _row_pages():
    published = Article.objects.published()
    return {
        **dict.fromkeys(_SECTION, lambda slug: Section.objects.filter(slug=slug).exists()),
        **dict.fromkeys(_TAG, lambda slug: published.filter(tags__slug=slug).exists()),
        "articles:author": lambda slug: Author.objects.filter(slug=slug).exists(),
        "articles:source": lambda slug: Source.objects.filter(
            slug=slug, is_confidential=False
        ).exists(),
        "sitemap": lambda slug: slug in SITEMAPS,
    }


_UNCHECKED = object()


def _problem(path: str, match):
    """``page_problem`` for a resolved ``path``; ``_UNCHECKED`` for an
    address with a variable part this module cannot check."""
    name = match.view_name
    slug = match.kwargs.get("slug", match.kwargs.get("section"))
    if name in ARTICLE_PAGES:
        published = Article.objects.published().filter(slug=slug)
        if name != "articles:article":
            published = published.filter(live_ticker__isnull=False)
        if published.exists():
            return None
        current = current_slug(slug) if name == "articles:article" else None
        if current is not None:
            return _("This is an old address; the article is now at %(url)s.") % {
                "url": _article_url(path, current)
            }
        return _("No published article has this address.")
    exists = _row_pages().get(name)
    if exists is not None:
        return None if exists(slug) else _("There is no page at %(path)s.") % {"path": path}
    return _UNCHECKED if match.args or match.kwargs else None


def page_problem(path: str) -> str | None:
    """Why ``path`` (no query string) is not a public page of the site
    now, or None when it is one."""
    if path.startswith("/admin/") or path.startswith("/i18n/"):
        return _("The editorial desk is not a public page.")
    match = _resolve(path)
    if match is None:
        return _("There is no page at %(path)s.") % {"path": path}
    problem = _problem(path, match)
    if problem is _UNCHECKED:
        return _("A redirect can lead only to a page for readers, not to %(path)s.") % {
            "path": path
        }
    return problem


def old_path_problem(path: str) -> str | None:
    """Why a redirect from ``path`` would never be used, or None: the
    address shows a page, or is a renamed article's old address (which
    already leads to the article)."""
    if path.startswith("/admin/") or path.startswith("/i18n/"):
        return _("The editorial desk cannot be redirected.")
    match = _resolve(path)
    if match is not None and match.view_name == "articles:article":
        slug = match.kwargs["slug"]
        if Article.objects.published().filter(slug=slug).exists():
            return _("This address shows a page; a redirect would never be used.")
        current = current_slug(slug)
        if current is not None:
            return _("This old address already leads to the article at %(url)s.") % {
                "url": _article_url(path, current)
            }
        return None
    if match is not None and _problem(path, match) in (None, _UNCHECKED):
        return _("This address shows a page; a redirect would never be used.")
    return None


def _article_url(path: str, slug: str) -> str:
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return Article(slug=slug).get_absolute_url()
