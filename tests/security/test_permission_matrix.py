"""The permission matrix: every role × every admin, workspace and preview
action, each cell asserted against the table below by HTTP status, redirect
and effect.

Roles (newsroom/roles.py): ``anonymous``; ``reader`` (logged in, no staff
flag, no group); ``journalist``, ``editor``, ``moderator`` (the groups);
``superuser``. "own" articles were created by the user acting; a
"colleague's" by another journalist.

Outcomes:

- ``ok``      the action happened (a page: 200 with its content; a change: its
              effect is in the database);
- ``login``   redirected to the admin login, nothing happened;
- ``403``     refused with 403, nothing happened;
- ``404``     not found (a public page that must not exist for this user);
- ``absent``  the admin says the object does not exist for this user
              (redirect to the admin index), nothing happened;
- ``no``      answered, but the action was refused with a message (e.g. a
              workflow step the role may not take), nothing happened.

Length: the role × action matrix, one row per action and role; the cases share
this module's fixtures and helpers.
"""

from datetime import UTC, timedelta

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, Autosave, Image, Section, Source
from audit.models import AuditEvent
from audit.record import record
from comments.models import BlockedTerm, Comment, Decision
from tests.admin_forms import management
from tests.factories import (
    jpeg_bytes,
    make_article,
    make_author,
    make_comment,
    make_image,
    make_section,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "journalist", "editor", "moderator", "superuser"]

# fmt: off
MATRIX = """
action                       anonymous  reader  journalist  editor  moderator  superuser
article.list                 login      login   ok          ok      403        ok
article.view_own             login      login   ok          ok      403        ok
article.view_colleague       login      login   403         ok      403        ok
article.add                  login      login   ok          ok      403        ok
article.change_own           login      login   ok          ok      403        ok
article.change_colleague     login      login   403         ok      403        ok
article.delete_own           login      login   403         ok      403        ok
article.delete_colleague     login      login   403         ok      403        ok
article.submit_own           login      login   ok          ok      403        ok
article.publish_own          login      login   no          ok      403        ok
article.publish_action       login      login   no          ok      403        ok
article.schedule_own         login      login   no          ok      403        ok
article.unpublish_action     login      login   no          ok      403        ok
article.restore_own          login      login   ok          ok      403        ok
article.restore_colleague    login      login   403         ok      403        ok
article.compare_colleague    login      login   403         ok      404        ok
article.history_colleague    login      login   403         ok      403        ok
article.desk                 login      login   ok          ok      403        ok
article.import               login      login   ok          ok      403        ok
article.autosave_own         login      login   ok          ok      403        ok
article.autosave_colleague   login      login   404         ok      403        ok
article.quotes_accept_own    login      login   ok          ok      403        ok
article.quotes_accept_colleague login   login   403         ok      403        ok
article.quotes_reject_own    login      login   ok          ok      403        ok
notification.list            login      login   ok          ok      ok         ok
notification.mark_own        login      login   ok          ok      ok         ok
notification.mark_others     login      login   404         404     404        404
start.page                   login      login   ok          ok      ok         ok
start.review_queue           login      login   no          ok      no         ok
article.recover              login      login   403         ok      403        ok
image.view                   login      login   ok          ok      403        ok
image.add                    login      login   ok          ok      403        ok
image.change                 login      login   403         ok      403        ok
image.delete                 login      login   403         ok      403        ok
image.change_own             login      login   ok          ok      403        ok
image.change_own_live        login      login   403         ok      403        ok
image.change_live_hero       login      login   403         ok      403        ok
image.change_author_photo    login      login   403         ok      403        ok
image.delete_own             login      login   403         ok      403        ok
author.view                  login      login   ok          ok      403        ok
author.change                login      login   403         ok      403        ok
source.view                  login      login   ok          ok      403        ok
source.add                   login      login   ok          ok      403        ok
source.change                login      login   403         ok      403        ok
source.delete                login      login   403         ok      403        ok
section.view                 login      login   ok          ok      403        ok
section.add                  login      login   403         ok      403        ok
section.change               login      login   403         ok      403        ok
section.delete               login      login   403         ok      403        ok
tag.view                     login      login   ok          ok      403        ok
tag.add                      login      login   403         ok      403        ok
tag.change                   login      login   403         ok      403        ok
tag.delete                   login      login   403         ok      403        ok
comment.list                 login      login   403         403     ok         ok
comment.workspace            login      login   403         403     ok         ok
comment.unreviewed           login      login   403         403     ok         ok
comment.confirm_unreviewed   login      login   403         403     ok         ok
comment.decide               login      login   403         403     ok         ok
comment.bulk_decide          login      login   403         403     ok         ok
comment.approve_action       login      login   403         403     ok         ok
comment.metrics              login      login   403         403     ok         ok
comment.change               login      login   403         403     403        403
comment.delete               login      login   403         403     403        ok
blockedterm.view             login      login   403         403     ok         ok
blockedterm.add              login      login   403         403     ok         ok
blockedterm.change           login      login   403         403     ok         ok
blockedterm.delete           login      login   403         403     ok         ok
decision.list                login      login   403         403     ok         ok
decision.delete              login      login   403         403     403        403
privacy.view                 login      login   403         403     ok         ok
privacy.export               login      login   403         403     ok         ok
privacy.erase                login      login   403         403     ok         ok
user.view                    login      login   403         403     403        ok
user.add                     login      login   403         403     403        ok
user.change                  login      login   403         403     403        ok
user.delete                  login      login   403         403     403        ok
group.view                   login      login   403         403     403        ok
group.add                    login      login   403         403     403        ok
group.change                 login      login   403         403     403        ok
group.delete                 login      login   403         403     403        ok
audit.view                   login      login   403         403     403        ok
audit.add                    login      login   403         403     403        403
audit.change                 login      login   403         403     403        403
audit.delete                 login      login   403         403     403        403
preview.own_draft            404        404     ok          ok      404        ok
preview.colleague_draft      404        404     404         ok      404        ok
preview.colleague_scheduled  404        404     404         ok      404        ok
preview.archived             404        404     404         ok      404        ok
comment.post_on_draft        404        404     404         404     404        404
comment.report_pending       404        404     404         404     404        404
"""
# fmt: on


