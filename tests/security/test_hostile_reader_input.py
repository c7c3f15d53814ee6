"""Hostile values in every input a reader reaches: the comment form (name,
e-mail, text, reply), the report form, search, pagination and the other query
parameters, ``next`` redirects, the Host header, missing CSRF tokens, state
changes by GET, oversized bodies and too many fields.

Each gets a clear 4xx or is stored as typed and rendered escaped; never a
500, never markup from a reader in a page, never a partial row. Plain bad
input of the comment form (empty, too long, NUL, header injection) is in
tests/comments/test_bad_input.py; odd search queries in
tests/articles/test_search.py.

Length: hostile input on every reader URL and form; the cases share this
module's fixtures and helpers.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from comments import moderation
from comments.forms import CommentForm
from comments.models import Comment, Decision, Report
from tests.factories import make_article, make_author, make_comment, make_source, make_user

from .payloads import (
    ALL_TEXT_PAYLOADS,
    SCRIPT_PAYLOADS,
    UNICODE_PAYLOADS,
    assert_safe_html,
    escaped,
)

pytestmark = pytest.mark.django_db

BIDI_OVERRIDE = "\u202e"


@pytest.fixture
def article():
    return make_article(title="Nordkorea schickt Soldaten", tags=["Ostasien"])


def _post(client, article, data, **extra):
    return client.post(reverse("comments:post", args=[article.slug]), data, **extra)


def _ids(values):
    return [repr(v)[:40] for v in values]


# --- the comment form ------------------------------------------------------------------


@pytest.mark.parametrize("payload", ALL_TEXT_PAYLOADS, ids=_ids(ALL_TEXT_PAYLOADS))
def test_hostile_comment_text_is_stored_as_typed_and_rendered_escaped(
    client, comment_data, article, moderator, payload
):
    response = _post(client, article, {**comment_data, "body": f"Meinung: {payload}"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == f"Meinung: {payload}".strip()
    moderation.approve(comment_id=comment.pk, user=moderator)
    page = client.get(article.get_absolute_url()).content.decode()
    assert_safe_html(page)


NAME_PAYLOADS = [p for p in ALL_TEXT_PAYLOADS if BIDI_OVERRIDE not in p]


@pytest.mark.parametrize("payload", NAME_PAYLOADS, ids=_ids(NAME_PAYLOADS))
def test_hostile_name_is_stored_as_typed_and_rendered_escaped(
    client, comment_data, article, moderator, payload
):
    name = payload[:80]
    response = _post(client, article, {**comment_data, "name": name})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.name == name.strip()
    moderation.approve(comment_id=comment.pk, user=moderator)
    page = client.get(article.get_absolute_url()).content.decode()
    assert_safe_html(page)
    assert escaped(name.strip()) in page
    # The report page shows the name again, and so does the reply form.
    report_page = client.get(reverse("comments:report", args=[comment.pk])).content.decode()
    assert_safe_html(report_page)
    reply_page = client.get(f"{article.get_absolute_url()}?antworten={comment.pk}")
    assert_safe_html(reply_page.content.decode())


def test_bidi_override_in_the_name_is_refused_with_a_message(client, comment_data, article):
    """An unclosed right-to-left override in the name would turn the text after
    it (the date, "Antworten") around and could make a comment look like the
    newsroom's; names have no use for it."""
    with translation.override("en"):  # the English page's form, English messages
        url = reverse("comments:post", args=[article.slug])
    for control in ("\u202a", "\u202b", "\u202d", BIDI_OVERRIDE, "\u2066", "\u2067", "\u2068"):
        response = client.post(url, {**comment_data, "name": f"Redaktion{control}"})
        assert response.status_code == 400
        assert "invisible text-direction characters" in response.content.decode()
    assert not Comment.objects.exists()
    # Right-to-left names themselves, and the plain direction marks, are fine.
    response = client.post(url, {**comment_data, "name": "\u05d3\u05e0\u05d4\u200f"})
    assert response.status_code == 302


# Django's EmailField decides: a quoted local part, an IDN domain, a plus
# address and an IP literal are valid addresses (stored, 302); a line break,
# an encoded one, an overlong address and a NUL are not (400, the form again).
HOSTILE_EMAILS = {
    '"<script>window.__pwned=1</script>"@example.org': 302,
    "anna@example.org\r\nBcc: victim@example.org": 400,
    "anna@example.org%0ABcc:victim@example.org": 400,
    "anna@exämple.org": 302,
    "ANNA+test@EXAMPLE.ORG": 302,
    "anna@[127.0.0.1]": 302,
    "a" * 300 + "@example.org": 400,
    "anna@example.org\x00": 400,
}


