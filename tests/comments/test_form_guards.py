"""The comment form's guards: the signed timestamp (fresh, missing, tampered,
expired, too fast), the honeypot and the reply target's id."""

import re
import time

import pytest
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import escape
from django.utils.translation import override

from comments.forms import TIMESTAMP_SALT, CommentForm, make_timestamp, timestamp_age
from comments.models import Comment
from tests.factories import make_article

VALID = {"name": "Anna", "email": "anna@example.org", "body": "Ein Kommentar."}


def posted(**overrides):
    """What a reader's browser sends: the fields and a timestamp issued 10 s ago."""
    return {**VALID, "ts": CommentForm.fresh_timestamp(seconds_ago=10), **overrides}


def codes(form):
    return [e.code for e in form.errors.as_data().get(NON_FIELD_ERRORS, [])]


def rendered_ts(html):
    found = re.findall(r'<input type="hidden" name="ts" value="([^"]+)"', html)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 3, "FORM_MAX_AGE_SECONDS": 3600}


# --- the timestamp ----------------------------------------------------------------


def test_unbound_form_carries_a_fresh_signed_timestamp():
    form = CommentForm()
    assert 0 <= timestamp_age(form.initial["ts"]) < 5
    assert rendered_ts(str(form)) == form.initial["ts"]


def test_initial_values_are_kept_and_the_timestamp_added():
    initial = {"parent": 7}
    form = CommentForm(initial=initial)
    assert form.initial["parent"] == 7
    assert timestamp_age(form.initial["ts"]) is not None
    assert initial == {"parent": 7}  # the caller's dict is not changed


def test_timestamp_names_no_reader_and_every_form_is_another():
    """The value is the time and a random nonce, nothing about the reader; two
    forms rendered in the same second still differ (a form serves one
    comment, see test_one_form_serves_one_comment)."""
    issued = time.time() - 20
    first, second = make_timestamp(issued), make_timestamp(issued)
    assert first != second
    payload = first.split(":")[0]
    assert re.fullmatch(rf"{int(issued)}\.[0-9a-f]{{24}}", payload)


def test_fresh_timestamp_is_accepted():
    form = CommentForm(posted())
    assert form.is_valid(), form.errors
    assert form.is_bot is False
    assert form.cleaned_data["parent"] is None


def test_fresh_timestamp_helper_ages():
    assert 9 <= timestamp_age(CommentForm.fresh_timestamp()) < 12
    assert 99 <= timestamp_age(CommentForm.fresh_timestamp(seconds_ago=100)) < 102


@pytest.mark.parametrize("ts", [None, "", "   "])
def test_missing_timestamp_is_a_clear_error(ts):
    data = posted()
    if ts is None:
        del data["ts"]
    else:
        data["ts"] = ts
    form = CommentForm(data)
    assert not form.is_valid()
    assert codes(form) == ["unverified"]
    assert form.is_bot is False
    assert "ts" not in form.errors  # shown with the form's errors, not at a hidden field


def _tampered():
    good = CommentForm.fresh_timestamp(seconds_ago=60)
    payload, signature = good.split(":", 1)
    issued, nonce = payload.split(".")
    return [
        f"{int(issued) - 3600}.{nonce}:{signature}",  # an older time, same signature
        f"{issued}.{'0' * 24}:{signature}",  # another nonce, same signature
        f"{payload}:{signature[:-2]}xx",  # a changed signature
        payload,  # no signature
        "gibberish",
        "1:2:3",
        signing.Signer(salt="another.form").sign(payload),  # signed for something else
        signing.Signer(salt=TIMESTAMP_SALT).sign("abc"),  # signed, but no time
        signing.Signer(salt=TIMESTAMP_SALT).sign(issued),  # the old format: no nonce
        signing.Signer(salt=TIMESTAMP_SALT).sign(f"{issued}.xyz"),  # not a nonce
        "9" * 500,
    ]


@pytest.mark.parametrize("ts", _tampered())
def test_tampered_timestamp_is_a_clear_error(ts):
    form = CommentForm(posted(ts=ts))
    assert not form.is_valid()
    assert codes(form) == ["unverified"]
    assert form.is_bot is False


