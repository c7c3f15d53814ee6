"""Old links keep working (issue 19, articles/redirects.py): a published
article's earlier addresses answer 301 to its current one through any number
of renames, a withdrawn article's addresses answer 410, and the editors'
redirects are checked in the admin and served where the site has nothing
else. Through HTTP, the workflow services and the page cache."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import editing, publishing
from articles.models import Article, ArticleAddress, Redirect
from tests.factories import make_article, make_section, make_user

pytestmark = pytest.mark.django_db


def _publish_edit(article, editor, **fields):
    """An edit of a live article as the desk makes it: its working draft,
    published by an editor."""
    content = editing.content_of(article)
    content["fields"].update(fields)
    editing.save_content(article=article, content=content, user=editor, expected_version=None)
    publishing.publish_changes(article=article, user=editor)
    article.refresh_from_db()


def _anonymous():
    return Client()


@pytest.fixture
def renamed(editor):
    """An article published as "erster-name", renamed twice."""
    article = make_article(title="Wahlabend", slug="erster-name")
    _publish_edit(article, editor, slug="zweiter-name")
    _publish_edit(article, editor, slug="dritter-name")
    return article


# --- renamed articles ---------------------------------------------------------------


def test_every_old_address_answers_301_to_the_current_one_in_one_hop(renamed):
    client = _anonymous()
    for old in ("erster-name", "zweiter-name"):
        response = client.get(f"/artikel/{old}/")
        assert response.status_code == 301, old
        assert response["Location"] == "/artikel/dritter-name/"
    page = client.get("/artikel/dritter-name/")
    assert page.status_code == 200 and "Wahlabend" in page.content.decode()


def test_a_renamed_tickers_poll_and_feed_follow_it(renamed, editor):
    """A reader's open page keeps polling the old slug's live.json, a feed
    reader the old feed: both are sent on, the poll with its query."""
    from articles import live

    live.start_ticker(renamed, editor)
    client = _anonymous()
    poll = client.get("/artikel/erster-name/live.json?nach=7")
    assert poll.status_code == 301
    assert poll["Location"] == "/artikel/dritter-name/live.json?nach=7"
    feed = client.get("/artikel/zweiter-name/live/feed/")
    assert feed.status_code == 301 and feed["Location"] == "/artikel/dritter-name/live/feed/"
    assert client.get(poll["Location"]).status_code == 200
    publishing.unpublish(article=renamed, user=editor)
    assert client.get("/artikel/erster-name/live.json").status_code == 410


def test_a_rename_back_to_an_old_slug_makes_no_loop(renamed, editor):
    _publish_edit(renamed, editor, slug="erster-name")
    client = _anonymous()
    assert client.get("/artikel/erster-name/").status_code == 200
    for old in ("zweiter-name", "dritter-name"):
        response = client.get(f"/artikel/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/artikel/erster-name/")


def test_the_query_string_is_kept(renamed):
    response = _anonymous().get("/artikel/erster-name/?utm_source=newsletter&seite=2")
    assert response.status_code == 301
    assert response["Location"] == "/artikel/dritter-name/?utm_source=newsletter&seite=2"


def test_the_english_address_redirects_to_the_english_address(renamed):
    response = _anonymous().get("/en/artikel/zweiter-name/?x=1")
    assert (response.status_code, response["Location"]) == (301, "/en/artikel/dritter-name/?x=1")


def test_head_is_redirected_and_post_is_not(renamed):
    client = _anonymous()
    head = client.head("/artikel/erster-name/")
    assert (head.status_code, head["Location"]) == (301, "/artikel/dritter-name/")
    post = client.post("/artikel/erster-name/", {"name": "x"})
    assert post.status_code not in (301, 302, 307, 308)
    assert not post.has_header("Location")


def test_an_address_never_published_is_404(editor):
    article = make_article(slug="entwurf-alt", status=Article.Status.DRAFT)
    content = editing.content_of(article)
    content["fields"]["slug"] = "entwurf-neu"
    editing.save_content(article=article, content=content, user=editor, expected_version=None)
    assert _anonymous().get("/artikel/entwurf-alt/").status_code == 404
    assert _anonymous().get("/artikel/gab-es-nie/").status_code == 404


def test_publishing_under_a_new_slug_after_unpublishing_redirects_the_old(editor):
    article = make_article(slug="vorher")
    publishing.unpublish(article=article, user=editor)
    # Not live: the desk writes the rows directly.
    content = editing.content_of(article)
    content["fields"]["slug"] = "nachher"
    editing.save_content(article=article, content=content, user=editor, expected_version=None)
    publishing.publish(article=Article.objects.get(pk=article.pk), user=editor)
    response = _anonymous().get("/artikel/vorher/")
    assert (response.status_code, response["Location"]) == (301, "/artikel/nachher/")


def test_a_section_change_keeps_the_address(editor):
    """The section is not part of an article's address: moving it changes
    no link."""
    article = make_article(slug="ressortwechsel", section=make_section(name="Inland"))
    url = article.get_absolute_url()
    _publish_edit(article, editor, section=make_section(name="Ausland").pk)
    assert article.get_absolute_url() == url == "/artikel/ressortwechsel/"
    response = _anonymous().get(url)
    assert response.status_code == 200 and "Ausland" in response.content.decode()


def test_a_scheduled_articles_addresses_answer_as_if_they_never_existed(editor):
    """Before its time a scheduled article's address, and one it was
    renamed from meanwhile, must not confirm the coming story: 404, like
    an address that never existed (not 410)."""
    from datetime import timedelta

    from django.utils import timezone

    article = make_article(slug="geplant-alt", status=Article.Status.DRAFT)
    publishing.schedule(article=article, user=editor, at=timezone.now() + timedelta(days=1))
    client = _anonymous()
    assert client.get("/artikel/geplant-alt/").status_code == 404
    _publish_edit(article, editor, slug="geplant-neu")
    assert client.get("/artikel/geplant-alt/").status_code == 404
    assert client.get("/artikel/geplant-neu/").status_code == 404
    assert not ArticleAddress.objects.exists()
    # Its time comes (nothing runs then); a rename afterwards keeps the
    # address readers saw, not the one they never did.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(hours=1))
    article.refresh_from_db()
    assert client.get("/artikel/geplant-neu/").status_code == 200
    _publish_edit(article, editor, slug="geplant-final")
    assert client.get("/artikel/geplant-neu/")["Location"] == "/artikel/geplant-final/"
    assert client.get("/artikel/geplant-alt/").status_code == 404


# --- withdrawn articles: 410 -------------------------------------------------------


@pytest.mark.parametrize("step", ["unpublish", "archive"])
def test_a_withdrawn_articles_addresses_answer_410(renamed, editor, step):
    getattr(publishing, step)(article=renamed, user=editor)
    client = _anonymous()
    for slug in ("erster-name", "zweiter-name", "dritter-name"):
        response = client.get(f"/artikel/{slug}/")
        assert response.status_code == 410, slug
        html = response.content.decode()
        assert "Artikel zurückgezogen" in html and "Wahlabend" not in html
    assert client.get("/en/artikel/erster-name/").status_code == 410


def test_republishing_brings_the_redirects_back(renamed, editor):
    publishing.unpublish(article=renamed, user=editor)
    publishing.publish(article=renamed, user=editor)
    response = _anonymous().get("/artikel/erster-name/")
    assert (response.status_code, response["Location"]) == (301, "/artikel/dritter-name/")


def test_staff_who_may_edit_still_preview_the_withdrawn_article(renamed, editor):
    publishing.unpublish(article=renamed, user=editor)
    client = Client()
    client.force_login(editor)
    assert client.get("/artikel/dritter-name/").status_code == 200


# --- a slug taken over by another article ------------------------------------------


def test_an_articles_own_current_slug_always_wins(renamed, editor):
    other = make_article(title="Neuer Artikel", slug="neu-belegt", status=Article.Status.DRAFT)
    content = editing.content_of(other)
    content["fields"]["slug"] = "erster-name"
    editing.save_content(article=other, content=content, user=editor, expected_version=None)
    client = _anonymous()
    # A draft does not take the address over from readers' view ...
    assert client.get("/artikel/erster-name/").status_code == 301
    publishing.publish(article=Article.objects.get(pk=other.pk), user=editor)
    # ... once published it is the other article's, for good.
    page = client.get("/artikel/erster-name/")
    assert page.status_code == 200 and "Neuer Artikel" in page.content.decode()
    assert ArticleAddress.objects.get(slug="erster-name").article_id == other.pk
    publishing.unpublish(article=Article.objects.get(pk=other.pk), user=editor)
    assert client.get("/artikel/erster-name/").status_code == 410
    assert client.get("/artikel/zweiter-name/")["Location"] == "/artikel/dritter-name/"


# --- sitemaps and the page cache ---------------------------------------------------


def test_the_sitemap_lists_only_current_addresses(renamed):
    xml = _anonymous().get("/sitemap-articles.xml").content.decode()
    assert "/artikel/dritter-name/" in xml
    assert "erster-name" not in xml and "zweiter-name" not in xml


def test_a_cached_page_turns_into_a_redirect_on_the_next_request(editor):
    article = make_article(title="Im Cache", slug="im-cache")
    client = _anonymous()
    assert client.get("/artikel/im-cache/")["X-Page-Cache"] == "miss"
    assert client.get("/artikel/im-cache/")["X-Page-Cache"] == "hit"
    _publish_edit(article, editor, slug="aus-dem-cache")
    response = client.get("/artikel/im-cache/")
    assert (response.status_code, response["Location"]) == (301, "/artikel/aus-dem-cache/")
    assert "no-store" in response["Cache-Control"]
    assert client.get("/artikel/im-cache/").status_code == 301
    assert client.get("/artikel/aus-dem-cache/").status_code == 200


def test_a_cached_page_turns_into_410_when_withdrawn(editor):
    article = make_article(title="Bald weg", slug="bald-weg")
    client = _anonymous()
    client.get("/artikel/bald-weg/")
    assert client.get("/artikel/bald-weg/")["X-Page-Cache"] == "hit"
    publishing.unpublish(article=article, user=editor)
    assert client.get("/artikel/bald-weg/").status_code == 410


# --- the editors' redirects --------------------------------------------------------


def _add_url():
    return reverse("admin:articles_redirect_add")


def _post_redirect(client, old_path, target, note=""):
    return client.post(_add_url(), {"old_path": old_path, "target": target, "note": note})


def _errors(response):
    return response.context["adminform"].form.errors if response.status_code == 200 else None


@pytest.fixture
def desk(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_an_editor_creates_a_redirect_and_readers_follow_it(desk, editor):
    make_section(name="Politik", slug="politik")
    response = _post_redirect(desk, "/wahl-2024/", "/ressort/politik/", "Wahlseite eingestellt")
    assert response.status_code == 302, _errors(response)
    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.target, redirect.created_by) == (
        "/wahl-2024/",
        "/ressort/politik/",
        editor,
    )
    client = _anonymous()
    answer = client.get("/wahl-2024/?utm_source=x")
    assert (answer.status_code, answer["Location"]) == (301, "/ressort/politik/?utm_source=x")
    assert client.head("/wahl-2024/").status_code == 301
    assert client.post("/wahl-2024/").status_code != 301


def test_a_full_address_on_this_site_is_stored_as_its_path(desk):
    article = make_article(slug="ziel")
    response = _post_redirect(
        desk, "http://testserver/alt/", f"http://testserver{article.get_absolute_url()}"
    )
    assert response.status_code == 302, _errors(response)
    assert Redirect.objects.values_list("old_path", "target").get() == ("/alt/", "/artikel/ziel/")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("https://evil.example/", "Nur Adressen auf dieser Website"),
        ("//evil.example/x/", "Nur Adressen auf dieser Website"),
        ("/\\evil.example/", "Zeichen"),
        ("javascript:alert(1)", "Nur Adressen auf dieser Website"),
        ("/ressort/gibt-es-nicht/", "Unter /ressort/gibt-es-nicht/ gibt es keine Seite"),
        ("/artikel/gibt-es-nicht/", "Kein veröffentlichter Artikel"),
        ("/gibt/es/nicht/", "Unter /gibt/es/nicht/ gibt es keine Seite"),
        ("/admin/", "Redaktionsbereich"),
        ("ressort/politik/", "mit / beginnt"),
    ],
)
def test_the_form_refuses_targets_that_are_no_public_page_here(desk, target, message):
    make_section(name="Politik", slug="politik")
    response = _post_redirect(desk, "/weg/", target)
    assert response.status_code == 200
    assert message in str(_errors(response)["target"]), _errors(response)
    assert not Redirect.objects.exists()


def test_the_form_refuses_a_draft_and_names_a_renamed_articles_address(desk, renamed):
    make_article(slug="noch-entwurf", status=Article.Status.DRAFT)
    response = _post_redirect(desk, "/weg/", "/artikel/noch-entwurf/")
    assert "Kein veröffentlichter Artikel" in str(_errors(response)["target"])
    response = _post_redirect(desk, "/weg/", "/artikel/erster-name/")
    assert "/artikel/dritter-name/" in str(_errors(response)["target"])


def test_the_form_refuses_loops_and_addresses_that_show_a_page(desk, renamed):
    make_section(name="Politik", slug="politik")
    response = _post_redirect(desk, "/ressort/politik/", "/ressort/politik/")
    assert "Seite" in str(_errors(response)["old_path"])
    response = _post_redirect(desk, "/artikel/erster-name/", "/ressort/politik/")
    assert "/artikel/dritter-name/" in str(_errors(response)["old_path"])
    assert _post_redirect(desk, "/a/", "/ressort/politik/").status_code == 302
    response = _post_redirect(desk, "/b/", "/a/")
    assert response.status_code == 200
    assert not Redirect.objects.filter(old_path="/b/").exists()
    assert Redirect.objects.count() == 1


def test_a_redirect_to_a_page_that_later_goes_is_collapsed(desk):
    """/a/ → /ressort/alt/; the section goes; /ressort/alt/ → /ressort/neu/:
    /a/ is sent on to /ressort/neu/ in one hop."""
    alt = make_section(name="Alt", slug="alt")
    make_section(name="Neu", slug="neu")
    assert _post_redirect(desk, "/a/", "/ressort/alt/").status_code == 302
    alt.delete()
    assert _post_redirect(desk, "/ressort/alt/", "/ressort/neu/").status_code == 302
    assert Redirect.objects.get(old_path="/a/").target == "/ressort/neu/"
    response = _anonymous().get("/a/")
    assert (response.status_code, response["Location"]) == (301, "/ressort/neu/")


def test_a_withdrawn_articles_address_can_be_redirected(desk, renamed, editor):
    publishing.unpublish(article=renamed, user=editor)
    make_section(name="Politik", slug="politik")
    response = _post_redirect(desk, "/artikel/dritter-name/", "/ressort/politik/")
    assert response.status_code == 302, _errors(response)
    answer = _anonymous().get("/artikel/dritter-name/")
    assert (answer.status_code, answer["Location"]) == (301, "/ressort/politik/")
    # The other old addresses still say 410.
    assert _anonymous().get("/artikel/erster-name/").status_code == 410


def test_a_tampered_stored_target_never_leaves_the_site(db):
    Redirect.objects.create(old_path="/boese/", target="//evil.example/")
    Redirect.objects.create(old_path="/boese2/", target="https://evil.example/")
    assert _anonymous().get("/boese/").status_code == 404
    assert _anonymous().get("/boese2/").status_code == 404


def test_a_page_that_exists_is_never_redirected(db):
    make_section(name="Politik", slug="politik")
    Redirect.objects.create(old_path="/ressort/politik/", target="/")
    assert _anonymous().get("/ressort/politik/").status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [("journalist", 403), ("moderator", 403), ("editor", 200), ("superuser", 200)],
)
def test_only_editors_manage_redirects(role, status, request):
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:articles_redirect_changelist")).status_code == status
    assert client.get(_add_url()).status_code == status
    make_section(name="Politik", slug="politik")
    _post_redirect(client, "/x/", "/ressort/politik/")
    assert Redirect.objects.exists() == (status == 200)


def test_a_reader_is_sent_to_the_login(db):
    reader = make_user("leser")
    client = Client()
    client.force_login(reader)
    assert client.get(reverse("admin:articles_redirect_changelist")).status_code == 302


@pytest.mark.parametrize("path", ["/ressort/%00/", "/gibt-es-nicht/%00", "/api/v1/%00/"])
def test_a_nul_in_an_unknown_address_is_a_404_not_an_error(client, path):
    """PostgreSQL refuses text with a NUL: the redirect lookup must not ask
    (found by the API's tests on PostgreSQL)."""
    assert client.get(path).status_code == 404
