"""Issue 20 in a real browser: an editor places a story as Aufmacher with an
expiry and schedules an evening composition in the admin (the composition's
form with its flat table of slots), previews the evening page from its
form, and a reader (with JavaScript, and without) sees each at its time;
no story is on the page twice.

"At its time" without waiting: the test moves the *server's clock* on
(``clock.forward``), not the rows. Moving ``expires_at`` or ``go_live_at``
into the past in the database would bypass what production relies on: the
page cache keeps the stored home page until the moment the page said it
changes by itself (``newsroom.cache.expires_at``: the placed story's end,
the next composition's start), and nothing purges it then, because in
production nothing writes; a row changed behind the cache's back would need
an ``invalidate`` that real time never sends, and the test would then prove
the purge, not the expiry. So the clock that both the views
(``django.utils.timezone.now``) and the page cache (``newsroom.cache``'s
``time.time``) read is moved, the rows stay as the editor saved them, and the
reader's pages are checked to be served from the cache before each move
(``X-Page-Cache: hit``) and freshly rendered after it (``miss``): a cache
that kept the page too long fails the test, and one that never kept it too.
"""

import time as real_time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontpage.models import Composition
from tests.browser.helpers import PASSWORD, admin_login
from tests.factories import make_article, make_image, make_section, make_user

NOW = timezone.now


class Clock:
    """The server's clock, moved on by the test (one process: the live
    server's thread reads the same modules)."""

    def __init__(self, monkeypatch):
        self.offset = timedelta()
        monkeypatch.setattr(timezone, "now", lambda: NOW() + self.offset)
        shifted = SimpleNamespace(
            time=lambda: real_time.time() + self.offset.total_seconds(),
            monotonic=real_time.monotonic,
            sleep=real_time.sleep,
        )
        monkeypatch.setattr("newsroom.cache.time", shifted)

    def forward(self, delta):
        self.offset += delta


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def site(live_server, db):
    make_user("desk", group="Editors", password=PASSWORD)
    now = timezone.now()
    politik = make_section(name="Politik", slug="politik", position=1)
    kultur = make_section(name="Kultur", slug="kultur", position=2)
    stories = {
        f"politik{i}": make_article(
            title=f"Politik {i}",
            section=politik,
            publish_at=now - timedelta(minutes=10 + i),
            hero_image=make_image(alt_text=f"Bild Politik {i}"),
        )
        for i in range(6)
    }
    stories["scoop"] = make_article(
        title="Die Recherche des Tages",
        section=politik,
        publish_at=now - timedelta(hours=5),
        hero_image=make_image(alt_text="Akten auf einem Tisch"),
    )
    stories["premiere"] = make_article(
        title="Premiere im Stadttheater",
        section=kultur,
        publish_at=now - timedelta(hours=3),
        hero_image=make_image(alt_text="Bühne im Scheinwerferlicht"),
    )
    stories["reading"] = make_article(
        title="Lesung im Rathaus", section=kultur, publish_at=now - timedelta(hours=2)
    )
    return SimpleNamespace(base=live_server.url, politik=politik, kultur=kultur, **stories)


def _fill_time(page, name, moment):
    local = timezone.localtime(moment)
    page.locator(f"#id_{name}_0").fill(local.strftime("%d.%m.%Y"))
    page.locator(f"#id_{name}_1").fill(local.strftime("%H:%M:%S"))


def _fill_slot(page, row, *, kind, position, article=None, section=None, count=None):
    prefix = f"#id_slots-{row}"
    page.locator(f"{prefix}-position").fill(str(position))
    page.locator(f"{prefix}-kind").select_option(kind)
    if article is not None:
        page.locator(f"{prefix}-article").fill(str(article.pk))
    if section is not None:
        page.locator(f"{prefix}-section").select_option(str(section.pk))
    if count is not None:
        page.locator(f"{prefix}-count").fill(str(count))


