"""Autosave of the article form, its restore data and the body preview, over
HTTP as the form's script uses them: who may, what is kept, what is refused
(never with an error page), and that nothing an autosave does reaches the
article, its revisions or any public page.

Length: the autosave's endpoint, its rights and its restore, per role; the
cases share this module's fixtures and helpers.
"""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import autosave as autosave_service
from articles.admin_editor import SAVED_COOKIE, SUBMIT_ID_FIELD
from articles.models import Article, Autosave
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

SAVE = reverse("admin:articles_article_editor_autosave")
DISCARD = reverse("admin:articles_article_editor_discard")
PREVIEW = reverse("admin:articles_article_editor_preview")


def _post(client, url, payload, **extra):
    raw = payload if isinstance(payload, bytes | str) else json.dumps(payload)
    return client.post(url, raw, content_type="application/json", **extra)


def _pairs(article, **changes):
    values = {
        "section": str(article.section_id),
        "kicker": article.kicker,
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "edit_version": str(article.version),
        "comments_enabled": "on",
        **changes,
    }
    return [[name, value] for name, value in values.items()]


def _autosave(client, article, **changes):
    return _post(
        client,
        SAVE,
        {
            "article": article.pk if article else None,
            "data": _pairs(article, **changes) if article else [["title", "Neu"]],
            "base_version": article.version if article else None,
        },
    )


def _snapshot(article):
    article = Article.objects.get(pk=article.pk)
    return (
        article.title,
        article.lead,
        article.body,
        article.body_html,
        article.version,
        article.status,
        article.updated_at,
        list(article.bylines.values_list("author_id", flat=True)),
        list(article.citations.values_list("source_id", flat=True)),
    )


@pytest.fixture
def own(journalist):
    return make_article(status=Article.Status.DRAFT, created_by=journalist)


@pytest.fixture
def colleagues(db):
    colleague = make_user("kollege", group="Journalists")
    return make_article(status=Article.Status.DRAFT, created_by=colleague)


# --- who may ---------------------------------------------------------------------------------


def test_journalist_autosaves_own_article_and_nothing_else_changes(client, journalist, own):
    client.force_login(journalist)
    before = _snapshot(own)
    versions = Version.objects.count()
    log_entries = LogEntry.objects.count()

    response = _autosave(client, own, lead="Neuer Vorspann, noch nicht gespeichert.")

    assert response.status_code == 200, response.content
    assert response.json()["ok"] is True
    saved = Autosave.objects.get(user=journalist, article=own)
    assert ["lead", "Neuer Vorspann, noch nicht gespeichert."] in saved.data
    assert saved.base_version == own.version
    assert _snapshot(own) == before
    assert Version.objects.count() == versions
    assert LogEntry.objects.count() == log_entries


def test_a_second_autosave_replaces_the_first(client, journalist, own):
    client.force_login(journalist)
    _autosave(client, own, lead="Erste Fassung.")
    _autosave(client, own, lead="Zweite Fassung.")
    saved = Autosave.objects.get(user=journalist, article=own)
    assert ["lead", "Zweite Fassung."] in saved.data
    assert ["lead", "Erste Fassung."] not in saved.data


def test_a_new_article_is_autosaved_without_an_article(client, journalist):
    client.force_login(journalist)
    assert _autosave(client, None).status_code == 200
    assert _autosave(client, None).status_code == 200
    saved = Autosave.objects.get(user=journalist)
    assert saved.article is None
    assert saved.data == [["title", "Neu"]]
    assert not Article.objects.exists()


def test_journalist_cannot_autosave_a_colleagues_article(client, journalist, colleagues):
    client.force_login(journalist)
    response = _autosave(client, colleagues, lead="Fremder Text")
    assert response.status_code == 404
    assert "error" in response.json()
    assert not Autosave.objects.exists()
    discard = _post(client, DISCARD, {"article": colleagues.pk})
    assert discard.status_code == 404


def test_editor_autosaves_any_article(client, editor, colleagues):
    client.force_login(editor)
    assert _autosave(client, colleagues, lead="Redigiert").status_code == 200
    assert Autosave.objects.get(user=editor, article=colleagues)


