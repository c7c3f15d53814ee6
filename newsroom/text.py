"""Text helpers that every app may use (a ground-level module: it imports
no app).

Slugs are made the way German is written without umlauts: "Größe" becomes
"groesse", not "groe" or "grosse". The admin's slug fields do the same in the
browser (``static/admin/js/german_slugs.js``, loaded on the change forms with
a prepopulated slug), so a slug typed into a form and one made on the server
from the same text agree.
"""

import unicodedata

from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def transliterate_german(text: str) -> str:
    """German letters spelt out: "Bürgermeisterin Größe" → "Buergermeisterin
    Groesse". Decomposed umlauts (u + combining diaeresis, as some Mac
    keyboards paste them) are composed first."""
    return unicodedata.normalize("NFC", text).translate(GERMAN_TRANSLITERATION)


def german_slugify(text: str) -> str:
    """The slug of ``text`` with German letters spelt out: "Großer Ärger in
    Köln" → "grosser-aerger-in-koeln". Other accents lose their marks
    ("Café" → "cafe"); anything else that is no letter or digit goes. May be
    empty (the caller decides what to use then)."""
    return slugify(transliterate_german(text))
