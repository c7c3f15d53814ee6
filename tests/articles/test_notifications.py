"""Who needs to know (articles/notifications.py): each workflow step through
the admin notifies the right people, in the admin and by e-mail after the
commit; the header counts the unread ones; the notifications page lists a
user's own and marks them read; the send-back note heads the article form
until the article is submitted again.

Length: every kind of notification, who gets it and when; the cases share this
module's fixtures and helpers.
"""

import io
import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles import notifications
from articles.models import Article, Author, Byline, Notification
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED
PAGE = "admin:articles_article_notifications"


@pytest.fixture
def people(db):
    """A journalist with a byline profile, a colleague, two editors (one of
    them inactive: never notified), a moderator."""
    journalist = make_user(
        "julia",
        group="Journalists",
        email="julia@example.org",
        first_name="Julia",
        last_name="Hofbauer",
    )
    Author.objects.create(name="Julia Hofbauer", slug="julia-hofbauer", user=journalist)
    return {
        "journalist": journalist,
        "colleague": make_user("kollege", group="Journalists", email="kollege@example.org"),
        "editor": make_user(
            "chefin",
            group="Editors",
            email="chefin@example.org",
            first_name="Chefin",
            last_name="vom Dienst",
        ),
        "editor2": make_user("vize", group="Editors", email="vize@example.org"),
        "inactive_editor": make_user(
            "ehemalig", group="Editors", email="ehemalig@example.org", is_active=False
        ),
        "moderator": make_user("moderator", group="Moderators", email="mod@example.org"),
    }


def _article(people, status=DRAFT, **kw):
    """An article of the journalist: created by them and bylined to them."""
    journalist = people["journalist"]
    article = make_article(status=status, created_by=journalist, **kw)
    Byline.objects.create(article=article, author=journalist.author_profile, position=0)
    return article


def _value(bound_field):
    value = bound_field.value()
    if getattr(bound_field.field.widget, "input_type", None) == "checkbox":
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [getattr(v, "pk", v) for v in value]
    return "" if value is None else getattr(value, "pk", value)


def _form(client, article, **extra):
    """What the article's change form posts back unchanged (main form and
    every inline row, as the admin served them), plus ``extra``."""
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.status_code == 200
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = _value(form[name])
            if value is not None:
                data[form.add_prefix(name)] = value
    return {**data, **extra}


def _step(client, capture, user, article, **button):
    """Press a workflow button on the article's form, as ``user``; the
    e-mails go out when the request's transaction commits."""
    client.force_login(user)
    url = reverse("admin:articles_article_change", args=[article.pk])
    with capture(execute=True):
        response = client.post(url, _form(client, article, **button))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return response


def _kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- who gets what ----------------------------------------------------------------------------


