"""Writes the demo content (``demo.data``) into the database: ``load_demo()``.

The demo goes the way the newsroom's own people go, through the services:

- articles are written by the one write path (``articles.editing.save_content``)
  under their creator's name and moved by the workflow steps
  (``articles.publishing``): the desk publishes and schedules, adds the update
  note, sends the reporter's draft back with a note; the reporter revises a
  live article and submits the changes, and imports the wire copy
  (``articles.wire``); her form keeps an autosave (``articles.autosave``);
- comments and reports go through ``comments.moderation`` (``demo.discussion``).

The content is ``demo.data`` and the rest of the day's news, ``demo.news``
(the stories that fill the composed home page).

So the revisions, the workflow history, the audit log, the notifications and
the moderation log are the ones these services write. Users, sections,
authors, sources and images have no service of their own: ``demo.rows``
writes them, validated with ``full_clean()`` like input from the admin.

The services stamp what they do with the present; afterwards the demo dates
its articles, their update notes and its comments back to plausible times
(``_date_back``, ``discussion.send``), so that readers do not see everything
written "just now". These timestamps are the only rows the demo writes
around a service.

Idempotent: every object is found by its natural key (username, slug, alt
text; article, name and text for comments), so running twice gives the same
data. A second run brings users, sections, authors, sources and images back
to the data; an article whose content someone changed gets the demo's
content back through the write path (a live one as changes the desk
publishes), and an article in another state is moved back by the steps. It
never deletes anything and does not repeat what happened once: what editors
added (a citation, a correction), moderators decided or readers reported
stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import autosave, editing, notifications, publishing, wire
from articles.models import (
    Article,
    ArticleAddress,
    ArticleDraft,
    Correction,
    Notification,
    WorkflowState,
)
from comments.models import Comment

from . import data, discussion, front_pages, news, rows
from . import live as live_ticker
from .rows import DemoSetupError

__all__ = ["DemoSetupError", "DemoSummary", "load_demo"]

W = WorkflowState


@dataclass
class DemoSummary:
    sections: int = 0
    authors: int = 0
    sources: int = 0
    confidential_sources: int = 0
    images: int = 0
    published: int = 0
    drafts: int = 0
    scheduled: int = 0
    comments_approved: int = 0
    comments_pending: int = 0
    comments_declined: int = 0
    comments_unreviewed: int = 0
    changes_in_review: int = 0
    renamed_from: str = ""  # an old address that leads to an article
    compositions: int = 0  # the desk's compositions of the home and Ressort pages
    users: list[tuple[str, str]] = field(default_factory=list)

    @property
    def articles(self):
        return self.published + self.drafts + self.scheduled


# --- articles, through the write path and the workflow ------------------------------


def _content(spec: data.ArticleSpec, *, sections, authors, sources, images) -> dict:
    """The article's content as ``articles.editing`` carries it."""
    return {
        "fields": {
            "section": sections[spec.section].pk,
            "kicker": spec.kicker,
            "title": spec.title,
            "slug": spec.slug,
            "lead": spec.lead,
            "body": spec.body,
            "hero_image": images[spec.image].pk if spec.image else None,
            "featured": spec.featured,
            "comments_enabled": True,
            "comment_moderation": "",
        },
        "bylines": [authors[slug].pk for slug in spec.authors],
        "citations": [
            {"source": sources[slug].pk, "quote": quote} for slug, quote in spec.citations
        ],
        "tags": sorted(set(spec.tags)),
    }


def _target(spec: data.ArticleSpec) -> str:
    if spec.status == "draft":
        return W.DRAFT
    if spec.publish_offset is not None and spec.publish_offset > timedelta(0):
        return W.SCHEDULED
    return W.PUBLISHED


# Said to the author when the demo takes back an article someone submitted.
BACK_TO_DEMO_NOTE = "Zurück auf den Stand der Demo-Inhalte."


def _move(article: Article, target: str, *, at, desk) -> bool:
    """Take the workflow steps from the article's state to ``target`` as the
    desk; ``at`` is the time of a schedule. Returns whether it moved."""
    if article.state == target:
        return False
    if article.state == W.ARCHIVED:  # publishing is the only step out of the archive
        publishing.publish(article=article, user=desk)
    if target == W.PUBLISHED:
        if article.state != W.PUBLISHED:
            publishing.publish(article=article, user=desk)
        return True
    # To a draft, or to be scheduled: a published article (also one whose
    # scheduled time has passed) is taken off first.
    if article.state == W.PUBLISHED or (article.state == W.SCHEDULED and target == W.DRAFT):
        publishing.unpublish(article=article, user=desk)
    if target == W.SCHEDULED:
        publishing.schedule(article=article, user=desk, at=at)
    elif article.state == W.REVIEW:
        publishing.send_back(article=article, user=desk, note=BACK_TO_DEMO_NOTE)
    return True