def _parse(table):
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header[1:] == ROLES
    return {row[0]: dict(zip(ROLES, row[1:], strict=True)) for row in rows}


EXPECTED = _parse(MATRIX)
LOGIN = reverse("admin:login")
ADMIN_INDEX = reverse("admin:index")


# --- the world each cell acts in -------------------------------------------------------------


class World:
    """Fresh objects for one cell: the acting user and a colleague's articles."""

    def __init__(self, user):
        self.user = user
        self.colleague = make_user("kollegin", group="Journalists")
        self.section = make_section()

    def own(self, status=Article.Status.DRAFT, **kw):
        owner = self.user if self.user is not None else None
        return self._article(owner, status, **kw)

    def colleagues(self, status=Article.Status.DRAFT, **kw):
        return self._article(self.colleague, status, **kw)

    def _article(self, owner, status, **kw):
        with reversion.create_revision():
            article = make_article(
                status=status, created_by=owner, section=self.section, title="Alt", **kw
            )
        # A second revision, so that there is something to restore and compare.
        with reversion.create_revision():
            article.title = "Neu"
            article.version += 1
            article.save()
        return article

    def pending_comment(self):
        return make_comment(make_article(section=self.section), status=Comment.Status.PENDING)

    def unreviewed_comment(self):
        """Published at once by the policy (post-moderation), no moderator yet."""
        return make_comment(make_article(section=self.section), status=Comment.Status.APPROVED)


def _article_data(article, **overrides):
    return {
        "section": article.section_id,
        "kicker": article.kicker,
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "comments_enabled": "on",
        "edit_version": article.version,
        **management("bylines"),
        **management("citations"),
        **management("corrections"),
        **overrides,
    }


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _status(article):
    article.refresh_from_db()
    return article.status


# --- the actions: each returns (response, effect) -----------------------------------------------


def _get(client, url):
    response = client.get(url)
    return response, response.status_code == 200


def article_list(client, world):
    return _get(client, reverse("admin:articles_article_changelist"))


def article_view_own(client, world):
    return _get(client, _change_url(world.own()))


def article_view_colleague(client, world):
    return _get(client, _change_url(world.colleagues()))


