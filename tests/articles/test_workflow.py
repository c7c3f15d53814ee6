"""The workflow services: each step for each role, what is recorded, and
the pre-publish checks."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from articles import publishing
from articles.models import Article, Citation, Transition, WorkflowState
from tests.factories import make_article, make_image, make_source, make_user

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED


def _future(minutes=60):
    return timezone.now() + timedelta(minutes=minutes)


def _run(step, article, user):
    if step == "submit_for_review":
        return publishing.submit_for_review(article=article, user=user)
    if step == "send_back":
        return publishing.send_back(article=article, user=user, note="Bitte Quellen ergänzen.")
    if step == "schedule":
        return publishing.schedule(article=article, user=user, at=_future())
    return getattr(publishing, step)(article=article, user=user)


# step, starting state (status, publish_at offset in minutes or None), state after
STEPS = [
    ("submit_for_review", (DRAFT, None), WorkflowState.REVIEW),
    ("send_back", (REVIEW, None), WorkflowState.DRAFT),
    ("publish", (REVIEW, None), WorkflowState.PUBLISHED),
    ("publish", (DRAFT, None), WorkflowState.PUBLISHED),
    ("publish", (PUBLISHED, 30), WorkflowState.PUBLISHED),  # a scheduled one goes out now
    ("schedule", (REVIEW, None), WorkflowState.SCHEDULED),
    ("unpublish", (PUBLISHED, -30), WorkflowState.DRAFT),
    ("unpublish", (PUBLISHED, 30), WorkflowState.DRAFT),
    ("archive", (PUBLISHED, -30), WorkflowState.ARCHIVED),
]
# Which roles may take each step (on their own article, for journalists).
ALLOWED = {
    "submit_for_review": {"journalist", "editor"},
    "send_back": {"editor"},
    "publish": {"editor"},
    "schedule": {"editor"},
    "unpublish": {"editor"},
    "archive": {"editor"},
}


def _article(start, owner):
    status, offset = start
    publish_at = timezone.now() + timedelta(minutes=offset) if offset is not None else None
    return make_article(status=status, publish_at=publish_at, created_by=owner)


@pytest.mark.parametrize("role", ["journalist", "editor", "moderator"])
@pytest.mark.parametrize(("step", "start", "after"), STEPS)
def test_each_step_for_each_role(request, role, step, start, after):
    user = request.getfixturevalue(role)
    article = _article(start, owner=user)
    before = article.state
    if role in ALLOWED[step]:
        _run(step, article, user)
        article.refresh_from_db()
        assert article.state == after
        transition = Transition.objects.get(article=article)
        assert (transition.user, transition.from_state, transition.to_state) == (
            user,
            before,
            after,
        )
    else:
        with pytest.raises(PermissionDenied):
            _run(step, article, user)
        article.refresh_from_db()
        assert article.state == before
        assert not Transition.objects.exists()


def test_journalist_cannot_submit_a_colleagues_draft(journalist):
    article = make_article(status=DRAFT, created_by=make_user("kollegin", group="Journalists"))
    with pytest.raises(PermissionDenied):
        publishing.submit_for_review(article=article, user=journalist)


@pytest.mark.parametrize(
    ("step", "start"),
    [
        ("submit_for_review", (REVIEW, None)),
        ("send_back", (DRAFT, None)),
        ("publish", (PUBLISHED, -5)),
        ("schedule", (PUBLISHED, -5)),
        ("unpublish", (DRAFT, None)),
        ("archive", (DRAFT, None)),
    ],
)
def test_steps_from_the_wrong_state_are_refused(editor, step, start):
    article = _article(start, owner=editor)
    before = (article.status, article.publish_at)
    with pytest.raises(ValidationError):
        _run(step, article, editor)
    article.refresh_from_db()
    assert (article.status, article.publish_at) == before


def test_send_back_needs_a_note_and_keeps_it(editor, journalist):
    article = make_article(status=REVIEW, created_by=journalist)
    with pytest.raises(ValidationError):
        publishing.send_back(article=article, user=editor, note="   ")
    publishing.send_back(article=article, user=editor, note="Der Vorspann ist zu lang.")
    assert Transition.objects.get().note == "Der Vorspann ist zu lang."


def test_every_step_keeps_a_revision_and_an_admin_log_entry(editor):
    article = make_article(status=REVIEW)
    publishing.publish(article=article, user=editor)
    publishing.unpublish(article=article, user=editor)
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert versions.first().revision.user == editor
    comments = list(
        LogEntry.objects.filter(object_id=str(article.pk)).values_list("change_message", flat=True)
    )
    assert len(comments) == 2


def test_schedule_refuses_past_and_naive_times(editor):
    article = make_article(status=REVIEW)
    with pytest.raises(ValidationError):
        publishing.schedule(article=article, user=editor, at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        publishing.schedule(article=article, user=editor, at=None)
    assert Article.objects.get(pk=article.pk).status == REVIEW


def test_version_rises_with_every_step(editor):
    article = make_article(status=DRAFT)
    start = article.version
    publishing.submit_for_review(article=article, user=editor)
    publishing.publish(article=article, user=editor)
    article.refresh_from_db()
    assert article.version == start + 2
    assert article.updated_by == editor


# --- pre-publish checks ---------------------------------------------------


def _problem_cases():
    long_title = "Sehr lange Schlagzeile " * 6
    return {
        "empty lead": ({"lead": ""}, "Vorspann"),
        "empty body": ({"body": ""}, "Text"),
        "long title": ({"title": long_title.strip()}, "Zeichen"),
    }


@pytest.mark.parametrize("case", ["empty lead", "empty body", "long title"])
@pytest.mark.parametrize("step", ["publish", "schedule"])
def test_publishing_is_refused_with_the_list_of_problems(editor, case, step):
    fields, word = _problem_cases()[case]
    article = make_article(status=REVIEW, **fields)
    with pytest.raises(ValidationError) as exc:
        _run(step, article, editor)
    assert any(word in message for message in exc.value.messages)
    article.refresh_from_db()
    assert article.status == REVIEW and not Transition.objects.exists()


def test_hero_image_without_alt_text_or_credit_blocks_publishing(editor):
    image = make_image()
    article = make_article(status=REVIEW, hero_image=image)
    type(image).objects.filter(pk=image.pk).update(alt_text="", credit=" ")
    article.refresh_from_db()
    problems = publishing.publication_problems(article)
    assert len(problems) == 2
    with pytest.raises(ValidationError):
        publishing.publish(article=article, user=editor)


def test_citation_without_source_blocks_publishing(editor):
    article = make_article(status=REVIEW)
    Citation.objects.create(article=article, source=make_source(), position=0)
    Citation.objects.create(article=article, source=None, quote="„Wir warnen.“", position=1)
    assert publishing.publication_problems(article) == ["Zitat 2 hat keine Quelle."]
    with pytest.raises(ValidationError):
        publishing.publish(article=article, user=editor)


def test_all_problems_are_listed_at_once():
    article = make_article(status=DRAFT, lead="", body="", title="x" * 150)
    assert len(publishing.publication_problems(article)) == 3


def test_submitting_shows_the_problems_but_does_not_block(journalist):
    article = make_article(status=DRAFT, lead="", created_by=journalist)
    problems = publishing.submit_for_review(article=article, user=journalist)
    assert problems and "Vorspann" in problems[0]
    assert Article.objects.get(pk=article.pk).status == REVIEW


def test_a_clean_article_has_no_problems():
    assert publishing.publication_problems(make_article(hero_image=make_image())) == []
