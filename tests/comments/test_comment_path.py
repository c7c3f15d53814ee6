"""A reader's comment: submitted → pending (hidden) → approved (shown);
rejected and spam stay hidden."""

from functools import partial

import pytest

from articles.models import Article
from comments import moderation
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(title="Nordkorea schickt Soldaten")


@pytest.fixture
def post(client, comment_data):
    def _post(article, **overrides):
        return client.post(f"{article.get_absolute_url()}kommentar/", {**comment_data, **overrides})

    return _post


def test_article_page_shows_the_form(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Kommentar hinterlassen" in html
    for label in ("Name", "E-Mail", "Kommentar"):
        assert f">{label}" in html


def test_submitted_comment_waits_for_moderation_then_appears(client, post, article, moderator):
    response = post(article, body="Ein sehr besonnener Beitrag.")
    assert response.status_code == 302
    assert response.url == f"{article.get_absolute_url()}#kommentare"

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    page = client.get(response.url).content.decode()
    assert "Ihr Kommentar ist eingegangen und erscheint, sobald er freigegeben ist." in page
    assert "Ein sehr besonnener Beitrag." not in page

    moderation.approve(comment_id=comment.pk, user=moderator)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Ein sehr besonnener Beitrag." in page
    assert "Anna Leserin" in page
    assert "anna@example.org" not in page


@pytest.mark.parametrize(
    "decision",
    [partial(moderation.reject, reason="Beleidigung"), moderation.mark_spam],
    ids=["reject", "mark_spam"],
)
def test_rejected_and_spam_stay_hidden(client, article, moderator, decision):
    comment = make_comment(article, status=Comment.Status.PENDING, body="Unerwünscht")
    decision(comment_id=comment.pk, user=moderator)
    assert "Unerwünscht" not in client.get(article.get_absolute_url()).content.decode()


def test_ip_is_stored_anonymised(client, comment_data, article):
    client.post(f"{article.get_absolute_url()}kommentar/", comment_data, REMOTE_ADDR="203.0.113.77")
    assert Comment.objects.get().ip_address == "203.0.113.0"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("198.51.100.23", "198.51.100.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("not-an-ip", None),
        ("", None),
        (None, None),
    ],
)
def test_anonymise_ip(raw, expected):
    assert moderation.anonymise_ip(raw) == expected


def test_comments_switched_off_refuse_posts(client, post):
    article = make_article(comments_enabled=False)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "geschlossen" in html
    assert 'class="comment-form"' not in html
    response = post(article)
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_posting_to_an_unpublished_article_is_404(post):
    article = make_article(status=Article.Status.DRAFT)
    assert post(article).status_code == 404
    assert Comment.objects.count() == 0


def test_get_on_the_comment_url_is_refused(client, article):
    assert client.get(f"{article.get_absolute_url()}kommentar/").status_code == 405


def test_decision_is_recorded_once_with_who_and_when(article, moderator):
    comment = make_comment(article, status=Comment.Status.PENDING)
    moderation.reject(comment_id=comment.pk, user=moderator, reason="Beleidigung")
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by, comment.moderation_reason) == (
        "rejected",
        moderator,
        "Beleidigung",
    )
