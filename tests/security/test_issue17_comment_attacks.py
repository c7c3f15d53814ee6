"""Attacks on the comments from issue 17 ("Hardening"), reproduced the way
the outside review did them: over HTTP, as readers on several networks
(loopback addresses 127.0.N.x: one /24 network per N, as flood control and
reports see them), and as a moderator in the workspace. Each test failed
before the defence; docs/security.md names them.

- Report abuse: three networks hid any comment, again right after a
  moderator kept it, and nothing limited reports across comments.
- Trust and e-mail: trust keyed on the typed address; the answer told
  whether an address was trusted; comments with a victim's address locked
  the victim out.
- The reader's side: a shared NAT hit the flood limit, and the 429 page lost
  the typed comment.
- A reply to a hidden comment answered differently from one to a missing
  comment; one signed form served any number of comments; a NUL byte in a
  moderator's bulk reason.

Length: each attack of issue 17 on the comment path, reproduced as it was
found; the cases share this module's fixtures and helpers.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.forms import CommentForm
from comments.models import Comment, Decision, Report
from comments.readers import COOKIE_NAME
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

WORKSPACE = reverse("admin:comments_comment_workspace")
DECIDE = reverse("admin:comments_comment_decide")
BULK = reverse("admin:comments_comment_bulk_decide")
TS = re.compile(r'name="ts" value="([^"]+)"')
Status = Comment.Status


def browser(network: int, host: int = 1) -> Client:
    """A reader's browser on the network 127.0.<network>.0/24."""
    return Client(REMOTE_ADDR=f"127.0.{network}.{host}")


def comment(client, article, body, *, email="leserin@example.org", name="Leserin", **extra):
    """Send a comment as a browser does after loading the page: a form of its
    own (a fresh signed timestamp, issued long enough ago to be a person)."""
    data = {
        "name": name,
        "email": email,
        "body": body,
        "ts": CommentForm.fresh_timestamp(),
        **extra,
    }
    return client.post(reverse("comments:post", args=[article.slug]), data)


def report(client, target, reason="abuse"):
    return client.post(reverse("comments:report", args=[target.pk]), {"reason": reason})


def status_message(client, response) -> str:
    """The message the reader reads where the redirect lands."""
    page = client.get(response["Location"]).content.decode()
    found = re.search(r'<div class="messages" role="status">\s*(.*?)\s*</div>', page, re.S)
    return re.sub(r"<[^>]+>", "", found[1]).strip() if found else ""