def _date_back(article: Article, spec: data.ArticleSpec, *, now, publish_at) -> None:
    """Plausible times instead of "everything written just now": a draft or
    a scheduled article was prepared yesterday; a published one was written
    an hour before it went out (at ``publish_at``) and last changed by its
    latest update note, which is dated as the data says."""
    corrected = []
    for kind, text, offset in spec.corrections:
        corrected.append(now + offset)
        Correction.objects.filter(article=article, kind=kind, text=text).update(
            created_at=now + offset
        )
    if publish_at is None or publish_at > now:
        times = {"created_at": now - timedelta(days=1), "updated_at": now - timedelta(hours=2)}
    else:
        times = {
            "publish_at": publish_at,
            "created_at": publish_at - timedelta(hours=1),
            "updated_at": max([publish_at, *corrected]),
        }
    Article.objects.filter(pk=article.pk).update(**times)
    for name, value in times.items():
        setattr(article, name, value)


def _load_article(spec: data.ArticleSpec, *, now, users, **rows) -> Article:
    """Write the article as its creator, bring it into its state as the desk,
    add its update notes; date it back when this run wrote or moved it."""
    desk = users[data.DESK]
    content = _content(spec, **rows)
    article = Article.objects.filter(slug=spec.slug).first()
    touched = article is None
    if article is None:
        article = Article(created_by=users[spec.created_by])
        editing.save_content(article=article, content=content, user=users[spec.created_by])
    elif editing.content_of(article) != content:
        # Someone changed the demo's text: put it back through the write path.
        editing.save_content(article=article, content=content, user=desk)
        if editing.is_live(article):
            publishing.publish_changes(article=article, user=desk)
        touched = True
    publish_at = now + spec.publish_offset if spec.publish_offset is not None else None
    touched |= _move(article, _target(spec), at=publish_at, desk=desk)
    for kind, text, _offset in spec.corrections:
        if not article.corrections.filter(kind=kind, text=text).exists():
            publishing.add_correction(article=article, user=desk, kind=kind, text=text)
            touched = True
    if touched:
        _date_back(article, spec, now=now, publish_at=publish_at)
    return article


def _load_working_draft(users) -> int:
    """The reporter revises the live article and submits the changes."""
    article = Article.objects.get(slug=data.WORKING_DRAFT["article"])
    if not editing.is_live(article):
        return 0
    reporter = users["reporter"]
    content = editing.working_content(article)
    if content["fields"]["lead"] != data.WORKING_DRAFT["lead"]:
        content["fields"] = {**content["fields"], "lead": data.WORKING_DRAFT["lead"]}
        editing.save_content(article=article, content=content, user=reporter)
    if editing.draft_of(article).state == ArticleDraft.State.DRAFT:
        publishing.submit_changes(article=article, user=reporter)
    return 1


def _load_renamed(users) -> str:
    """Once: the desk published the article under an earlier address, then
    under its current one, as two published changes; the earlier address
    stays an old link that leads to it. Returns the old path."""
    article = Article.objects.get(slug=data.RENAMED["article"])
    old = Article(slug=data.RENAMED["was"]).get_absolute_url()
    if ArticleAddress.objects.filter(slug=data.RENAMED["was"]).exists():
        return old
    if not editing.is_live(article) or editing.draft_of(article) is not None:
        return ""
    for slug in (data.RENAMED["was"], data.RENAMED["article"]):
        content = editing.working_content(article)
        content["fields"] = {**content["fields"], "slug": slug}
        editing.save_content(article=article, content=content, user=users[data.DESK])
        publishing.publish_changes(article=article, user=users[data.DESK])
        article.refresh_from_db()
    return old


def _load_sent_back(users) -> None:
    """Once: the reporter submits her draft and the desk sends it back with
    a note, which notifies her."""
    article = Article.objects.get(slug=data.SENT_BACK["article"])
    if article.transitions.exists():
        return
    publishing.submit_for_review(article=article, user=users["reporter"])
    publishing.send_back(article=article, user=users[data.DESK], note=data.SENT_BACK["note"])


def _load_autosave(users) -> None:
    """The reporter's form fields as the form sends them, with her new lead."""
    article = Article.objects.get(slug=data.SENT_BACK["article"])
    fields = {
        "section": str(article.section_id),
        "kicker": article.kicker,
        "title": article.title,
        "slug": article.slug,
        "lead": data.AUTOSAVED_LEAD,
        "body": article.body,
        "edit_version": str(article.version),
    }
    pairs = [[name, value] for name, value in fields.items()]
    pairs += [["tags", str(pk)] for pk in article.tags.values_list("pk", flat=True)]
    if article.comments_enabled:
        pairs.append(["comments_enabled", "on"])
    autosave.store(
        user=users["reporter"], article=article, pairs=pairs, base_version=article.version
    )


def _load_wire_import(users, sections, sources) -> int:
    """Once, through the import as the reporter would paste it; then she
    names the agency as its source and tags it."""
    slug = wire.german_slug(wire.parse_wire_text(data.WIRE_COPY).title)
    if not Article.objects.filter(slug=slug).exists():
        reporter = users["reporter"]
        article = wire.import_wire_article(
            text=data.WIRE_COPY, section=sections[data.WIRE_SECTION], user=reporter
        )
        content = editing.working_content(article)
        content["citations"] = [
            {"source": sources[key].pk, "quote": ""} for key in data.WIRE_SOURCES
        ]
        content["tags"] = data.WIRE_TAGS
        editing.save_content(article=article, content=content, user=reporter)
    return 1