def test_submitting_notifies_every_active_editor_by_mail_and_not_the_journalist(
    client, django_capture_on_commit_callbacks, people
):
    article = _article(people, title="Seewalden baut ein Hallenbad")
    _step(
        client,
        django_capture_on_commit_callbacks,
        people["journalist"],
        article,
        _submit_review="1",
    )
    assert article.status == REVIEW

    assert _kinds(people["editor"]) == [Notification.Kind.SUBMITTED]
    assert _kinds(people["editor2"]) == [Notification.Kind.SUBMITTED]
    for nobody in ("journalist", "colleague", "inactive_editor", "moderator"):
        assert _kinds(people[nobody]) == [], nobody
    notification = Notification.objects.filter(recipient=people["editor"]).get()
    assert (notification.article, notification.actor) == (article, people["journalist"])

    assert sorted(m.to[0] for m in mail.outbox) == ["chefin@example.org", "vize@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Zur Prüfung eingereicht: „Seewalden baut ein Hallenbad“"
    assert "Julia Hofbauer hat den Artikel „Seewalden baut ein Hallenbad“ zur Prüfung" in (
        message.body
    )
    assert reverse("admin:articles_article_change", args=[article.pk]) in message.body


def test_an_editor_who_submits_is_not_told_about_it(
    client, django_capture_on_commit_callbacks, people
):
    article = make_article(status=DRAFT, created_by=people["editor"])
    _step(client, django_capture_on_commit_callbacks, people["editor"], article, _submit_review="1")
    assert _kinds(people["editor"]) == []
    assert _kinds(people["editor2"]) == [Notification.Kind.SUBMITTED]
    assert [m.to for m in mail.outbox] == [["vize@example.org"]]


def test_sending_back_tells_the_authors_with_the_note(
    client, django_capture_on_commit_callbacks, people
):
    article = _article(people, status=REVIEW, title="Museumsnacht")
    # A second author without an account, and a co-author with one.
    coauthor = make_user("koautor", group="Journalists", email="koautor@example.org")
    Byline.objects.create(
        article=article,
        author=Author.objects.create(name="Ko Autor", slug="ko-autor", user=coauthor),
        position=1,
    )
    Byline.objects.create(
        article=article,
        author=Author.objects.create(name="Freie Mitarbeiterin", slug="frei"),
        position=2,
    )
    note = "Bitte die Quelle für die Besucherzahl ergänzen.\nUnd den Vorspann kürzen."
    _step(
        client,
        django_capture_on_commit_callbacks,
        people["editor"],
        article,
        _send_back="1",
        workflow_note=note,
    )
    assert article.status == DRAFT

    # The journalist created the article and is bylined: one notification.
    assert _kinds(people["journalist"]) == [Notification.Kind.SENT_BACK]
    assert _kinds(coauthor) == [Notification.Kind.SENT_BACK]
    assert _kinds(people["editor"]) == _kinds(people["editor2"]) == []
    assert Notification.objects.filter(recipient=people["journalist"]).get().note == note

    assert sorted(m.to[0] for m in mail.outbox) == ["julia@example.org", "koautor@example.org"]
    message = next(m for m in mail.outbox if m.to == ["julia@example.org"])
    assert message.subject == "An Sie zurückgeschickt: „Museumsnacht“"
    assert "Chefin vom Dienst hat den Artikel „Museumsnacht“ an Sie zurückgeschickt." in (
        message.body
    )
    assert note in message.body


def test_publishing_and_scheduling_tell_the_authors(
    client, django_capture_on_commit_callbacks, people
):
    published = _article(people, status=REVIEW, title="Jetzt draußen")
    _step(client, django_capture_on_commit_callbacks, people["editor"], published, _publish="1")
    assert published.is_public
    assert _kinds(people["journalist"]) == [Notification.Kind.PUBLISHED]
    assert [m.subject for m in mail.outbox] == ["Veröffentlicht: „Jetzt draußen“"]

    mail.outbox.clear()
    scheduled = _article(people, status=REVIEW, title="Morgen früh")
    at = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=6, minute=30, second=0, microsecond=0
    )
    _step(
        client,
        django_capture_on_commit_callbacks,
        people["editor"],
        scheduled,
        _schedule="1",
        schedule_at=at.strftime("%Y-%m-%dT%H:%M"),
    )
    assert scheduled.status == PUBLISHED and not scheduled.is_public
    assert Notification.objects.filter(
        recipient=people["journalist"], article=scheduled, kind=Notification.Kind.SCHEDULED
    ).exists()
    assert [m.subject for m in mail.outbox] == ["Geplant: „Morgen früh“"]
    assert "06:30" in mail.outbox[0].body
    assert _kinds(people["editor"]) == _kinds(people["editor2"]) == []


