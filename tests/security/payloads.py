"""Hostile values shared by the security suite (tests/security/).

Each script payload would set ``window.__pwned = 1`` (or call ``alert``) if a
page ever ran it; the browser test checks exactly that, the server-side tests
check that none of them reaches a page as markup.
"""

import re
from html.parser import HTMLParser

from django.utils.html import escape as django_escape

# Script and event-handler injection, in text and in attribute context.
SCRIPT_PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "' autofocus onfocus='window.__pwned=1",
    "</textarea><script>window.__pwned=1</script>",
    "</script><script>window.__pwned=1</script>",
    "<iframe srcdoc='<script>parent.__pwned=1</script>'></iframe>",
    '<a href="javascript:window.__pwned=1">klick</a>',
]

# What must never appear in a page's HTML as it was typed: the opening of a
# tag or a quote that leaves an attribute. Escaped, they read "&lt;script".
RAW_MARKERS = [
    "<script>window.__pwned",
    "<img src=x onerror",
    "<svg onload",
    "</textarea><script",
    "<iframe srcdoc",
    '<a href="javascript:',
]

# Template syntax: shown as typed, never evaluated (918273 + 1000000 =
# 1918273: a number no row id or count of a test page reaches; "5555" did,
# as an admin URL's primary key on PostgreSQL, whose sequences the test
# transactions do not roll back).
TEMPLATE_PAYLOADS = ["{{ 918273|add:1000000 }}", "{% debug %}", "${918273+1000000}", "{{7*7}}"]
TEMPLATE_RESULT = "1918273"
RANDOM_VALUES = re.compile(
    r'(?:name="(?:csrfmiddlewaretoken|ts)" value="[^"]*"|nonce="[^"]*"|'
    r'"csrfToken": "[^"]*"|data-csrf[a-z-]*="[^"]*")'
)

SQL_PAYLOADS = [
    "'; DROP TABLE comments_comment; --",
    "1' OR '1'='1",
    '" OR 1=1 --',
    "100% _wildcard_ \\%",
]

UNICODE_PAYLOADS = [
    "Anna\u200bLeserin\u200d\ufeff",  # zero-width space, joiner, BOM
    "\u202egnirts desrever\u202c",  # right-to-left override
    "Z\u0351\u0324a\u0341\u034el\u0358go\u0489",  # combining marks
    "Familie 👨‍👩‍👧 und 🇦🇹",  # emoji with joiners and flags
]

ALL_TEXT_PAYLOADS = [*SCRIPT_PAYLOADS, *TEMPLATE_PAYLOADS, *SQL_PAYLOADS, *UNICODE_PAYLOADS]


# Script types a browser runs; JSON-LD and json_script data are not run.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class _ScriptFinder(HTMLParser):
    """Everything in a page through which a payload could run: event-handler
    attributes, runnable <script> elements, iframe srcdoc, and javascript: or
    data: URLs in URL attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._script_open = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            compact = "".join(value.split()).lower()
            if name.startswith("on") and "__pwned" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "srcdoc" and "__pwned" in value:
                self.found.append(f"<{tag} srcdoc={value!r}>")
            elif name in _URL_ATTRIBUTES and (
                compact.startswith(("javascript:", "vbscript:", "data:text/html"))
                # The site's own favicon is an SVG data: URL; an injected one
                # carries the payload.
                or (compact.startswith("data:") and "__pwned" in value)
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script_open = attributes.get("type", "").strip().lower() in _SCRIPT_TYPES

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_open = False

    def handle_data(self, data):
        if self._script_open and "__pwned" in data:
            self.found.append(f"<script>{data[:80]!r}")


def assert_safe_html(page: str) -> None:
    """No hostile payload reached the page as markup, and no template syntax
    was evaluated."""
    for marker in RAW_MARKERS:
        assert marker not in page, f"unescaped payload in the page: {marker!r}"
    finder = _ScriptFinder()
    finder.feed(page)
    finder.close()
    assert not finder.found, f"a payload could run in the page: {finder.found}"
    # Random per-response values (CSRF token, the form's signed timestamp with
    # its nonce, the CSP nonce) may contain the digits by chance: not evaluated text.
    text = RANDOM_VALUES.sub("", page)
    assert TEMPLATE_RESULT not in text, "template syntax was evaluated"


def escaped(value: str) -> str:
    """How Django's autoescaping writes ``value`` into a page."""
    return str(django_escape(value))
