"""Who may change an image: the one rule the admin and every other caller use.

An image's file, alternative text, caption and credit are what readers see
wherever it is shown, so changing or deleting it changes every page that
shows it. Hence:

- editors (``articles.publish_article``) may change and delete any image;
- everyone else with ``articles.change_image`` (journalists) only an image
  they uploaded themselves, and only while nothing live shows it: no article
  with status *published* (scheduled ones included: they go out by
  themselves) uses it as hero image or shows it in a live ticker's entry,
  and no author has it as photo (author photos are the editors' to change).

An image that an editor reviews or will publish is frozen too: used by an
article in review, or by the working draft (unpublished changes) of a live
article, it is the editors' to change, so nothing can be swapped between
their review and the publication. An image used only by the uploader's own
drafts stays theirs.
Selecting an image as hero image is a change of the article, not of the
image: anyone may select any image, and a journalist who wants a different
picture uploads a new one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import publishing
from .models import Article, ArticleDraft, Author, Image, LiveEntry

CHANGE_PERMISSION = "articles.change_image"


def image_change_refusal(user, image: Image) -> str | None:
    """Why ``user`` may not change or delete ``image``, as a sentence for
    them; ``None`` when they may."""
    if not (user.is_active and user.has_perm(CHANGE_PERMISSION)):
        return _("You may not change images.")
    if publishing.can_publish(user) or image.pk is None:
        return None
    if Article.objects.filter(hero_image=image, status=Article.Status.PUBLISHED).exists():
        return _(
            "This image is shown in a published article; only the editors can change it. "
            "Upload a new image for your draft."
        )
    if LiveEntry.objects.filter(
        image=image, ticker__article__status=Article.Status.PUBLISHED
    ).exists():
        return _(
            "This image is shown in a live ticker; only the editors can change it. "
            "Upload a new image instead."
        )
    in_review = Article.objects.filter(hero_image=image, status=Article.Status.REVIEW).exists()
    if in_review or ArticleDraft.objects.filter(data__fields__hero_image=image.pk).exists():
        return _(
            "This image is part of an article or of changes the editors review; only the "
            "editors can change it. Upload a new image instead."
        )
    if Author.objects.filter(photo=image).exists():
        return _("This image is an author's photo; only the editors can change it.")
    if image.uploaded_by_id is None or image.uploaded_by_id != user.pk:
        return _(
            "Someone else uploaded this image; only the editors and the person who uploaded "
            "it can change it. Upload a new image for your article."
        )
    return None


def can_change_image(user, image: Image) -> bool:
    """May ``user`` change (file, alt text, caption, credit) or delete ``image``?"""
    return image_change_refusal(user, image) is None
