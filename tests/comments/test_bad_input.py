"""Bad comment input: a clear German message, status 400, and no row."""

import pytest

from comments.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article()


@pytest.fixture
def valid(comment_data):
    return {**comment_data, "name": "Anna", "body": "Ein Kommentar."}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"body": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"body": "   "}, "Dieses Feld ist zwingend erforderlich."),
        ({"email": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"email": "keine-adresse"}, "Bitte gültige E-Mail-Adresse eingeben."),
        ({"email": "a@b.c\r\nBcc: x@evil.test"}, "Bitte gültige E-Mail-Adresse eingeben."),
        ({"name": "x" * 81}, "höchstens 80 Zeichen"),
        ({"body": "x" * 3001}, "höchstens 3000 Zeichen"),
        ({"body": "Null\x00Byte"}, "Nullzeichen sind nicht erlaubt."),
        ({"name": "Ann\x00a"}, "Nullzeichen sind nicht erlaubt."),
        ({"body": "Klingel\x07"}, "Steuerzeichen"),
        ({"name": "Anna\r\nX-Injected: 1"}, "einzelne Zeile"),
        ({"website": "http://spam.test"}, "nicht angenommen"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, valid, article, overrides, message):
    response = client.post(f"{article.get_absolute_url()}kommentar/", {**valid, **overrides})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_form_keeps_what_the_reader_typed(client, valid, article):
    response = client.post(f"{article.get_absolute_url()}kommentar/", {**valid, "email": "falsch"})
    html = response.content.decode()
    assert 'value="Anna"' in html
    assert "Ein Kommentar." in html


def test_markup_in_comments_is_escaped_and_links_are_nofollow(client, valid, article, moderator):
    from comments import moderation

    client.post(
        f"{article.get_absolute_url()}kommentar/",
        {**valid, "body": '<script>alert("x")</script> siehe https://example.org/a'},
    )
    moderation.approve(comment_id=Comment.objects.get().pk, user=moderator)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://example.org/a" rel="nofollow ugc noopener"' in html


def test_missing_fields_entirely_do_not_crash(client, article):
    response = client.post(f"{article.get_absolute_url()}kommentar/", {})
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_list_values_and_unknown_fields_do_not_crash(client, valid, article):
    response = client.post(
        f"{article.get_absolute_url()}kommentar/",
        {**valid, "name": ["A", "B"], "status": "approved", "article": "999"},
    )
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
