"""Accounts: login throttling, session rotation and ending, password reset
that reveals nothing, password strength."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-123"
LOGIN = "/admin/login/"


def _login(client, username, password, ip="192.0.2.10"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


# --- throttling (django-axes) ---------------------------------------------------------


def test_five_failures_lock_the_username_from_that_address(client, editor):
    for _ in range(4):
        response = _login(client, "chefin", "falsch")
        assert response.status_code == 200  # the form again, with its error
    locked = _login(client, "chefin", "falsch")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "15 Minuten" in html
    assert "chefin" not in html  # the page names no account
    # The lockout is in the audit log, once, next to the five failures.
    lockout = AuditEvent.objects.get(action=AuditEvent.Action.LOCKED_OUT)
    assert lockout.actor is None and lockout.details == {"username": "chefin"}
    assert lockout.ip == "192.0.2.0"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 5
    # Now even the right password is refused, and no session is created.
    right = _login(client, "chefin", PASSWORD)
    assert right.status_code == 429
    assert SESSION_KEY not in client.session
    # Each attempt refused during the lockout is logged as one more.
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT).count() == 2
    # The lock is per username and address: the same person elsewhere, and
    # another account from here, can still log in.
    assert _login(Client(), "chefin", PASSWORD, ip="192.0.2.99").status_code == 302
    make_user("zweite", group="Editors")
    assert _login(Client(), "zweite", PASSWORD).status_code == 302


def test_the_lock_is_shared_through_the_database(client, editor):
    """Attempts are database rows, so every web process sees them: a fresh
    client (as another process would be) is locked out too."""
    for _ in range(5):
        _login(client, "chefin", "falsch")
    assert AccessAttempt.objects.get(username="chefin").failures_since_start == 5
    assert _login(Client(), "chefin", PASSWORD).status_code == 429


def test_a_successful_login_resets_the_failures(client, editor):
    for _ in range(4):
        _login(client, "chefin", "falsch")
    assert _login(client, "chefin", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "chefin", "falsch").status_code == 200


def test_unknown_usernames_are_throttled_the_same_way(client):
    for _ in range(5):
        response = _login(client, "gibt-es-nicht", "falsch")
    assert response.status_code == 429


def _spray(client, count, ip="192.0.2.10", start=0):
    """One failed login each for ``count`` different usernames from ``ip``."""
    return [
        _login(client, f"opfer{n}", "Sommer2026!", ip=ip).status_code
        for n in range(start, start + count)
    ]


def test_many_usernames_from_one_address_end_in_a_lockout(client, editor, settings):
    """Password spraying: one address trying one password on many accounts
    never fails five times for one username, and is still locked out."""
    limit = settings.LOGIN_IP_FAILURE_LIMIT
    assert limit == 30
    assert _spray(client, limit - 1) == [200] * (limit - 1)
    locked = _login(client, "opfer-letztes", "Sommer2026!")
    assert locked.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in locked.content.decode()
    assert AccessAttempt.objects.filter(failures_since_start__gte=2).count() == 0
    lockout = AuditEvent.objects.get(action=AuditEvent.Action.LOCKED_OUT)
    assert lockout.details == {"username": "opfer-letztes"}
    # From that address every account is locked now, even with its password ...
    assert _login(Client(), "chefin", PASSWORD).status_code == 429
    # ... and from anywhere else nothing is.
    assert _login(Client(), "chefin", PASSWORD, ip="198.51.100.7").status_code == 302


def test_a_lockout_does_not_block_other_addresses(client, editor):
    make_user("zweite", group="Editors")
    # A username locked from one address ...
    for _ in range(5):
        _login(client, "chefin", "falsch", ip="192.0.2.10")
    assert _login(Client(), "chefin", PASSWORD, ip="192.0.2.10").status_code == 429
    # ... and an address locked for all usernames ...
    assert _spray(Client(), 30, ip="192.0.2.20")[-1] == 429
    assert _login(Client(), "zweite", PASSWORD, ip="192.0.2.20").status_code == 429
    # ... leave every other address alone, for the same usernames too.
    other = "203.0.113.5"
    assert _spray(Client(), 3, ip=other) == [200] * 3
    assert _login(Client(), "chefin", "falsch", ip=other).status_code == 200
    assert _login(Client(), "chefin", PASSWORD, ip=other).status_code == 302
    assert _login(Client(), "zweite", PASSWORD, ip=other).status_code == 302


def test_a_successful_login_does_not_reset_other_usernames_failures(client, editor):
    """An attacker with one valid account must not be able to wipe the count
    of their address, nor their failures against a colleague, by logging in
    as themselves between attempts."""
    make_user("angreifer", group="Journalists")
    # Failures against a colleague survive the attacker's own login ...
    for _ in range(4):
        assert _login(client, "chefin", "falsch").status_code == 200
    assert _login(Client(), "angreifer", PASSWORD).status_code == 302
    assert _login(client, "chefin", "falsch").status_code == 429
    assert AccessAttempt.objects.get(username="chefin").failures_since_start == 5
    # ... and so does the address's count: 5 + 24 = 29 failures, a login, the 30th.
    assert _spray(client, 24) == [200] * 24
    assert _login(Client(), "angreifer", PASSWORD).status_code == 302
    assert _spray(client, 1, start=100) == [429]


def test_server_side_authentication_without_a_request_still_works(editor):
    """manage.py and the shell call authenticate() without a request; the
    throttle has nothing to count there and lets ModelBackend decide."""
    from django.contrib.auth import authenticate

    assert authenticate(username="chefin", password=PASSWORD) == editor
    assert authenticate(username="chefin", password="falsch") is None


# --- sessions ---------------------------------------------------------------------------


def test_login_rotates_the_session_key(client, editor):
    client.get(LOGIN)
    session = client.session
    session["before_login"] = True
    session.save()
    anonymous_key = session.session_key
    assert _login(client, "chefin", PASSWORD).status_code == 302
    assert client.session.session_key != anonymous_key
    assert not SessionStore().exists(anonymous_key)


def test_logout_ends_the_session(client, editor):
    _login(client, "chefin", PASSWORD)
    key = client.session.session_key
    assert client.get("/admin/").status_code == 200
    client.post(reverse("admin:logout"))
    assert not SessionStore().exists(key)
    # Replaying the old cookie does not bring the login back.
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get("/admin/").status_code == 302


def test_deactivating_a_user_ends_their_sessions(client, editor):
    _login(client, "chefin", PASSWORD)
    assert client.get("/admin/").status_code == 200
    User.objects.filter(pk=editor.pk).update(is_active=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_changing_the_password_ends_other_sessions(client, editor):
    _login(client, "chefin", PASSWORD)
    editor.set_password("Ein-neues-langes-Passwort-9")
    editor.save()
    assert client.get("/admin/").status_code == 302


def test_session_cookie_is_httponly_and_samesite(client, editor):
    _login(client, "chefin", PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- password reset -----------------------------------------------------------------------


def test_admin_login_offers_password_reset(client):
    html = client.get(LOGIN).content.decode()
    assert 'href="/admin/password_reset/"' in html


def test_password_reset_does_not_reveal_whether_an_account_exists(client, editor):
    editor.email = "chefin@example.org"
    editor.save()
    url = reverse("admin_password_reset")
    known = client.post(url, {"email": "chefin@example.org"})
    unknown = client.post(url, {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["chefin@example.org"]
    done = client.get(reverse("password_reset_done")).content.decode()
    assert "niemand@example.org" not in done and "chefin" not in done


def test_the_reset_link_sets_a_new_password_once(client, editor):
    editor.email = "chefin@example.org"
    editor.save()
    client.post(reverse("admin_password_reset"), {"email": "chefin@example.org"})
    link = re.search(r"https?://[^/]+(/admin/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session key
    new = "Zeitungspapier-Druckerei-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("password_reset_complete")
    editor.refresh_from_db()
    assert editor.check_password(new)
    # The link is used up.
    again = Client().get(link, follow=True)
    assert "new_password1" not in again.content.decode()


# --- password strength ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "Kurz-7-Zeic",  # 11 characters
        "password1234",  # a common password
        "123456789012345",  # only digits
        "chefin@example",  # like the user's own e-mail address
    ],
)
def test_weak_passwords_are_refused(password):
    user = User(username="chefin", email="chefin@example.org")
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, user)


def test_a_long_unusual_password_is_accepted(editor):
    assert password_validation.validate_password("Zeitungspapier-Druckerei-42", editor) is None


def test_minimum_length_is_twelve():
    texts = password_validation.password_validators_help_texts()
    assert any("12" in text for text in texts)
