"""Password reset is limited per e-mail address and per network
(newsroom/password_reset.py), attacked as an outsider would: real HTTP to a
live server, from several loopback addresses (127.0.N.x are different /24
networks, 127.0.N.1 and 127.0.N.2 the same one).

Before, every request naming a colleague's address sent a mail: anyone could
bury an inbox in reset mails, or mail many addresses from one machine."""

import http.client
import re
import urllib.parse
from http.cookies import SimpleCookie

import pytest
from django.core import mail

from newsroom.password_reset import client_network
from tests.factories import make_user

URL = "/admin/password_reset/"
DONE = "/admin/password_reset/done/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LIMITED = "Zu viele Anfragen zum Zurücksetzen eines Passworts"


class Visitor:
    """A browser on one loopback address: cookies, the form's CSRF token."""

    def __init__(self, live_server, source):
        parsed = urllib.parse.urlsplit(live_server.url)
        self.host, self.port, self.source = parsed.hostname, parsed.port, source
        self.cookies = SimpleCookie()

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=30, source_address=(self.source, 0)
        )
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def ask_for_reset(self, email):
        status, _, html = self.request("GET", URL)
        assert status == 200
        token = TOKEN.search(html).group(1)
        return self.request("POST", URL, {"csrfmiddlewaretoken": token, "email": email})


@pytest.fixture
def limits(settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    settings.PASSWORD_RESET_PER_NETWORK = 10
    settings.PASSWORD_RESET_WINDOW_SECONDS = 3600


def test_one_address_gets_at_most_three_mails_whatever_the_networks(live_server, limits):
    make_user("chefin", email="chefin@example.org")
    answers = []
    for network in range(1, 7):  # six different networks, one request each
        typed = "Chefin@Example.org" if network % 2 else "chefin@example.org"
        status, headers, html = Visitor(live_server, f"127.0.{network}.1").ask_for_reset(typed)
        answers.append(status)
        if status == 429:
            assert LIMITED in html
            assert f'value="{typed}"' in html  # what was typed stays
            assert 0 < int(headers["Retry-After"]) <= 3600
        else:
            assert headers["Location"] == DONE
    assert answers == [302, 302, 302, 429, 429, 429]
    assert len(mail.outbox) == 3


def test_one_network_is_limited_across_addresses(live_server, limits):
    """Eleven addresses from one /24 (two machines in it): the eleventh is
    refused; another network is not affected."""
    answers = []
    for n in range(11):
        visitor = Visitor(live_server, f"127.0.20.{1 + n % 2}")
        answers.append(visitor.ask_for_reset(f"person{n}@example.org")[0])
    assert answers == [302] * 10 + [429]
    assert Visitor(live_server, "127.0.21.1").ask_for_reset("person11@example.org")[0] == 302


def test_the_refusal_is_the_same_for_known_and_unknown_addresses(live_server, limits):
    make_user("chefin", email="chefin@example.org")
    refusals = {}
    for email in ("chefin@example.org", "niemand@example.org"):
        for network in range(30, 34):
            status, headers, html = Visitor(live_server, f"127.0.{network}.1").ask_for_reset(email)
        refusals[email] = (status, html.replace(email, "ADDRESS"))
    known, unknown = refusals.values()
    assert known[0] == unknown[0] == 429
    # The CSRF token and the CSP nonce differ per request.
    token = re.compile(r'(value|nonce)="[^"]{20,}"')
    assert token.sub("", known[1]) == token.sub("", unknown[1])
    assert len(mail.outbox) == 3  # only the known account gets mail, three times


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.7", "203.0.113.0/24"),
        ("::ffff:203.0.113.7", "203.0.113.0/24"),  # IPv4 on a dual-stack socket
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("", "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_the_network_of_a_client(address, network):
    assert client_network(address) == network
