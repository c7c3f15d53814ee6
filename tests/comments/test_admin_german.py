"""The comments admin in German: people by their full name everywhere a
moderator is shown, filter titles that read as German ("Nach Entscheidung",
not "Nach nach"), and Django's own admin strings that its German catalogue
lacks ("Quellen durchsuchen", not "Search Quellen")."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from comments import moderation
from comments.models import Comment, Report
from newsroom.people import display_name, display_name_or_someone
from tests.factories import make_article, make_comment, make_source, make_user

pytestmark = pytest.mark.django_db

Status = Comment.Status


@pytest.fixture
def erika(db):
    return make_user("mod_e7", group="Moderators", first_name="Erika", last_name="Mustermann")


@pytest.fixture
def de_client(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "de"
    return client


def _html(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def test_display_name(erika):
    assert display_name(erika) == "Erika Mustermann"
    assert display_name(make_user("nur_kennung")) == "nur_kennung"
    assert display_name(make_user("leer", first_name="  ", last_name="")) == "leer"
    assert display_name(None) == ""
    with translation.override("de"):
        assert display_name_or_someone(None) == "Jemand"
        assert display_name_or_someone(erika) == "Erika Mustermann"
    assert display_name(AnonymousUser()) == ""


def test_moderators_are_shown_by_full_name(de_client, erika, moderator):
    article = make_article()
    decided = make_comment(article, status=Status.PENDING, body="Entschieden")
    moderation.reject(comment_id=decided.pk, user=erika, reason="Beleidigung")
    de_client.force_login(moderator)
    pages = [
        (reverse("admin:comments_decision_changelist"), {}),
        (reverse("admin:comments_comment_changelist"), {"status": "all"}),
        (reverse("admin:comments_comment_change", args=[decided.pk]), {}),
        (reverse("admin:comments_comment_workspace"), {"queue": "decided"}),
        (reverse("admin:comments_comment_metrics"), {}),
    ]
    for url, params in pages:
        html = _html(de_client, url, params)
        assert "Erika Mustermann" in html, url
        assert "mod_e7" not in html, url


def test_workspace_item_names_the_last_decision_by_full_name(de_client, erika, moderator):
    comment = make_comment(make_article(), status=Status.PENDING)
    moderation.approve(comment_id=comment.pk, user=erika)
    moderation.report(comment=comment, reason=Report.Reason.ABUSE, ip="198.51.100.1")
    de_client.force_login(moderator)
    html = _html(de_client, reverse("admin:comments_comment_workspace"), {"queue": "reported"})
    assert "Erika Mustermann, " in html
    assert "mod_e7" not in html


def test_moderation_log_filters_read_as_german(de_client, erika, moderator):
    comment = make_comment(make_article(), status=Status.PENDING)
    moderation.approve(comment_id=comment.pk, user=erika)
    de_client.force_login(moderator)
    html = _html(de_client, reverse("admin:comments_decision_changelist"))
    assert "Nach nach" not in html
    assert "Nach Entscheidung" in html
    assert "Nach Quelle" in html
    # The moderator filter offers names, and it filters.
    assert f'?moderator__id__exact={erika.pk}"' in html
    response = de_client.get(
        reverse("admin:comments_decision_changelist"), {"moderator__id__exact": erika.pk}
    )
    assert [d.moderator for d in response.context["cl"].result_list] == [erika]


@pytest.mark.parametrize(
    ("url", "title", "bad"),
    [
        ("admin:comments_comment_changelist", "Nach Datum", "Nach eingegangen"),
        ("admin:comments_report_changelist", "Nach Bearbeitungsstand", "Nach erledigt"),
        ("admin:comments_blockedterm_changelist", "Nach Status", "Nach aktiv"),
    ],
)
def test_other_filter_titles(de_client, moderator, url, title, bad):
    make_comment(make_article())
    de_client.force_login(moderator)
    html = _html(de_client, reverse(url))
    assert title in html
    assert bad not in html


def test_django_admin_strings_missing_in_its_catalogue_are_german(de_client, superuser):
    make_source(name="Sprecherin")
    make_comment(make_article())
    de_client.force_login(superuser)
    html = _html(de_client, reverse("admin:articles_source_changelist"))
    assert "Quellen durchsuchen" in html
    assert "Seiten: Quellen" in html
    html = _html(de_client, reverse("admin:comments_comment_changelist"))
    assert "Kommentare durchsuchen" in html
    for english in ("Search Quellen", "Search Kommentare", "Pagination "):
        assert english not in html


def test_no_english_icon_texts_on_comment_pages(de_client, moderator):
    comment = make_comment(make_article())
    moderation.report(comment=comment, reason=Report.Reason.ABUSE, ip="198.51.100.1")
    de_client.force_login(moderator)
    html = _html(de_client, reverse("admin:comments_comment_change", args=[comment.pk]))
    assert 'alt="False"' not in html and 'alt="True"' not in html
    assert "nein" in html  # hidden by reports: no
    html = _html(de_client, reverse("admin:comments_report_changelist"))
    assert 'alt="False"' not in html
    assert ">offen<" in html
    assert 'alt="Suche"' in html and 'alt="Search"' not in html
