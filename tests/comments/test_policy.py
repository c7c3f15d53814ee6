"""The moderation policy: every rule, how rules combine, trust, flood control,
and the number of queries a decision costs.

Length: each rule of the comment policy and how they combine; the cases share
this module's fixtures and helpers.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import CommentModeration
from comments import moderation
from comments.models import BlockedTerm, Comment, Decision
from comments.policy import Verdict, count_links, evaluate, flood_retry_at, is_trusted
from comments.readers import sender_id
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db

Status = Comment.Status
Action = BlockedTerm.Action
PRE, POST = CommentModeration.PRE, CommentModeration.POST
# Browsers (Comment.sender): what trust and flood control key on.
TRUSTED = sender_id("stamm-" + "s" * 26)
OTHER = sender_id("neu-" + "n" * 28)


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.COMMENTS = {
        **settings.COMMENTS,
        "TRUSTED_MIN_APPROVED": 3,
        "TRUSTED_CLEAN_DAYS": 90,
        "MAX_LINKS": 2,
        "FLOOD_MAX": 3,
        "FLOOD_NETWORK_MAX": 5,
        "FLOOD_WINDOW_SECONDS": 600,
    }


@pytest.fixture
def article():
    return make_article()


def term(pattern, action):
    return BlockedTerm.objects.create(pattern=pattern, action=action)


def decide(article, *, body="Ein sachlicher Beitrag.", name="Anna", sender=OTHER, mode=PRE):
    return evaluate(article=article, name=name, sender=sender, body=body, mode=mode)


def rules(verdict):
    return [r["rule"] for r in verdict.reasons]


def make_trusted(article, sender=TRUSTED, n=3, **kw):
    """``n`` comments from the browser ``sender`` approved by a moderator."""
    for _ in range(n):
        make_comment(
            article, sender=sender, status=Status.APPROVED, moderated_at=timezone.now(), **kw
        )


def age(comments, **delta):
    """Move comments back in time (``created_at`` is set on insert)."""
    then = timezone.now() - timedelta(**delta)
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(created_at=then)


# --- the verdict ---------------------------------------------------------------


def test_verdict_is_frozen():
    verdict = Verdict(Status.PENDING, [])
    with pytest.raises(AttributeError):
        verdict.status = Status.APPROVED


def test_reasons_are_rule_and_detail_strings(article):
    term("depp", Action.HOLD)
    for verdict in (decide(article, body="Depp"), decide(article), decide(article, mode=POST)):
        assert verdict.reasons
        for reason in verdict.reasons:
            assert set(reason) == {"rule", "detail"}
            assert isinstance(reason["rule"], str)
            assert type(reason["detail"]) is str and reason["detail"]


# --- banned words --------------------------------------------------------------


def test_banned_spam_word_is_spam(article):
    term("*casino*", Action.SPAM)
    verdict = decide(article, body="Bestes Online-Casino hier!")
    assert verdict.status == Status.SPAM
    assert rules(verdict) == ["banned_spam"]
    assert "*casino*" in verdict.reasons[0]["detail"]
    assert "Casino" in verdict.reasons[0]["detail"]


def test_banned_reject_word_is_rejected(article):
    term("*idiot*", Action.REJECT)
    verdict = decide(article, body="Ihr Vollidioten!")
    assert verdict.status == Status.REJECTED
    assert rules(verdict) == ["banned_reject"]
    assert "*idiot*" in verdict.reasons[0]["detail"]
    assert "Vollidioten" in verdict.reasons[0]["detail"]


def test_banned_words_in_the_name_count_too(article):
    term("idiot", Action.REJECT)
    assert decide(article, name="Der Idiot").status == Status.REJECTED


def test_spam_beats_reject(article):
    term("casino", Action.SPAM)
    term("idiot", Action.REJECT)
    verdict = decide(article, body="Idiot, geh ins Casino")
    assert verdict.status == Status.SPAM
    assert rules(verdict) == ["banned_spam", "banned_reject"]


@pytest.mark.parametrize("mode", [PRE, POST])
def test_banned_beats_hold_post_moderation_and_trust(article, mode):
    term("idiot", Action.REJECT)
    term("depp", Action.HOLD)
    make_trusted(article)
    body = "Depp und Idiot: https://a.example.com https://b.example.com https://c.example.com"
    verdict = decide(article, body=body, sender=TRUSTED, mode=mode)
    assert verdict.status == Status.REJECTED
    assert rules(verdict) == ["banned_reject"]


def test_inactive_entries_do_not_count(article):
    BlockedTerm.objects.create(pattern="idiot", action=Action.REJECT, active=False)
    assert decide(article, body="Idiot", mode=POST).status == Status.APPROVED


def test_german_folding_in_the_policy(article):
    term("ärger*", Action.HOLD)
    term("strasse", Action.REJECT)
    assert decide(article, body="AERGERLICH!").status == Status.PENDING
    assert rules(decide(article, body="AERGERLICH!")) == ["suspect"]
    assert decide(article, body="Auf der Straße").status == Status.REJECTED


# --- hold reasons --------------------------------------------------------------


def test_suspect_words_are_each_listed_with_the_matched_word(article):
    term("depp", Action.HOLD)
    term("*dumm*", Action.HOLD)
    term("nicht-im-text", Action.HOLD)
    verdict = decide(article, body="Du Depp, wie strohdumm!", mode=POST)
    assert verdict.status == Status.PENDING
    # in the order of the word list (by pattern)
    assert [r["rule"] for r in verdict.reasons] == ["suspect", "suspect"]
    # The entry and the word as the reader wrote it, whatever the quote marks.
    assert "*dumm*" in verdict.reasons[0]["detail"]
    assert "strohdumm" in verdict.reasons[0]["detail"]
    detail = verdict.reasons[1]["detail"]
    assert "depp" in detail  # the entry
    assert "Depp" in detail  # the word as the reader wrote it


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Keine Links hier. z.B. usw. d.h. Das war gut.Es ist so.", 0),
        ("siehe https://example.org/a", 1),
        ("http://a.test und http://b.test", 2),
        ("www.example.com", 1),
        ("example.com/pfad und shop.example.de", 2),
        ("https://www.example.com/a", 1),
        ("Mail an anna@example.org", 0),
        ("müller.de, EXAMPLE.COM", 2),
    ],
)
def test_count_links(body, expected):
    assert count_links(body) == expected


def test_exactly_max_links_is_fine(article):
    body = "https://a.example.org www.b.example.org c.example.org/x"
    assert count_links(body) == 3
    assert decide(article, body="https://a.example.org www.b.example.org", mode=POST).status == (
        Status.APPROVED
    )


def test_one_link_more_than_max_holds(article):
    verdict = decide(
        article, body="https://a.example.org www.b.example.org c.example.org/x", mode=POST
    )
    assert verdict.status == Status.PENDING
    assert rules(verdict) == ["links"]
    assert "3" in verdict.reasons[0]["detail"]


def test_max_links_comes_from_settings(article, settings):
    settings.COMMENTS = {**settings.COMMENTS, "MAX_LINKS": 0}
    assert rules(decide(article, body="siehe example.org", mode=POST)) == ["links"]


def test_a_link_in_the_name_holds(article):
    verdict = decide(article, name="billig-kredit.com", mode=POST)
    assert verdict.status == Status.PENDING
    assert rules(verdict) == ["link_in_name"]


def test_all_hold_reasons_are_listed(article):
    term("depp", Action.HOLD)
    verdict = decide(
        article,
        name="www.spam.example",
        body="Depp! a.example.com b.example.com c.example.com",
        mode=POST,
    )
    assert rules(verdict) == ["suspect", "links", "link_in_name"]


@pytest.mark.parametrize("mode", [PRE, POST])
def test_hold_beats_post_moderation_and_trust(article, mode):
    term("depp", Action.HOLD)
    make_trusted(article)
    verdict = decide(article, body="Depp", sender=TRUSTED, mode=mode)
    assert verdict.status == Status.PENDING
    assert rules(verdict) == ["suspect"]


# --- post- and pre-moderation --------------------------------------------------


def test_post_moderation_publishes_clean_comments(article):
    verdict = decide(article, mode=POST)
    assert verdict.status == Status.APPROVED
    assert rules(verdict) == ["post_moderation"]


def test_untrusted_comment_in_pre_moderation_waits(article):
    verdict = decide(article, mode=PRE)
    assert verdict.status == Status.PENDING
    assert rules(verdict) == ["pre_moderation"]


def test_unknown_mode_is_treated_as_pre_moderation(article):
    assert rules(decide(article, mode="")) == ["pre_moderation"]


# --- trust ---------------------------------------------------------------------


def test_trusted_browser_is_published_in_pre_moderation(article):
    make_trusted(article)
    verdict = decide(article, sender=TRUSTED)
    assert verdict.status == Status.APPROVED
    assert rules(verdict) == ["trusted"]


def test_trust_belongs_to_the_browser_not_to_the_address(article):
    """A regular's address, typed by somebody else, brings no trust: only the
    regular's own browser does (the attack over HTTP:
    tests/security/test_issue17_comment_attacks.py)."""
    make_trusted(article, email="stamm@example.org")
    assert is_trusted(TRUSTED)
    assert not is_trusted(OTHER)
    assert decide(article, sender=OTHER).status == Status.PENDING


def test_trust_needs_enough_approvals(article):
    make_trusted(article, n=2)
    assert decide(article, sender=TRUSTED).status == Status.PENDING


def test_trust_counts_approvals_on_any_article(article):
    make_trusted(make_article(), n=2)
    make_trusted(article, n=1)
    assert decide(article, sender=TRUSTED).status == Status.APPROVED


def test_approvals_by_the_policy_itself_do_not_make_trust(article):
    """Three clean comments under a post-moderated article must not unlock
    direct publishing in pre-moderated sections."""
    for _ in range(5):
        make_comment(article, sender=TRUSTED, status=Status.APPROVED)  # moderated_at empty
    assert decide(article, sender=TRUSTED).status == Status.PENDING


def test_pending_comments_do_not_count_as_approvals(article):
    make_trusted(article, n=2)
    make_comment(article, sender=TRUSTED, status=Status.PENDING)
    assert decide(article, sender=TRUSTED).status == Status.PENDING


@pytest.mark.parametrize("refused", [Status.REJECTED, Status.SPAM])
def test_a_recent_rejection_or_spam_verdict_withdraws_trust(article, refused):
    make_trusted(article, n=5)
    make_comment(article, sender=TRUSTED, status=refused, moderated_at=timezone.now())
    assert decide(article, sender=TRUSTED).status == Status.PENDING


def test_a_recent_policy_rejection_withdraws_trust(article):
    make_trusted(article)
    make_comment(article, sender=TRUSTED, status=Status.REJECTED)  # no moderated_at
    assert decide(article, sender=TRUSTED).status == Status.PENDING


def test_rejections_of_other_browsers_with_the_same_address_do_not_withdraw_trust(article):
    """Nobody can take a regular's trust away by sending rejected comments
    under the regular's address."""
    make_trusted(article, email="stamm@example.org")
    make_comment(article, email="stamm@example.org", sender=OTHER, status=Status.SPAM)
    assert decide(article, sender=TRUSTED).status == Status.APPROVED


