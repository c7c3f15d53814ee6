"""The demo's front pages, composed by the desk through
``frontpage.composing``: the home page (the flagship as Aufmacher until
tomorrow morning, three top stories, the derby's live ticker, the most
commented, a topic box on Energie, a block per Ressort), the Politik page (its newest story and a
topic box on Seewalden), and the evening's home page, scheduled for 18:00
with the theatre's premiere leading. Loaded once: pages the desk has
composed are left as they are."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, LiveTicker, Section
from frontpage import composing
from frontpage.models import Composition, Slot

from . import data, news

Kind = Slot.Kind
EVENING = time(18, 0)
EVENING_LEAD = "stadttheater-seewalden-eroeffnet-mit-urauffuehrung"
POLITICS = "politik"
POLITICS_TOPIC = "Seewalden"


def _evening(now: datetime) -> datetime:
    """The next 18:00 (Vienna): today's, or tomorrow's if it has passed."""
    local = timezone.localtime(now)
    at = timezone.make_aware(datetime.combine(local.date(), EVENING))
    return at if at > now else at + timedelta(days=1)


def _home_slots(lead: Article, expires_at, ticker: Article | None, topic) -> list[Slot]:
    """The Aufmacher, three top stories, then the boxes: the live ticker, the
    most commented and the topic (before the Ressorts, so that they show
    their stories whichever are the newest), and a block per Ressort."""
    slots = [Slot(kind=Kind.AUFMACHER, article=lead, expires_at=expires_at)]
    slots += [Slot(kind=Kind.TOP) for _ in range(3)]
    if ticker is not None:
        slots.append(Slot(kind=Kind.LIVE_TICKER, article=ticker, count=4, title=""))
    slots.append(Slot(kind=Kind.MOST_COMMENTED, count=5))
    if topic is not None:
        slots.append(Slot(kind=Kind.TAG_BOX, tag=topic, count=3, title=f"Thema: {topic.name}"))
    slots += [
        Slot(kind=Kind.SECTION_BLOCK, section=section, count=3) for section in Section.objects.all()
    ]
    for position, slot in enumerate(slots):
        slot.position = position
    return slots


def load_compositions(desk, now: datetime) -> int:
    """Compose the demo's pages once; the number of compositions."""
    if Composition.objects.exists():
        return Composition.objects.count()
    flagship = Article.objects.get(slug=data.FLAGSHIP_SLUG)
    evening_lead = Article.objects.get(slug=EVENING_LEAD)
    ticker = (
        LiveTicker.objects.filter(ended_at__isnull=True, article__status="published")
        .select_related("article")
        .first()
    )
    ticker_article = ticker.article if ticker is not None else None
    tomorrow_morning = _evening(now) + timedelta(hours=15)  # 09:00 the day after
    home_topic = Tag.objects.filter(name=news.HOME_TOPIC).first()
    composing.save_composition(
        composition=Composition(go_live_at=now, note="Frühausgabe"),
        slots=_home_slots(flagship, tomorrow_morning, ticker_article, home_topic),
        user=desk,
        now=now,
    )
    composing.save_composition(
        composition=Composition(go_live_at=_evening(now), note="Abendausgabe"),
        slots=_home_slots(evening_lead, None, ticker_article, home_topic),
        user=desk,
        now=now,
    )
    politics = Section.objects.get(slug=POLITICS)
    topic = Tag.objects.filter(name=POLITICS_TOPIC).first()
    politics_slots = [Slot(position=0, kind=Kind.AUFMACHER), Slot(position=1, kind=Kind.TOP)]
    if topic is not None:
        politics_slots.append(Slot(position=2, kind=Kind.TAG_BOX, tag=topic, count=3))
    composing.save_composition(
        composition=Composition(section=politics, go_live_at=now, note="Politik"),
        slots=politics_slots,
        user=desk,
        now=now,
    )
    return Composition.objects.count()
