"""E-mail the moderators when the comment queue needs them.

An alert goes out when the queue is longer than ``COMMENTS["QUEUE_ALERT_SIZE"]``
or when the oldest pending comment has waited longer than
``COMMENTS["QUEUE_ALERT_MINUTES"]``. The recipients are all active users of the
group "Moderators" that have an e-mail address. They get one message, with
their addresses in BCC.

The command ``manage.py notify_moderators`` runs this. Run it every 5 minutes
from cron or a systemd timer::

    */5 * * * *  cd /srv/newsroom && .venv/bin/python manage.py notify_moderators

To avoid repeated mail, the cache records each alert for
``COMMENTS["QUEUE_ALERT_REPEAT_MINUTES"]`` (default 60). Inside that time no
further alert goes out, unless ``--force`` is given. This only holds across
runs when the cache is shared between processes (Redis via ``REDIS_URL``). A
process-local cache forgets the alert when the command exits.

Header injection: reader input (names, e-mail addresses, comment text)
never goes into a header. The subject is fixed text with numbers, and the
recipients are staff accounts. The body quotes a short excerpt of the oldest
pending comment, with control characters and line breaks collapsed to spaces.
"""

import os
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import metrics
from .models import Comment

MODERATORS_GROUP = "Moderators"
CACHE_KEY = "comments:queue-alert"
DEFAULT_REPEAT_MINUTES = 60
EXCERPT_CHARS = 100
WORKSPACE_PATH = "/admin/comments/comment/workspace/"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def repeat_minutes() -> int:
    return int(settings.COMMENTS.get("QUEUE_ALERT_REPEAT_MINUTES", DEFAULT_REPEAT_MINUTES))


def one_line(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Reader text made safe to quote: control characters and line breaks
    become single spaces, then the text is truncated."""
    flat = re.sub(r"\s+", " ", _CONTROL.sub(" ", text or "")).strip()
    return Truncator(flat).chars(limit)


def moderator_addresses() -> list[str]:
    """E-mail addresses of the active moderators, each once (case-insensitive)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MODERATORS_GROUP)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    seen, result = set(), []
    for address in users:
        address = address.strip()
        # Staff addresses are set by administrators, but a broken one must not
        # break (or inject into) the message.
        if not address or _CONTROL.search(address) or address.casefold() in seen:
            continue
        seen.add(address.casefold())
        result.append(address)
    return result


def workspace_url(base_url: str | None = None) -> str:
    """The moderators' workspace, absolute when a base URL is known
    (``base_url``, else the ``SITE_URL`` setting or environment variable)."""
    try:
        path = reverse("admin:comments_comment_workspace")
    except NoReverseMatch:
        path = WORKSPACE_PATH
    base = base_url or getattr(settings, "SITE_URL", "") or os.environ.get("SITE_URL", "")
    return f"{base.rstrip('/')}{path}" if base else path


def thresholds_crossed(queue: metrics.QueueState) -> list[str]:
    """Which thresholds the queue is past: "size", "age", both or none."""
    crossed = []
    if queue.size > settings.COMMENTS["QUEUE_ALERT_SIZE"]:
        crossed.append("size")
    minutes = queue.oldest_minutes
    if minutes is not None and minutes > settings.COMMENTS["QUEUE_ALERT_MINUTES"]:
        crossed.append("age")
    return crossed


@dataclass(frozen=True)
class AlertResult:
    sent: bool
    # "sent", "below_threshold", "recently_sent" or "no_recipients"
    outcome: str
    queue: metrics.QueueState
    crossed: tuple[str, ...] = ()
    recipients: int = 0


def build_message(queue: metrics.QueueState, crossed, recipients, *, base_url=None):
    """The alert in the site's language (German). The subject contains only
    fixed text and numbers."""
    minutes = round(queue.oldest_minutes or 0)
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Comment queue: %(count)d comment waiting, the oldest for %(minutes)d min",
            "Comment queue: %(count)d comments waiting, the oldest for %(minutes)d min",
            queue.size,
        ) % {"count": queue.size, "minutes": minutes}
        lines = [_("Hello,"), ""]
        if "size" in crossed:
            lines.append(
                _("%(count)d comments are waiting for a decision (alert above %(limit)d).")
                % {"count": queue.size, "limit": settings.COMMENTS["QUEUE_ALERT_SIZE"]}
            )
        if "age" in crossed:
            lines.append(
                _(
                    "The oldest pending comment has been waiting for %(minutes)d minutes "
                    "(alert above %(limit)d)."
                )
                % {"minutes": minutes, "limit": settings.COMMENTS["QUEUE_ALERT_MINUTES"]}
            )
        oldest = Comment.objects.pending().order_by("created_at", "id").first()
        if oldest is not None:
            submitted = timezone.localtime(oldest.created_at).strftime("%d.%m.%Y %H:%M")
            lines += [
                "",
                _("Oldest pending comment (%(time)s): “%(excerpt)s”")
                % {"time": submitted, "excerpt": one_line(oldest.body)},
            ]
        lines += [
            "",
            _("Please open the moderation workspace:"),
            workspace_url(base_url),
            "",
            _(
                "This message is sent automatically, at most once every %(minutes)d minutes "
                "while the queue stays above the limits."
            )
            % {"minutes": repeat_minutes()},
        ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        bcc=recipients,
        headers={"Auto-Submitted": "auto-generated"},
    )


def notify_moderators(
    *, now: datetime | None = None, base_url: str | None = None, force: bool = False
) -> AlertResult:
    """Check the queue and e-mail the moderators if it is past a threshold and
    no alert went out within the repeat interval (``force`` ignores that)."""
    now = now or timezone.now()
    queue = metrics.queue_state(now)
    crossed = tuple(thresholds_crossed(queue))
    if not crossed:
        return AlertResult(sent=False, outcome="below_threshold", queue=queue)
    recipients = moderator_addresses()
    if not recipients:
        return AlertResult(sent=False, outcome="no_recipients", queue=queue, crossed=crossed)
    timeout = repeat_minutes() * 60
    if force:
        cache.set(CACHE_KEY, now.isoformat(), timeout)
    elif not cache.add(CACHE_KEY, now.isoformat(), timeout):
        # cache.add is atomic, so of two runs at once only one sends.
        return AlertResult(sent=False, outcome="recently_sent", queue=queue, crossed=crossed)
    try:
        build_message(queue, crossed, recipients, base_url=base_url).send()
    except Exception:
        # Not sent: let the next run try again.
        cache.delete(CACHE_KEY)
        raise
    return AlertResult(
        sent=True, outcome="sent", queue=queue, crossed=crossed, recipients=len(recipients)
    )