def test_an_old_rejection_outside_the_window_does_not_count(article):
    make_trusted(article)
    old = make_comment(article, sender=TRUSTED, status=Status.REJECTED)
    then = timezone.now() - timedelta(days=91)
    Comment.objects.filter(pk=old.pk).update(created_at=then, moderated_at=then)
    assert decide(article, sender=TRUSTED).status == Status.APPROVED


def test_an_old_comment_rejected_recently_counts(article):
    make_trusted(article)
    old = make_comment(article, sender=TRUSTED, status=Status.REJECTED)
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=200), moderated_at=timezone.now()
    )
    assert decide(article, sender=TRUSTED).status == Status.PENDING


def test_trust_window_comes_from_settings(article, settings):
    settings.COMMENTS = {**settings.COMMENTS, "TRUSTED_CLEAN_DAYS": 7}
    make_trusted(article)
    old = make_comment(article, sender=TRUSTED, status=Status.SPAM)
    then = timezone.now() - timedelta(days=8)
    Comment.objects.filter(pk=old.pk).update(created_at=then, moderated_at=then)
    assert is_trusted(TRUSTED)


def test_no_browser_is_never_trusted(article):
    make_trusted(article, sender="")  # comments from before browsers were recorded
    assert not is_trusted("")


# --- queries -------------------------------------------------------------------