def test_moderator_is_refused_everywhere(client, moderator, own):
    client.force_login(moderator)
    for response in (
        _autosave(client, own),
        _autosave(client, None),
        _post(client, DISCARD, {"article": own.pk}),
        _post(client, PREVIEW, {"body": "## Hallo"}),
    ):
        assert response.status_code == 403
        assert response.json()["ok"] is False
    assert not Autosave.objects.exists()


def test_anonymous_and_readers_are_sent_to_the_login(client, own):
    for url in (SAVE, DISCARD, PREVIEW):
        response = _post(client, url, {"article": own.pk, "data": [], "body": ""})
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    reader = make_user("leser")
    client.force_login(reader)
    assert _autosave(client, own).status_code == 302
    assert not Autosave.objects.exists()


def test_requests_without_the_csrf_token_are_refused(journalist, own):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(journalist)
    assert _autosave(browser, own).status_code == 403
    assert not Autosave.objects.exists()
    # The form's script sends the form's token as a header.
    page = browser.get(reverse("admin:articles_article_change", args=[own.pk]))
    token = page.context["csrf_token"]
    response = _post(
        browser,
        SAVE,
        {"article": own.pk, "data": _pairs(own), "base_version": own.version},
        headers={"X-CSRFToken": str(token)},
    )
    assert response.status_code == 200


# --- what is kept ----------------------------------------------------------------------------


def test_unknown_names_are_dropped_and_only_the_users_own_form_counts(client, journalist, own):
    client.force_login(journalist)
    data = [
        *_pairs(own),
        ["csrfmiddlewaretoken", "abc"],
        ["_publish", "1"],
        ["status", "published"],
        ["featured", "on"],  # read-only for journalists: not in their form
        ["bylines-0-author", "7"],
        ["bylines-0-id", "3"],
        ["bylines-TOTAL_FORMS", "1"],
        ["citations-1-quote", "„Ein Zitat“"],
        ["nonsense-0-author", "1"],
        ["x" * 500, "long"],
    ]
    response = _post(client, SAVE, {"article": own.pk, "data": data, "base_version": 1})
    assert response.status_code == 200
    names = [name for name, _value in Autosave.objects.get().data]
    assert "bylines-0-author" in names
    assert "citations-1-quote" in names
    assert "title" in names and "edit_version" in names
    for dropped in ("csrfmiddlewaretoken", "_publish", "status", "featured", "bylines-0-id"):
        assert dropped not in names
    assert "bylines-TOTAL_FORMS" not in names
    assert "nonsense-0-author" not in names
    assert len(names) == len(_pairs(own)) + 2


def test_autosaves_are_per_user(client, journalist, editor, own):
    client.force_login(journalist)
    _autosave(client, own, lead="Fassung der Journalistin")
    editor_client = Client()
    editor_client.force_login(editor)
    _autosave(editor_client, own, lead="Fassung der Redaktion")
    assert Autosave.objects.filter(article=own).count() == 2

    # Each one's form offers only their own; discarding removes only their own.
    page = client.get(reverse("admin:articles_article_change", args=[own.pk]))
    offered = page.context["nr_editor"]["autosave"]
    assert ["lead", "Fassung der Journalistin"] in offered["data"]
    assert b"Fassung der Redaktion" not in page.content
    assert _post(client, DISCARD, {"article": own.pk}).json()["deleted"] == 1
    assert Autosave.objects.get(article=own).user == editor


def test_the_form_carries_the_autosave_and_the_editor_script(client, journalist, own):
    client.force_login(journalist)
    _autosave(client, own, lead="Gesicherter Vorspann")
    page = client.get(reverse("admin:articles_article_change", args=[own.pk]))
    html = page.content.decode()
    assert 'id="nr-editor"' in html
    assert 'data-autosave="on"' in html
    assert 'id="nr-autosave-data" type="application/json"' in html
    assert "Gesicherter Vorspann" in html
    assert "admin/js/article_editor.js" in html
    assert "Automatisch gesicherte Fassung vom {time} gefunden." in html
    add = client.get(reverse("admin:articles_article_add"))
    assert 'data-article-id=""' in add.content.decode()


# --- saving the form ends the autosave -------------------------------------------------------


def _form_data(page):
    """The change form as the browser would post it, from the page's own forms."""
    data = {}

    def put(bound):
        value = bound.value()
        if value is None or value is False:
            return
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))

    for bound in page.context["adminform"].form:
        put(bound)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            put(bound)
        for form in formset.forms:
            for bound in form:
                put(bound)
    return data


