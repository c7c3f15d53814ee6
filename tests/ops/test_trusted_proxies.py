"""The client's address behind trusted reverse proxies (newsroom/proxies.py)."""

import ipaddress

import pytest
from django.test import override_settings

from comments.forms import CommentForm
from comments.models import Comment
from newsroom.proxies import client_address
from tests.factories import make_article

TRUSTED = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("192.0.2.7/32")]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # no trusted proxy in front: the header is ignored
        ("198.51.100.9", "203.0.113.5", "198.51.100.9"),
        # one trusted proxy: the address it saw
        ("10.1.2.3", "203.0.113.5", "203.0.113.5"),
        # a client-forged left part is never believed
        ("10.1.2.3", "1.1.1.1, 203.0.113.5", "203.0.113.5"),
        # a chain of trusted proxies: the right-most untrusted address
        ("10.1.2.3", "203.0.113.5, 192.0.2.7, 10.9.9.9", "203.0.113.5"),
        # garbage stops the walk at the last good hop
        ("10.1.2.3", "<script>, 10.9.9.9", "10.9.9.9"),
        ("10.1.2.3", "", "10.1.2.3"),
        ("10.1.2.3", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(remote, forwarded, expected):
    assert client_address(remote, forwarded, TRUSTED) == expected


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_comments_behind_a_proxy_are_counted_per_reader(client, comment_data):
    article = make_article()
    url = f"/artikel/{article.slug}/kommentar/"
    for reader in ("203.0.113.5", "203.0.113.77"):
        response = client.post(
            url,
            # Two readers, two forms (a signed form serves one comment).
            {**comment_data, "body": f"Von {reader}", "ts": CommentForm.fresh_timestamp()},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=reader,
        )
        assert response.status_code == 302
    networks = set(Comment.objects.values_list("ip_address", flat=True))
    assert networks == {"203.0.113.0"}  # anonymised to the /24, not the proxy's 10.0.0.0


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_header_changes_nothing(client, comment_data):
    article = make_article()
    client.post(
        f"/artikel/{article.slug}/kommentar/",
        comment_data,
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {"198.51.100.0"}
