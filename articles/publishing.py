"""Publishing policy: who may move an article between states, and how.

Admin actions, views and commands call these functions; none re-implements
them. Each checks permission, validates, and saves in a transaction.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user) -> bool:
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article: Article) -> bool:
    """Editors edit every article; journalists only their own."""
    if not (user.is_active and user.has_perm("articles.change_article")):
        return False
    if can_publish(user) or article.pk is None:
        return True
    return Article.objects.editable_by(user).filter(pk=article.pk).exists()


def can_preview(user, article: Article) -> bool:
    """Who may see an unpublished article on the public site."""
    return user.is_authenticated and user.is_staff and can_edit(user, article)


def _save(article: Article) -> Article:
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def submit_for_review(*, article: Article, user) -> Article:
    if not can_edit(user, article):
        raise PermissionDenied(_("You may not submit this article."))
    if article.status != Article.Status.DRAFT:
        raise ValidationError(_("Only drafts can be submitted for review."))
    article.status = Article.Status.REVIEW
    return _save(article)


@transaction.atomic
def publish(*, article: Article, user, at: datetime | None = None) -> Article:
    """Publish now, or schedule when ``at`` lies in the future. The public
    gate compares with the clock, so a scheduled article appears by itself."""
    if not can_publish(user):
        raise PermissionDenied(_("You may not publish articles."))
    if article.status == Article.Status.PUBLISHED and at is None and article.publish_at:
        return article
    article.status = Article.Status.PUBLISHED
    article.publish_at = at or timezone.now()
    return _save(article)


@transaction.atomic
def unpublish(*, article: Article, user) -> Article:
    if not can_publish(user):
        raise PermissionDenied(_("You may not unpublish articles."))
    article.status = Article.Status.DRAFT
    return _save(article)
