"""The demo's live ticker: the derby report is also its live ticker, with
entries from the match (two key events, one pinned, one corrected, one with
a picture from the library, one with the coach's quote from the source
directory), written through the ticker's services (articles/live.py).
Loaded once: a ticker that has entries is left as it is."""

from datetime import timedelta

from articles import live
from articles.models import Article, Image, LiveEntry, LiveTicker, Source

from . import data

TICKER_SLUG = "seewaldner-sc-gewinnt-derby-in-der-nachspielzeit"

# (minutes after kick-off, headline, text, key event)
ENTRIES = [
    (0, "", "Anpfiff im ausverkauften Seestadion: 8.400 Zuschauerinnen und Zuschauer.", False),
    (12, "", "Erste Chance für den SC: Kopfball knapp über die Latte.", False),
    (27, "1:0 für den SC", "Nach einer Ecke trifft die Nummer 9 per Kopf zum **1:0**.", True),
    (45, "Halbzeit", "Pause. Der SC führt verdient, die Gäste kommen kaum vor das Tor.", False),
    (58, "", "Ausgleich für die Gäste: ein Distanzschuss aus 20 Metern, 1:1.", False),
    (74, "", "Gelb-Rot für die Gäste nach wiederholtem Foulspiel.", False),
    (93, "Siegtor in der Nachspielzeit", "In der 93. Minute fällt das **2:1** für den SC.", True),
    (96, "Abpfiff", "Der Seewaldner SC gewinnt das Derby mit 2:1.", False),
]
# The kick-off entry shows a picture of the library; the final whistle's
# quotes the coach (a source of the directory that may be named).
IMAGE_AT, IMAGE = 0, "pitch"
QUOTE_AT, QUOTE_SOURCE = 96, "bernd-hollweger"
QUOTE = "Ein Derby gewinnt man mit dem Herzen. Heute hat man gesehen, was die Mannschaft hat."


def load_live_ticker(desk) -> int:
    """The derby's ticker with its entries; the number of entries."""
    article = Article.objects.filter(slug=TICKER_SLUG).first()
    if article is None or not article.is_public:
        return 0
    ticker = live.ticker_of(article)
    if ticker is not None and ticker.entries.exists():
        return ticker.entries.count()
    ticker = live.start_ticker(article, desk)
    kick_off = article.publish_at - timedelta(minutes=110)
    # Without the demo's library (a test that loads the ticker alone) the
    # two entries go out without their image and quote.
    image = Image.objects.filter(alt_text=data.IMAGES[IMAGE]["alt_text"]).order_by("pk").first()
    coach = Source.objects.filter(slug=QUOTE_SOURCE).first()
    entries = []
    for minutes, headline, body, key_event in ENTRIES:
        media = {}
        if minutes == IMAGE_AT and image is not None:
            media["image"] = image
        if minutes == QUOTE_AT and coach is not None:
            media.update(quote=QUOTE, quote_source=coach)
        entry = live.post_entry(
            article, desk, body, headline=headline, key_event=key_event, **media
        )
        entries.append(entry)
        LiveEntry.objects.filter(pk=entry.pk).update(
            created_at=kick_off + timedelta(minutes=minutes)
        )
    live.correct_entry(
        entries[4],
        desk,
        "Ausgleich für die Gäste: ein Distanzschuss aus 25 Metern, 1:1.",
        "Die Entfernung war 25, nicht 20 Meter.",
    )
    live.pin_entry(entries[-1], desk)
    # Left running: the desk can post more and readers see them arrive.
    LiveTicker.objects.filter(pk=ticker.pk).update(started_at=kick_off)
    return len(entries)