def test_saving_the_form_deletes_the_users_autosave(client, journalist, editor, own):
    client.force_login(journalist)
    _autosave(client, own, lead="Noch nicht gespeichert")
    editor_client = Client()
    editor_client.force_login(editor)
    _autosave(editor_client, own, lead="Die Redaktion tippt noch")

    url = reverse("admin:articles_article_change", args=[own.pk])
    data = _form_data(client.get(url))
    data["lead"] = "Noch nicht gespeichert"
    data[SUBMIT_ID_FIELD] = "s1abc-def456"
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Article.objects.get(pk=own.pk).lead == "Noch nicht gespeichert"
    assert not Autosave.objects.filter(user=journalist).exists()
    assert Autosave.objects.filter(user=editor, article=own).exists()
    # The form's script learns that its submitted copy arrived (the last few).
    assert response.cookies[SAVED_COOKIE].value == "s1abc-def456"
    data = _form_data(client.get(url))
    data[SUBMIT_ID_FIELD] = "s2xyz-000111"
    again = client.post(url, data)
    assert again.cookies[SAVED_COOKIE].value == "s1abc-def456.s2xyz-000111"
    client.cookies[SAVED_COOKIE] = "x;y.<script>." + ".".join(f"s{n:08d}" for n in range(20))
    data = _form_data(client.get(url))
    data[SUBMIT_ID_FIELD] = "s3new-222333"
    kept = client.post(url, data).cookies[SAVED_COOKIE].value.split(".")
    assert len(kept) == 10 and kept[-1] == "s3new-222333"
    assert all(part.startswith("s") and "<" not in part for part in kept)


def test_a_refused_save_keeps_the_autosave(client, journalist, own):
    client.force_login(journalist)
    _autosave(client, own, lead="Gesichert")
    url = reverse("admin:articles_article_change", args=[own.pk])
    data = _form_data(client.get(url))
    data["title"] = ""  # required
    data[SUBMIT_ID_FIELD] = "s1abc-def456"
    response = client.post(url, data)
    assert response.status_code == 200
    assert Autosave.objects.filter(user=journalist, article=own).exists()
    assert SAVED_COOKIE not in response.cookies


def test_adding_an_article_deletes_the_new_article_autosave(client, journalist, own):
    client.force_login(journalist)
    _autosave(client, None)
    _autosave(client, own)
    page = client.get(reverse("admin:articles_article_add"))
    data = _form_data(page)
    data.update({"section": str(own.section_id), "title": "Ganz neu", "slug": "ganz-neu"})
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Article.objects.filter(slug="ganz-neu").exists()
    assert not Autosave.objects.filter(user=journalist, article__isnull=True).exists()
    assert Autosave.objects.filter(user=journalist, article=own).exists()


# --- public pages ----------------------------------------------------------------------------


def test_autosave_changes_no_public_page(client, editor):
    article = make_article(title="Öffentlich und unverändert")
    reader = Client()
    url = article.get_absolute_url()
    assert reader.get(url)["X-Page-Cache"] == "miss"
    assert reader.get(url)["X-Page-Cache"] == "hit"

    client.force_login(editor)
    response = _autosave(client, article, title="Geheimer Entwurf", body="## Ungesichert")
    assert response.status_code == 200
    assert _post(client, PREVIEW, {"body": "## Nur Vorschau"}).status_code == 200

    again = reader.get(url)
    # Served from the cache: nothing the page was built from changed.
    assert again["X-Page-Cache"] == "hit"
    assert "Öffentlich und unverändert" in again.content.decode()
    assert "Ungesichert" not in again.content.decode()
    home = reader.get("/").content.decode()
    assert "Geheimer Entwurf" not in home
    assert "Öffentlich und unverändert" in home
    assert Article.objects.get(pk=article.pk).title == "Öffentlich und unverändert"


# --- preview ---------------------------------------------------------------------------------


