"""Issue 16, "pages the same for everyone": the article page with the comment
form and the "Melden" page are byte-identical for every anonymous reader of
one language at one moment, stored and served ``public``: they carry no CSRF
token and no per-response timestamp (the forms are protected by
newsroom/origin.py and the timestamp endpoint, comments/forms.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments import moderation
from comments.models import Comment
from comments.readers import COOKIE_NAME
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

PER_READER = re.compile(r'csrfmiddlewaretoken|name="ts" value=|<!--newsroom:')


def _readers():
    """Anonymous readers with different cookies: none, a CSRF cookie from a
    visit to the desk, a reader cookie from an earlier comment, a made-up
    session cookie."""
    return [
        Client(),
        Client(HTTP_COOKIE="csrftoken=" + "b2" * 16),
        Client(HTTP_COOKIE=f"{COOKIE_NAME}=irgendein-wert"),
        Client(HTTP_COOKIE="sessionid=erfunden1234567890erfunden12345"),
    ]


def _assert_same_for_everyone(url, marker):
    responses = [reader.get(url) for reader in _readers()]
    assert [r.status_code for r in responses] == [200] * len(responses)
    assert [r["X-Page-Cache"] for r in responses] == ["miss"] + ["hit"] * (len(responses) - 1)
    first = responses[0].content
    assert marker in first.decode()
    assert not PER_READER.search(first.decode())
    for response in responses:
        assert response.content == first
        assert response["ETag"] == responses[0]["ETag"]
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "private" not in cache_control
        assert "no-store" not in cache_control
        # No CSRF cookie, nothing per reader (Django only drops the made-up
        # session cookie).
        assert "csrftoken" not in response.cookies
        assert all(not morsel.value for morsel in response.cookies.values())


def test_the_article_page_with_the_comment_form_is_the_same_for_everyone():
    article = make_article()
    make_comment(article)
    _assert_same_for_everyone(article.get_absolute_url(), 'id="kommentar-formular"')


def test_the_report_page_is_the_same_for_everyone():
    comment = make_comment(make_article())
    url = reverse("comments:report", args=[comment.pk])
    _assert_same_for_everyone(url, 'name="reason"')


def test_a_changed_comment_drops_its_report_page(client):
    """The stored report page shows the comment: when a moderator takes it
    down, the next reader gets no stored copy of its text."""
    comment = make_comment(make_article(), body="Bald nicht mehr zu sehen.")
    url = reverse("comments:report", args=[comment.pk])
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    moderator = _moderator()
    moderation.decide(
        comment_id=comment.pk, user=moderator, status=Comment.Status.REJECTED, reason="Beleidigung"
    )
    response = Client().get(url)
    assert response.status_code == 404
    assert "Bald nicht mehr zu sehen." not in response.content.decode()


def _moderator():
    return make_user("moderatorin", group="Moderators")
