"""Attacks on issue 16 (cacheable reader pages) from outside.

Cache busting: issue 16 says "Unknown query parameters (utm_*, fbclid,
anything a view does not read) must not create new cache entries". The page
cache (and the VCL) keep a parameter by its name for every page, so a
parameter only the search page reads (``q``) or only lists read (``page``,
``p``) still makes a new entry for an article page, which never reads them:
``/artikel/x/?q=1``, ``?q=2``, ... each miss and render the most expensive
page of the site (the same holds through Varnish: each is a MISS there).
"""

import pytest
from django.test import Client

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["q", "page", "p"])
def test_a_parameter_the_article_page_does_not_read_makes_no_new_entry(name):
    article = make_article()
    url = article.get_absolute_url()
    reader = Client()
    assert reader.get(url)["X-Page-Cache"] == "miss"
    for value in ("busting-1", "busting-2", "3"):
        response = reader.get(url, {name: value})
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "hit", (name, value)


@pytest.mark.parametrize("value", ["abc", "0", "-1", "9" * 30, "2.0"])
def test_a_value_that_is_no_page_number_makes_no_new_entry(value):
    article = make_article()
    url = article.get_absolute_url()
    reader = Client()
    plain = reader.get(url)
    response = reader.get(url, {"kommentare": value})
    assert response["X-Page-Cache"] == "hit"
    assert response.content == plain.content


def test_a_page_first_rendered_with_foreign_parameters_names_none_of_them():
    """The first reader's address must not end up in the stored page (its
    language links and canonical address) that every later reader gets."""
    article = make_article()
    url = article.get_absolute_url()
    first = Client().get(url, {"q": "eingeschleust", "utm_source": "x"})
    html = first.content.decode()
    assert first["X-Page-Cache"] == "miss"
    assert "eingeschleust" not in html and "utm_source" not in html
    later = Client().get(url)
    assert later["X-Page-Cache"] == "hit" and later.content != b""