def form_errors(response) -> str:
    found = re.search(r'<div class="form-errors"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[1])).strip()


def visible_on_page(article, text) -> bool:
    return text in Client().get(article.get_absolute_url()).content.decode()


@pytest.fixture
def desk(moderator) -> Client:
    """A moderator in the workspace."""
    client = Client()
    client.force_login(moderator)
    return client


def decide(desk, target, decision, expected, reason=""):
    response = desk.post(
        DECIDE,
        {
            "comment": target.pk,
            "decision": decision,
            "expected": expected,
            "reason": reason,
            "next": WORKSPACE,
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    return target


def reported_queue(desk) -> str:
    return desk.get(WORKSPACE, {"queue": "reported"}).content.decode()


# --- report abuse -----------------------------------------------------------------------------


def test_three_networks_cannot_hide_a_comment_again_that_a_moderator_kept(desk, settings):
    settings.COMMENTS = {**settings.COMMENTS, "REPORTS_TO_HIDE": 3}
    article = make_article()
    target = make_comment(article, body="Eine unbequeme, aber sachliche Meinung.")
    attackers = [browser(n) for n in (1, 2, 3)]
    for attacker in attackers:
        assert report(attacker, target).status_code == 302
    assert not visible_on_page(article, "unbequeme")  # hidden by three reports

    decide(desk, target, "approved", expected="reported")  # the moderator keeps it
    assert visible_on_page(article, "unbequeme")

    for attacker in attackers:  # the same three networks at once again
        assert report(attacker, target).status_code == 302
    target.refresh_from_db()
    assert not target.hidden_by_reports and visible_on_page(article, "unbequeme")
    # The moderators see the new reports in the reported queue.
    assert target.reports_count == 3
    assert f'id="comment-{target.pk}"' in reported_queue(desk)
    assert Decision.objects.filter(comment=target, source="reports").count() == 1


def test_networks_whose_reports_were_overruled_cannot_hide_other_comments(desk, settings):
    settings.COMMENTS = {**settings.COMMENTS, "REPORTS_TO_HIDE": 3}
    article = make_article()
    first = make_comment(article, body="Erster unbequemer Beitrag.")
    attackers = [browser(n) for n in (1, 2, 3)]
    for attacker in attackers:
        report(attacker, first)
    decide(desk, first, "approved", expected="reported")
    assert set(Report.objects.values_list("outcome", flat=True)) == {"overruled"}

    second = make_comment(article, body="Zweiter unbequemer Beitrag.")
    for attacker in attackers:
        assert report(attacker, second).status_code == 302
    second.refresh_from_db()
    assert not second.hidden_by_reports and visible_on_page(article, "Zweiter unbequemer")
    assert second.reports_count == 3  # in the reported queue all the same
    assert list(Report.objects.filter(comment=second).values_list("weight", flat=True)) == [0] * 3

    # Readers whose reports moderators upheld still hide a comment together.
    abusive = make_comment(article, body="Beleidigender Beitrag.")
    honest = [browser(n) for n in (4, 5, 6)]
    for reader in honest[:2]:
        report(reader, abusive)
    decide(desk, abusive, "rejected", expected="reported", reason="Beleidigung")
    third = make_comment(article, body="Noch ein beleidigender Beitrag.")
    for reader in honest:
        report(reader, third)
    third.refresh_from_db()
    assert third.hidden_by_reports


def test_one_network_cannot_report_without_limit(settings):
    settings.COMMENTS = {
        **settings.COMMENTS,
        "REPORTS_NETWORK_MAX": 10,
        "REPORTS_WINDOW_SECONDS": 3600,
    }
    article = make_article()
    targets = [make_comment(article, body=f"Beitrag {n}") for n in range(12)]
    attackers = [browser(7, host) for host in range(1, 13)]  # one /24, many addresses
    for attacker, target in zip(attackers[:10], targets[:10], strict=True):
        assert report(attacker, target).status_code == 302
    response = report(attackers[10], targets[10])
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sie haben in kurzer Zeit viele Meldungen geschickt." in html
    assert re.search(r"Bitte versuchen Sie es ab \d\d:\d\d Uhr wieder \(in etwa 60 Minuten\)", html)
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert 'type="radio"' in html  # the report form again
    assert Report.objects.count() == 10
    # Other networks are not affected.
    assert report(browser(8), targets[11]).status_code == 302


def test_moderators_see_who_reported_what(desk, settings):
    settings.COMMENTS = {**settings.COMMENTS, "REPORTS_TO_HIDE": 5}
    article = make_article()
    earlier = make_comment(article)
    report(browser(1), earlier)
    decide(desk, earlier, "approved", expected="reported")  # 127.0.1.0/24 was overruled
    target = make_comment(article, body="Gemeldeter Beitrag.")
    browser(1).post(reverse("comments:report", args=[target.pk]), {"reason": "hate"})
    browser(2).post(
        reverse("comments:report", args=[target.pk]), {"reason": "spam", "note": "Werbung"}
    )
    html = reported_queue(desk)
    item = html[html.index(f'id="comment-{target.pk}"') :]
    assert "aus 127.0.1.0/24" in item and "aus 127.0.2.0/24" in item
    assert "Hass oder Hetze" in item or "hate" in item
    assert "Werbung" in item
    assert "frühere Meldungen von dort: 0 bestätigt, 1 verworfen" in item
    assert "zählt nicht zum Ausblenden" in item
    page = desk.get(reverse("admin:comments_comment_change", args=[target.pk])).content.decode()
    assert "127.0.1.0/24" in page and "127.0.2.0/24" in page


# --- trust and e-mail -------------------------------------------------------------------------


def _make_regular(desk, article, regular) -> None:
    """A regular's browser with three comments a moderator approved."""
    for n in range(3):
        response = comment(regular, article, f"Beitrag {n} der Stammleserin", **REGULAR)
        status_message(regular, response)  # read, as a browser does
        decide(desk, Comment.objects.latest("pk"), "approved", expected="pending")


REGULAR = {"email": "stamm@example.org", "name": "Stammleserin"}


def test_a_regulars_address_does_not_publish_without_moderation(desk):
    article = make_article()
    regular = browser(1)
    _make_regular(desk, article, regular)

    attacker = browser(9)
    forged = comment(attacker, article, "Werbung im Namen der Stammleserin", **REGULAR)
    assert Comment.objects.get(body__startswith="Werbung").status == Status.PENDING
    assert not visible_on_page(article, "Werbung im Namen")

    own = comment(regular, article, "Wieder ein Beitrag der Stammleserin", **REGULAR)
    mine = Comment.objects.get(body__startswith="Wieder")
    assert mine.status == Status.APPROVED and mine.reasons[0]["rule"] == "trusted"

    # The answer says nothing about trust: same status, same address, same
    # message for the trusted browser and for the attacker.
    assert forged.status_code == own.status_code == 302
    assert forged["Location"] == own["Location"] == f"{article.get_absolute_url()}#kommentare"
    told = status_message(attacker, forged)
    assert told == status_message(regular, own)
    assert "eingegangen und erscheint, sobald er freigegeben ist" in told


def test_a_copied_or_made_up_reader_cookie_brings_no_trust(desk):
    article = make_article()
    regular = browser(1)
    _make_regular(desk, article, regular)
    cookie = regular.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    stored = Comment.objects.filter(email="stamm@example.org").first().sender
    assert cookie.value not in (stored, "") and stored not in cookie.value  # only a hash is kept
    for value in (stored, "x" * 32, cookie.value.split(":")[0] + ":forged"):
        attacker = browser(9)
        attacker.cookies[COOKIE_NAME] = value
        comment(attacker, article, f"Versuch mit {value[:8]}", **REGULAR)
        assert Comment.objects.get(body=f"Versuch mit {value[:8]}").status == Status.PENDING


def test_comments_with_a_victims_address_do_not_lock_the_victim_out():
    article = make_article()
    for network in range(1, 6):  # five comments with her address, five networks
        response = comment(browser(network), article, f"Fremd {network}", email="opfer@example.org")
        assert response.status_code == 302
    victim = browser(20)
    response = comment(victim, article, "Mein eigener Beitrag", email="opfer@example.org")
    assert response.status_code == 302
    assert Comment.objects.filter(body="Mein eigener Beitrag").exists()


# --- the reader's side: shared networks and the 429 page --------------------------------------


def test_readers_behind_one_nat_are_not_locked_out_together():
    """Twelve readers of a busy story behind one office NAT (one /24 network,
    the old limit was five per network) all get their comment through."""
    article = make_article()
    for host in range(1, 13):
        response = comment(browser(0, host), article, f"Leser {host} aus dem Büro")
        assert response.status_code == 302, host
    assert Comment.objects.count() == 12


def test_the_429_page_keeps_the_text_and_says_when_to_try_again(settings):
    settings.COMMENTS = {**settings.COMMENTS, "FLOOD_MAX": 5, "FLOOD_WINDOW_SECONDS": 600}
    article = make_article()
    reader = browser(3)
    for n in range(5):
        assert comment(reader, article, f"Beitrag {n}").status_code == 302
    text = "Ein langer, sorgfältig getippter sechster Beitrag."
    response = comment(reader, article, text)
    assert response.status_code == 429
    html = response.content.decode()
    assert text in html and 'id="kommentar-formular"' in html  # the form, with the text
    errors = form_errors(response)
    assert "Sie haben in kurzer Zeit viele Kommentare geschickt." in errors
    assert re.search(
        r"Bitte versuchen Sie es ab \d\d:\d\d Uhr wieder \(in etwa 10 Minuten\)", errors
    )
    assert 570 <= int(response["Retry-After"]) <= 600
    assert Comment.objects.count() == 5
    # Another reader on the same network is not held by this reader's limit.
    assert comment(browser(3, 2), article, "Kollegin").status_code == 302
    # The form shown again works once the time has come.
    Comment.objects.filter(body__startswith="Beitrag").update(
        created_at=timezone.now() - timedelta(seconds=601)
    )
    again = {"name": "Leserin", "email": "leserin@example.org", "body": text}
    again["ts"] = TS.search(html)[1]
    assert reader.post(reverse("comments:post", args=[article.slug]), again).status_code == 302


def test_a_flood_without_cookies_from_one_network_is_stopped(settings):
    """Dropping the reader cookie makes every comment a new browser: the
    network's limit (FLOOD_NETWORK_MAX, 30) still holds."""
    assert settings.COMMENTS["FLOOD_NETWORK_MAX"] == 30
    article = make_article()
    codes = [comment(browser(4, n % 250 + 1), article, f"Flut {n}").status_code for n in range(31)]
    assert codes == [302] * 30 + [429]
    assert comment(browser(5), article, "Anderes Netz").status_code == 302


# --- smaller ones -------------------------------------------------------------------------------


def test_a_reply_to_a_hidden_comment_answers_like_a_reply_to_a_missing_one():
    article = make_article()
    hidden = [
        make_comment(article, status=Status.PENDING),
        make_comment(article, status=Status.REJECTED),
        make_comment(article, status=Status.SPAM),
        make_comment(article, hidden_by_reports=True),
        make_comment(make_article()),  # another article's
    ]
    missing = Comment.objects.latest("pk").pk + 1000
    answers = set()
    for number, parent in enumerate([*(c.pk for c in hidden), missing]):
        response = comment(browser(1, number + 1), article, f"Antwort {number}", parent=parent)
        answers.add((response.status_code, form_errors(response)))
    assert answers == {
        (
            400,
            "Ihr Kommentar konnte noch nicht gesendet werden. "
            "Den Kommentar, auf den Sie antworten wollten, gibt es nicht mehr.",
        )
    }
    assert Comment.objects.count() == len(hidden)


def _captured_timestamp(article, kind):
    """One signed timestamp, as a reader gets it: from the endpoint the
    page's script asks ("form"), or with the form shown again for a
    confirmation after a send without one ("confirmation")."""
    if kind == "form":
        return browser(1).get(reverse("comments:form_timestamp")).json()["ts"]
    answer = browser(1).post(
        reverse("comments:post", args=[article.slug]),
        {"name": "Bot", "email": "bot@example.org", "body": "Werbung", "ts": ""},
    )
    assert answer.status_code == 200 and not Comment.objects.exists()
    return TS.search(answer.content.decode())[1]


@pytest.mark.parametrize("kind", ["form", "confirmation"])
def test_one_signed_form_serves_one_comment_from_twelve_networks(settings, kind):
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0}
    article = make_article()
    captured = _captured_timestamp(article, kind)
    codes = []
    for network in range(1, 13):
        response = browser(network).post(
            reverse("comments:post", args=[article.slug]),
            {
                "name": f"Bot {network}",
                "email": f"bot{network}@example.org",
                "body": f"Werbung Nummer {network}",
                "ts": captured,
            },
        )
        codes.append(response.status_code)
    assert codes == [302] + [400] * 11
    assert Comment.objects.count() == 1
    assert "Dieses Formular wurde bereits verwendet." in form_errors(response)


def test_a_nul_byte_in_a_moderators_reason_is_a_clear_message(desk):
    article = make_article()
    waiting = [make_comment(article, status=Status.PENDING) for _ in range(2)]
    response = desk.post(
        BULK,
        {
            "selected": [c.pk for c in waiting],
            "decision": "rejected",
            "reason": "Beleidigung\x00",
            "next": WORKSPACE,
            **{f"expected-{c.pk}": "pending" for c in waiting},
        },
        follow=True,
    )
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert texts == [
        "Begründung: Der Text enthält unsichtbare Steuerzeichen. Bitte entfernen Sie "
        "sie. Es wurde nichts entschieden."
    ]
    response = desk.post(
        DECIDE,
        {
            "comment": waiting[0].pk,
            "decision": "rejected",
            "reason": "\x00",
            "expected": "pending",
            "next": f"{WORKSPACE}\x00",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Steuerzeichen" in " ".join(str(m) for m in response.context["messages"])
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_two_readers_who_load_the_cached_page_in_the_same_second_both_comment(settings):
    """One form serves one comment. The cached page is the same for everyone
    and carries no timestamp; every reader's script asks for one of their
    own, and two asked for within one second are still two."""
    settings.COMMENTS = {**settings.COMMENTS, "FORM_MIN_SECONDS": 0}
    article = make_article()
    browser(9).get(article.get_absolute_url())  # the page is now in the cache
    for _attempt in range(5):
        first, second = browser(1), browser(2)
        pages = [c.get(article.get_absolute_url()) for c in (first, second)]
        assert [p["X-Page-Cache"] for p in pages] == ["hit", "hit"]
        assert pages[0].content == pages[1].content and not TS.search(pages[0].content.decode())
        forms = [c.get(reverse("comments:form_timestamp")).json()["ts"] for c in (first, second)]
        if forms[0].split(".")[0] == forms[1].split(".")[0]:
            break  # asked for within the same second
    codes = [
        reader.post(
            reverse("comments:post", args=[article.slug]),
            {"name": "Leserin", "email": f"l{n}@example.org", "body": f"Meinung {n}", "ts": ts},
        ).status_code
        for n, (reader, ts) in enumerate(zip((first, second), forms, strict=True))
    ]
    assert codes == [302, 302]
