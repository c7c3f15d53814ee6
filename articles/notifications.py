"""Who needs to know: a notification (in the admin, and by e-mail) for each
member of the newsroom an article's workflow step concerns.

- submitted / changes submitted → the editors (every active staff user with
  the publish permission), so that someone reviews it;
- sent back → the article's authors, with the editor's note;
- published / scheduled / changes published → the article's authors.

The article's authors are the user accounts linked to its bylines and the
user who created it. Whoever took the step is never notified of it, nobody
twice, no inactive account.

``notify`` runs inside the step's transaction: the rows roll back with a
refused step, and the e-mails go out only after the commit
(``transaction.on_commit``). A mail that cannot be sent is logged; it never
fails the step. Recipients without an e-mail address get the notification
in the admin only.

Header injection: the subject carries the headline with control characters
and line breaks collapsed to spaces; the recipients are staff accounts.
"""

import logging
import os
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from newsroom.people import display_name_or_someone

from .models import Article, Notification

logger = logging.getLogger(__name__)

Kind = Notification.Kind

# The permission that makes an editor (``publishing.PUBLISH_PERMISSION``;
# repeated here because ``publishing`` imports this module).
EDITOR_PERMISSION = "articles.publish_article"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

TO_EDITORS = frozenset({Kind.SUBMITTED, Kind.CHANGES_SUBMITTED})
TO_AUTHORS = frozenset({Kind.SENT_BACK, Kind.PUBLISHED, Kind.SCHEDULED, Kind.CHANGES_PUBLISHED})

SUBJECT_TITLE_CHARS = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


# --- who --------------------------------------------------------------------------------------


def editors():
    """Active staff users who may publish (superusers included)."""
    User = get_user_model()
    return User.objects.with_perm(EDITOR_PERMISSION, is_active=True, backend=MODEL_BACKEND).filter(
        is_staff=True
    )


def authors(article: Article):
    """Active staff accounts behind the article's bylines, and its creator."""
    User = get_user_model()
    return User.objects.filter(
        Q(author_profile__bylines__article=article) | Q(pk=article.created_by_id),
        is_active=True,
        is_staff=True,
    )


def recipients(*, article: Article, kind: str, actor=None) -> list:
    """Who gets a notification of this kind, each once, without the actor."""
    if kind in TO_EDITORS:
        users = editors()
    elif kind in TO_AUTHORS:
        users = authors(article)
    else:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    if actor is not None and actor.pk:
        users = users.exclude(pk=actor.pk)
    return list(users.distinct().order_by("pk"))


# --- notify -----------------------------------------------------------------------------------


def notify(*, article: Article, kind: str, actor, note: str = "") -> list[Notification]:
    """Record a notification of ``kind`` for everyone who needs to know, and
    e-mail each of them once the surrounding transaction has committed."""
    note = (note or "").strip()
    users = recipients(article=article, kind=kind, actor=actor)
    if not note:
        # The same news about the same article, still unread, is not sent
        # again: a submit-withdraw-submit loop must not flood the desk.
        waiting = set(
            Notification.objects.filter(
                article=article, kind=kind, read_at__isnull=True, recipient__in=users
            ).values_list("recipient_id", flat=True)
        )
        users = [user for user in users if user.pk not in waiting]
    if not users:
        return []
    now = timezone.now()
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            article=article,
            kind=kind,
            actor=actor if actor is not None and actor.pk else None,
            note=note,
            created_at=now,
        )
        for user in users
    )
    messages = [
        (user.email.strip(), *build_message(article=article, kind=kind, actor=actor, note=note))
        for user in users
        if _usable_address(user.email)
    ]
    if messages:
        transaction.on_commit(lambda: _send(messages))
    return created


def _usable_address(address: str) -> bool:
    address = (address or "").strip()
    return bool(address) and not _CONTROL.search(address)


def _send(messages) -> None:
    for address, subject, body in messages:
        try:
            send_mail(subject, body, None, [address])
        except Exception:
            # The step has happened; the notification is in the admin anyway.
            logger.exception("Notification e-mail to %s could not be sent", address)


# --- the message ------------------------------------------------------------------------------


def one_line(text: str, limit: int = SUBJECT_TITLE_CHARS) -> str:
    flat = re.sub(r"\s+", " ", _CONTROL.sub(" ", text or "")).strip()
    return Truncator(flat).chars(limit)


def article_admin_url(article: Article, base_url: str | None = None) -> str:
    """The article's change form in the admin, absolute when a base URL is
    known (``base_url``, else the ``SITE_URL`` setting or environment variable)."""
    path = reverse("admin:articles_article_change", args=[article.pk])
    base = base_url or getattr(settings, "SITE_URL", "") or os.environ.get("SITE_URL", "")
    return f"{base.rstrip('/')}{path}" if base else path


def _subject(kind: str, title: str) -> str:
    subjects = {
        Kind.SUBMITTED: _("Submitted for review: “%(title)s”"),
        Kind.SENT_BACK: _("Sent back to you: “%(title)s”"),
        Kind.PUBLISHED: _("Published: “%(title)s”"),
        Kind.SCHEDULED: _("Scheduled: “%(title)s”"),
        Kind.CHANGES_SUBMITTED: _("Changes submitted for review: “%(title)s”"),
        Kind.CHANGES_PUBLISHED: _("Changes published: “%(title)s”"),
    }
    return subjects[kind] % {"title": title}


def _what_happened(kind: str, *, actor: str, title: str, when: str) -> str:
    sentences = {
        Kind.SUBMITTED: _("%(actor)s submitted the article “%(title)s” for review."),
        Kind.SENT_BACK: _("%(actor)s sent the article “%(title)s” back to you."),
        Kind.PUBLISHED: _("%(actor)s published the article “%(title)s”."),
        Kind.SCHEDULED: _("%(actor)s scheduled the article “%(title)s” for %(time)s."),
        Kind.CHANGES_SUBMITTED: _(
            "%(actor)s submitted changes to the article “%(title)s” for review."
        ),
        Kind.CHANGES_PUBLISHED: _("%(actor)s published the changes to the article “%(title)s”."),
    }
    return sentences[kind] % {"actor": actor, "title": title, "time": when}


def build_message(*, article: Article, kind: str, actor, note: str = "", base_url=None):
    """(subject, body) in the site's language (German)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = one_line(article.title)
        when = ""
        if article.publish_at:
            when = date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT")
        lines = [
            _what_happened(kind, actor=display_name_or_someone(actor), title=title, when=when),
        ]
        if note:
            lines += ["", _("Note:"), note]
        lines += [
            "",
            _("Open the article in the admin:"),
            article_admin_url(article, base_url),
            "",
            _("This message was sent automatically by %(site)s.")
            % {"site": settings.NEWSROOM_SITE_NAME},
        ]
        return _subject(kind, title), "\n".join(lines) + "\n"


# --- reading them -----------------------------------------------------------------------------


def for_user(user):
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).select_related("article", "actor")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, user, notification_id) -> Notification:
    """Mark one of the user's own notifications read. Someone else's, or
    one that does not exist, raises ``Notification.DoesNotExist``."""
    try:
        pk = int(str(notification_id).strip())
    except (TypeError, ValueError):
        raise Notification.DoesNotExist from None
    if not 0 < pk < 2**63:  # beyond any id, and beyond what databases accept
        raise Notification.DoesNotExist
    notification = Notification.objects.get(recipient=user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user) -> int:
    """Mark all the user's unread notifications read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
