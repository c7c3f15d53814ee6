"""In Chromium, no injected script runs: not for readers, and not in the
admin of an editor (journalists are treated as potential attackers of
editors) or a moderator.

A comment, its report and everything a journalist types into an article
(headline, kicker, lead, Markdown body, image alt text, caption and credit,
source name and role, quote, tag) carry payloads that would set
``window.__pwned`` or call ``alert`` if a page ever ran them. The reader pages,
then the admin's article list, change form, history, revision comparison and
desk, and the moderation workspace are loaded; no dialog may open and
``window.__pwned`` must stay undefined.
"""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from comments.models import Comment, Report
from tests.factories import make_article, make_citation, make_image, make_source, make_user
from tests.security.payloads import assert_safe_html

PASSWORD = "browser-test-pass-1"

TEXT = "<script>window.__pwned=1;alert(1)</script>"
TAG = '<img src=x onerror="window.__pwned=1;alert(2)">'
ATTRIBUTE = '"><svg onload="window.__pwned=1;alert(3)">'
QUOTE = "' autofocus onfocus='window.__pwned=1;alert(4)"
FRAME = "<iframe srcdoc='<script>parent.__pwned=1;parent.alert(5)</script>'></iframe>"
CLOSING = "</textarea></script></title><script>window.__pwned=1;alert(6)</script>"
TEMPLATE = "{{ 1234|add:4321 }}{% debug %}"
MARKDOWN = "\n\n".join(
    [
        f"Absatz mit {TEXT} und {TAG}.",
        "[Link](javascript:window.__pwned=1;alert(7))",
        "[Daten](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+)",
        "![Bild](javascript:window.__pwned=1)",
        "![SVG](data:image/svg+xml,<svg onload=window.__pwned=1>)",
        '<details open ontoggle="window.__pwned=1;alert(8)">x</details>',
        "<javascript:window.__pwned=1>",
        FRAME,
        CLOSING,
        TEMPLATE,
    ]
)


def _world():
    source = make_source(name=f"Sprecher {TAG}", role=f"Rolle {QUOTE}"[:100])
    image = make_image(alt_text=f"Alt {ATTRIBUTE}", credit=f"Foto {QUOTE}", caption=CLOSING)
    with reversion.create_revision():
        article = make_article(
            title=f"Schlagzeile {TEXT}",
            kicker=f"Dach {ATTRIBUTE}"[:100],
            lead=f"Vorspann {TAG} {QUOTE} {TEMPLATE}",
            body=MARKDOWN,
            hero_image=image,
            tags=[f"Thema {TAG}"],
            status=Article.Status.PUBLISHED,
        )
        make_citation(article, source=source, quote=FRAME)
    with reversion.create_revision():
        article.lead = f"Neuer Vorspann {CLOSING} {ATTRIBUTE}"
        article.body = f"{MARKDOWN}\n\nNoch ein Absatz {QUOTE}"
        article.version += 1
        article.save()
    visible = Comment.objects.create(
        article=article,
        name=f"Leser {ATTRIBUTE}"[:80],
        email="leser@example.org",
        body=f"{TEXT} {TAG} {QUOTE} {FRAME} {CLOSING} {TEMPLATE} javascript:alert(9)",
        status=Comment.Status.APPROVED,
        reports_count=1,
    )
    Report.objects.create(comment=visible, reason="other", note=f"{TAG} {CLOSING}"[:500])
    Comment.objects.create(
        article=article,
        name=f"Wartend {QUOTE}"[:80],
        email="wartend@example.org",
        body=f"{FRAME} {TAG} {ATTRIBUTE}",
        status=Comment.Status.PENDING,
        reasons=[{"rule": TAG, "detail": CLOSING}],
    )
    return article, visible, source


def _assert_nothing_ran(page, url, dialogs):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__pwned") == "undefined", url
    assert dialogs == [], (url, dialogs)
    # The page as the browser built it holds no payload as markup either (a
    # Content-Security-Policy may block a script; it must not have to), and
    # no template syntax was evaluated.
    assert_safe_html(page.content())


@pytest.mark.django_db(transaction=True)
def test_no_injected_script_runs_for_readers_editors_or_moderators(live_server, browser):
    article, comment, source = _world()
    # An editor who also moderates sees every page below.
    user = make_user("chefredaktion", group="Editors", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Moderators"))
    versions = list(Version.objects.get_for_object(article).order_by("pk"))
    assert len(versions) == 2
    tag = article.tags.get()

    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    base = live_server.url

    reader_pages = [
        "/",
        article.get_absolute_url(),
        f"{article.get_absolute_url()}?antworten={comment.pk}",
        article.section.get_absolute_url(),
        reverse("articles:tag", args=[tag.slug]),
        source.get_absolute_url(),
        reverse("comments:report", args=[comment.pk]),
        "/suche/?q=" + "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
    ]
    for path in reader_pages:
        _assert_nothing_ran(page, f"{base}{path}", dialogs)

    page.goto(f"{base}{reverse('admin:login')}")
    page.get_by_label("Benutzername").fill("chefredaktion")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("networkidle")
    assert "/admin/login/" not in page.url

    compare = reverse("admin:articles_article_compare", args=[article.pk])
    pending = Comment.objects.get(status=Comment.Status.PENDING)
    admin_pages = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=Schlagzeile",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        f"{compare}?from={versions[0].pk}&to={versions[1].pk}",
        reverse("admin:articles_article_revision", args=[article.pk, versions[0].pk]),
        reverse("admin:articles_article_desk"),
        reverse("admin:articles_image_changelist"),
        reverse("admin:articles_image_change", args=[article.hero_image_id]),
        reverse("admin:articles_source_changelist"),
        reverse("admin:articles_source_change", args=[source.pk]),
        reverse("admin:taggit_tag_changelist"),
        reverse("admin:comments_comment_workspace"),
        reverse("admin:comments_comment_workspace") + "?queue=reported",
        reverse("admin:comments_comment_changelist") + "?status=all",
        reverse("admin:comments_comment_change", args=[pending.pk]),
        reverse("admin:comments_report_changelist"),
        article.get_absolute_url(),
    ]
    for path in admin_pages:
        _assert_nothing_ran(page, f"{base}{path}", dialogs)

    # The article form's autocomplete widgets render what a journalist named
    # a tag or an image: open them and let them fetch.
    page.goto(f"{base}{reverse('admin:articles_article_change', args=[article.pk])}")
    for field in ("tags", "hero_image"):
        container = page.locator(f".field-{field} .select2-selection")
        if container.count():
            container.first.click()
            page.wait_for_load_state("networkidle")
            page.keyboard.press("Escape")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
