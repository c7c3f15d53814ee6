"""The reader pages that show an article's comments: the surrogate key
``comments-<article pk>`` (newsroom/cache.py). The article's page carries it;
every change of what readers see of the comments (a comment approved,
published at once, rejected, marked as spam, hidden by reports, erased, or
rendered again) drops exactly that article's pages through
``comments_changed``, called by the services in ``comments.moderation``,
``comments.privacy`` and ``comments.rendering``."""

from newsroom.cache import depend_on, invalidate


def comments_key(article_id) -> str:
    return f"comments-{article_id}"


def shows_comments(request, article_id) -> None:
    """The page being rendered shows the comments of the article."""
    depend_on(request, comments_key(article_id))


def comments_changed(*article_ids) -> None:
    invalidate(*(comments_key(pk) for pk in set(article_ids)))
