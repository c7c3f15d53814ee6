"""Replies, reader reports, closing, post-moderation, flood and duplicate
handling, through the reader's own URLs."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import CommentModeration
from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment, Decision, Report
from tests.factories import make_approved_comments, make_article, make_comment, make_section

pytestmark = pytest.mark.django_db


def _post(client, article, data, **extra):
    return client.post(f"{article.get_absolute_url()}kommentar/", data, **extra)


# --- replies ---------------------------------------------------------------------


def test_reply_is_shown_under_its_parent(client, comment_data, moderator):
    article = make_article()
    parent = make_comment(article, body="Ausgangsbeitrag")
    make_comment(article, body="Anderer Beitrag")
    response = _post(client, article, {**comment_data, "parent": parent.pk, "body": "Eine Antwort"})
    assert response.status_code == 302
    reply = Comment.objects.get(body="Eine Antwort")
    assert reply.parent == parent
    moderation.approve(comment_id=reply.pk, user=moderator)
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.index("Ausgangsbeitrag")
    assert start < html.index("Eine Antwort") < html.index("Anderer Beitrag")
    assert 'class="comment-replies"' in html


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_reply_to_a_hidden_comment_is_impossible(client, comment_data, status):
    article = make_article()
    hidden = make_comment(article, status=status)
    response = _post(client, article, {**comment_data, "parent": hidden.pk})
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_reply_to_a_comment_hidden_by_reports_is_impossible(client, comment_data):
    article = make_article()
    hidden = make_comment(article, hidden_by_reports=True)
    assert _post(client, article, {**comment_data, "parent": hidden.pk}).status_code == 400


def test_replies_are_one_level_deep(client, comment_data):
    article = make_article()
    parent = make_comment(article)
    reply = make_comment(article, parent=parent)
    assert _post(client, article, {**comment_data, "parent": reply.pk}).status_code == 400
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("parent", ["999999", "abc", "-1", "1" * 30])
def test_bad_parent_values_are_refused_calmly(client, comment_data, parent):
    article = make_article()
    response = _post(client, article, {**comment_data, "parent": parent})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_reply_to_a_comment_of_another_article_is_refused(client, comment_data):
    elsewhere = make_comment(make_article())
    article = make_article()
    assert _post(client, article, {**comment_data, "parent": elsewhere.pk}).status_code == 400


def test_reply_link_prefills_the_form_without_javascript(client):
    article = make_article()
    parent = make_comment(article, name="Bernd")
    html = client.get(f"{article.get_absolute_url()}?antworten={parent.pk}").content.decode()
    assert f'name="parent" value="{parent.pk}"' in html
    assert "Bernd" in html
    for junk in ("x", "99999999999999999999999", "<script>"):
        assert client.get(article.get_absolute_url(), {"antworten": junk}).status_code == 200


# --- reports ----------------------------------------------------------------------


def _report(client, comment, reason="abuse", ip="198.51.100.1", **data):
    return client.post(
        reverse("comments:report", args=[comment.pk]),
        {"reason": reason, **data},
        REMOTE_ADDR=ip,
    )


def test_report_form_works_without_javascript(client):
    comment = make_comment(make_article())
    page = client.get(reverse("comments:report", args=[comment.pk]))
    assert page.status_code == 200
    assert 'type="radio"' in page.content.decode()
    response = _report(client, comment, note="Beleidigt andere")
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reason, report.note, report.ip_address) == (
        "abuse",
        "Beleidigt andere",
        "198.51.100.0",
    )
    comment.refresh_from_db()
    assert comment.reports_count == 1 and not comment.hidden_by_reports


def test_enough_reports_hide_the_comment_until_a_moderator_decides(client, settings, moderator):
    settings.COMMENTS = {**settings.COMMENTS, "REPORTS_TO_HIDE": 3}
    article = make_article()
    comment = make_comment(article, body="Umstrittener Beitrag")
    for n in range(3):
        assert _report(client, comment, ip=f"203.0.{n}.9").status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_by_reports
    assert "Umstrittener Beitrag" not in client.get(article.get_absolute_url()).content.decode()
    assert Decision.objects.filter(source="reports", comment=comment).count() == 1

    moderation.approve(comment_id=comment.pk, user=moderator, expected_status="reported")
    comment.refresh_from_db()
    assert not comment.hidden_by_reports and comment.reports_count == 0
    assert not Report.objects.filter(resolved=False).exists()
    assert "Umstrittener Beitrag" in client.get(article.get_absolute_url()).content.decode()


def test_the_same_reader_reporting_twice_counts_once(client):
    comment = make_comment(make_article())
    _report(client, comment)
    response = _report(client, comment)
    assert response.status_code == 400
    assert Report.objects.count() == 1


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_hidden_comments_cannot_be_reported(client, status):
    comment = make_comment(make_article(), status=status)
    assert _report(client, comment).status_code == 404


def test_bad_report_reason_is_refused(client):
    comment = make_comment(make_article())
    assert _report(client, comment, reason="<script>").status_code == 400
    assert not Report.objects.exists()


def test_comment_of_an_unpublished_article_cannot_be_reported(client):
    comment = make_comment(make_article(status="draft"))
    assert _report(client, comment).status_code == 404


# --- closing ------------------------------------------------------------------------


def test_comments_switched_off(client, comment_data):
    article = make_article(comments_enabled=False)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "geschlossen" in html and 'class="comment-form"' not in html
    assert _post(client, article, comment_data).status_code == 400
    assert not Comment.objects.exists()


def test_comments_close_by_themselves_after_the_sections_days(client, comment_data):
    section = make_section(comments_close_after_days=3)
    closed = make_article(section=section, publish_at=timezone.now() - timedelta(days=4))
    still_open = make_article(section=section, publish_at=timezone.now() - timedelta(days=2))
    html = client.get(closed.get_absolute_url()).content.decode()
    assert "geschlossen" in html and 'class="comment-form"' not in html
    assert _post(client, closed, comment_data).status_code == 400
    assert 'class="comment-form"' in client.get(still_open.get_absolute_url()).content.decode()
    assert _post(client, still_open, comment_data).status_code == 302
    assert Comment.objects.count() == 1


# --- policy, as the reader meets it -------------------------------------------------


def test_post_moderated_section_shows_the_comment_at_once(client, comment_data):
    section = make_section(comment_moderation=CommentModeration.POST)
    article = make_article(section=section)
    response = _post(client, article, {**comment_data, "body": "Sofort sichtbar"}, follow=True)
    assert "Sofort sichtbar" in response.content.decode()
    assert "veröffentlicht" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == "approved"
    assert Decision.objects.get(comment=comment).source == "policy"


def test_article_can_require_pre_moderation_in_a_post_moderated_section(client, comment_data):
    section = make_section(comment_moderation=CommentModeration.POST)
    article = make_article(section=section, comment_moderation=CommentModeration.PRE)
    _post(client, article, comment_data)
    assert Comment.objects.get().status == "pending"


def test_flooding_gets_429_in_german_and_stores_nothing_more(client, comment_data, settings):
    settings.COMMENTS = {**settings.COMMENTS, "FLOOD_MAX": 2, "FLOOD_WINDOW_SECONDS": 600}
    article = make_article()
    for n in range(2):
        data = {**comment_data, "body": f"Beitrag {n}", "ts": CommentForm.fresh_timestamp()}
        response = _post(client, article, data)
        assert response.status_code == 302
    response = _post(client, article, {**comment_data, "body": "Einer zu viel"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sie haben in kurzer Zeit viele Kommentare geschickt." in html
    assert re.search(r"Bitte versuchen Sie es ab \d\d:\d\d Uhr wieder \(in etwa 10 Minuten\)", html)
    assert "Einer zu viel" in html  # the form again, with the text
    assert 570 <= int(response["Retry-After"]) <= 600
    assert Comment.objects.count() == 2


def test_same_text_twice_from_the_same_address_stores_one(client, comment_data):
    article = make_article()
    assert _post(client, article, comment_data).status_code == 302
    again = {**comment_data, "body": "  guter   TEXT! ", "ts": CommentForm.fresh_timestamp()}
    assert _post(client, article, again).status_code == 302
    assert Comment.objects.count() == 1


def test_a_form_sent_twice_by_a_double_click_is_one_comment_and_one_answer(client, comment_data):
    article = make_article()
    first = _post(client, article, comment_data)
    second = _post(client, article, comment_data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Comment.objects.count() == 1


def test_one_form_serves_one_comment(client, comment_data, settings):
    """Another text with the same signed form is refused; the form shown again
    keeps the text and carries a fresh timestamp, which works."""
    article = make_article()
    assert _post(client, article, comment_data).status_code == 302
    response = _post(client, article, {**comment_data, "body": "Noch ein Gedanke"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dieses Formular wurde bereits verwendet." in html
    assert "Noch ein Gedanke" in html
    fresh = re.search(r'name="ts" value="([^"]+)"', html)[1]
    assert fresh != comment_data["ts"]
    # Sent again at once (the minimum time is not what this test is about).
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0}
    again = {**comment_data, "body": "Noch ein Gedanke", "ts": fresh}
    assert _post(client, article, again).status_code == 302
    assert Comment.objects.count() == 2


def test_banned_word_is_refused_with_a_clear_message(client, comment_data):
    from comments.models import BlockedTerm

    BlockedTerm.objects.create(pattern="*trottel*", action="reject")
    article = make_article()
    response = _post(client, article, {**comment_data, "body": "Du Volltrottel"}, follow=True)
    assert "nicht veröffentlicht" in response.content.decode()
    # Stored for the audit and the commenter's history, never shown.
    assert Comment.objects.get(body="Du Volltrottel").status == "rejected"
    assert "Du Volltrottel" not in client.get(article.get_absolute_url()).content.decode()


# --- the audit --------------------------------------------------------------------


def test_every_decision_is_recorded_and_cannot_be_changed(moderator):
    comment = make_comment(make_article(), status="pending")
    moderation.reject(comment_id=comment.pk, user=moderator, reason="Beleidigung")
    moderation.approve(comment_id=comment.pk, user=moderator)
    decisions = list(Decision.objects.filter(comment=comment).order_by("created_at", "pk"))
    assert [(d.from_status, d.to_status) for d in decisions] == [
        ("pending", "rejected"),
        ("rejected", "approved"),
    ]
    assert decisions[0].reason == "Beleidigung" and decisions[0].moderator == moderator
    with pytest.raises(ValueError):
        decisions[0].reason = "geändert"
        decisions[0].save()
    with pytest.raises(ValueError):
        decisions[0].delete()


def test_a_stale_decision_is_refused_and_leaves_one_record(moderator):
    from comments.moderation import AlreadyDecided
    from tests.factories import make_user

    other = make_user("zweite", group="Moderators")
    comment = make_comment(make_article(), status="pending")
    moderation.approve(comment_id=comment.pk, user=moderator, expected_status="pending")
    with pytest.raises(AlreadyDecided):
        moderation.reject(
            comment_id=comment.pk, user=other, reason="Beleidigung", expected_status="pending"
        )
    assert Decision.objects.filter(comment=comment).count() == 1
    assert Comment.objects.get(pk=comment.pk).status == "approved"


# --- scale ----------------------------------------------------------------------------


def test_5000_comments_render_paginated_with_constant_queries(client, settings):
    settings.COMMENTS = {**settings.COMMENTS, "PER_PAGE": 50}
    small = make_article()
    make_approved_comments(small, 3)
    make_comment(small, parent=Comment.objects.filter(article=small).first())
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_absolute_url()).status_code == 200

    big = make_article()
    make_approved_comments(big, 5000)
    parents = list(Comment.objects.filter(article=big).order_by("pk")[:40])
    for parent in parents:
        make_comment(big, parent=parent)
    with CaptureQueriesContext(connection) as many:
        response = client.get(big.get_absolute_url())
    html = response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "5.040 Kommentare" in html or "5040 Kommentare" in html
    assert html.count('class="comment"') == 50 + 40
    last = client.get(big.get_absolute_url(), {"kommentare": 100}).content.decode()
    assert "Kommentar 4999" in last
