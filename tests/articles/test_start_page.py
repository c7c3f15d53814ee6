"""The admin start page as a desk for each role (templates/admin/index.html,
articles.selectors.start_desk): journalists their own drafts, what was sent
back to them with the note, what is in review and what is scheduled; editors
the review queue, what still goes out today and the latest publications; a
user without a role Django's index. The panels take a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles import editing, publishing, selectors
from articles.models import Article, Author, Byline
from tests.factories import make_article, make_author, make_section, make_user

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED
INDEX = reverse("admin:index")
PANELS = "admin/articles/_editorial_desk.html"


def _later_today(minutes=1):
    """A time still ahead today (Vienna), at least ``minutes`` from now."""
    now = timezone.localtime()
    end = now.replace(hour=23, minute=59, second=0, microsecond=0)
    return min(now + timedelta(minutes=minutes), end) if now < end else None


def _changes_in_review(article, user, lead):
    """Revise a live article and submit the changes, as its author would."""
    content = editing.working_content(article)
    content["fields"] = {**content["fields"], "lead": lead}
    editing.save_content(article=article, content=content, user=user)
    publishing.submit_changes(article=article, user=user)


@pytest.fixture
def newsroom(db):
    """A journalist's and a colleague's articles in every state."""
    journalist = make_user("julia", group="Journalists")
    colleague = make_user("kollege", group="Journalists")
    editor = make_user("chefin", group="Editors")
    profile = Author.objects.create(name="Julia Hofbauer", slug="julia-hofbauer", user=journalist)
    section = make_section(name="Kultur", slug="kultur")
    now = timezone.now()

    def article(title, status, owner, publish_at=None):
        timing = {"publish_at": publish_at} if publish_at else {}
        return make_article(title=title, status=status, created_by=owner, section=section, **timing)

    mine = {
        "draft": article("Mein Entwurf", DRAFT, journalist),
        "returned": article("Mein Zurückgeschickter", REVIEW, journalist),
        "review": article("Mein Text in Prüfung", REVIEW, journalist),
        "scheduled": article("Mein geplanter Text", PUBLISHED, journalist, now + timedelta(days=2)),
        "published": article("Mein veröffentlichter Text", PUBLISHED, journalist),
    }
    # Bylined, created by the desk: also the journalist's own.
    bylined = article("Gemeinsamer Entwurf", DRAFT, editor)
    Byline.objects.create(article=bylined, author=profile, position=0)
    mine["bylined"] = bylined
    theirs = {
        "draft": article("Fremder Entwurf", DRAFT, colleague),
        "review": article("Fremder Text in Prüfung", REVIEW, colleague),
        "scheduled": article(
            "Fremder geplanter Text", PUBLISHED, colleague, now + timedelta(days=2)
        ),
        "published": article("Fremder veröffentlichter Text", PUBLISHED, colleague),
    }
    publishing.send_back(
        article=mine["returned"], user=editor, note="Bitte die Zahlen der Polizei nachtragen."
    )
    mine["revised"] = article("Mein korrigierter Text", PUBLISHED, journalist)
    _changes_in_review(mine["revised"], journalist, "Ein neuer Vorspann.")
    return {
        "journalist": journalist,
        "colleague": colleague,
        "editor": editor,
        "mine": mine,
        "theirs": theirs,
        "section": section,
    }


def _page(client, user):
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code == 200
    return response.content.decode()


def _desk(page):
    """The desk panel only (above Django's app list)."""
    start = page.find('class="nr-start-desk"')
    if start == -1:
        return ""
    return page[start : page.index('id="content-main"', start)]


def test_journalist_sees_own_work_and_nobody_elses(client, newsroom):
    desk = _desk(_page(client, newsroom["journalist"]))
    assert desk
    mine = newsroom["mine"]
    for key in ("draft", "returned", "review", "scheduled", "bylined", "revised"):
        assert mine[key].title in desk, key
    for article in newsroom["theirs"].values():
        assert article.title not in desk
    # The sent-back article, with the note and who sent it, in its own panel.
    returned = desk[desk.index("An Sie zurückgeschickt") : desk.index("Ihre Entwürfe")]
    assert "Mein Zurückgeschickter" in returned
    assert "Bitte die Zahlen der Polizei nachtragen." in returned
    assert "Zurückgeschickt von chefin am" in returned
    drafts = desk[desk.index("Ihre Entwürfe") : desk.index("In Prüfung")]
    assert "Mein Entwurf" in drafts and "Gemeinsamer Entwurf" in drafts
    assert "Mein Zurückgeschickter" not in drafts
    assert reverse("admin:articles_article_change", args=[mine["draft"].pk]) in desk
    assert "mod-desk-heading" not in _page(client, newsroom["journalist"])


def test_a_resubmitted_article_leaves_the_sent_back_panel(client, newsroom):
    returned = newsroom["mine"]["returned"]
    returned.refresh_from_db()
    publishing.submit_for_review(article=returned, user=newsroom["journalist"])
    desk = _desk(_page(client, newsroom["journalist"]))
    assert "Bitte die Zahlen der Polizei nachtragen." not in desk
    assert "Nichts wurde an Sie zurückgeschickt." in desk
    in_review = desk[desk.index("In Prüfung") :]
    assert "Mein Zurückgeschickter" in in_review


def test_editor_sees_the_queue_today_and_recent_but_no_drafts(client, newsroom):
    later = _later_today(minutes=30)
    if later is not None:
        today = make_article(
            title="Heute Abend online",
            status=PUBLISHED,
            publish_at=later,
            section=newsroom["section"],
        )
    desk = _desk(_page(client, newsroom["editor"]))
    assert desk
    queue = desk[desk.index("Warteschlange zur Prüfung") : desk.index("Heute noch geplant")]
    assert "Fremder Text in Prüfung" in queue and "Mein Text in Prüfung" in queue
    assert "Änderungen an veröffentlichten Artikeln" in queue
    assert "Mein korrigierter Text" in queue
    assert "Warteschlange zur Prüfung (3)" in desk
    recent = desk[desk.index("Zuletzt veröffentlicht") :]
    assert "Fremder veröffentlichter Text" in recent and "Mein veröffentlichter Text" in recent
    if later is not None:
        assert (
            today.title
            in desk[desk.index("Heute noch geplant") : desk.index("Zuletzt veröffentlicht")]
        )
    # In two days: not today's.
    assert "Fremder geplanter Text" not in desk
    for title in ("Mein Entwurf", "Fremder Entwurf", "Gemeinsamer Entwurf"):
        assert title not in desk


def test_moderator_and_a_user_without_role_see_no_editorial_desk(client, newsroom):
    moderator = make_user("moderator", group="Moderators")
    page = _page(client, moderator)
    assert 'class="nr-start-desk"' not in page
    # The comments app's panel ({% moderation_desk %}) instead.
    assert "mod-desk-heading" in page
    for article in [*newsroom["mine"].values(), *newsroom["theirs"].values()]:
        assert article.title not in page

    nobody = make_user("praktikant")
    nobody.is_staff = True
    nobody.save()
    page = _page(client, nobody)
    assert 'class="nr-start-desk"' not in page
    assert 'id="content-main"' in page  # Django's index as it is


def test_superuser_gets_the_editors_desk(client, newsroom):
    root = User.objects.create_superuser("root", password="test-pass-123")
    desk = _desk(_page(client, root))
    assert "Warteschlange zur Prüfung" in desk and "Fremder Text in Prüfung" in desk


# --- a fixed number of queries ----------------------------------------------------------------


def _more(newsroom, n):
    """``n`` more of everything each panel lists, bylined to several authors."""
    journalist, colleague = newsroom["journalist"], newsroom["colleague"]
    editor, section = newsroom["editor"], newsroom["section"]
    authors = [make_author() for _ in range(3)]
    for i in range(n):
        for status, owner, publish_at in [
            (DRAFT, journalist, None),
            (REVIEW, journalist, None),
            (REVIEW, colleague, None),
            (PUBLISHED, journalist, timezone.now() + timedelta(days=3)),
            (PUBLISHED, colleague, timezone.now() - timedelta(minutes=i + 5)),
        ]:
            article = make_article(
                status=status, created_by=owner, section=section, publish_at=publish_at
            )
            for position, author in enumerate(authors):
                Byline.objects.create(article=article, author=author, position=position)
        returned = make_article(status=REVIEW, created_by=journalist, section=section)
        publishing.send_back(article=returned, user=editor, note=f"Notiz {i}")
        revised = make_article(created_by=journalist, section=section)
        _changes_in_review(revised, journalist, f"Neuer Vorspann {i}")


@pytest.mark.parametrize("more", [0, 4])
def test_the_journalists_desk_takes_a_fixed_number_of_queries(
    newsroom, more, django_assert_num_queries
):
    _more(newsroom, more)
    journalist = newsroom["journalist"]
    journalist.has_perm("articles.publish_article")  # as on the page: permissions are loaded
    # Sent back; drafts, in review, changes in review and scheduled, each
    # with its bylines. Rendering the panels asks for nothing more.
    with django_assert_num_queries(9):
        desk = selectors.journalist_desk(journalist)
        html = render_to_string(PANELS, {"desk": selectors.StartDesk(journalist=desk)})
    assert len(desk.sent_back) == 1 + more
    assert html.count("Notiz ") == more


@pytest.mark.parametrize("more", [0, 4])
def test_the_editors_desk_takes_a_fixed_number_of_queries(
    newsroom, more, django_assert_num_queries
):
    _more(newsroom, more)
    later = _later_today(minutes=30)
    if later is None:
        pytest.skip("too close to midnight for a time later today")
    make_article(status=PUBLISHED, publish_at=later, section=newsroom["section"])
    # Review queue, changes in review, today, recent: each with its bylines;
    # the count of waiting live-ticker entries.
    with django_assert_num_queries(9):
        desk = selectors.editor_desk()
        html = render_to_string(PANELS, {"desk": selectors.StartDesk(editor=desk)})
    assert len(desk.in_review) == 2 + 2 * more
    assert len(desk.today) == 1
    assert html.count("nr-state-review") == len(desk.in_review)