@pytest.mark.parametrize(
    ("email", "status"), HOSTILE_EMAILS.items(), ids=_ids(list(HOSTILE_EMAILS))
)
def test_hostile_email_is_refused_or_stored_whole(
    client, comment_data, article, superuser, email, status
):
    response = _post(client, article, {**comment_data, "email": email})
    assert response.status_code == status
    if status == 400:
        assert response.context["form"].errors["email"]
        assert not Comment.objects.exists()
        return
    comment = Comment.objects.get()
    assert "\n" not in comment.email and "\r" not in comment.email
    # The address is shown to moderators only, escaped.
    client.force_login(superuser)
    admin_page = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert admin_page.status_code == 200
    assert_safe_html(admin_page.content.decode())


NOT_A_COMMENT_ID = "Der Kommentar, auf den Sie antworten, wurde nicht gefunden."  # the form
NO_SUCH_COMMENT = "Den Kommentar, auf den Sie antworten wollten, gibt es nicht mehr."  # the view


@pytest.mark.parametrize(
    ("parent", "message"),
    [
        *[
            (value, NOT_A_COMMENT_ID)
            for value in ("1 OR 1=1", "-1", "0", "1e3", "²", "0x10", "9" * 30, "<script>", "1\x00")
        ],
        # The last value counts: a well-formed id, but of no comment of this
        # article (the one comment made here is the first, id 1 on SQLite).
        (["1", "2"], NO_SUCH_COMMENT),
    ],
)
def test_tampered_reply_target_is_refused_calmly(client, comment_data, article, parent, message):
    make_comment(article)
    before = Comment.objects.count()
    response = _post(client, article, {**comment_data, "parent": parent})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == before
    assert_safe_html(response.content.decode())


@pytest.mark.parametrize("parameter", ["antworten", "kommentare"])
@pytest.mark.parametrize(
    "value", ["²", "١", "-1", "0", "9" * 40, "1e9", "abc", "<script>", "1' OR '1'='1", "\x00"]
)
def test_comment_page_and_reply_parameters(client, article, parameter, value):
    make_comment(article)
    response = client.get(article.get_absolute_url(), {parameter: value})
    assert response.status_code == 200
    assert_safe_html(response.content.decode())


# --- reports ---------------------------------------------------------------------------


@pytest.mark.parametrize("payload", ALL_TEXT_PAYLOADS, ids=_ids(ALL_TEXT_PAYLOADS))
def test_hostile_report_note_is_stored_as_typed_and_escaped_for_moderators(
    client, article, moderator, payload
):
    comment = make_comment(article)
    response = client.post(
        reverse("comments:report", args=[comment.pk]), {"reason": "other", "note": payload}
    )
    assert response.status_code == 302
    assert Report.objects.get().note == payload.strip()
    client.force_login(moderator)
    for url in (
        reverse("admin:comments_comment_workspace") + "?queue=reported",
        reverse("admin:comments_comment_change", args=[comment.pk]),
        reverse("admin:comments_report_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe_html(response.content.decode())


@pytest.mark.parametrize(
    "data",
    [
        {"reason": "<script>", "note": ""},
        {"reason": "other' OR '1'='1", "note": ""},
        {"reason": "other", "note": "x" * 501},
        {"reason": "other", "note": "Null\x00Byte"},
        {"reason": ["other", "spam"], "note": ""},
        {},
    ],
    ids=["script", "sql", "too-long", "nul", "list", "empty"],
)
def test_bad_report_input_is_refused_and_stores_nothing(client, article, data):
    comment = make_comment(article)
    response = client.post(reverse("comments:report", args=[comment.pk]), data)
    if isinstance(data.get("reason"), list):
        # Several values: the last one counts, as with every form field.
        assert response.status_code == 302
        assert Report.objects.get().reason == "spam"
        return
    assert response.status_code == 400
    assert not Report.objects.exists()
    comment.refresh_from_db()
    assert comment.reports_count == 0


@pytest.mark.parametrize("pk", ["0", "-1", "9" * 30, "abc", "1%00"])
def test_report_of_a_guessed_comment_number_is_a_404(client, pk):
    assert client.get(f"/kommentar/{pk}/melden/").status_code == 404


# --- query parameters on every reader page ------------------------------------------------


HOSTILE_PAGE_VALUES = [
    "-1", "0", "abc", "9" * 40, "1e3", "²", "١", "\x00", "<script>window.__pwned=1</script>",
    "1' OR '1'='1", "%", "_",
]  # fmt: skip


@pytest.fixture
def reader_pages(article):
    author = make_author()
    source = make_source()
    listed = make_article(section=article.section, authors=[author], tags=["Ostasien"])
    from tests.factories import make_citation

    make_citation(listed, source=source)
    return [
        "/",
        article.section.get_absolute_url(),
        reverse("articles:tag", args=["ostasien"]),
        author.get_absolute_url(),
        source.get_absolute_url(),
        "/suche/?q=Schlagzeile",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
    ]


@pytest.mark.parametrize("value", HOSTILE_PAGE_VALUES, ids=_ids(HOSTILE_PAGE_VALUES))
def test_hostile_page_parameter_on_every_list(client, reader_pages, value):
    for url in reader_pages:
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}page=", {"page": value})
        # The page cache keeps only a page number from 1 to 9999
        # (newsroom/cache.py) and Paginator.get_page() shows the last page for
        # one past the end: always the list (200).
        assert response.status_code == 200, url
        assert_safe_html(response.content.decode())


@pytest.mark.parametrize("payload", ALL_TEXT_PAYLOADS, ids=_ids(ALL_TEXT_PAYLOADS))
def test_hostile_search_query_is_echoed_escaped(client, article, payload):
    response = client.get("/suche/", {"q": payload, "page": "2"})
    assert response.status_code == 200
    assert_safe_html(response.content.decode())


@pytest.mark.parametrize(
    "path",
    [
        "/artikel/%00/",
        "/artikel/..%2F..%2Fetc%2Fpasswd/",
        "/artikel/%3Cscript%3E/",
        "/thema/%00/",
        "/thema/%3Cscript%3Ewindow.__pwned=1%3C%2Fscript%3E/",
        "/ressort/'%20OR%201=1/",
        "/autor/%E2%80%AE/",
        "/quelle/%C0%AE/",
    ],
)
def test_hostile_paths_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_safe_html(response.content.decode())


# --- Host header and redirects ---------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "localhost@evil.example",
        "localhost:80@evil.example",
        "evil.example#localhost",
        "localhost\r\nX-Injected: 1",
        "<script>",
        "",
    ],
)
def test_foreign_or_broken_host_header_is_a_400(client, article, host):
    response = client.get(article.get_absolute_url(), HTTP_HOST=host)
    assert response.status_code == 400
    assert "X-Injected" not in response