def _reader_sees(context, base, *, lead, cached):
    """Load the home page as a reader; its Aufmacher is ``lead``; no story
    twice. Returns the titles in page order."""
    page = context.new_page()
    response = page.goto(f"{base}/")
    assert response.status == 200
    assert response.headers["x-page-cache"] == ("hit" if cached else "miss")
    expect(page.locator(".front-lead .teaser-title")).to_have_text(lead)
    links = page.locator("main .teaser-title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert links and len(links) == len(set(links)), f"a story twice: {links}"
    titles = page.locator("main .teaser-title a").all_inner_texts()
    page.close()
    return titles


def _readers(browser):
    return [browser.new_context(), browser.new_context(java_script_enabled=False)]


@pytest.mark.django_db(transaction=True)
def test_the_desk_composes_and_readers_see_each_page_at_its_time(site, browser, clock):
    base = site.base
    start = timezone.now()
    desk = browser.new_context().new_page()
    admin_login(desk, base, "desk")

    # The morning page: the scoop leads until start + 2 h, a top story and a
    # Politik block beside it, filled automatically.
    desk.goto(f"{base}/admin/frontpage/composition/add/")
    _fill_time(desk, "go_live_at", start)
    desk.locator("#id_note").fill("Frühausgabe")
    _fill_slot(desk, 0, kind="aufmacher", position=0, article=site.scoop)
    _fill_time(desk, "slots-0-expires_at", start + timedelta(hours=2))
    _fill_slot(desk, 1, kind="top", position=1)
    _fill_slot(desk, 2, kind="section_block", position=2, section=site.politik, count=4)
    desk.locator("input[name=_save]").click()
    expect(desk.locator(".messagelist")).to_contain_text("erfolgreich hinzugefügt")
    morning = Composition.objects.get(note="Frühausgabe")
    assert list(morning.slots.values_list("kind", "article_id", "expires_at")) == [
        ("aufmacher", site.scoop.pk, start.replace(microsecond=0) + timedelta(hours=2)),
        ("top", None, None),
        ("section_block", None, None),
    ]

    # The evening page, scheduled for start + 5 h: the premiere leads, with a
    # top story and a Kultur block.
    desk.goto(f"{base}/admin/frontpage/composition/add/")
    _fill_time(desk, "go_live_at", start + timedelta(hours=5))
    desk.locator("#id_note").fill("Abendausgabe")
    _fill_slot(desk, 0, kind="aufmacher", position=0, article=site.premiere)
    _fill_slot(desk, 1, kind="top", position=1)
    _fill_slot(desk, 2, kind="section_block", position=2, section=site.kultur, count=3)
    desk.locator("input[name=_continue]").click()
    expect(desk.locator(".messagelist")).to_contain_text("erfolgreich hinzugefügt")
    expect(desk.locator(".field-state")).to_contain_text("geplant")

    # Its preview, from the form's link: the evening page with a banner.
    desk.get_by_role("link", name="Vorschau").click()
    expect(desk.locator(".preview-banner")).to_contain_text("Abendausgabe")
    expect(desk.locator(".front-lead .teaser-title")).to_have_text("Premiere im Stadttheater")
    preview_links = desk.locator("main .teaser-title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(preview_links) == len(set(preview_links)) >= 3
    desk.close()

    readers = _readers(browser)

    def readers_see(lead):
        """Each reader's home page: the first freshly rendered, the second
        (without JavaScript) the same page from the cache."""
        return [
            _reader_sees(reader, base, lead=lead, cached=number > 0)
            for number, reader in enumerate(readers)
        ][0]

    # Now: the scoop leads; the evening page is not out yet.
    titles = readers_see("Die Recherche des Tages")
    assert titles[1] == "Politik 0"  # the newest story is the top story
    assert "Premiere im Stadttheater" not in titles

    # A minute before the scoop's time as Aufmacher ends the page is still
    # cached with it (the cache keeps a page ten minutes at most, so this
    # render is the one that has to end at the expiry) ...
    clock.forward(timedelta(hours=1, minutes=59))
    readers_see("Die Recherche des Tages")
    # ... and two minutes later it is over: the newest story leads (the
    # scoop, five hours old, falls out of the automatic slots).
    clock.forward(timedelta(minutes=2))
    titles = readers_see("Politik 0")
    assert "Die Recherche des Tages" not in titles
    assert "Premiere im Stadttheater" not in titles

    # A minute before the evening page goes live, the morning page; two
    # minutes later the evening page: the premiere leads, none twice.
    clock.forward(timedelta(hours=2, minutes=58))
    readers_see("Politik 0")
    clock.forward(timedelta(minutes=2))
    titles = readers_see("Premiere im Stadttheater")
    assert "Lesung im Rathaus" in titles  # the Kultur block
