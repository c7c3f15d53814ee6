"""Comment policy: accepting a reader's comment and deciding on it.

Every new comment waits as *pending* until a moderator approves it. The
decision functions lock the row so that two moderators deciding at once
produce exactly one decision.
"""

import ipaddress

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

from .models import Comment

MODERATE_PERMISSION = "comments.moderate_comment"


def anonymise_ip(raw: str | None) -> str | None:
    """Keep only the network: IPv4 /24, IPv6 /48. Invalid input gives None."""
    if not raw:
        return None
    try:
        ip = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def comments_open(article: Article) -> bool:
    return article.comments_enabled and article.is_public


@transaction.atomic
def submit_comment(
    *, article: Article, name: str, email: str, body: str, ip: str | None = None
) -> Comment:
    """Store a reader's comment as pending. Raises ValidationError and stores
    nothing when anything is wrong."""
    if not comments_open(article):
        raise ValidationError(_("Comments are closed for this article."), code="closed")
    comment = Comment(
        article=article,
        name=name.strip(),
        email=email.strip(),
        body=body.strip(),
        ip_address=anonymise_ip(ip),
        status=Comment.Status.PENDING,
    )
    comment.full_clean()
    comment.save()
    return comment


def can_moderate(user) -> bool:
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


@transaction.atomic
def decide(*, comment_id: int, user, status: str, reason: str = "") -> Comment:
    """Set a comment's status, recording who decided and when. The row is
    locked, so concurrent decisions are serialised."""
    if not can_moderate(user):
        raise PermissionDenied(_("You may not moderate comments."))
    if status not in Comment.Status.values or status == Comment.Status.PENDING:
        raise ValidationError(_("Unknown decision."))
    comment = Comment.objects.select_for_update().get(pk=comment_id)
    comment.status = status
    comment.moderated_by = user
    comment.moderated_at = timezone.now()
    comment.moderation_reason = reason[:500]
    comment.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
    return comment


def approve(*, comment_id: int, user) -> Comment:
    return decide(comment_id=comment_id, user=user, status=Comment.Status.APPROVED)


def reject(*, comment_id: int, user, reason: str = "") -> Comment:
    return decide(comment_id=comment_id, user=user, status=Comment.Status.REJECTED, reason=reason)


def mark_spam(*, comment_id: int, user) -> Comment:
    return decide(comment_id=comment_id, user=user, status=Comment.Status.SPAM)