def article_add(client, world):
    data = _article_data(
        Article(
            section=world.section,
            title="Neu angelegt",
            slug="neu-angelegt",
            lead="V",
            body="B",
            version=0,
        )
    )
    del data["edit_version"]
    response = client.post(reverse("admin:articles_article_add"), data)
    return response, Article.objects.filter(slug="neu-angelegt").exists()


def _change(client, article):
    response = client.post(_change_url(article), _article_data(article, title="Geändert"))
    article.refresh_from_db()
    return response, article.title == "Geändert"


def article_change_own(client, world):
    return _change(client, world.own())


def article_change_colleague(client, world):
    return _change(client, world.colleagues())


def _delete(client, article):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    response = client.post(url, {"post": "yes"})
    return response, not Article.objects.filter(pk=article.pk).exists()


def article_delete_own(client, world):
    return _delete(client, world.own())


def article_delete_colleague(client, world):
    return _delete(client, world.colleagues())


def article_submit_own(client, world):
    article = world.own()
    response = client.post(_change_url(article), _article_data(article, _submit_review="1"))
    return response, _status(article) == Article.Status.REVIEW


def article_publish_own(client, world):
    article = world.own(status=Article.Status.REVIEW)
    response = client.post(_change_url(article), _article_data(article, _publish="1"))
    return response, _status(article) == Article.Status.PUBLISHED


def article_publish_action(client, world):
    article = world.colleagues(status=Article.Status.REVIEW)
    own = world.own(status=Article.Status.REVIEW)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk, own.pk]},
    )
    published = [_status(article), _status(own)]
    return response, published == [Article.Status.PUBLISHED] * 2


def article_schedule_own(client, world):
    article = world.own(status=Article.Status.REVIEW)
    at = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _change_url(article), _article_data(article, _schedule="1", schedule_at=at)
    )
    article.refresh_from_db()
    return response, article.status == Article.Status.PUBLISHED and not article.is_public


def article_unpublish_action(client, world):
    article = world.colleagues(status=Article.Status.PUBLISHED)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    return response, _status(article) == Article.Status.DRAFT


def _restore(client, article):
    first = Version.objects.get_for_object(article).order_by("pk").first()
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    # The revision's form carries the version number the restore starts from.
    page = client.get(url)
    version = article.version
    if page.status_code == 200:
        version = page.context["adminform"].form.fields["edit_version"].initial
    response = client.post(url, _article_data(article, title="Alt", edit_version=version))
    article.refresh_from_db()
    return response, article.title == "Alt"


def article_restore_own(client, world):
    return _restore(client, world.own())


def article_restore_colleague(client, world):
    return _restore(client, world.colleagues())


def article_compare_colleague(client, world):
    article = world.colleagues()
    versions = list(Version.objects.get_for_object(article).order_by("pk"))
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return _get(client, f"{url}?from={versions[0].pk}&to={versions[1].pk}")


def article_history_colleague(client, world):
    return _get(client, reverse("admin:articles_article_history", args=[world.colleagues().pk]))


def article_desk(client, world):
    return _get(client, reverse("admin:articles_article_desk"))


def article_import(client, world):
    response = client.post(
        reverse("admin:articles_article_import"),
        {"section": world.section.pk, "text": "Agenturmeldung\n\nVorspann.\n\nText."},
    )
    return response, Article.objects.filter(title="Agenturmeldung").exists()


def _autosave(client, article):
    response = client.post(
        reverse("admin:articles_article_editor_autosave"),
        {"article": article.pk, "data": [["lead", "Automatisch gesichert"]]},
        content_type="application/json",
    )
    return response, Autosave.objects.filter(article=article).exists()


def article_autosave_own(client, world):
    return _autosave(client, world.own())


def article_autosave_colleague(client, world):
    return _autosave(client, world.colleagues())


# Quote suggestions on the article form (articles.citing): whoever may edit
# the article takes them over (a new source included) or drops them.
QUOTE = "Wir beobachten die Lage sehr genau"
QUOTE_BODY = f"„{QUOTE}“, sagte John Carver, Sprecher des US-Außenministeriums."


def _quote_post(client, article, action):
    from articles import citing

    key = citing.suggestions(article)[0].key
    url = reverse(f"admin:articles_article_quotes_{action}", args=[article.pk])
    return client.post(url, {"key": key})


