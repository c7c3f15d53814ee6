"""Queue alerts for moderators: thresholds, recipients, no repeats, no
header injection from reader input."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation

from comments import notifications
from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


Status = Comment.Status


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.COMMENTS = {
        **settings.COMMENTS,
        "QUEUE_ALERT_SIZE": 2,
        "QUEUE_ALERT_MINUTES": 60,
        "QUEUE_ALERT_REPEAT_MINUTES": 60,
    }
    cache.delete(notifications.CACHE_KEY)
    yield
    cache.delete(notifications.CACHE_KEY)


@pytest.fixture
def moderators(db):
    """Two who should get the alert, and several who must not."""
    anna = make_user("anna", group="Moderators", email="anna@redaktion.example")
    bert = make_user("bert", group="Moderators", email="Bert@redaktion.example")
    make_user("ex", group="Moderators", email="ex@redaktion.example", is_active=False)
    make_user("ohne", group="Moderators", email="")
    make_user("reporterin", group="Journalists", email="reporterin@redaktion.example")
    make_user("chefin", group="Editors", email="chefin@redaktion.example")
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", email="root@redaktion.example", password="x-123456")
    return [anna, bert]


def pending(article, minutes_ago=1, **kw):
    comment = make_comment(article, status=Status.PENDING, **kw)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return comment


@pytest.fixture
def article(db):
    return make_article()


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("notify_moderators", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_queue_too_long_sends_one_mail_to_the_active_moderators_only(article, moderators):
    for _ in range(3):
        pending(article)
    output = run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.recipients()) == ["Bert@redaktion.example", "anna@redaktion.example"]
    assert message.bcc == message.recipients()
    assert message.to == [] and message.cc == []
    assert "3" in message.subject
    assert "/admin/comments/comment/workspace/" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "sent to 2 moderator(s)" in output


def test_below_the_thresholds_no_mail(article, moderators):
    pending(article, minutes_ago=59)
    pending(article, minutes_ago=10)
    output = run()
    assert mail.outbox == []
    assert "Below the thresholds" in output


def test_empty_queue_no_mail(moderators):
    assert notifications.notify_moderators().outcome == "below_threshold"
    assert mail.outbox == []


def test_decided_comments_do_not_count(article, moderators):
    for _ in range(3):
        make_comment(article, status=Status.APPROVED)
    old = pending(article, minutes_ago=500)
    Comment.objects.filter(pk=old.pk).update(status=Status.SPAM)
    run()
    assert mail.outbox == []


def test_oldest_comment_waiting_too_long_sends_a_mail(article, moderators):
    pending(article, minutes_ago=61)
    result = notifications.notify_moderators()
    assert result.sent and result.crossed == ("age",)
    assert len(mail.outbox) == 1
    assert "61" in mail.outbox[0].subject


def test_second_run_within_the_interval_sends_nothing_force_does(article, moderators):
    for _ in range(3):
        pending(article)
    run()
    output = run()
    assert len(mail.outbox) == 1
    assert "already sent" in output
    run("--force")
    assert len(mail.outbox) == 2
    # When the remembered alert expires, the next run alerts again.
    cache.delete(notifications.CACHE_KEY)
    run()
    assert len(mail.outbox) == 3


def test_a_failed_send_is_not_remembered(article, moderators, settings, monkeypatch):
    for _ in range(3):
        pending(article)

    def broken(self, *args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(OSError):
        notifications.notify_moderators()
    monkeypatch.undo()
    assert notifications.notify_moderators().sent


def test_no_moderators_with_address_no_mail(article):
    make_user("ohne", group="Moderators", email="")
    for _ in range(3):
        pending(article)
    output = run()
    assert mail.outbox == []
    assert "no active moderator" in output
    # Nothing was remembered: once a moderator has an address, the alert goes out.
    make_user("anna", group="Moderators", email="anna@redaktion.example")
    run()
    assert len(mail.outbox) == 1


def test_reader_input_never_reaches_the_headers(article, moderators):
    evil = "Hallo\r\nBcc: evil@x.example\r\nSubject: gewonnen\nX-Evil: 1"
    pending(article, minutes_ago=120, name=evil, body=evil, email="evil@x.example")
    pending(article, minutes_ago=5, name=evil, body=evil)
    pending(article, minutes_ago=5, body=evil)
    run()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    message = sent.message()
    for name, value in message.items():
        assert "evil" not in str(value).lower(), name
        assert "gewonnen" not in str(value), name
    assert message["X-Evil"] is None
    assert "evil@x.example" not in sent.recipients()
    # The excerpt in the body is one line, without the reader's line breaks.
    assert "\r" not in sent.body
    assert not any(
        line.startswith(("Bcc:", "Subject:", "X-Evil")) for line in sent.body.split("\n")
    )
    assert "Hallo Bcc: evil@x.example Subject: gewonnen X-Evil: 1" in sent.body
    # No reader names or addresses in the mail at all.
    assert "Leserin" not in sent.body


def test_excerpt_is_truncated(article, moderators):
    pending(article, minutes_ago=120, body="Wort " * 500)
    run()
    body = mail.outbox[0].body
    assert "Wort " * 30 not in body
    assert "…" in body


def test_one_line_strips_control_characters():
    assert notifications.one_line("a\r\nb\tc\x00d\u2028e\x85f") == "a b c d e f"
    assert notifications.one_line("x" * 500, limit=10) == "x" * 9 + "…"


def test_base_url_option_makes_the_link_absolute(article, moderators):
    pending(article, minutes_ago=120)
    run("--base-url", "https://www.example.at/")
    assert "https://www.example.at/admin/comments/comment/workspace/" in mail.outbox[0].body


def test_site_url_setting_makes_the_link_absolute(article, moderators, settings):
    settings.SITE_URL = "https://newsroom.example"
    pending(article, minutes_ago=120)
    run()
    assert "https://newsroom.example/admin/comments/comment/workspace/" in mail.outbox[0].body


def test_mail_is_written_in_the_site_language_and_leaves_the_active_one_alone(
    article, moderators, monkeypatch
):
    seen = []
    real = notifications.ngettext

    def spy(*args):
        seen.append(translation.get_language())
        return real(*args)

    monkeypatch.setattr(notifications, "ngettext", spy)
    pending(article, minutes_ago=120)
    with translation.override("en"):
        notifications.notify_moderators()
        assert translation.get_language() == "en"
    assert seen == ["de"]


def test_command_exits_cleanly_and_says_what_it_did(article, moderators):
    assert "Queue: 0 pending" in run()
