"""What makes a page-cache entry (issue 17, "Cache growth"): query parameters
no reader page reads share the plain address's entry, and a made-up session
cookie neither forces a render on every request nor reaches another
reader's page. Over HTTP with the test client, against the real cache."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _state(response):
    return response["X-Page-Cache"]


def _entries():
    cache = caches["default"]
    keys = getattr(cache, "_cache", None)
    if isinstance(keys, dict):  # the local-memory cache of a test run without Redis
        return sum(1 for key in keys if ":pagecache:page:" in key)
    client = cache._cache.get_client(write=False)  # Redis: count the page entries
    return sum(1 for _ in client.scan_iter(match="*pagecache:page:*"))


def test_unknown_query_parameters_share_one_entry():
    article = make_article()
    reader = Client()
    url = article.get_absolute_url()
    assert _state(reader.get(url)) == "miss"
    before = _entries()
    for n in range(50):
        response = reader.get(url, {"utm_source": f"kampagne-{n}", "fbclid": n})
        assert response.status_code == 200
        assert _state(response) == "hit"
    assert _entries() == before


def test_parameters_a_page_reads_still_make_their_own_entry():
    make_article(title="Gesucht Wort")
    reader = Client()
    assert _state(reader.get("/suche/", {"q": "Wort"})) == "miss"
    assert _state(reader.get("/suche/", {"q": "Anderes"})) == "miss"
    assert _state(reader.get("/suche/", {"q": "Wort", "utm_medium": "x"})) == "hit"
    # A repeated parameter keeps its order: the view reads the last value.
    first = reader.get("/", {"page": ["1", "2"]})
    second = reader.get("/", {"page": ["2", "1"]})
    assert _state(first) == "miss" and _state(second) == "miss"


def test_a_made_up_session_cookie_gets_the_cached_page():
    article = make_article()
    url = article.get_absolute_url()
    assert _state(Client().get(url)) == "miss"
    forged = Client()
    forged.cookies["sessionid"] = "erfunden1234567890erfunden12345"
    for _ in range(5):
        response = forged.get(url)
        assert response.status_code == 200
        assert _state(response) == "hit"


def test_a_real_session_still_gets_a_fresh_page():
    article = make_article()
    url = article.get_absolute_url()
    Client().get(url)
    staff = Client()
    staff.force_login(User.objects.create_user("jemand", password="x-pass-123456"))
    response = staff.get(url)
    assert _state(response) == "bypass"
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_article_text_shaped_like_a_token_or_nonce_is_never_rewritten():
    shaped = (
        'name="csrfmiddlewaretoken" value="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" '
        'nonce="BBBBBBBBBB"'
    )
    article = make_article(
        title=f"Titel {shaped}"[:200],
        lead=f"Vorspann {shaped}",
        body=f"Text {shaped}\n\n`{shaped}`",
    )
    url = article.get_absolute_url()
    pages = [Client().get(url) for _ in range(3)]
    assert [_state(p) for p in pages] == ["miss", "hit", "hit"]
    for page in pages:
        html = page.content.decode()
        assert html.count("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") >= 3
        assert html.count("BBBBBBBBBB") >= 3


def test_every_query_parameter_the_code_reads_makes_the_key():
    """A reader page that read a parameter the key leaves out would be served
    to everyone from one entry: look for every GET parameter the apps read."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(__file__).resolve().parents[2]
    read = set()
    for path in [*root.glob("articles/**/*.py"), *root.glob("comments/**/*.py")]:
        text = path.read_text()
        read |= set(re.findall(r'GET\.get\(\s*"([^"]+)"', text))
        for constant in re.findall(r"GET\.get\(\s*([A-Z_]+)", text):
            read |= set(re.findall(rf'{constant}\s*=\s*"([^"]+)"', text))
    staff_only = {"queue", "next", "from", "to"}  # the moderation workspace and metrics
    assert read - staff_only <= set(settings.PAGE_CACHE_QUERY_PARAMS), read
    assert {"kommentare", "antworten"} <= read  # the search itself finds them