def article_quotes_accept_own(client, world):
    article = world.own(body=QUOTE_BODY)
    response = _quote_post(client, article, "accept")
    return response, article.citations.filter(quote=QUOTE, source__name="John Carver").exists()


def article_quotes_accept_colleague(client, world):
    article = world.colleagues(body=QUOTE_BODY)
    response = _quote_post(client, article, "accept")
    return response, article.citations.filter(quote=QUOTE).exists()


def article_quotes_reject_own(client, world):
    from articles.models import QuoteDecision

    article = world.own(body=QUOTE_BODY)
    response = _quote_post(client, article, "reject")
    return response, QuoteDecision.objects.filter(article=article, accepted=False).exists()


# The notifications page and the start page (articles.notifications,
# articles.selectors): every staff user has their own; nobody sees or marks
# anyone else's notifications, nobody sees a colleague's draft on the start page.


def _notification(world, recipient, title):
    from articles.models import Notification

    article = world.colleagues()
    Article.objects.filter(pk=article.pk).update(title=title)
    return Notification.objects.create(
        recipient=recipient, article=article, kind=Notification.Kind.PUBLISHED
    )


def notification_list(client, world):
    if world.user is not None:
        _notification(world, world.user, "Meine Meldung")
    _notification(world, world.colleague, "Fremde Meldung")
    response = client.get(reverse("admin:articles_article_notifications"))
    page = response.content.decode()
    shown = response.status_code == 200 and "Meine Meldung" in page
    return response, shown and "Fremde Meldung" not in page


def _mark(client, notification):
    response = client.post(
        reverse("admin:articles_article_notifications"), {"read": notification.pk}
    )
    notification.refresh_from_db()
    return response, notification.read_at is not None


def notification_mark_own(client, world):
    return _mark(client, _notification(world, world.user or world.colleague, "Meldung"))


def notification_mark_others(client, world):
    return _mark(client, _notification(world, world.colleague, "Fremde Meldung"))


def _start_page(client, world, status, title):
    article = world.colleagues(status=status)
    Article.objects.filter(pk=article.pk).update(title=title)
    response = client.get(ADMIN_INDEX)
    return response, response.status_code == 200 and title in response.content.decode()


def start_page(client, world):
    response, shown = _start_page(client, world, Article.Status.DRAFT, "Fremder Entwurf")
    return response, response.status_code == 200 and not shown


def start_review_queue(client, world):
    return _start_page(client, world, Article.Status.REVIEW, "Fremder Text in Prüfung")


def image_add(client, world):
    response = client.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg"),
            "alt_text": "Alt",
            "credit": "Foto",
            "caption": "",
        },
    )
    return response, Image.objects.exists()


def source_add(client, world):
    response = client.post(
        reverse("admin:articles_source_add"),
        {"name": "Sprecherin", "slug": "sprecherin", "kind": Source.Kind.PERSON, "role": "x"},
    )
    return response, Source.objects.filter(slug="sprecherin").exists()


def section_add(client, world):
    response = client.post(
        reverse("admin:articles_section_add"),
        {
            "name": "Neues Ressort",
            "slug": "neues-ressort",
            "position": "1",
            "comment_moderation": "pre",
        },
    )
    return response, Section.objects.filter(slug="neues-ressort").exists()


def tag_change(client, world):
    tag = Tag.objects.create(name="Alt", slug="alt")
    response = client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]),
        {"name": "Umbenannt", "slug": "umbenannt", **management("taggit_taggeditem_items")},
    )
    tag.refresh_from_db()
    return response, tag.name == "Umbenannt"


def comment_list(client, world):
    world.pending_comment()
    return _get(client, reverse("admin:comments_comment_changelist"))


def comment_workspace(client, world):
    world.pending_comment()
    return _get(client, reverse("admin:comments_comment_workspace"))


def _decided(comment):
    comment.refresh_from_db()
    return comment.status != Comment.Status.PENDING


def comment_decide(client, world):
    comment = world.pending_comment()
    response = client.post(
        reverse("admin:comments_comment_decide"),
        {"comment": comment.pk, "decision": "approved", "expected": "pending"},
    )
    return response, _decided(comment)


