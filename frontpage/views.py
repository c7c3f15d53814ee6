"""The composed reader pages: the home page and the Ressort pages, as the
desk composed them (frontpage/composing.py), cached like every reader page;
and the desk's preview, never cached.

What a page shows, for the page cache: the home page's or the Ressort's
list key (``articles.invalidation.listing``: any change of a public article
there drops it; a composed Ressort page also the home key, since its topic
boxes and most commented box show stories of any Ressort), its
compositions' key (``composing.page_key``: a save or delete drops it) and
``article-<pk>`` of every story on it. It changes by itself when the next
composition goes live, when a placed story's time ends, when the next
scheduled article goes public, and, with the most commented box, after
``MOST_COMMENTED_MAX_AGE``.
"""

from __future__ import annotations

from datetime import datetime

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from articles import invalidation
from articles.models import Article, Section
from articles.views import LIST_PARAMS, PAGE_SIZE
from newsroom.cache import depend_on, expires_at, reader_page, remembered

from . import composing
from .models import Composition


def _next_composition(request, section_id, now) -> None:
    key = composing.page_key(section_id)
    moment = remembered(
        request,
        key,
        f"next-composition-{key}",
        lambda: composing.next_go_live(section_id, timezone.now()),
        still_true=lambda moment: moment is None or moment > timezone.now(),
    )
    expires_at(request, moment)


def _shows(request, resolved: composing.Resolved, now) -> None:
    depend_on(request, *(invalidation.article_key(pk) for pk in resolved.shown))
    expires_at(request, resolved.changes_at)
    if resolved.most_commented:
        expires_at(request, now + composing.MOST_COMMENTED_MAX_AGE)


def home_context(now: datetime, composition: Composition | None, sections) -> dict:
    """What the home page shows at ``now`` with ``composition`` (None: the
    automatic page)."""
    slots = composition.slots.all() if composition else composing.default_slots(sections)
    resolved = composing.resolve(slots, now)
    # The navigation's sections too (articles.context_processors.site).
    return {"blocks": resolved.blocks, "resolved": resolved, "nav_sections": sections}


def section_context(request, section, now, composition: Composition | None) -> dict:
    resolved = (
        composing.resolve(composition.slots.all(), now, section_id=section.pk)
        if composition
        else None
    )
    shown = resolved.shown if resolved else []
    listed = (
        Article.objects.published(now=now)
        .for_listing()
        .defer("body", "body_html")
        .filter(section=section)
        .exclude(pk__in=shown)
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "section": section,
        "blocks": resolved.blocks if resolved else [],
        "resolved": resolved,
        "page": page,
    }


@reader_page(params=LIST_PARAMS)
def home(request):
    now = timezone.now()
    invalidation.listing(request, invalidation.HOME)
    depend_on(request, composing.page_key(None))
    _next_composition(request, None, now)
    composition = composing.live_composition(None, now)
    context = home_context(now, composition, list(Section.objects.all()))
    _shows(request, context["resolved"], now)
    return render(request, "frontpage/home.html", context)


@reader_page(params=LIST_PARAMS)
def section_page(request, slug):
    section = get_object_or_404(Section, slug=slug)
    now = timezone.now()
    invalidation.listing(request, invalidation.section_key(section.pk))
    depend_on(request, composing.page_key(section.pk))
    _next_composition(request, section.pk, now)
    composition = composing.live_composition(section.pk, now)
    if composition is not None:
        invalidation.listing(request, invalidation.HOME)
    context = section_context(request, section, now, composition)
    if context["resolved"] is not None:
        _shows(request, context["resolved"], now)
    return render(request, "frontpage/section.html", context)


def render_preview(request, *, section, at: datetime, composition: Composition | None):
    """The page as readers will see it at ``at`` with ``composition`` (the
    desk's preview: staff only, never cached, not indexed)."""
    preview = {"at": at, "composition": composition}
    if section is None:
        context = home_context(at, composition, list(Section.objects.all()))
        template = "frontpage/home.html"
    else:
        context = section_context(request, section, at, composition)
        template = "frontpage/section.html"
    response = render(request, template, {**context, "preview": preview})
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
