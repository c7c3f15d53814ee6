"""The comment form's guards: the signed timestamp (fresh, missing and
confirmed, tampered, expired, too fast; the endpoint that issues it), the
honeypot and the reply target's id."""

import re
import time

import pytest
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import escape
from django.utils.translation import override

from comments.forms import (
    CONFIRMATION,
    CONFIRMATION_SALT,
    FORM,
    TIMESTAMP_SALT,
    CommentForm,
    make_timestamp,
    read_stamp,
    timestamp_age,
)
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
    settings.COMMENTS = {
        **settings.COMMENTS,
        "FORM_MIN_SECONDS": 3,
        "FORM_CONFIRM_MIN_SECONDS": 1,
        "FORM_MAX_AGE_SECONDS": 3600,
    }


# --- the timestamp ----------------------------------------------------------------


def test_unbound_form_carries_no_timestamp():
    """The page with the form is the same for every reader: its ts is empty
    (the script or the confirmation brings one)."""
    form = CommentForm()
    assert "ts" not in form.initial
    html = str(form)
    assert re.search(r'<input type="hidden" name="ts" id="id_ts">', html)
    assert 'name="ts" value=' not in html


def test_initial_values_are_kept_and_no_timestamp_added():
    initial = {"parent": 7}
    form = CommentForm(initial=initial)
    assert form.initial == {"parent": 7}
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
def test_missing_timestamp_asks_for_a_confirmation(ts):
    """No JavaScript (or the request for a timestamp failed): the form is not
    valid, but it has no error to show: it comes back with a confirmation
    timestamp and what the reader typed."""
    data = posted()
    if ts is None:
        del data["ts"]
    else:
        data["ts"] = ts
    form = CommentForm(data)
    assert not form.is_valid()
    assert form.needs_confirmation is True
    assert form.is_bot is False
    assert codes(form) == []  # nothing in the error summary
    assert form.shown_errors is False
    assert form.has_error("ts", "confirm")  # kept at the hidden field
    html = str(form)
    issued, _nonce, kind = read_stamp(rendered_ts(html))
    assert kind == CONFIRMATION
    assert 0 <= time.time() - issued < 5
    assert 'value="Anna"' in html  # what the reader typed is kept


def test_missing_timestamp_with_other_errors_shows_the_errors():
    form = CommentForm(posted(ts="", email="kaputt"))
    assert not form.is_valid()
    assert form.needs_confirmation and form.shown_errors
    assert read_stamp(rendered_ts(str(form)))[2] == CONFIRMATION


def test_the_two_kinds_are_signed_apart():
    """A form timestamp cannot pass for a confirmation one (with its shorter
    minimum), nor the other way round."""
    issued = time.time() - 20
    form_ts, confirmation_ts = make_timestamp(issued), make_timestamp(issued, kind=CONFIRMATION)
    assert read_stamp(form_ts)[2] == FORM and read_stamp(confirmation_ts)[2] == CONFIRMATION
    form_payload = form_ts.rsplit(":", 1)[0]
    confirmation_payload = confirmation_ts.rsplit(":", 1)[0]
    assert re.fullmatch(rf"{int(issued)}\.[0-9a-f]{{24}}", form_payload)
    assert re.fullmatch(rf"{int(issued * 1000)}\.[0-9a-f]{{24}}", confirmation_payload)
    # Each payload with the other kind's signature: not verified.
    swapped = [
        f"{form_payload}:{confirmation_ts.rsplit(':', 1)[1]}",
        f"{confirmation_payload}:{form_ts.rsplit(':', 1)[1]}",
    ]
    for ts in swapped:
        assert codes(CommentForm(posted(ts=ts))) == ["unverified"]


def test_a_confirmation_has_a_shorter_minimum_than_a_form_timestamp():
    """A person clicks within a second or two of the note; a form timestamp
    (what the endpoint gives anyone) keeps the full minimum."""
    confirmed = CommentForm(posted(ts=CommentForm.fresh_timestamp(2, kind=CONFIRMATION)))
    assert confirmed.is_valid(), confirmed.errors
    asked = CommentForm(posted(ts=CommentForm.fresh_timestamp(2, kind=FORM)))
    assert codes(asked) == ["too_fast"] and asked.is_bot