def comment_bulk_decide(client, world):
    comment = world.pending_comment()
    response = client.post(
        reverse("admin:comments_comment_bulk_decide"),
        {"selected": [comment.pk], "decision": "spam", f"expected-{comment.pk}": "pending"},
    )
    return response, _decided(comment)


def comment_unreviewed(client, world):
    comment = world.unreviewed_comment()
    response = client.get(reverse("admin:comments_comment_workspace"), {"queue": "unreviewed"})
    return response, response.status_code == 200 and f'id="comment-{comment.pk}"' in (
        response.content.decode()
    )


def comment_confirm_unreviewed(client, world):
    comment = world.unreviewed_comment()
    response = client.post(
        reverse("admin:comments_comment_decide"),
        {"comment": comment.pk, "decision": "approved", "expected": "unreviewed"},
    )
    comment.refresh_from_db()
    return response, comment.moderated_at is not None


def comment_approve_action(client, world):
    comment = world.pending_comment()
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    return response, _decided(comment)


def comment_metrics(client, world):
    return _get(client, reverse("admin:comments_comment_metrics"))


def comment_change(client, world):
    comment = world.pending_comment()
    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"body": "Umgeschrieben", "status": "approved", "name": "X", "email": "x@example.org"},
    )
    comment.refresh_from_db()
    return response, comment.body == "Umgeschrieben" or comment.status == "approved"


def comment_delete(client, world):
    comment = world.pending_comment()
    url = reverse("admin:comments_comment_delete", args=[comment.pk])
    response = client.post(url, {"post": "yes"})
    return response, not Comment.objects.filter(pk=comment.pk).exists()


def blockedterm_add(client, world):
    response = client.post(
        reverse("admin:comments_blockedterm_add"),
        {"pattern": "schimpfwort", "action": "hold", "note": "", "active": "on"},
    )
    return response, BlockedTerm.objects.filter(pattern="schimpfwort").exists()


def decision_list(client, world):
    return _get(client, reverse("admin:comments_decision_changelist"))


def decision_delete(client, world):
    comment = world.pending_comment()
    decision = Decision.objects.create(
        comment=comment,
        comment_number=comment.pk,
        source="policy",
        from_status="pending",
        to_status="spam",
    )
    url = reverse("admin:comments_decision_delete", args=[decision.pk])
    response = client.post(url, {"post": "yes"})
    return response, not Decision.objects.filter(pk=decision.pk).exists()


def _privacy(client, world, operation):
    make_comment(make_article(section=world.section), email="leserin@example.org")
    response = client.post(
        reverse("admin:comments_comment_privacy"),
        {"email": "leserin@example.org", "operation": operation, "confirm": "on"},
    )
    return response


def privacy_view(client, world):
    return _get(client, reverse("admin:comments_comment_privacy"))


def privacy_export(client, world):
    response = _privacy(client, world, "export")
    effect = response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return response, effect


def privacy_erase(client, world):
    response = _privacy(client, world, "erase")
    return response, not Comment.objects.filter(email="leserin@example.org").exists()


def user_add(client, world):
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "eindringling",
            "password1": "Sehr-geheim-2026!",
            "password2": "Sehr-geheim-2026!",
            "usable_password": "true",
        },
    )
    return response, User.objects.filter(username="eindringling").exists()


def group_change(client, world):
    group = Group.objects.get(name="Editors")
    before = group.permissions.count()
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Editors", "permissions": []},
    )
    return response, group.permissions.count() != before


def preview_own_draft(client, world):
    return _get(client, world.own().get_absolute_url())


def preview_colleague_draft(client, world):
    return _get(client, world.colleagues().get_absolute_url())


def preview_colleague_scheduled(client, world):
    article = world.colleagues(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=1)
    )
    return _get(client, article.get_absolute_url())


def preview_archived(client, world):
    return _get(client, world.colleagues(status=Article.Status.ARCHIVED).get_absolute_url())


def comment_post_on_draft(client, world):
    from comments.forms import CommentForm

    article = world.own()
    response = client.post(
        reverse("comments:post", args=[article.slug]),
        {
            "name": "A",
            "email": "a@example.org",
            "body": "Text",
            "ts": CommentForm.fresh_timestamp(seconds_ago=10),
        },
    )
    return response, Comment.objects.filter(article=article).exists()