def test_evaluate_costs_at_most_two_queries(article, django_assert_max_num_queries):
    for n in range(20):
        term(f"wort{n}*", [Action.SPAM, Action.REJECT, Action.HOLD][n % 3])
    make_trusted(article, n=10)
    with django_assert_max_num_queries(2):
        assert decide(article, sender=TRUSTED).status == Status.APPROVED
    with django_assert_max_num_queries(2):
        assert decide(article).status == Status.PENDING


@pytest.mark.parametrize(
    ("body", "mode"),
    [("Wort1 drin", PRE), ("Wort2 drin", PRE), ("sauber", POST)],
)
def test_decisions_without_trust_check_cost_one_query(
    article, body, mode, django_assert_num_queries
):
    for n in range(6):
        term(f"wort{n}*", [Action.SPAM, Action.REJECT, Action.HOLD][n % 3])
    with django_assert_num_queries(1):
        decide(article, body=body, mode=mode)


# --- through submit_comment ----------------------------------------------------


def test_submit_comment_stores_the_verdict_and_its_reasons():
    article = make_article(section=make_section(comment_moderation=POST))
    comment, created = moderation.submit_comment(
        article=article, name="Anna", email="anna@example.org", body="Gut geschrieben."
    )
    assert created
    assert comment.status == Status.APPROVED
    assert [r["rule"] for r in comment.reasons] == ["post_moderation"]
    assert Decision.objects.get(comment=comment).to_status == Status.APPROVED


def test_article_setting_overrides_section_for_the_policy():
    article = make_article(section=make_section(comment_moderation=POST), comment_moderation=PRE)
    comment, _ = moderation.submit_comment(
        article=article, name="Anna", email="anna@example.org", body="Gut geschrieben."
    )
    assert comment.status == Status.PENDING
    assert [r["rule"] for r in comment.reasons] == ["pre_moderation"]


