"""An article's comment settings as comments reads them: the one owner of
"may readers comment here, and does a comment wait for a moderator?" (as
``django.contrib.comments``' ``Moderator`` was for its models).

``policy_for(article)`` returns a ``ModeratorPolicy``:

- ``mode``: pre- or post-moderation (``articles.models.CommentModeration``),
  the article's own choice, else its section's;
- ``closes_at``: when comments close by themselves (the section's
  ``comments_close_after_days`` after publication), or None;
- ``is_open()``: comments are enabled on the article, the article is public
  and not past ``closes_at``;
- ``post_moderated``: comments show at once and are checked afterwards.

The settings themselves are still fields of ``articles.models`` (``Section.
comment_moderation``, ``Section.comments_close_after_days``, ``Article.
comments_enabled``, ``Article.comment_moderation``, edited in the articles
admin); nothing in comments reads those fields but this module. No query
beyond the article's section, which callers usually have selected.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from articles.models import Article, CommentModeration


@dataclass(frozen=True)
class ModeratorPolicy:
    enabled: bool  # the article allows comments
    public: bool  # the article is published and its time has come
    mode: str  # CommentModeration.PRE or .POST
    closes_at: datetime | None

    @property
    def post_moderated(self) -> bool:
        return self.mode == CommentModeration.POST

    def is_open(self, *, now=None) -> bool:
        """Whether readers may comment (at ``now``, default: now)."""
        if not (self.enabled and self.public):
            return False
        return self.closes_at is None or (now or timezone.now()) < self.closes_at


def policy_for(article: Article) -> ModeratorPolicy:
    section = article.section
    days = section.comments_close_after_days
    closes_at = None
    if days is not None and article.publish_at is not None:
        closes_at = article.publish_at + timedelta(days=days)
    return ModeratorPolicy(
        enabled=article.comments_enabled,
        public=article.is_public,
        mode=article.comment_moderation or section.comment_moderation,
        closes_at=closes_at,
    )