def comment_report_pending(client, world):
    comment = world.pending_comment()
    response = client.post(reverse("comments:report", args=[comment.pk]), {"reason": "spam"})
    return response, comment.reports.exists()


# --- view, change and delete of the other models, recover, the audit log -----------------------


def _view(client, url, text):
    """A change page (read-only for view permission) that shows the object."""
    response = client.get(url)
    return response, response.status_code == 200 and text in response.content.decode()


def _delete_object(client, url, queryset):
    response = client.post(url, {"post": "yes"})
    return response, not queryset.exists()


def article_recover(client, world):
    with reversion.create_revision():
        article = make_article(
            status=Article.Status.PUBLISHED,
            created_by=world.colleague,
            section=world.section,
            slug="geloescht",
        )
    version = Version.objects.get_for_object(article).get()
    data = _article_data(article)
    article.delete()
    url = reverse("admin:articles_article_recover", args=[version.pk])
    page = client.get(url)
    if page.status_code == 200:
        data["edit_version"] = page.context["adminform"].form.fields["edit_version"].initial
    response = client.post(url, data)
    return response, Article.objects.filter(slug="geloescht").exists()


def image_view(client, world):
    image = make_image(alt_text="Ein Testbild")
    return _view(client, reverse("admin:articles_image_change", args=[image.pk]), "Ein Testbild")


def image_change(client, world):
    image = make_image()
    response = client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {"alt_text": "Geändert", "caption": "", "credit": "Foto: Test"},
    )
    image.refresh_from_db()
    return response, image.alt_text == "Geändert"


def image_delete(client, world):
    image = make_image()
    url = reverse("admin:articles_image_delete", args=[image.pk])
    return _delete_object(client, url, Image.objects.filter(pk=image.pk))


# Image rights (articles/image_rights.py): journalists change only images they
# uploaded that nothing live shows; ``image.change`` above is nobody's image.


def _image_change(client, image):
    response = client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {"alt_text": "Geändert", "caption": "", "credit": "Foto: Test"},
    )
    image.refresh_from_db()
    return response, image.alt_text == "Geändert"


def image_change_own(client, world):
    return _image_change(client, make_image(uploaded_by=world.user))


def image_change_own_live(client, world):
    image = make_image(uploaded_by=world.user)
    world.own(status=Article.Status.PUBLISHED, hero_image=image)
    return _image_change(client, image)


def image_change_live_hero(client, world):
    desk = make_user("chefredaktion", group="Editors")
    image = make_image(uploaded_by=desk)
    make_article(status=Article.Status.PUBLISHED, hero_image=image, section=world.section)
    return _image_change(client, image)


def image_change_author_photo(client, world):
    image = make_image(uploaded_by=world.user)
    make_author(photo=image)
    return _image_change(client, image)


def image_delete_own(client, world):
    image = make_image(uploaded_by=world.user)
    url = reverse("admin:articles_image_delete", args=[image.pk])
    return _delete_object(client, url, Image.objects.filter(pk=image.pk))


def author_view(client, world):
    author = make_author(name="Anna Berger")
    return _view(client, reverse("admin:articles_author_change", args=[author.pk]), "Anna Berger")


def author_change(client, world):
    author = make_author(name="Anna Berger", slug="anna-berger")
    photo = make_image()
    response = client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "Geändert", "slug": "anna-berger", "bio": "", "photo": photo.pk},
    )
    author.refresh_from_db()
    return response, author.name == "Geändert" or author.photo_id == photo.pk


def source_view(client, world):
    source = make_source(name="Sprecherin Huber")
    url = reverse("admin:articles_source_change", args=[source.pk])
    return _view(client, url, "Sprecherin Huber")


def source_change(client, world):
    source = make_source()
    response = client.post(
        reverse("admin:articles_source_change", args=[source.pk]),
        {"name": "Geändert", "slug": source.slug, "kind": Source.Kind.PERSON, "role": "x"},
    )
    source.refresh_from_db()
    return response, source.name == "Geändert"


def source_delete(client, world):
    source = make_source()
    url = reverse("admin:articles_source_delete", args=[source.pk])
    return _delete_object(client, url, Source.objects.filter(pk=source.pk))