def test_preview_renders_with_the_sites_renderer_and_sanitizer(client, journalist):
    client.force_login(journalist)
    response = _post(
        client,
        PREVIEW,
        {"body": "# Titel\n\n## NATO warnt\n\n<script>alert(1)</script> [x](javascript:alert(1))"},
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<h2>NATO warnt</h2>" in html
    assert "<h1>" not in html
    assert "<script" not in html
    assert "javascript:" not in html


# --- hostile input ---------------------------------------------------------------------------

HOSTILE = [
    (b"not json", "JSON"),
    (b"\xff\xfe\x00garbage", "JSON"),
    (b"[1, 2, 3]", "JSON"),
    (b'{"article": null, "data": "text"}', "Liste"),
    (b'{"article": null, "data": [["title"]]}', "Paar"),
    (b'{"article": null, "data": [["title", 5]]}', "Paar"),
    (b'{"article": null, "data": [[null, "x"]]}', "Paar"),
    (b'{"article": null, "data": [{"title": "x"}]}', "Paar"),
    (b'{"article": null, "data": [["title", "a\\u0000b"]]}', "NUL"),
    (b'{"article": null, "data": [["ti\\u0000tle", "x"]]}', "NUL"),
    (b'{"article": null, "data": [["title", "\\ud800"]]}', "Zeichen"),
    (b'{"article": "abc", "data": []}', "Artikel"),
    (b'{"article": -4, "data": []}', "Artikel"),
    (b'{"article": true, "data": []}', "Artikel"),
    (b'{"article": 1e999, "data": []}', "Artikel"),
    (b'{"article": 99999999999999999999999, "data": []}', "Artikel"),
    (b'{"article": null, "data": [], "base_version": "x"}', "Zahl"),
    (b'{"article": null, "data": [], "base_version": [1]}', "Zahl"),
    (b'{"article": null, "data": [], "base_version": 1e3}', "Zahl"),
    (b"[" * 100_000 + b"]" * 100_000, "JSON"),
    (b'{"article": 1, "data": 1' + b"0" * 5000 + b"}", "JSON"),
    (json.dumps({"article": None, "data": [["t", "x"]] * 5000}).encode(), "viele"),
]


@pytest.mark.parametrize("raw, words", HOSTILE)
def test_hostile_autosave_requests_get_a_clear_400(client, journalist, raw, words):
    client.force_login(journalist)
    response = _post(client, SAVE, raw)
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert words.lower() in error.lower(), error
    assert not Autosave.objects.exists()


def test_too_large_bodies_are_refused_with_a_message(client, journalist, own):
    client.force_login(journalist)
    huge = _pairs(own, body="x" * (autosave_service.MAX_REQUEST_BYTES + 10))
    for url, payload in (
        (SAVE, {"article": own.pk, "data": huge}),
        (PREVIEW, {"body": "x" * (3 * autosave_service.MAX_REQUEST_BYTES)}),
    ):
        response = _post(client, url, payload)
        assert response.status_code == 400
        assert "1 MB" in response.json()["error"]
    assert not Autosave.objects.exists()


def test_hostile_preview_and_discard_requests(client, journalist, own):
    client.force_login(journalist)
    assert _post(client, PREVIEW, b"nope").status_code == 400
    assert _post(client, PREVIEW, {"body": 5}).status_code == 400
    assert _post(client, PREVIEW, {"body": "a\x00b"}).status_code == 400
    assert _post(client, DISCARD, {"article": "1 OR 1=1"}).status_code == 400
    assert _post(client, DISCARD, {"article": 987654}).status_code == 404
    for url in (SAVE, DISCARD, PREVIEW):
        response = client.get(url)
        assert response.status_code == 405
        assert response.json()["ok"] is False


def test_an_article_id_that_does_not_exist(client, editor):
    client.force_login(editor)
    response = _post(client, SAVE, {"article": 424242, "data": [["title", "x"]]})
    assert response.status_code == 404
    assert not Autosave.objects.exists()


def test_the_demo_reporter_finds_an_autosaved_version(client):
    from demo.data import AUTOSAVED_LEAD, SENT_BACK
    from demo.loader import load_demo

    load_demo(password="demo-pass-123")
    reporter = Autosave.objects.get().user
    assert reporter.username == "reporter"
    article = Article.objects.get(slug=SENT_BACK["article"])
    assert article.lead != AUTOSAVED_LEAD
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    offered = page.context["nr_editor"]["autosave"]
    assert ["lead", AUTOSAVED_LEAD] in offered["data"]
    assert offered["base_version"] == article.version
