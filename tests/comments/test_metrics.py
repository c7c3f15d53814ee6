"""Moderation metrics against hand-computed values, and the metrics page.

The scenario (local time, Europe/Vienna; March 2025 is CET = UTC+1):

day A = Mon 10.03.2025, day B = Tue 11.03.2025, period [A 00:00, C 00:00)

comment  submitted      decisions (moderator unless marked)         minutes to 1st
c1       A 09:00        anna approved A 09:10                       10
c2       A 09:00        anna rejected A 09:30                       30
c3       A 08:00        bert spam A 09:00                           60
c4       A 07:00        bert approved A 09:00, anna rejected A 10:00 120
c5       A 23:00        anna approved B 00:30 (= A 23:30 UTC)        90 (day B!)
c6       B 10:00        bert approved B 10:45, hidden by reports B 12:00  45
c7       B 10:00        anna spam B 10:05                           5
c8       A 09:00        policy spam A 09:00:01                      – (policy)
c9       B 11:00        policy approved B 11:00                     – (policy)
c10      B 12:00        anna approved C 00:00 (outside: end excluded; 720 min in [C, D))
c11      09.03. 10:00   bert approved 09.03. 23:00 (outside), bert rejected A 08:00
                        (first decision outside → no time; decision counts)

Times (nearest rank: x[ceil(p·n/100)] of the sorted values):
  day A: 10, 30, 60, 120 → n=4, median x[2]=30, p95 x[4]=120
  day B: 5, 45, 90       → n=3, median x[2]=45, p95 x[3]=90
  total: 5 10 30 45 60 90 120 → n=7, median x[4]=45, p95 x[7]=120
Per moderator in the period:
  anna: c1 app, c2 rej, c4 rej, c5 app, c7 spam → 2/2/1, total 5
  bert: c3 spam, c4 app, c6 app, c11 rej       → 2/1/1, total 4
Outcomes (latest policy/moderator decision in the period, once per comment):
  approved c1 c5 c6 c9 = 4, rejected c2 c4 c11 = 3, spam c3 c7 c8 = 3 → 10:
  0.4 / 0.3 / 0.3
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import convert_exception_to_response
from django.test import RequestFactory
from django.utils import timezone, translation

from comments import metrics, metrics_views, moderation
from comments.admin import CommentAdmin
from comments.models import Comment, Decision
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


VIENNA = ZoneInfo("Europe/Vienna")
Status = Comment.Status


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, second, tzinfo=VIENNA)


A, B = 10, 11
PERIOD = (at(A, 0), at(12, 0))


def submitted(article, when, **kw):
    comment = make_comment(article, status=Status.PENDING, **kw)
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    comment.refresh_from_db()
    return comment


def decided(comment, user, status, when):
    # A rejection needs a reason (moderation.check_decision).
    reason = "Beleidigung" if status == Status.REJECTED else ""
    moderation.decide(comment_id=comment.pk, user=user, status=status, reason=reason)
    decision = Decision.objects.filter(comment=comment).order_by("-id").first()
    Decision.objects.filter(pk=decision.pk).update(created_at=when)
    return decision


def automatic(comment, status, when, source=Decision.Source.POLICY):
    decision = Decision.objects.create(
        comment=comment,
        comment_number=comment.pk,
        source=source,
        from_status=Status.PENDING if source == Decision.Source.POLICY else status,
        to_status=status,
    )
    Decision.objects.filter(pk=decision.pk).update(created_at=when)
    Comment.objects.filter(pk=comment.pk).update(status=status)
    return decision


@pytest.fixture
def anna(db):
    return make_user("anna", group="Moderators")


@pytest.fixture
def bert(db):
    return make_user("bert", group="Moderators")


@pytest.fixture
def scenario(anna, bert):
    article = make_article()
    c = {n: None for n in range(1, 12)}
    c[1] = submitted(article, at(A, 9))
    decided(c[1], anna, Status.APPROVED, at(A, 9, 10))
    c[2] = submitted(article, at(A, 9))
    decided(c[2], anna, Status.REJECTED, at(A, 9, 30))
    c[3] = submitted(article, at(A, 8))
    decided(c[3], bert, Status.SPAM, at(A, 9))
    c[4] = submitted(article, at(A, 7))
    decided(c[4], bert, Status.APPROVED, at(A, 9))
    decided(c[4], anna, Status.REJECTED, at(A, 10))
    c[5] = submitted(article, at(A, 23))
    decided(c[5], anna, Status.APPROVED, at(B, 0, 30))
    c[6] = submitted(article, at(B, 10))
    decided(c[6], bert, Status.APPROVED, at(B, 10, 45))
    automatic(c[6], Status.APPROVED, at(B, 12), source=Decision.Source.REPORTS)
    c[7] = submitted(article, at(B, 10))
    decided(c[7], anna, Status.SPAM, at(B, 10, 5))
    c[8] = submitted(article, at(A, 9))
    automatic(c[8], Status.SPAM, at(A, 9, 0, 1))
    c[9] = submitted(article, at(B, 11))
    automatic(c[9], Status.APPROVED, at(B, 11))
    c[10] = submitted(article, at(B, 12))
    decided(c[10], anna, Status.APPROVED, at(12, 0))
    c[11] = submitted(article, at(9, 10))
    decided(c[11], bert, Status.APPROVED, at(9, 23))
    decided(c[11], bert, Status.REJECTED, at(A, 8))
    return c


# --- nearest rank ------------------------------------------------------------------


def test_nearest_rank_examples():
    assert metrics.nearest_rank([10, 20, 30, 40], 50) == 20
    assert metrics.nearest_rank([10, 20, 30, 40], 95) == 40
    assert metrics.nearest_rank([10, 20, 30, 40], 25) == 10
    assert metrics.nearest_rank([7], 50) == metrics.nearest_rank([7], 95) == 7
    assert metrics.nearest_rank([], 50) is None
    values = list(range(1, 101))
    assert metrics.nearest_rank(values, 95) == 95
    assert metrics.nearest_rank(values, 100) == 100
    with pytest.raises(ValueError):
        metrics.nearest_rank(values, 0)


# --- the queue ------------------------------------------------------------------------


def test_oldest_pending_age_and_queue_state():
    now = at(A, 12)
    assert metrics.queue_state(now) == metrics.QueueState(0, None, None)

    article = make_article()
    submitted(article, now - timedelta(minutes=30))
    oldest = submitted(article, now - timedelta(minutes=90))
    decided_one = submitted(article, now - timedelta(hours=5))
    Comment.objects.filter(pk=decided_one.pk).update(status=Status.APPROVED)

    state = metrics.queue_state(now)
    assert state.size == 2
    assert state.oldest_created_at == oldest.created_at
    assert state.oldest_minutes == 90


# --- the scenario -------------------------------------------------------------------


def test_decision_times_by_day_hand_computed(scenario):
    days = metrics.decision_times_by_day(*PERIOD)
    assert days == [
        metrics.DecisionTimes(date(2025, 3, A), 4, 30.0, 120.0),
        metrics.DecisionTimes(date(2025, 3, B), 3, 45.0, 90.0),
    ]
    assert metrics.decision_times_total(*PERIOD) == metrics.DecisionTimes(None, 7, 45.0, 120.0)


def test_local_day_not_utc_day(scenario):
    # c5's decision is at 23:30 UTC on day A, but 00:30 in Vienna on day B.
    only_b = metrics.decision_times_by_day(at(B, 0), at(B + 1, 0))
    assert only_b == [metrics.DecisionTimes(date(2025, 3, B), 3, 45.0, 90.0)]


def test_decisions_per_moderator_hand_computed(scenario, django_assert_num_queries):
    with django_assert_num_queries(1):
        result = metrics.decisions_per_moderator(*PERIOD)
    assert result == {
        "anna": {"approved": 2, "rejected": 2, "spam": 1, "total": 5},
        "bert": {"approved": 2, "rejected": 1, "spam": 1, "total": 4},
    }
    assert list(result) == ["anna", "bert"]


def test_outcome_shares_hand_computed(scenario):
    outcomes = metrics.outcome_shares(*PERIOD)
    assert outcomes.total == 10
    assert outcomes.counts == {"approved": 4, "rejected": 3, "spam": 3}
    assert outcomes.shares == {"approved": 0.4, "rejected": 0.3, "spam": 0.3}


def test_period_selection_day_a_only(scenario):
    period = (at(A, 0), at(B, 0))
    assert metrics.decision_times_by_day(*period) == [
        metrics.DecisionTimes(date(2025, 3, A), 4, 30.0, 120.0)
    ]
    assert metrics.decisions_per_moderator(*period) == {
        "anna": {"approved": 1, "rejected": 2, "spam": 0, "total": 3},
        "bert": {"approved": 1, "rejected": 1, "spam": 1, "total": 3},
    }
    # Day A: c1 approved; c2, c4 (latest: anna), c11 rejected; c3, c8 spam.
    outcomes = metrics.outcome_shares(*period)
    assert outcomes.counts == {"approved": 1, "rejected": 3, "spam": 2}
    assert outcomes.share("rejected") == pytest.approx(0.5)
    assert outcomes.share("spam") == pytest.approx(1 / 3)


def test_period_end_is_excluded_start_included(scenario):
    # c10 is decided exactly at C 00:00: in [C, D), not in [A, C).
    next_day = (at(12, 0), at(13, 0))
    assert metrics.decision_times_by_day(*next_day) == [
        metrics.DecisionTimes(date(2025, 3, 12), 1, 12 * 60.0, 12 * 60.0)
    ]
    assert metrics.decisions_per_moderator(*next_day) == {
        "anna": {"approved": 1, "rejected": 0, "spam": 0, "total": 1}
    }


def test_empty_period_gives_none_not_zero_division(scenario):
    period = (at(1, 0), at(2, 0))
    assert metrics.decision_times_by_day(*period) == []
    assert metrics.decision_times_total(*period) == metrics.DecisionTimes(None, 0, None, None)
    assert metrics.decisions_per_moderator(*period) == {}
    outcomes = metrics.outcome_shares(*period)
    assert outcomes.total == 0
    assert outcomes.shares == {"approved": None, "rejected": None, "spam": None}


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        metrics.outcome_shares(datetime(2025, 3, 1), datetime(2025, 3, 2))


def test_erased_comment_drops_out_of_times_but_its_outcome_stays(scenario):
    from comments import privacy

    privacy.erase_comments_by_email(scenario[1].email, user=None)
    # Day A without c1's 10 minutes: 30, 60, 120 → median x[2]=60, p95 x[3]=120.
    assert metrics.decision_times_by_day(at(A, 0), at(B, 0)) == [
        metrics.DecisionTimes(date(2025, 3, A), 3, 60.0, 120.0)
    ]
    assert metrics.outcome_shares(*PERIOD).counts == {"approved": 4, "rejected": 3, "spam": 3}
    assert metrics.decisions_per_moderator(*PERIOD)["anna"]["total"] == 5


def test_decisions_of_a_deleted_moderator_are_kept_under_none(scenario, bert):
    bert.delete()
    result = metrics.decisions_per_moderator(*PERIOD)
    assert list(result) == ["anna", None]
    assert result[None]["total"] == 4


# --- the page -------------------------------------------------------------------------


def _get(user, params=None):
    request = RequestFactory().get("/admin/comments/comment/metrics/", params or {})
    request.user = user
    model_admin = CommentAdmin(Comment, admin.site)
    # What the request handler does with PermissionDenied: a 403 response.
    view = convert_exception_to_response(lambda r: metrics_views.metrics_view(r, model_admin))
    response = view(request)
    if hasattr(response, "render"):
        response.render()
    return response


def test_page_shows_the_hand_computed_numbers_german_formatted(scenario, anna):
    with translation.override("de"):
        response = _get(anna, {"from": "2025-03-10", "to": "2025-03-10"})
    assert response.status_code == 200
    html = response.rendered_content
    assert "10.03.2025" in html
    # Day A: 4 decisions, median 30, p95 120; outcomes 1/6, 3/6, 2/6.
    assert "<td>30,0</td>" in html
    assert "<td>120,0</td>" in html
    assert "16,7 %" in html and "50,0 %" in html and "33,3 %" in html
    assert "anna" in html and "bert" in html
    assert 'class="breadcrumbs"' in html
    assert "<script" not in html.split('id="content-main"')[1]
    assert "style=" not in html.split('id="content-main"')[1]


def test_page_default_is_last_seven_days(anna):
    with translation.override("de"):
        response = _get(anna)
    today = timezone.localdate()
    assert response.status_code == 200
    html = response.rendered_content
    assert (today - timedelta(days=6)).strftime("%d.%m.%Y") in html
    assert today.strftime("%d.%m.%Y") in html
    assert "errornote" not in html


def test_journalist_gets_403(journalist):
    assert _get(journalist).status_code == 403


def test_inactive_moderator_gets_403(anna):
    anna.is_active = False
    anna.save()
    assert _get(anna).status_code == 403


def test_direct_call_raises_permission_denied(journalist):
    request = RequestFactory().get("/")
    request.user = journalist
    with pytest.raises(PermissionDenied):
        metrics_views.metrics_view(request, CommentAdmin(Comment, admin.site))


@pytest.mark.parametrize(
    "params",
    [
        {"from": "gestern", "to": "heute"},
        {"from": "2025-03-10", "to": "2025-03-01"},
        {"from": "2024-01-01", "to": "2025-03-01"},
        {"from": "0001-01-01", "to": "0001-01-02"},
        {"from": "9999-12-30", "to": "9999-12-31"},
        {"from": "2025-03-10"},
        {"to": "2025-03-10"},
        {"from": "2025-02-30", "to": "2025-03-01"},
        {"from": "x" * 5000, "to": "<script>alert(1)</script>"},
        {"from": "", "to": ""},
    ],
)
def test_bad_period_input_shows_the_error_and_uses_the_defaults(anna, params):
    with translation.override("de"):
        response = _get(anna, params)
    assert response.status_code == 200
    html = response.rendered_content
    assert "errornote" in html and "errorlist" in html
    today = timezone.localdate()
    period = response.context_data
    assert (period["period_first"], period["period_last"]) == (
        today - timedelta(days=6),
        today,
    )
    assert "<script>alert(1)" not in html


def test_german_dates_and_a_full_year_are_accepted(anna):
    response = _get(anna, {"from": "01.01.2024", "to": "31.12.2024"})  # 366 days
    assert response.status_code == 200
    assert "errornote" not in response.rendered_content
    assert response.context_data["period_first"] == date(2024, 1, 1)
    assert response.context_data["period_last"] == date(2024, 12, 31)