def section_view(client, world):
    section = make_section(name="Chronik")
    return _view(client, reverse("admin:articles_section_change", args=[section.pk]), "Chronik")


def section_change(client, world):
    section = make_section()
    response = client.post(
        reverse("admin:articles_section_change", args=[section.pk]),
        {
            "name": "Geändert",
            "slug": section.slug,
            "position": "1",
            "comment_moderation": "pre",
        },
    )
    section.refresh_from_db()
    return response, section.name == "Geändert"


def section_delete(client, world):
    section = make_section()  # no articles in it
    url = reverse("admin:articles_section_delete", args=[section.pk])
    return _delete_object(client, url, Section.objects.filter(pk=section.pk))


def tag_view(client, world):
    tag = Tag.objects.create(name="Klimawandel", slug="klimawandel")
    return _view(client, reverse("admin:taggit_tag_change", args=[tag.pk]), "Klimawandel")


def tag_add(client, world):
    response = client.post(
        reverse("admin:taggit_tag_add"),
        {"name": "Neu", "slug": "neu", **management("taggit_taggeditem_items")},
    )
    return response, Tag.objects.filter(slug="neu").exists()


def tag_delete(client, world):
    tag = Tag.objects.create(name="Alt", slug="alt")
    url = reverse("admin:taggit_tag_delete", args=[tag.pk])
    return _delete_object(client, url, Tag.objects.filter(pk=tag.pk))


def blockedterm_view(client, world):
    term = BlockedTerm.objects.create(pattern="schimpfwort", action="hold")
    url = reverse("admin:comments_blockedterm_change", args=[term.pk])
    return _view(client, url, "schimpfwort")


def blockedterm_change(client, world):
    term = BlockedTerm.objects.create(pattern="schimpfwort", action="hold")
    response = client.post(
        reverse("admin:comments_blockedterm_change", args=[term.pk]),
        {"pattern": "schimpfwort", "action": "spam", "note": "", "active": "on"},
    )
    term.refresh_from_db()
    return response, term.action == "spam"


def blockedterm_delete(client, world):
    term = BlockedTerm.objects.create(pattern="schimpfwort", action="hold")
    url = reverse("admin:comments_blockedterm_delete", args=[term.pk])
    return _delete_object(client, url, BlockedTerm.objects.filter(pk=term.pk))


def user_view(client, world):
    url = reverse("admin:auth_user_change", args=[world.colleague.pk])
    return _view(client, url, "kollegin")


def user_change(client, world):
    colleague = world.colleague
    response = client.post(
        reverse("admin:auth_user_change", args=[colleague.pk]),
        {
            "username": colleague.username,
            "first_name": "Geändert",
            "is_active": "on",
            "groups": [Group.objects.get(name="Journalists").pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    colleague.refresh_from_db()
    return response, colleague.first_name == "Geändert"


def user_delete(client, world):
    leaving = make_user("ausgeschieden", group="Journalists")
    url = reverse("admin:auth_user_delete", args=[leaving.pk])
    return _delete_object(client, url, User.objects.filter(pk=leaving.pk))


def group_view(client, world):
    group = Group.objects.get(name="Editors")
    return _view(client, reverse("admin:auth_group_change", args=[group.pk]), "Editors")


def group_add(client, world):
    response = client.post(reverse("admin:auth_group_add"), {"name": "Praktikanten"})
    return response, Group.objects.filter(name="Praktikanten").exists()


def group_delete(client, world):
    group = Group.objects.create(name="Praktikanten")
    url = reverse("admin:auth_group_delete", args=[group.pk])
    return _delete_object(client, url, Group.objects.filter(pk=group.pk))


def _audit_event():
    return record(AuditEvent.Action.EXPORT, actor=None, comments=1)


def audit_view(client, world):
    event = _audit_event()
    url = reverse("admin:audit_auditevent_change", args=[event.pk])
    return _view(client, url, event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))


def audit_add(client, world):
    response = client.post(
        reverse("admin:audit_auditevent_add"), {"action": "login", "actor_repr": "gefälscht"}
    )
    return response, AuditEvent.objects.filter(actor_repr="gefälscht").exists()


def audit_change(client, world):
    event = _audit_event()
    response = client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]),
        {"action": "login", "actor_repr": "gefälscht"},
    )
    event.refresh_from_db()
    return response, event.actor_repr == "gefälscht" or event.action != "export"


