"""The article's comment settings as comments reads them, in one place
(comments.moderator.policy_for): the mode, when comments close, whether they
are open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, CommentModeration
from comments.moderator import policy_for
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

PRE, POST = CommentModeration.PRE, CommentModeration.POST


@pytest.mark.parametrize(
    ("section_mode", "article_mode", "mode"),
    [(PRE, "", PRE), (POST, "", POST), (POST, PRE, PRE), (PRE, POST, POST)],
)
def test_the_articles_mode_else_its_sections(section_mode, article_mode, mode):
    article = make_article(
        section=make_section(comment_moderation=section_mode), comment_moderation=article_mode
    )
    policy = policy_for(article)
    assert policy.mode == mode
    assert policy.post_moderated is (mode == POST)


def test_comments_close_the_sections_days_after_publication():
    published = timezone.now() - timedelta(days=2)
    article = make_article(section=make_section(comments_close_after_days=3))
    Article.objects.filter(pk=article.pk).update(publish_at=published)
    article.refresh_from_db()
    policy = policy_for(article)
    assert policy.closes_at == published + timedelta(days=3)
    assert policy.is_open()
    assert not policy.is_open(now=published + timedelta(days=3))


def test_open_only_when_enabled_and_public():
    assert policy_for(make_article()).closes_at is None
    assert policy_for(make_article()).is_open()
    assert not policy_for(make_article(comments_enabled=False)).is_open()
    assert not policy_for(make_article(status=Article.Status.DRAFT)).is_open()