def test_inactive_authors_get_nothing(client, django_capture_on_commit_callbacks, people):
    article = _article(people, status=REVIEW)
    people["journalist"].is_active = False
    people["journalist"].save()
    _step(client, django_capture_on_commit_callbacks, people["editor"], article, _publish="1")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_refused_step_notifies_nobody(client, django_capture_on_commit_callbacks, people):
    article = _article(people, status=REVIEW, lead="")  # fails the pre-publish checks
    _step(client, django_capture_on_commit_callbacks, people["editor"], article, _publish="1")
    assert article.status == REVIEW
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_mail_that_cannot_be_sent_is_logged_and_the_step_stands(
    client, django_capture_on_commit_callbacks, people, settings, caplog
):
    # Nothing listens on port 1: the SMTP connection is refused.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 5},
        }
    }
    article = _article(people)
    with caplog.at_level(logging.ERROR, logger="articles.notifications"):
        response = _step(
            client,
            django_capture_on_commit_callbacks,
            people["journalist"],
            article,
            _submit_review="1",
        )
    assert response.status_code == 302
    assert article.status == REVIEW
    assert Notification.objects.filter(kind=Notification.Kind.SUBMITTED).count() == 2
    failures = [r for r in caplog.records if "could not be sent" in r.getMessage()]
    assert len(failures) == 2


def test_mail_goes_out_only_after_the_commit(django_capture_on_commit_callbacks, people):
    from articles import publishing

    article = _article(people)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publishing.submit_for_review(article=article, user=people["journalist"])
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_the_link_is_absolute_with_a_site_url(settings, people):
    settings.SITE_URL = "https://newsroom.example/"
    article = _article(people)
    subject, body = notifications.build_message(
        article=article, kind=Notification.Kind.SUBMITTED, actor=people["journalist"]
    )
    assert f"https://newsroom.example/admin/articles/article/{article.pk}/change/" in body


def test_changes_to_a_live_article_notify_like_the_article_steps(
    client, django_capture_on_commit_callbacks, people
):
    from articles import editing, publishing

    article = _article(people, status=PUBLISHED, title="Live")
    journalist, editor = people["journalist"], people["editor"]
    content = editing.working_content(article)
    content["fields"] = {**content["fields"], "lead": "Ein neuer Vorspann."}
    with django_capture_on_commit_callbacks(execute=True):
        editing.save_content(article=article, content=content, user=journalist)
        publishing.submit_changes(article=article, user=journalist)
    assert _kinds(editor) == _kinds(people["editor2"]) == [Notification.Kind.CHANGES_SUBMITTED]
    assert "Änderungen zur Prüfung eingereicht: „Live“" in [m.subject for m in mail.outbox]

    with django_capture_on_commit_callbacks(execute=True):
        publishing.send_back_changes(article=article, user=editor, note="Quelle fehlt.")
    assert _kinds(journalist) == [Notification.Kind.SENT_BACK]
    # The note heads the form of the live article too.
    client.force_login(journalist)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'class="nr-sent-back"' in page.content.decode()
    assert "Quelle fehlt." in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_changes(article=article, user=editor)
    assert _kinds(journalist) == [
        Notification.Kind.CHANGES_PUBLISHED,
        Notification.Kind.SENT_BACK,
    ]
    assert mail.outbox[-1].subject == "Änderungen veröffentlicht: „Live“"


# --- the header, the page, marking read -------------------------------------------------------


def _notify(people, who, *, title="Eine Meldung", kind=Notification.Kind.SENT_BACK, note=""):
    article = _article(people, title=title)
    return Notification.objects.create(
        recipient=people[who], article=article, kind=kind, actor=people["editor"], note=note
    )


@pytest.mark.parametrize("role", ["journalist", "editor", "moderator"])
def test_every_staff_user_sees_the_unread_count_in_the_header(client, people, role):
    client.force_login(people[role])
    page = client.get(reverse("admin:index")).content.decode()
    assert "Benachrichtigungen (0)" in page
    _notify(people, role)
    _notify(people, role)
    read = _notify(people, role)
    read.read_at = timezone.now()
    read.save()
    _notify(people, "colleague")  # someone else's does not count
    page = client.get(reverse("admin:index")).content.decode()
    assert "Benachrichtigungen (2)" in page
    assert f'href="{reverse(PAGE)}"' in page