def audit_delete(client, world):
    event = _audit_event()
    url = reverse("admin:audit_auditevent_delete", args=[event.pk])
    return _delete_object(client, url, AuditEvent.objects.filter(pk=event.pk))


ACTIONS = {
    name.replace("_", ".", 1): function
    for name, function in list(globals().items())
    if callable(function) and name.split("_")[0] in {
        "article", "image", "source", "section", "tag", "comment", "blockedterm", "decision",
        "privacy", "user", "group", "preview", "audit", "author", "notification", "start",
    } and not name.startswith("_")
}  # fmt: skip


# --- the test ---------------------------------------------------------------------------


def _user(role):
    if role == "anonymous":
        return None
    if role == "reader":
        return make_user("leserin")
    if role == "superuser":
        return User.objects.create_superuser("root", password="test-pass-123")
    group = {"journalist": "Journalists", "editor": "Editors", "moderator": "Moderators"}[role]
    return make_user(role, group=group)


def outcome(response, effect):
    if effect:
        return "ok"
    code = response.status_code
    if code == 302:
        location = response["Location"]
        if location.startswith(LOGIN):
            return "login"
        if location == ADMIN_INDEX:
            return "absent"
        return "no"
    if code in (403, 404, 405):
        return str(code)
    return "no"


def test_the_table_names_every_action_once():
    assert set(EXPECTED) == set(ACTIONS)


@pytest.mark.parametrize(
    ("action", "role"),
    [pytest.param(action, role, id=f"{action}-{role}") for action in EXPECTED for role in ROLES],
)
def test_permission_matrix(client, role, action):
    user = _user(role)
    if user is not None:
        client.force_login(user)
    world = World(user)
    response, effect = ACTIONS[action](client, world)
    assert response.status_code != 500
    assert outcome(response, effect) == EXPECTED[action][role], (
        f"{action} as {role}: HTTP {response.status_code} "
        f"{response.get('Location', '')} effect={effect}"
    )


# --- restoring a revision never takes a workflow step -------------------------------------------


def test_restoring_a_published_revision_does_not_publish_the_article(client, journalist, editor):
    """Revisions carry the state the article had; restoring one brings back
    its text only. Otherwise a journalist could put an unpublished article
    back online by restoring the revision from when it was live."""
    from articles import publishing

    article = make_article(status=Article.Status.REVIEW, created_by=journalist, title="Live")
    publishing.publish(article=article, user=editor)
    live = Version.objects.get_for_object(article).order_by("-pk").first()
    publishing.unpublish(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    for user in (journalist, editor):
        client.force_login(user)
        url = reverse("admin:articles_article_revision", args=[article.pk, live.pk])
        page = client.get(url)
        assert page.status_code == 200
        version = page.context["adminform"].form.fields["edit_version"].initial
        article.refresh_from_db()
        before = article.version
        response = client.post(url, _article_data(article, title="Wieder da", edit_version=version))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "Wieder da"
        assert article.status == Article.Status.DRAFT
        assert not article.is_public
        assert article.version > before
        assert article.created_by == journalist


def test_only_editors_recover_deleted_articles(client, journalist, editor):
    with reversion.create_revision():
        article = make_article(status=Article.Status.PUBLISHED, created_by=journalist)
    version = Version.objects.get_for_object(article).get()
    article.delete()
    url = reverse("admin:articles_article_recover", args=[version.pk])
    client.force_login(journalist)
    assert client.post(url, _article_data(article)).status_code == 403
    assert not Article.objects.exists()
    client.force_login(editor)
    page = client.get(url)
    assert page.status_code == 200
    edit_version = page.context["adminform"].form.fields["edit_version"].initial
    response = client.post(url, _article_data(article, edit_version=edit_version))
    assert response.status_code == 302, response.content.decode()[:500]
    recovered = Article.objects.get()
    # Back as a draft: publishing it again is a workflow step of its own.
    assert recovered.status == Article.Status.DRAFT
    assert not recovered.is_public
