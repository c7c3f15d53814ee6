"""The benchmark data set: ``generate()`` writes sections, authors, sources,
tags, images, articles (bylines, citations, tags, corrections) and comments
in bulk; ``existing()`` tells what is there; ``reset()`` removes it. The
storm article (``add_storm``) and the live ticker with its entries
(``add_ticker``) are added by themselves.

Everything generated carries the slug prefix ``bench-`` (articles, authors,
sources), so the generator finds and removes only its own data. Sections,
tags and images are shared by name and kept by ``reset()``.

Comments go in with PostgreSQL's COPY (psycopg) on PostgreSQL and with
``bulk_create`` elsewhere, with ids chosen here so that replies can point at
their parents in the same pass. Bulk writes skip ``save()`` and signals, so
what those would derive is written here: ``body_html`` (the same Markdown
renderer; for comments ``comments.rendering``), the search vectors (one
UPDATE with the same expression as ``articles.search``), the comment
fingerprints (``comments.moderation``).

Length: one generator for the whole data set (each model in bulk, in
dependency order, PostgreSQL COPY for the comments), so that its sizes and
proportions are read in one place.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.images import store as store_image
from articles.models import (
    Article,
    Author,
    Byline,
    Citation,
    CommentModeration,
    Correction,
    Image,
    LiveEntry,
    LiveTicker,
    Section,
    Source,
    Transition,
)
from articles.rendering import render_markdown
from articles.search import vector_expression
from comments import rendering
from comments.models import Comment
from comments.moderation import fingerprint
from demo import data as demo_data
from demo.pictures import render_demo_jpeg
from newsroom.text import german_slugify

from . import constants, texts

PREFIX = constants.PREFIX
BATCH = 2_000

# slug, name, moderation, close comments after (days)
SECTIONS = [
    ("politik", "Politik", CommentModeration.PRE, None),
    ("wirtschaft", "Wirtschaft", CommentModeration.PRE, None),
    ("chronik", "Chronik", CommentModeration.PRE, None),
    ("kultur", "Kultur", CommentModeration.POST, None),
    ("sport", "Sport", CommentModeration.POST, None),
    ("wissenschaft", "Wissenschaft", CommentModeration.PRE, None),
    ("digital", "Digital", CommentModeration.POST, None),
    ("meinung", "Meinung", CommentModeration.PRE, 14),
]
# Shares of each comment status outside the two measured articles.
STATUS_MIX = [
    (Comment.Status.APPROVED, 0.76),
    (Comment.Status.PENDING, 0.10),
    (Comment.Status.REJECTED, 0.09),
    (Comment.Status.SPAM, 0.05),
]
BIG_STATUS_MIX = [
    (Comment.Status.APPROVED, 0.90),
    (Comment.Status.PENDING, 0.06),
    (Comment.Status.REJECTED, 0.03),
    (Comment.Status.SPAM, 0.01),
]
REPLY_SHARE = 0.2
COMMENTERS = 50_000
IMAGE_ALT_PREFIX = "Benchmark-Grafik: "
# Special articles: slug -> (section, hours since publication)
SPECIAL = {
    constants.ARTICLE_SLUG: ("politik", 2),
    constants.BIG_ARTICLE_SLUG: ("politik", 26),
    constants.POST_ARTICLE_SLUG: ("chronik", 3),
}


class BenchDataError(ValueError):
    """Sizes that cannot make a data set, or a data set of another size."""


@dataclass
class Sizes:
    articles: int
    comments: int
    big_article_comments: int

    def check(self):
        if self.articles < len(SPECIAL):
            raise BenchDataError(f"--articles must be at least {len(SPECIAL)}.")
        if self.big_article_comments < 0:
            raise BenchDataError("--big-article-comments must not be negative.")
        least = constants.ARTICLE_COMMENTS + self.big_article_comments
        if self.comments < least:
            raise BenchDataError(
                f"--comments must be at least {least}: {constants.ARTICLE_COMMENTS} on the "
                f"article page plus --big-article-comments."
            )


@dataclass
class Summary:
    sizes: Sizes
    unpublished: int = 0
    authors: int = 0
    sources: int = 0
    tags: int = 0
    bylines: int = 0
    citations: int = 0
    tagged: int = 0
    seconds: dict = field(default_factory=dict)


def _bench_articles():
    return Article.objects.filter(slug__startswith=PREFIX)


# Articles added to a data set by themselves (and not counted in its size).
ADDED = (constants.STORM_ARTICLE_SLUG, constants.TICKER_ARTICLE_SLUG)


def _bench_comments():
    # Comments the load test posted are not part of the data set, nor are the
    # storm article and the ticker (added and sized by themselves, ADDED).
    return (
        Comment.objects.filter(article__slug__startswith=PREFIX)
        .exclude(body__startswith=constants.POST_BODY_PREFIX)
        .exclude(article__slug__in=ADDED)
    )


def existing() -> Sizes | None:
    """The sizes of the data set in the database, or None when there is none
    (the storm article does not count: see ``storm_article()``)."""
    articles = _bench_articles().exclude(slug__in=ADDED)
    if not articles.exists():
        return None
    return Sizes(
        articles=articles.published().count(),
        comments=_bench_comments().count(),
        big_article_comments=_bench_comments()
        .filter(article__slug=constants.BIG_ARTICLE_SLUG)
        .count(),
    )


# The SQL below is built from model table names and constants, never from input.
def _execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def reset() -> int:
    """Delete the generated articles, authors and sources with everything that
    hangs on them (comments, bylines, citations, tags, corrections). Plain
    SQL: the ORM's cascade would load a million comments first. Returns the
    number of articles deleted."""
    t = {m: m._meta.db_table for m in (Article, Author, Source, Comment, Byline, Citation)}
    from comments.models import Decision, Report

    bench_ids = f"SELECT id FROM {t[Article]} WHERE slug LIKE %s"  # noqa: S608
    like = [PREFIX + "%"]
    comment_ids = f"SELECT id FROM {t[Comment]} WHERE article_id IN ({bench_ids})"  # noqa: S608
    ctype = ContentType.objects.get_for_model(Article)
    with transaction.atomic():
        # The ticker's few thousand entries (and whatever hangs on them) by
        # the ORM's cascade.
        LiveTicker.objects.filter(article__slug__startswith=PREFIX).delete()
        _execute(
            f"UPDATE {Decision._meta.db_table} SET comment_id = NULL "  # noqa: S608
            f"WHERE comment_id IN ({comment_ids})",
            like,
        )
        report_table = Report._meta.db_table
        _execute(f"DELETE FROM {report_table} WHERE comment_id IN ({comment_ids})", like)  # noqa: S608
        _execute(f"DELETE FROM {t[Comment]} WHERE article_id IN ({bench_ids})", like)  # noqa: S608
        for model in (Byline, Citation, Correction, Transition):
            _execute(
                f"DELETE FROM {model._meta.db_table} WHERE article_id IN ({bench_ids})",  # noqa: S608
                like,
            )
        _execute(
            f"DELETE FROM {TaggedItem._meta.db_table} WHERE content_type_id = %s "  # noqa: S608
            f"AND object_id IN ({bench_ids})",
            [ctype.pk, *like],
        )
        deleted = _execute(f"DELETE FROM {t[Article]} WHERE slug LIKE %s", like)  # noqa: S608
        _execute(f"DELETE FROM {t[Author]} WHERE slug LIKE %s", like)  # noqa: S608
        _execute(f"DELETE FROM {t[Source]} WHERE slug LIKE %s", like)  # noqa: S608
        Tag.objects.filter(name__in=texts.tag_names(), taggit_taggeditem_items=None).delete()
    return deleted


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _weights(rng, n, sigma):
    """Log-normal popularity: a few authors, sources, tags or articles get
    much more than the rest, as in a real newsroom."""
    return [rng.lognormvariate(0, sigma) for _ in range(n)]


def _cumulative(weights):
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _sample_distinct(rng, population, cum_weights, k):
    chosen = []
    while len(chosen) < min(k, len(population)):
        item = rng.choices(population, cum_weights=cum_weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _sections():
    sections = []
    for position, (slug, name, moderation, close_days) in enumerate(SECTIONS):
        section, _ = Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "description": f"{name}: Nachrichten, Analysen und Hintergründe.",
                "comment_moderation": moderation,
                "comments_close_after_days": close_days,
            },
        )
        sections.append(section)
    return sections


def _authors(rng, n):
    authors = []
    for i in range(n):
        name = texts.person_name(rng)
        authors.append(
            Author(
                name=name,
                slug=f"{PREFIX}{german_slugify(name)}-{i}",
                bio=f"{name} schreibt über {texts.pick(rng, texts.NOUNS)} und "
                f"{texts.pick(rng, texts.NOUNS)}. {texts.sentence(rng)}",
            )
        )
    return Author.objects.bulk_create(authors, batch_size=BATCH)


def _sources(rng, n):
    kinds = [Source.Kind.PERSON] * 6 + [
        Source.Kind.ORGANISATION,
        Source.Kind.AGENCY,
        Source.Kind.DOCUMENT,
        Source.Kind.MEDIA,
    ]
    sources = []
    for i in range(n):
        kind = texts.pick(rng, kinds)
        if kind == Source.Kind.PERSON:
            name, role = texts.person_name(rng), texts.role(rng)
            affiliation = texts.pick(rng, texts.ORGANISATIONS)
        elif kind == Source.Kind.DOCUMENT:
            name = f"Bericht zu {texts.pick(rng, texts.OBJECTS)} ({2020 + i % 6})"
            role, affiliation = "", texts.pick(rng, texts.ORGANISATIONS)
        else:
            name, role, affiliation = f"{texts.pick(rng, texts.ORGANISATIONS)} {i}", "", ""
        sources.append(
            Source(
                name=name,
                slug=f"{PREFIX}{german_slugify(name)}-{i}",
                kind=kind,
                role=role,
                affiliation=affiliation,
                is_confidential=rng.random() < 0.05,
            )
        )
    return Source.objects.bulk_create(sources, batch_size=BATCH)


def _tags():
    names = texts.tag_names()
    have = {t.name: t for t in Tag.objects.filter(name__in=names)}
    Tag.objects.bulk_create(
        [Tag(name=n, slug=slugify(n, allow_unicode=True)) for n in names if n not in have],
        batch_size=BATCH,
    )
    by_name = {t.name: t for t in Tag.objects.filter(name__in=names)}
    return [by_name[n] for n in names]


def _images(count):
    images = []
    specs = list(demo_data.IMAGES.values())
    for i in range(count):
        spec = specs[i % len(specs)]
        alt = f"{IMAGE_ALT_PREFIX}{spec['alt_text']} ({i + 1})"
        image = Image.objects.filter(alt_text=alt).first()
        if image is None or not image.file.storage.exists(image.file.name):
            image = image or Image(alt_text=alt)
            image.caption = spec["caption"]
            image.credit = demo_data.IMAGE_CREDIT
            image.file = ContentFile(render_demo_jpeg(spec), name=f"bench-{i + 1}.jpg")
            store_image(image)
        images.append(image)
    return images


def _publish_times(rng, n, now):
    """Newest first, about 15 articles a day going back in time."""
    span = timedelta(days=max(30, n / 15))
    return sorted((now - span * rng.random() for _ in range(n)), reverse=True)


def _articles(rng, sizes, now, sections, tags, images, summary):
    section_by_slug = {s.slug: s for s in sections}
    hot_tag = next(t for t in tags if t.name == constants.TAG_NAME)
    search_tag = next(t for t in tags if t.name == constants.SEARCH_QUERY)
    tag_cum = _cumulative(_weights(rng, len(tags), 1.2))
    unpublished = max(1, sizes.articles // 20)
    summary.unpublished = unpublished
    times = _publish_times(rng, sizes.articles - len(SPECIAL), now)
    specs = []  # (slug, section, status, publish_at, tags)
    for slug, (section_slug, hours) in SPECIAL.items():
        publish_at = now - timedelta(hours=hours)
        specs.append((slug, section_by_slug[section_slug], "published", publish_at))
    for i, publish_at in enumerate(times):
        specs.append((f"{PREFIX}artikel-{i}", rng.choice(sections), "published", publish_at))
    for i in range(unpublished):
        status, publish_at = rng.choice(
            [
                ("draft", None),
                ("review", None),
                ("archived", now - timedelta(days=rng.randint(30, 900))),
                ("published", now + timedelta(days=rng.randint(30, 365))),  # scheduled
            ]
        )
        specs.append((f"{PREFIX}entwurf-{i}", rng.choice(sections), status, publish_at))

    rows, article_tags = [], []
    featured_left = 6
    for slug, section, status, publish_at in specs:
        chosen = _sample_distinct(rng, tags, tag_cum, rng.randint(2, 5))
        if (rng.random() < 0.05 or slug == constants.ARTICLE_SLUG) and hot_tag not in chosen:
            chosen.append(hot_tag)
        if rng.random() < 0.01 and search_tag not in chosen:
            chosen.append(search_tag)
        featured = status == "published" and featured_left > 0 and rng.random() < 0.2
        featured_left -= featured
        markdown = texts.body(rng, quotes=[], topics=[t.name for t in chosen])
        rows.append(
            Article(
                section=section,
                kicker=texts.kicker(rng),
                title=texts.headline(rng),
                slug=slug,
                lead=texts.lead(rng),
                body=markdown,
                body_html=render_markdown(markdown),
                hero_image=rng.choice(images) if images and rng.random() < 0.6 else None,
                status=status,
                publish_at=publish_at,
                featured=featured,
                comments_enabled=rng.random() < 0.95 or slug in SPECIAL,
            )
        )
        article_tags.append(chosen)
    created = Article.objects.bulk_create(rows, batch_size=500)
    return created, article_tags


def _relations(rng, articles, article_tags, authors, sources, summary):
    author_cum = _cumulative(_weights(rng, len(authors), 1.0))
    source_cum = _cumulative(_weights(rng, len(sources), 1.3))
    ctype = ContentType.objects.get_for_model(Article)
    bylines, citations, tagged, corrections = [], [], [], []
    for article, tags in zip(articles, article_tags, strict=True):
        count = 1 if rng.random() < 0.8 else (2 if rng.random() < 0.85 else 3)
        for position, author in enumerate(_sample_distinct(rng, authors, author_cum, count)):
            bylines.append(Byline(article=article, author=author, position=position))
        for position, source in enumerate(
            _sample_distinct(rng, sources, source_cum, rng.randint(0, 4))
        ):
            citations.append(
                Citation(article=article, source=source, quote=texts.quote(rng), position=position)
            )
        for tag in tags:
            tagged.append(TaggedItem(content_type=ctype, object_id=article.pk, tag=tag))
        if article.publish_at and rng.random() < 0.02:
            corrections.append(
                Correction(
                    article=article,
                    kind=rng.choice([Correction.Kind.CORRECTION, Correction.Kind.UPDATE]),
                    text=texts.sentence(rng),
                    created_at=article.publish_at + timedelta(hours=rng.randint(1, 48)),
                )
            )
    Byline.objects.bulk_create(bylines, batch_size=BATCH)
    Citation.objects.bulk_create(citations, batch_size=BATCH)
    TaggedItem.objects.bulk_create(tagged, batch_size=BATCH)
    Correction.objects.bulk_create(corrections, batch_size=BATCH)
    summary.bylines, summary.citations, summary.tagged = len(bylines), len(citations), len(tagged)


def _derived_article_fields(articles_qs):
    """What Article.save() and the post-save signal would have written:
    plausible created/updated times and, on PostgreSQL, the search vector."""
    publish = Coalesce(F("publish_at"), F("created_at"))
    values = {
        "created_at": ExpressionWrapper(publish - timedelta(hours=1), output_field=DateTimeField()),
        "updated_at": publish,
    }
    if connection.vendor == "postgresql":
        values["search_vector"] = vector_expression()
    articles_qs.update(**values)


def _status(rng, mix):
    r, acc = rng.random(), 0.0
    for status, share in mix:
        acc += share
        if r < acc:
            return status
    return mix[0][0]


def _comment_plan(rng, sizes, articles, now):
    """(article, created_at, mix) for every comment, oldest first."""
    by_slug = {a.slug: a for a in articles}
    plan = []

    def spread(article, count, mix, hours=72.0):
        for _ in range(count):
            age = min(rng.expovariate(1 / hours), (now - article.publish_at).total_seconds() / 3600)
            plan.append((article, article.publish_at + timedelta(hours=age), mix))

    spread(by_slug[constants.ARTICLE_SLUG], constants.ARTICLE_COMMENTS, None, hours=1.0)
    spread(by_slug[constants.BIG_ARTICLE_SLUG], sizes.big_article_comments, BIG_STATUS_MIX, 8.0)
    others = [
        a
        for a in articles
        if a.slug not in SPECIAL and a.status == "published" and a.publish_at <= now
    ]
    rest = sizes.comments - constants.ARTICLE_COMMENTS - sizes.big_article_comments
    if rest and not others:
        raise BenchDataError("--articles is too small to spread the other comments.")
    if rest:
        popularity = _cumulative(_weights(rng, len(others), 0.9))
        for article in rng.choices(others, cum_weights=popularity, k=rest):
            spread(article, 1, STATUS_MIX)
    plan.sort(key=lambda item: item[1])
    return plan


def _comment_rows(rng, plan, now, first_id, *, bodies=4_000):
    """Comment rows as tuples in COLUMNS order for ``plan`` ((article,
    created_at, status mix or None for approved) oldest first), ids from
    ``first_id`` on."""
    bodies = [texts.comment(rng) for _ in range(bodies)]
    html = {body: str(rendering.render_body(body)) for body in bodies}
    commenters = []
    for i in range(COMMENTERS):
        first, last = texts.pick(rng, texts.FIRST_NAMES), texts.pick(rng, texts.LAST_NAMES)
        local = german_slugify(f"{first}.{last}")
        commenters.append((f"{first} {last[0]}.", f"{local}{i}@example.org"))
    ip_window = now - timedelta(days=30)
    parents = {}  # article id -> ids of approved top-level comments
    for offset, (article, created_at, mix) in enumerate(plan):
        pk = first_id + offset
        status = Comment.Status.APPROVED if mix is None else _status(rng, mix)
        candidates = parents.setdefault(article.pk, [])
        parent_id = None
        if candidates and rng.random() < REPLY_SHARE:
            parent_id = candidates[rng.randrange(len(candidates))]
        elif status == Comment.Status.APPROVED:
            candidates.append(pk)
        # A few prolific commenters, many occasional ones.
        who = rng.randrange(500) if rng.random() < 0.3 else rng.randrange(COMMENTERS)
        name, email = commenters[who]
        body = bodies[rng.randrange(len(bodies))]
        moderated_at = (
            None
            if status == Comment.Status.PENDING
            else created_at + timedelta(minutes=rng.randint(1, 240))
        )
        yield (
            pk,
            article.pk,
            parent_id,
            name,
            email,
            body,
            status,
            created_at,
            f"10.{who % 250}.{who // 250 % 250}.0" if created_at >= ip_window else None,
            moderated_at,
            "",
            "[]",
            fingerprint(article_id=article.pk, email=email, body=body),
            0,
            False,
            False,
            "",
            "",
            html[body],
        )


COLUMNS = (
    "id",
    "article_id",
    "parent_id",
    "name",
    "email",
    "body",
    "status",
    "created_at",
    "ip_address",
    "moderated_at",
    "moderation_reason",
    "reasons",
    "fingerprint",
    "reports_count",
    "hidden_by_reports",
    "kept_after_reports",
    "sender",
    "form_nonce",
    "body_html",
)


def _write_comments(rows):
    if connection.vendor == "postgresql":
        table = Comment._meta.db_table
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
        return
    # Elsewhere (SQLite in the tests) plain INSERTs: bulk_create would
    # overwrite created_at (auto_now_add) with the time of writing.
    sql = (
        f"INSERT INTO {Comment._meta.db_table} ({', '.join(COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    )
    adapt = connection.ops.adapt_datetimefield_value
    times = {COLUMNS.index("created_at"), COLUMNS.index("moderated_at")}
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([adapt(v) if i in times else v for i, v in enumerate(row)])
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _analyze():
    if connection.vendor != "postgresql":
        return
    tables = [
        m._meta.db_table
        for m in (Article, Comment, Byline, Citation, Source, Author, Section, Tag, TaggedItem)
    ]
    # VACUUM (for index-only scans) cannot run inside a transaction, which
    # is where the tests call this; ANALYZE (for the planner) can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {table}")


def generate(*, sizes: Sizes, seed: int = 1, images: int = 4, stdout=None) -> Summary:
    """Write a data set of ``sizes``. The database must hold no bench data
    (see ``existing()`` and ``reset()``)."""
    sizes.check()
    if existing() is not None:
        raise BenchDataError("Benchmark data is already there; reset it first.")
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    now = timezone.now()
    summary = Summary(sizes=sizes)
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        summary.seconds[name] = round(time.perf_counter() - clock, 1)
        _say(stdout, f"  {name}: {summary.seconds[name]} s")
        clock = time.perf_counter()

    with transaction.atomic():
        sections = _sections()
        authors = _authors(rng, max(3, min(150, sizes.articles // 60)))
        sources = _sources(rng, max(3, min(1_000, sizes.articles // 10)))
        tags = _tags()
        pictures = _images(images)
        summary.authors, summary.sources, summary.tags = len(authors), len(sources), len(tags)
        lap("sections, authors, sources, tags, images")
        articles, article_tags = _articles(rng, sizes, now, sections, tags, pictures, summary)
        lap(f"{len(articles)} articles")
        _relations(rng, articles, article_tags, authors, sources, summary)
        lap("bylines, citations, tags, corrections")
        _derived_article_fields(_bench_articles())
        lap("search vectors and timestamps")
        last = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        plan = _comment_plan(rng, sizes, articles, now)
        _write_comments(_comment_rows(rng, plan, now, last + 1))
        lap(f"{sizes.comments} comments")
    _analyze()
    lap("VACUUM ANALYZE")
    return summary


# --------------------------------------------------------------------------
# The storm article (issue 16)
# --------------------------------------------------------------------------


def storm_article() -> Article | None:
    """The storm article, or None when the data set has none yet."""
    return Article.objects.filter(slug=constants.STORM_ARTICLE_SLUG).first()


def _storm_pool(article):
    return Comment.objects.filter(article=article, body__startswith=constants.STORM_BODY_PREFIX)


def _single_article(rng, now, slug, kicker, tags, authors, sources) -> Article:
    """One published article in the data set's first section, ten hours old,
    with bylines, citations and tags as the generated ones have (the storm's
    and the live ticker's article)."""
    markdown = texts.body(rng, quotes=[], topics=[t.name for t in tags])
    [article] = Article.objects.bulk_create(
        [
            Article(
                section=_sections()[0],
                kicker=kicker,
                title=texts.headline(rng),
                slug=slug,
                lead=texts.lead(rng),
                body=markdown,
                body_html=render_markdown(markdown),
                status="published",
                publish_at=now - timedelta(hours=10),
                featured=False,
                comments_enabled=True,
            )
        ]
    )
    _relations(rng, [article], [tags], authors, sources, Summary(sizes=None))
    _derived_article_fields(Article.objects.filter(pk=article.pk))
    return article


def add_storm(
    *, comments=constants.STORM_COMMENTS, pending=constants.STORM_PENDING, seed=2, stdout=None
) -> Article:
    """Add the storm article to a data set: published an hour ago in a
    pre-moderated section, with ``comments`` approved comments (one in five a
    reply, bodies rendered to ``body_html`` as the comments app stores them,
    written like the data set's others) and a pool of ``pending`` comments
    waiting for a moderator (``refill_storm``). Needs the data set's
    sections, authors and tags."""
    if comments < 0 or pending < 0:
        raise BenchDataError("The storm's comment counts must not be negative.")
    if storm_article() is not None:
        raise BenchDataError("The storm article is already there.")
    authors = list(Author.objects.filter(slug__startswith=PREFIX).order_by("pk")[:50])
    sources = list(Source.objects.filter(slug__startswith=PREFIX).order_by("pk")[:50])
    if not authors or not sources:
        raise BenchDataError("The storm article needs the data set (bench_data) first.")
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        tags = _tags()
        chosen = [t for t in tags if t.name == constants.TAG_NAME] + rng.sample(tags, 2)
        article = _single_article(
            rng, now, constants.STORM_ARTICLE_SLUG, "Eilmeldung", chosen, authors, sources
        )
        # Oldest first, within the ten hours since publication.
        times = sorted(
            article.publish_at + timedelta(hours=rng.uniform(0, 9.9)) for _ in range(comments)
        )
        plan = [(article, created_at, None) for created_at in times]
        last = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _write_comments(_comment_rows(rng, plan, now, last + 1, bodies=1_000))
        refill_storm(article, pending)
    _say(
        stdout,
        f"  storm article: {comments} comments, {pending} pending, "
        f"{time.perf_counter() - started:.1f} s",
    )
    return article


def refill_storm(article, pending=constants.STORM_PENDING) -> list[int]:
    """Replace the storm article's pool with ``pending`` fresh pending
    comments (what an earlier storm approved goes), submitted now, so that
    every one of them sorts after the article's other comments. Returns their
    ids, oldest first: the order the storm approves them in."""
    rng = random.Random(3)  # noqa: S311 - reproducible test data, not secrets
    with transaction.atomic():
        _storm_pool(article).delete()
        rows = []
        for i in range(pending):
            body = f"{constants.STORM_BODY_PREFIX} {i + 1}: {texts.comment(rng)}"
            name = f"{texts.pick(rng, texts.FIRST_NAMES)} {texts.pick(rng, texts.LAST_NAMES)[0]}."
            email = f"sturm{i}@example.org"
            rows.append(
                Comment(
                    article=article,
                    name=name,
                    email=email,
                    body=body,
                    body_html=str(rendering.render_body(body)),
                    status=Comment.Status.PENDING,
                    fingerprint=fingerprint(article_id=article.pk, email=email, body=body),
                )
            )
        # created_at is auto_now_add: the time of writing, after every other
        # comment of the article; ids keep the order among the pool.
        Comment.objects.bulk_create(rows, batch_size=BATCH)
    return list(_storm_pool(article).order_by("created_at", "pk").values_list("pk", flat=True))


# --------------------------------------------------------------------------
# The live ticker (issue 19)
# --------------------------------------------------------------------------


def ticker_article() -> Article | None:
    """The live-ticker article, or None when the data set has none yet."""
    return Article.objects.filter(slug=constants.TICKER_ARTICLE_SLUG).first()


def add_ticker(*, entries=constants.TICKER_ENTRIES, seed=4, stdout=None) -> Article:
    """Add the live-ticker article to a data set: published ten hours ago,
    its ticker running since, with ``entries`` approved entries spread over
    those hours (one in fifty a key event, the newest of those pinned), their
    HTML rendered as ``LiveEntry.save`` renders it. Needs the data set's
    sections, authors and tags."""
    if entries < 0:
        raise BenchDataError("The ticker's entry count must not be negative.")
    if ticker_article() is not None:
        raise BenchDataError("The live-ticker article is already there.")
    authors = list(Author.objects.filter(slug__startswith=PREFIX).order_by("pk")[:50])
    sources = list(Source.objects.filter(slug__startswith=PREFIX).order_by("pk")[:50])
    if not authors or not sources:
        raise BenchDataError("The live-ticker article needs the data set (bench_data) first.")
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        chosen = rng.sample(_tags(), 3)
        article = _single_article(
            rng, now, constants.TICKER_ARTICLE_SLUG, "Live", chosen, authors, sources
        )
        ticker = LiveTicker.objects.create(article=article, started_at=article.publish_at)
        times = sorted(
            article.publish_at + timedelta(hours=rng.uniform(0, 9.9)) for _ in range(entries)
        )
        rows = []
        for i, created_at in enumerate(times):
            key_event = i % 50 == 49
            body = " ".join(texts.sentence(rng) for _ in range(rng.randint(1, 4)))
            rows.append(
                LiveEntry(
                    ticker=ticker,
                    headline=texts.headline(rng) if key_event else "",
                    body=body,
                    body_html=render_markdown(body),
                    key_event=key_event,
                    approved=True,
                    created_at=created_at,
                )
            )
        # Oldest first, so that ids follow the times, as when posted.
        LiveEntry.objects.bulk_create(rows, batch_size=BATCH)
        newest_key_event = ticker.entries.filter(key_event=True).order_by("-id").first()
        if newest_key_event is not None:
            LiveEntry.objects.filter(pk=newest_key_event.pk).update(pinned=True)
    _say(stdout, f"  live ticker: {entries} entries, {time.perf_counter() - started:.1f} s")
    return article


def posted_entries(article):
    """The entries ``bench_ticker`` posted on the ticker (earlier runs')."""
    return LiveEntry.objects.filter(
        ticker__article=article, body__startswith=constants.TICKER_POSTED_PREFIX
    )


def reset_ticker(article) -> int:
    """Back to the generated entries: delete what earlier runs posted and
    start the ticker again if it was ended. Returns the newest entry id."""
    with transaction.atomic():
        posted_entries(article).delete()
        LiveTicker.objects.filter(article=article).update(ended_at=None)
    return (
        LiveEntry.objects.filter(ticker__article=article, approved=True)
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
        or 0
    )