def test_the_page_lists_only_the_users_own_newest_first(client, people):
    _notify(people, "journalist", title="Ältere Meldung", note="Bitte Quellen ergänzen.")
    newer = _notify(people, "journalist", title="Neuere Meldung", kind=Notification.Kind.PUBLISHED)
    _notify(people, "colleague", title="Fremde Meldung", note="Geheim")
    client.force_login(people["journalist"])
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Neuere Meldung") < page.index("Ältere Meldung")
    assert "Fremde Meldung" not in page and "Geheim" not in page
    assert "Bitte Quellen ergänzen." in page
    # The kind in German, the article linked to its form, who did it.
    assert "Zurückgeschickt" in page and "Veröffentlicht" in page
    assert reverse("admin:articles_article_change", args=[newer.article_id]) in page
    assert "Chefin vom Dienst" in page


def test_marking_one_and_all_read(client, people):
    first = _notify(people, "journalist")
    second = _notify(people, "journalist")
    third = _notify(people, "journalist")
    client.force_login(people["journalist"])
    response = client.post(reverse(PAGE), {"read": first.pk}, follow=True)
    assert response.status_code == 200
    assert "Benachrichtigungen (2)" in response.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    response = client.post(reverse(PAGE), {"all": "1"}, follow=True)
    assert "Benachrichtigungen (0)" in response.content.decode()
    assert "2 Benachrichtigungen als gelesen markiert." in response.content.decode()
    for notification in (second, third):
        notification.refresh_from_db()
        assert notification.read_at is not None


def test_nobody_marks_someone_elses_notification(client, people):
    theirs = _notify(people, "colleague")
    mine = _notify(people, "journalist")
    client.force_login(people["journalist"])
    assert client.post(reverse(PAGE), {"read": theirs.pk}).status_code == 404
    for bad in ("", "abc", "-1", "0", "99999999999999999999999", str(mine.pk + 1000)):
        assert client.post(reverse(PAGE), {"read": bad}).status_code == 404, bad
    client.post(reverse(PAGE), {"all": "1"})
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read_at is None
    assert mine.read_at is not None


def test_marking_read_needs_the_csrf_token(people):
    from django.test import Client

    mine = _notify(people, "journalist")
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["journalist"])
    assert client.post(reverse(PAGE), {"read": mine.pk}).status_code == 403
    mine.refresh_from_db()
    assert mine.read_at is None


def test_readers_and_anonymous_are_sent_to_the_login(client, people):
    assert client.get(reverse(PAGE))["Location"].startswith(reverse("admin:login"))
    client.force_login(make_user("leserin"))
    assert client.get(reverse(PAGE))["Location"].startswith(reverse("admin:login"))


# --- the send-back note on the article form ---------------------------------------------------


def test_the_send_back_note_heads_the_form_until_the_article_is_submitted_again(
    client, django_capture_on_commit_callbacks, people
):
    article = _article(people, status=REVIEW)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(people["journalist"])
    assert 'class="nr-sent-back"' not in client.get(url).content.decode()

    note = "Der Vorspann ist zu lang."
    _step(
        client,
        django_capture_on_commit_callbacks,
        people["editor"],
        article,
        _send_back="1",
        workflow_note=note,
    )
    client.force_login(people["journalist"])
    page = client.get(url).content.decode()
    top = page.index('class="nr-sent-back"')
    assert top < page.index('name="title"')
    assert note in page[top:]
    assert "Zurückgeschickt von Chefin vom Dienst am" in page

    _step(
        client,
        django_capture_on_commit_callbacks,
        people["journalist"],
        article,
        _submit_review="1",
    )
    assert article.status == REVIEW
    assert 'class="nr-sent-back"' not in client.get(url).content.decode()


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_reporter_has_an_unread_sent_back_note(client, monkeypatch):
    from django.core.management import call_command

    from demo.data import SENT_BACK

    monkeypatch.setenv("DEMO_PASSWORD", "Ein-Testpasswort-42")
    for _run in range(2):  # idempotent: the second run adds nothing
        call_command("load_demo", stdout=io.StringIO())
    unread = Notification.objects.filter(recipient__username="reporter", read_at__isnull=True)
    assert list(unread.values_list("kind", "note")) == [
        (Notification.Kind.SENT_BACK, SENT_BACK["note"])
    ]
    client.force_login(User.objects.get(username="reporter"))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Benachrichtigungen (1)" in page
    assert SENT_BACK["note"] in page