def test_forwarded_host_is_ignored_for_absolute_urls(client, article):
    response = client.get(article.get_absolute_url(), HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code == 200
    assert "evil.example" not in response.content.decode()
    feed = client.get("/feed/", HTTP_X_FORWARDED_HOST="evil.example")
    assert "evil.example" not in feed.content.decode()


OPEN_REDIRECTS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    "http://testserver@evil.example/",
    "/\t/evil.example",
    "/%09/evil.example",
    " //evil.example",
]


def _is_local(location: str) -> bool:
    """A path on this site, as a browser reads it (which drops tabs and line
    breaks and treats a backslash like a slash)."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    parts = urlsplit(cleaned)
    return cleaned.startswith("/") and not parts.scheme and not parts.netloc


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_login_never_redirects_off_site(client, target):
    make_user("redakteurin", group="Editors")
    response = client.post(
        reverse("admin:login"),
        {"username": "redakteurin", "password": "test-pass-123", "next": target},
    )
    assert response.status_code == 302
    assert _is_local(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert _is_local(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_logout_never_redirects_off_site(client, editor, target):
    """Django's LogoutView follows a safe ``next`` (302) and otherwise shows
    its "logged out" page (200). Of these targets only ``/%09/evil.example``
    is safe: a path on this site (the tab stays encoded)."""
    client.force_login(editor)
    response = client.post(reverse("admin:logout"), {"next": target})
    assert "_auth_user_id" not in client.session
    if target == "/%09/evil.example":
        assert response.status_code == 302
        assert response["Location"] == target
        assert _is_local(response["Location"])
    else:
        assert response.status_code == 200
        assert "Abgemeldet" in response.content.decode()


# --- cross-site forms (no CSRF token: newsroom/origin.py) and state changes by GET ------


@pytest.fixture
def csrf_client():
    """A client with Django's CSRF checks on, as a browser meets them."""
    return Client(enforce_csrf_checks=True)