@pytest.mark.parametrize("seconds_ago", [0, 0.5, -30])
def test_an_instant_confirmation_is_a_bot(seconds_ago):
    ts = CommentForm.fresh_timestamp(seconds_ago, kind=CONFIRMATION)
    form = CommentForm(posted(ts=ts))
    assert codes(form) == ["too_fast"]
    assert form.is_bot is True


def test_the_confirmation_minimum_is_never_longer_than_the_form_minimum(settings):
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0, "FORM_CONFIRM_MIN_SECONDS": 5}
    assert CommentForm(posted(ts=CommentForm.fresh_timestamp(0, kind=CONFIRMATION))).is_valid()


def test_a_confirmation_expires_like_a_form_timestamp():
    stale = CommentForm.fresh_timestamp(3601, kind=CONFIRMATION)
    assert codes(CommentForm(posted(ts=stale))) == ["expired"]


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
        signing.Signer(salt=CONFIRMATION_SALT).sign(issued),  # confirmation without a nonce
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


def test_article_page_carries_no_timestamp_but_where_to_get_one(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'name="ts" value=' not in html
    assert 'data-timestamp-url="/kommentar/formular/"' in html
    assert '<script src="/static/js/comment-form.js" defer></script>' in html


def test_the_endpoint_gives_a_fresh_form_timestamp_nobody_keeps(client):
    first, second = client.get("/kommentar/formular/"), client.get("/kommentar/formular/")
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    one, other = first.json()["ts"], second.json()["ts"]
    assert one != other  # a form serves one comment
    issued, _nonce, kind = read_stamp(one)
    assert kind == FORM and 0 <= time.time() - issued < 5
    cache_control = first["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "public" not in cache_control
    assert "X-Page-Cache" not in first  # never from the page cache
    assert client.post("/kommentar/formular/").status_code == 405


def test_comment_with_a_fresh_timestamp_is_stored(client, article):
    response = _post(client, article, posted())
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("make_ts", "code"),
    [
        (lambda: "123:falsch", "unverified"),
        (lambda: CommentForm.fresh_timestamp(seconds_ago=7200), "expired"),
        (lambda: CommentForm.fresh_timestamp(seconds_ago=0), "too_fast"),
    ],
    ids=["tampered", "expired", "too-fast"],
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


def test_without_javascript_a_second_click_sends_the_comment(client, article, settings):
    """The first send (no timestamp) stores nothing and is not an error: a
    note, what the reader typed, a confirmation timestamp; the second send
    goes through the usual checks."""
    first = _post(client, article, posted(ts=""))
    assert first.status_code == 200
    assert Comment.objects.count() == 0
    html = first.content.decode()
    assert "noch einmal auf „Kommentar absenden“" in html
    assert 'class="form-note" id="kommentar-fehler" role="status"' in html
    assert 'role="alert"' not in html and "form-errors" not in html
    assert "Ein Kommentar." in html and 'value="Anna"' in html
    assert "no-store" in first["Cache-Control"]  # this reader's text: nobody keeps it
    confirmation = rendered_ts(html)
    assert read_stamp(confirmation)[2] == CONFIRMATION
    # Sent again at once (a bot resending what it got): too fast, nothing stored.
    again = _post(client, article, posted(ts=confirmation))
    assert again.status_code == 400 and Comment.objects.count() == 0
    assert _german(CommentForm.error_messages["too_fast"]) in again.content.decode()
    # A person's click a moment later (the minimum is not what this test is about).
    settings.COMMENTS = {**settings.COMMENTS, "FORM_CONFIRM_MIN_SECONDS": 0}
    assert _post(client, article, posted(ts=confirmation)).status_code == 302
    assert Comment.objects.get().form_nonce == read_stamp(confirmation)[1]
    # The confirmation served its comment: used again, it is refused.
    used = _post(client, article, posted(ts=confirmation, body="Noch einer."))
    assert used.status_code == 400 and Comment.objects.count() == 1


def test_without_a_timestamp_the_errors_come_first(client, article):
    response = _post(client, article, posted(ts="", email="kaputt"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "form-note" not in html
    assert read_stamp(rendered_ts(html))[2] == CONFIRMATION
    assert Comment.objects.count() == 0
