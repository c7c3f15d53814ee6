"""Readers' data: IP retention, export and erasure by e-mail address, and
the admin page for both."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.exception import convert_exception_to_response
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone, translation

from comments import moderation, privacy
from comments.admin import CommentAdmin
from comments.models import Comment, Decision, Report
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


Status = Comment.Status


def aged(obj, days):
    type(obj).objects.filter(pk=obj.pk).update(created_at=timezone.now() - timedelta(days=days))
    obj.refresh_from_db()
    return obj


# --- IP retention ---------------------------------------------------------------


@pytest.fixture
def ips(db):
    article = make_article()
    old = aged(make_comment(article, ip_address="203.0.113.0"), 31)
    recent = aged(make_comment(article, ip_address="198.51.100.0"), 29)
    old_report = aged(
        Report.objects.create(comment=recent, reason="spam", ip_address="192.0.2.0"), 31
    )
    new_report = aged(Report.objects.create(comment=old, reason="spam", ip_address="2001:db8::"), 1)
    return old, recent, old_report, new_report


def test_purge_clears_old_ips_and_keeps_recent_ones(ips, settings):
    settings.COMMENTS = {**settings.COMMENTS, "IP_RETENTION_DAYS": 30}
    out = io.StringIO()
    call_command("purge_comment_ips", stdout=out)
    old, recent, old_report, new_report = (type(obj).objects.get(pk=obj.pk) for obj in ips)
    assert old.ip_address is None
    assert recent.ip_address == "198.51.100.0"
    assert old_report.ip_address is None
    assert new_report.ip_address == "2001:db8::"
    assert "1 comment(s) and 1 report(s) older than 30 day(s)" in out.getvalue()
    # Nothing is left to clear: a second run changes nothing.
    out = io.StringIO()
    call_command("purge_comment_ips", stdout=out)
    assert "0 comment(s) and 0 report(s)" in out.getvalue()


def test_purge_days_option(ips):
    out = io.StringIO()
    call_command("purge_comment_ips", "--days", "0", stdout=out)
    assert "2 comment(s) and 2 report(s)" in out.getvalue()
    assert not Comment.objects.filter(ip_address__isnull=False).exists()
    assert not Report.objects.filter(ip_address__isnull=False).exists()


def test_purge_refuses_negative_days(ips):
    with pytest.raises(CommandError):
        call_command("purge_comment_ips", "--days", "-1")
    assert Comment.objects.filter(ip_address__isnull=False).count() == 2


def test_purge_keeps_everything_else(ips):
    before = list(Comment.objects.order_by("pk").values("pk", "name", "email", "body", "status"))
    privacy.purge_ips(days=0)
    after = list(Comment.objects.order_by("pk").values("pk", "name", "email", "body", "status"))
    assert before == after


# --- export and erasure ------------------------------------------------------------


@pytest.fixture
def anna_and_others(moderator):
    article = make_article(title="Wien wählt: „Grätzl“ im Fokus")
    first = make_comment(
        article,
        name="+43 Anna",
        email="Anna.Leserin@Example.org",
        body='=HYPERLINK("http://evil.example","klick")',
        status=Status.PENDING,
    )
    second = make_comment(
        article,
        name="@anna",
        email="anna.leserin@example.org",
        body="-2+3\nZweite Zeile; mit Semikolon",
    )
    third = make_comment(article, name="Anna", email="anna.leserin@example.org", body="\tTab")
    other = make_comment(article, name="Bob", email="bob@example.org", body="Ich bleibe.")
    reply = make_comment(
        article, name="Bob", email="bob@example.org", body="Antwort", parent=second
    )
    moderation.reject(comment_id=first.pk, user=moderator, reason="Beleidigung")
    Report.objects.create(comment=second, reason="spam", ip_address="192.0.2.0")
    Report.objects.create(comment=other, reason="spam")
    return {"article": article, "anna": [first, second, third], "other": other, "reply": reply}


def read_csv(data: bytes):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_export_contains_all_comments_of_the_address_case_insensitive(anna_and_others):
    rows = read_csv(
        privacy.export_comments_by_email("  ANNA.leserin@example.ORG ", base_url="https://x.at/")
    )
    header, *data = rows
    assert len(header) == 8
    assert [int(row[0]) for row in data] == [c.pk for c in anna_and_others["anna"]]
    article = anna_and_others["article"]
    for row in data:
        assert row[1] == "Wien wählt: „Grätzl“ im Fokus"
        assert row[2] == f"https://x.at{article.get_absolute_url()}"
    assert "bob@example.org" not in str(rows)
    assert "Ich bleibe." not in str(rows)
    first, second, third = data
    assert first[6] == "Anna.Leserin@Example.org"
    assert second[6] == "anna.leserin@example.org"
    # The rejection shows as the status; the date is local time.
    with translation.override(settings.LANGUAGE_CODE):
        assert first[4] == str(Status.REJECTED.label)
        assert second[4] == str(Status.APPROVED.label)
    created = timezone.localtime(anna_and_others["anna"][0].created_at)
    assert first[3] == created.strftime("%Y-%m-%d %H:%M")
    assert second[7].endswith("Zweite Zeile; mit Semikolon")


def test_export_neutralises_formulas(anna_and_others):
    first, second, third = read_csv(privacy.export_comments_by_email("anna.leserin@example.org"))[
        1:
    ]
    assert first[7] == '\'=HYPERLINK("http://evil.example","klick")'
    assert first[5] == "'+43 Anna"
    assert second[5] == "'@anna"
    assert second[7] == "'-2+3\nZweite Zeile; mit Semikolon"
    assert third[7] == "'\tTab"
    assert third[5] == "Anna"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_csv_safe(value, expected):
    assert privacy.csv_safe(value) == expected


def test_export_of_an_unknown_or_empty_address_has_only_the_header(anna_and_others):
    assert len(read_csv(privacy.export_comments_by_email("niemand@example.org"))) == 1
    assert len(read_csv(privacy.export_comments_by_email(""))) == 1


def test_erase_deletes_the_comments_and_their_reports_keeps_the_log(
    anna_and_others, moderator, superuser
):
    first, second, third = anna_and_others["anna"]
    decisions = Decision.objects.filter(comment=first)
    decision_ids = list(decisions.values_list("pk", flat=True))
    assert decision_ids
    decision_count = Decision.objects.count()

    erased = privacy.erase_comments_by_email("ANNA.LESERIN@example.org", user=superuser)

    assert erased == 3
    assert not Comment.objects.filter(email__iexact="anna.leserin@example.org").exists()
    assert not Report.objects.filter(comment_id__in=[first.pk, second.pk, third.pk]).exists()
    # Other readers are untouched; a reply to an erased comment stays, on its own.
    other = Comment.objects.get(pk=anna_and_others["other"].pk)
    assert other.body == "Ich bleibe."
    assert other.reports.count() == 1
    reply = Comment.objects.get(pk=anna_and_others["reply"].pk)
    assert reply.parent_id is None and reply.body == "Antwort"
    # The moderation log keeps who decided, when and what, without the comment.
    assert Decision.objects.count() == decision_count
    for decision in Decision.objects.filter(pk__in=decision_ids):
        assert decision.comment_id is None
        assert decision.comment_number == first.pk
        assert decision.moderator == moderator
        assert decision.to_status == Status.REJECTED


def test_erase_of_an_unknown_address_changes_nothing(anna_and_others, superuser):
    count = Comment.objects.count()
    assert privacy.erase_comments_by_email("niemand@example.org", user=superuser) == 0
    assert privacy.erase_comments_by_email("", user=superuser) == 0
    assert Comment.objects.count() == count


def test_erase_is_all_or_nothing(anna_and_others, superuser, monkeypatch):
    class BrokenReport:
        class objects:
            @staticmethod
            def filter(*args, **kwargs):
                raise RuntimeError("disk full")

    # Fails after the replies were re-parented, before anything is deleted.
    monkeypatch.setattr(privacy, "Report", BrokenReport)
    with pytest.raises(RuntimeError):
        privacy.erase_comments_by_email("anna.leserin@example.org", user=superuser)
    monkeypatch.undo()
    # The reply kept its parent: the re-parenting was rolled back too.
    assert Comment.objects.filter(email__iexact="anna.leserin@example.org").count() == 3
    assert Comment.objects.get(pk=anna_and_others["reply"].pk).parent_id is not None


# --- the admin page ----------------------------------------------------------------


def call_view(user, method="get", data=None):
    factory = RequestFactory()
    request = getattr(factory, method)("/admin/comments/comment/privacy/", data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = default_storage(request)
    model_admin = CommentAdmin(Comment, admin.site)
    view = convert_exception_to_response(lambda r: privacy.privacy_view(r, model_admin))
    response = view(request)
    if hasattr(response, "render"):
        response.render()
    return request, response


def test_page_for_superusers(superuser):
    _, response = call_view(superuser)
    assert response.status_code == 200
    html = response.rendered_content
    assert 'name="email"' in html and 'name="confirm"' in html
    assert 'value="export"' in html and 'value="erase"' in html
    assert 'class="breadcrumbs"' in html
    assert "no-store" in response["Cache-Control"]


def test_page_for_moderators_by_their_group(moderator):
    assert moderator.has_perm("comments.handle_privacy_request")
    _, response = call_view(moderator)
    assert response.status_code == 200


def test_page_for_users_with_the_privacy_permission(db):
    from django.contrib.auth.models import Permission

    user = make_user("datenschutz")
    user.user_permissions.add(Permission.objects.get(codename="handle_privacy_request"))
    _, response = call_view(user)
    assert response.status_code == 200


def _deleter(db):
    """Deleting comments one by one is not handling privacy requests."""
    from django.contrib.auth.models import Permission

    user = make_user("loescht")
    user.user_permissions.add(Permission.objects.get(codename="delete_comment"))
    return user


@pytest.mark.parametrize("fixture", ["journalist", "editor", "deleter"])
def test_page_refused_without_the_permission(request, db, fixture, anna_and_others):
    user = _deleter(db) if fixture == "deleter" else request.getfixturevalue(fixture)
    _, response = call_view(user)
    assert response.status_code == 403
    _, response = call_view(
        user, "post", {"email": "anna.leserin@example.org", "operation": "erase", "confirm": "on"}
    )
    assert response.status_code == 403
    assert Comment.objects.filter(email__iexact="anna.leserin@example.org").count() == 3


def test_page_export_downloads_csv(superuser, anna_and_others):
    _, response = call_view(
        superuser, "post", {"email": "ANNA.leserin@example.org", "operation": "export"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="kommentare-export-')
    assert "anna" not in response["Content-Disposition"].lower()
    assert "no-store" in response["Cache-Control"]
    rows = read_csv(response.content)
    assert len(rows) == 4
    assert rows[1][2].startswith("http://testserver/")
    assert Comment.objects.filter(email__iexact="anna.leserin@example.org").count() == 3


def test_page_erase_needs_the_confirmation(superuser, anna_and_others):
    _, response = call_view(
        superuser, "post", {"email": "anna.leserin@example.org", "operation": "erase"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.rendered_content
    assert Comment.objects.filter(email__iexact="anna.leserin@example.org").count() == 3


def test_page_erase_with_confirmation(superuser, anna_and_others):
    request, response = call_view(
        superuser,
        "post",
        {"email": "anna.leserin@example.org", "operation": "erase", "confirm": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/comments/comment/privacy/"
    assert not Comment.objects.filter(email__iexact="anna.leserin@example.org").exists()
    assert Comment.objects.filter(email="bob@example.org").count() == 2
    notes = [str(m) for m in get_messages(request)]
    assert len(notes) == 1 and "3" in notes[0]


@pytest.mark.parametrize(
    "data",
    [
        {"email": "niemand@example.org", "operation": "export"},
        {"email": "niemand@example.org", "operation": "erase", "confirm": "on"},
        {"email": "kein-e-mail", "operation": "export"},
        {"email": "", "operation": "export"},
        {"email": "anna.leserin@example.org", "operation": "delete-everything"},
        {"email": "anna.leserin@example.org"},
        {"email": "a\r\nBcc: x@y" * 100, "operation": "export"},
    ],
)
def test_page_bad_input_shows_an_error(superuser, anna_and_others, data):
    _, response = call_view(superuser, "post", data)
    assert response.status_code == 200
    assert "errornote" in response.rendered_content
    assert Comment.objects.count() == 5
