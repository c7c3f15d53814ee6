"""Derived data only: an article's search vector is recomputed after the
transaction that saved the article commits (connected in ``apps.py``)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Article
from .search import update_search_vector

SEARCHED_FIELDS = frozenset({"title", "kicker", "lead", "body"})


@receiver(post_save, sender=Article, dispatch_uid="articles.search_vector")
def refresh_search_vector(sender, instance, update_fields=None, using=None, **kwargs):
    if update_fields is not None and not SEARCHED_FIELDS.intersection(update_fields):
        return  # e.g. a workflow step that only changed the status
    pk = instance.pk
    # robust: a failure is logged, never turned into an error for the save
    # that has already been committed.
    transaction.on_commit(lambda: update_search_vector(pk, using=using), using=using, robust=True)