def test_expired_timestamp_is_a_clear_error_and_the_form_shown_again_is_fresh():
    stale = CommentForm.fresh_timestamp(seconds_ago=3601)
    form = CommentForm(posted(ts=stale))
    assert not form.is_valid()
    assert codes(form) == ["expired"]
    assert form.is_bot is False
    html = str(form)
    assert rendered_ts(html) != stale
    assert timestamp_age(rendered_ts(html)) < 5
    assert 'value="Anna"' in html  # what the reader typed is kept


def test_a_timestamp_within_max_age_is_accepted():
    assert CommentForm(posted(ts=CommentForm.fresh_timestamp(seconds_ago=3590))).is_valid()


@pytest.mark.parametrize("seconds_ago", [0, 1, -30])
def test_too_fast_is_a_bot(seconds_ago):
    ts = CommentForm.fresh_timestamp(seconds_ago=seconds_ago)
    form = CommentForm(posted(ts=ts))
    assert not form.is_valid()
    assert codes(form) == ["too_fast"]
    assert form.is_bot is True
    # not refreshed: sending the same form again a little later works
    assert rendered_ts(str(form)) == ts


def test_min_and_max_age_come_from_settings(settings):
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 30, "FORM_MAX_AGE_SECONDS": 60}
    assert codes(CommentForm(posted())) == ["too_fast"]
    assert CommentForm(posted(ts=CommentForm.fresh_timestamp(seconds_ago=45))).is_valid()
    assert codes(CommentForm(posted(ts=CommentForm.fresh_timestamp(61)))) == ["expired"]


# --- honeypot -------------------------------------------------------------------


def test_honeypot_filled_is_a_bot():
    form = CommentForm(posted(website="http://spam.test"))
    assert not form.is_valid()
    assert form.has_error("website", "honeypot")
    assert form.is_bot is True


def test_honeypot_empty_is_fine():
    form = CommentForm(posted(website=""))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["website"] == ""


# --- reply target ---------------------------------------------------------------


def test_parent_is_optional_and_an_id():
    form = CommentForm(posted(parent="42"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["parent"] == 42


@pytest.mark.parametrize("parent", ["abc", "0", "-1", "1.5", str(2**63), "9" * 40])
def test_bad_parent_is_a_form_error(parent):
    form = CommentForm(posted(parent=parent))
    assert not form.is_valid()
    assert "parent" not in form.errors
    assert form.errors[NON_FIELD_ERRORS]


def test_parent_and_ts_are_hidden_fields():
    assert {f.name for f in CommentForm().hidden_fields()} == {"ts", "parent"}


# --- through the view -----------------------------------------------------------


@pytest.fixture
def article(db):
    return make_article()


def _post(client, article, data):
    return client.post(f"{article.get_absolute_url()}kommentar/", data)


def _german(message):
    with override("de"):
        return escape(str(message))


def test_article_page_renders_the_timestamp(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert timestamp_age(rendered_ts(html)) < 5


def test_comment_with_a_fresh_timestamp_is_stored(client, article):
    response = _post(client, article, posted())
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("make_ts", "code"),
    [
        (lambda: "", "unverified"),
        (lambda: "123:falsch", "unverified"),
        (lambda: CommentForm.fresh_timestamp(seconds_ago=7200), "expired"),
        (lambda: CommentForm.fresh_timestamp(seconds_ago=0), "too_fast"),
    ],
    ids=["missing", "tampered", "expired", "too-fast"],
)
def test_refused_timestamps_store_nothing_and_say_why(client, article, make_ts, code):
    message = CommentForm.error_messages[code]
    response = _post(client, article, posted(ts=make_ts()))
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    html = response.content.decode()
    assert _german(message) in html
    assert "Ein Kommentar." in html  # the text is kept


def test_expired_form_can_simply_be_sent_again(client, article, settings):
    response = _post(client, article, posted(ts=CommentForm.fresh_timestamp(7200)))
    fresh = rendered_ts(response.content.decode())
    assert timestamp_age(fresh) < 5
    # the reader reads the message and sends the form shown again (here without
    # waiting the minimum time, which is not what this test is about)
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0}
    assert _post(client, article, posted(ts=fresh)).status_code == 302
    assert Comment.objects.count() == 1