# --- flood control -------------------------------------------------------------


def flooding(*, ip=None, sender=""):
    return flood_retry_at(ip=ip, sender=sender) is not None


def test_no_flood_below_the_limit(article):
    for _ in range(2):
        make_comment(article, sender=OTHER, ip_address="203.0.113.0")
    assert not flooding(ip="203.0.113.9", sender=OTHER)


def test_flood_per_browser(article):
    """The same browser from three networks: the next comment is one too many."""
    for n in range(3):
        make_comment(article, sender=OTHER, ip_address=f"198.51.{n}.0")
    assert flooding(ip="192.0.2.1", sender=OTHER)
    assert flooding(ip=None, sender=OTHER)
    assert not flooding(ip="192.0.2.1", sender=TRUSTED)


def test_flood_per_network_is_higher_than_per_browser(article):
    """Other browsers, the same /24 network (an office NAT): five are fine,
    the sixth is one too many."""
    for n in range(4):
        make_comment(article, sender=sender_id(f"{n:032d}"), ip_address="203.0.113.0")
    assert not flooding(ip="203.0.113.77", sender=OTHER)
    make_comment(article, sender=sender_id("x" * 32), ip_address="203.0.113.0")
    assert flooding(ip="203.0.113.77", sender=OTHER)
    assert not flooding(ip="198.51.100.1", sender=OTHER)


def test_a_trusted_browser_is_not_held_by_its_networks_limit(article):
    make_trusted(article, ip_address="10.0.0.0")
    age(Comment.objects.filter(sender=TRUSTED), days=1)  # not counted per browser
    for n in range(5):
        make_comment(article, sender=sender_id(f"{n:032d}"), ip_address="203.0.113.0")
    assert not flooding(ip="203.0.113.77", sender=TRUSTED)
    assert flooding(ip="203.0.113.77", sender=OTHER)


def test_flood_by_ipv6_network(article):
    for n in range(5):
        make_comment(article, sender=sender_id(f"{n:032d}"), ip_address="2001:db8:abcd::")
    assert flooding(ip="2001:db8:abcd:12::5", sender=OTHER)


def test_the_address_counts_for_nothing(article):
    """Five comments with a victim's address from five networks do not lock
    the victim out."""
    for n in range(5):
        make_comment(
            article,
            email="opfer@example.org",
            sender=sender_id(f"{n:032d}"),
            ip_address=f"198.51.{n}.0",
        )
    assert not flooding(ip="192.0.2.1", sender=OTHER)


def test_comments_of_every_status_count(article):
    for status in (Status.SPAM, Status.REJECTED, Status.PENDING):
        make_comment(article, sender=OTHER, status=status)
    assert flooding(sender=OTHER)


def test_comments_outside_the_window_do_not_count(article):
    old = [make_comment(article, sender=OTHER) for _ in range(3)]
    age(old, seconds=601)
    assert not flooding(sender=OTHER)
    age(old[:1], seconds=10)  # one recent again
    assert not flooding(sender=OTHER)


def test_retry_time_is_when_the_oldest_counting_comment_leaves_the_window(article):
    comments = [make_comment(article, sender=OTHER) for _ in range(4)]
    for comment, seconds in zip(comments, (500, 300, 200, 100), strict=True):
        age([comment], seconds=seconds)
    retry_at = flood_retry_at(ip=None, sender=OTHER)
    # Four in the window, three allowed: free again when the second oldest
    # (300 s ago) leaves the 600 s window, in about 300 s.
    expected = timezone.now() + timedelta(seconds=300)
    assert abs((retry_at - expected).total_seconds()) < 5


def test_flood_limits_come_from_settings(article, settings):
    settings.COMMENTS = {**settings.COMMENTS, "FLOOD_MAX": 1, "FLOOD_WINDOW_SECONDS": 60}
    recent = make_comment(article, sender=OTHER)
    assert flooding(sender=OTHER)
    age([recent], seconds=61)
    assert not flooding(sender=OTHER)


def test_flood_check_with_nothing_to_go_by_is_false(article):
    assert not flooding(ip=None, sender="")
    assert not flooding(ip="kein-ip", sender="")


def test_flood_check_is_one_query(article, django_assert_num_queries):
    make_comment(article, sender=OTHER, ip_address="203.0.113.0")
    with django_assert_num_queries(1):
        flood_retry_at(ip="203.0.113.1", sender=OTHER)


def test_details_are_written_in_the_newsroom_language(article, settings):
    settings.LANGUAGE_CODE = "en"
    term("depp", Action.HOLD)
    verdict = decide(article, body="Du Depp", mode=POST)
    assert verdict.reasons == [{"rule": "suspect", "detail": "“depp” matched “Depp”"}]