def _read_earlier_news(user) -> None:
    """She has read the news of her articles going out (the desk's
    publishing notified her): what stays unread is what the demo shows."""
    earlier = Notification.objects.filter(
        recipient=user,
        read_at__isnull=True,
        kind__in=[Notification.Kind.PUBLISHED, Notification.Kind.SCHEDULED],
    )
    for pk in earlier.values_list("pk", flat=True):
        notifications.mark_read(user=user, notification_id=pk)


# --- the whole demo -----------------------------------------------------------------


@transaction.atomic
def load_demo(*, password: str, stdout=None) -> DemoSummary:
    """Create or refresh the demo content and the three demo users.

    ``password`` is set on every demo user (again on every run, so a changed
    password takes effect). ``stdout``, if given, receives a short summary.
    """
    if not password:
        raise ValueError("The demo users need a password.")
    rows.check_groups()
    now = timezone.now()
    summary = DemoSummary()

    users = rows.load_users(password)
    summary.users = [(spec["username"], spec["group"]) for spec in data.USERS]
    found = {
        "sections": rows.load_sections(),
        "authors": rows.load_authors(users),
        "sources": rows.load_sources(),
        "images": {
            key: rows.load_image(spec, users)
            for key, spec in {**data.IMAGES, **news.IMAGES}.items()
        },
    }
    summary.sections, summary.authors = len(found["sections"]), len(found["authors"])
    summary.sources, summary.images = len(found["sources"]), len(found["images"])
    summary.confidential_sources = sum(1 for s in found["sources"].values() if s.is_confidential)

    articles = {
        spec.slug: _load_article(spec, now=now, users=users, **found)
        for spec in [*data.ARTICLES, *news.ARTICLES]
    }
    for article in articles.values():
        if article.state == W.SCHEDULED:
            summary.scheduled += 1
        elif article.state == W.PUBLISHED:
            summary.published += 1
        else:
            summary.drafts += 1
    _read_earlier_news(users["reporter"])
    live_ticker.load_live_ticker(users[data.DESK])
    summary.changes_in_review = _load_working_draft(users)
    summary.renamed_from = _load_renamed(users)
    _load_sent_back(users)
    _load_autosave(users)
    summary.drafts += _load_wire_import(users, found["sections"], found["sources"])

    flagship = articles[data.FLAGSHIP_SLUG]
    moderator = users[data.MODERATOR]
    comments = discussion.load_comments(flagship, moderator, now)
    discussion.load_reports(flagship, moderator)
    comments += discussion.load_news_comments(moderator, now)
    statuses = [comment.status for comment in comments]
    summary.comments_approved = statuses.count(Comment.Status.APPROVED)
    summary.comments_pending = statuses.count(Comment.Status.PENDING)
    summary.comments_declined = len(statuses) - summary.comments_approved - summary.comments_pending
    summary.comments_unreviewed = len(discussion.load_unreviewed(now))
    summary.compositions = front_pages.load_compositions(users[data.DESK], now)

    if stdout is not None:
        _write_summary(stdout, summary, flagship)
    return summary


def _write_summary(stdout, summary: DemoSummary, flagship: Article):
    lines = [
        "Demo-Inhalte geladen:",
        f"  Ressorts: {summary.sections}, Autorinnen und Autoren: {summary.authors}, "
        f"Quellen: {summary.sources} (davon {summary.confidential_sources} vertraulich), "
        f"Bilder: {summary.images}",
        f"  Artikel: {summary.articles} ({summary.published} veröffentlicht, "
        f"{summary.drafts} Entwurf, {summary.scheduled} geplant)",
        f"  Kommentare: {summary.comments_approved} freigegeben, "
        f"{summary.comments_pending} wartend, "
        f"{summary.comments_declined} abgelehnt oder Spam, "
        f"{summary.comments_unreviewed} veröffentlicht und noch ungeprüft",
        f"  Unveröffentlichte Änderungen zur Prüfung: {summary.changes_in_review}",
        "  Benutzer: " + ", ".join(f"{name} ({group})" for name, group in summary.users),
        f"Website:   {data.SITE_URL}/",
        f"Admin:     {data.SITE_URL}{reverse('admin:index')}",
        f"Aufmacher: {data.SITE_URL}{flagship.get_absolute_url()}",
        f"Startseite: {summary.compositions} Zusammenstellungen (Abendausgabe ab 18 Uhr), "
        f"{data.SITE_URL}{reverse('admin:frontpage_composition_changelist')}",
    ]
    if summary.renamed_from:
        lines.append(f"Alter Link (leitet weiter): {data.SITE_URL}{summary.renamed_from}")
    stdout.write("\n".join(lines))