# What browsers send when another site's page submits the form.
CROSS_ORIGIN = {
    "evil-origin": {"Origin": "https://evil.example"},
    "cross-site": {"Sec-Fetch-Site": "cross-site"},
    "same-site": {"Sec-Fetch-Site": "same-site"},
    "null-origin": {"Origin": "null"},
    "other-scheme": {"Origin": "https://testserver"},
    "lookalike-host": {"Origin": "http://testserver.evil.example"},
    "other-port": {"Origin": "http://testserver:8080"},
    # Fetch Metadata decides when it is there, whatever Origin says.
    "cross-site-same-origin": {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
}
# This site's own pages, a typed address, and clients that are no browser.
SAME_ORIGIN = {
    "same-origin": {"Sec-Fetch-Site": "same-origin"},
    "none": {"Sec-Fetch-Site": "none"},
    "origin-only": {"Origin": "http://testserver"},
    "no-header": {},
}


@pytest.mark.parametrize("headers", CROSS_ORIGIN.values(), ids=CROSS_ORIGIN.keys())
def test_a_comment_another_site_sent_is_a_403_and_stores_nothing(
    csrf_client, comment_data, article, headers
):
    response = _post(csrf_client, article, comment_data, headers=headers)
    assert response.status_code == 403
    html = response.content.decode()
    assert "von einer anderen Website" in html and '<html lang="de">' in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize("headers", CROSS_ORIGIN.values(), ids=CROSS_ORIGIN.keys())
def test_a_report_another_site_sent_is_a_403_and_stores_nothing(csrf_client, article, headers):
    comment = make_comment(article)
    url = reverse("comments:report", args=[comment.pk])
    response = csrf_client.post(url, {"reason": "spam"}, headers=headers)
    assert response.status_code == 403
    assert "von einer anderen Website" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("headers", SAME_ORIGIN.values(), ids=SAME_ORIGIN.keys())
def test_a_comment_from_this_site_needs_no_token(csrf_client, comment_data, article, headers):
    response = _post(csrf_client, article, comment_data, headers=headers)
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("headers", SAME_ORIGIN.values(), ids=SAME_ORIGIN.keys())
def test_a_report_from_this_site_needs_no_token(csrf_client, article, headers):
    comment = make_comment(article)
    url = reverse("comments:report", args=[comment.pk])
    response = csrf_client.post(url, {"reason": "spam"}, headers=headers)
    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_reader_forms_carry_no_token_and_set_no_csrf_cookie(csrf_client, article):
    comment = make_comment(article)
    for url in (article.get_absolute_url(), reverse("comments:report", args=[comment.pk])):
        response = csrf_client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "csrftoken" not in response.cookies


def test_staff_forms_still_need_the_csrf_token(csrf_client, editor):
    """Only the readers' forms are exempt: a staff form without its token is
    refused even when the browser says it comes from this site."""
    csrf_client.force_login(editor)
    response = csrf_client.post(
        reverse("admin:logout"), {}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 403
    assert "Sicherheitsprüfung fehlgeschlagen" in response.content.decode()


def test_get_changes_nothing_anywhere_a_reader_reaches(client, comment_data, article):
    comment = make_comment(article)
    post_url = reverse("comments:post", args=[article.slug])
    assert client.get(post_url, comment_data).status_code == 405
    response = client.get(
        reverse("comments:report", args=[comment.pk]), {"reason": "spam", "note": "per GET"}
    )
    assert response.status_code == 200  # only the form
    assert Comment.objects.count() == 1
    assert not Report.objects.exists()
    assert not Decision.objects.exists()
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(post_url).status_code == 405
        assert (
            getattr(client, method)(reverse("comments:report", args=[comment.pk])).status_code
            == 405
        )


# --- oversized bodies and too many fields -----------------------------------------------


def test_oversized_comment_body_is_a_400_and_stores_nothing(client, comment_data, article):
    size = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = _post(client, article, {**comment_data, "body": "x" * size})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_too_many_fields_is_a_400_and_stores_nothing(client, comment_data, article):
    extra = {f"f{i}": "x" for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = _post(client, article, {**comment_data, **extra})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_oversized_raw_body_of_another_content_type_is_a_400(client, article):
    size = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = client.generic(
        "POST",
        reverse("comments:post", args=[article.slug]),
        b"{" + b'"a":1,' * (size // 6) + b"}",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_unicode_payloads_survive_the_round_trip(client, comment_data, article, moderator):
    """Emoji, combining marks and zero-width characters in the text are kept
    exactly (no partial or mangled row)."""
    for index, payload in enumerate(UNICODE_PAYLOADS):
        data = {**comment_data, "email": f"leser{index}@example.org", "body": payload}
        data["ts"] = CommentForm.fresh_timestamp()  # a form serves one comment
        assert _post(client, article, data).status_code == 302
    assert sorted(Comment.objects.values_list("body", flat=True)) == sorted(
        p.strip() for p in UNICODE_PAYLOADS
    )


def test_script_payloads_never_reach_the_moderators_unescaped(
    client, comment_data, article, moderator, settings
):
    settings.COMMENTS = {**settings.COMMENTS, "FLOOD_MAX": 100, "FLOOD_NETWORK_MAX": 100}
    for index, payload in enumerate(SCRIPT_PAYLOADS):
        data = {
            **comment_data,
            "name": payload[:80],
            "email": f"leser{index}@example.org",
            "body": payload,
            "ts": CommentForm.fresh_timestamp(),  # a form serves one comment
        }
        assert _post(client, article, data).status_code == 302
    client.force_login(moderator)
    for url in (
        reverse("admin:comments_comment_workspace"),
        reverse("admin:comments_comment_changelist"),
        reverse("admin:comments_comment_changelist") + "?status=all&q=%3Cscript",
        reverse("admin:comments_comment_change", args=[Comment.objects.first().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe_html(response.content.decode())
