"""Reader views: posting a comment or a reply, reporting one, and the signed
timestamp the comment form asks for. Thin: the rules live in
``comments.moderation``, ``comments.policy`` and ``comments.forms``.

The article page and the "Melden" page are the same for every anonymous
reader (newsroom/cache.py stores and shares them): their forms carry no CSRF
token. Their POSTs are checked instead for where they come from
(``newsroom.origin.cross_origin_protected``: Fetch Metadata, else
``Origin``; another site's form gets a German 403 and nothing is stored).
The comment form's timestamp comes from ``form_timestamp`` when the reader
starts typing (static/js/comment-form.js), or, without JavaScript, with the
form shown again for one more click (comments/forms.py).
"""

import math

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.invalidation import article_page
from articles.models import Article
from articles.views import render_article
from newsroom.cache import reader_page
from newsroom.origin import cross_origin_protected
from newsroom.validators import no_control_characters

from . import moderation, moderator, policy, readers
from .forms import CommentForm, make_timestamp
from .invalidation import shows_comments
from .models import Comment, Report

# What the reader is told after sending. A comment that waits, one a trusted
# browser published at once and spam are told the same and sent to the same
# place, so that the answer says nothing about trust, nor to a spammer.
_RECEIVED = gettext_lazy(
    "Thank you! Your comment has been received and appears as soon as it is approved."
)
_PUBLISHED = gettext_lazy("Thank you! Your comment is published.")
_REJECTED = gettext_lazy("Your comment breaks our discussion rules and will not be published.")


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _codes(exc: ValidationError) -> set[str]:
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return {error.code for group in errors for error in group}


def _form_again(request, article, form, *, status=400):
    """The article with the reader's form shown again: what they typed, and
    why (or the note that one more click sends it). Only for this reader."""
    response = render_article(request, article, extra_context={"comment_form": form}, status=status)
    add_never_cache_headers(response)
    return response


@require_GET
def form_timestamp(request):
    """A fresh signed form timestamp for the comment form (JSON
    ``{"ts": ...}``), asked for by static/js/comment-form.js when the reader
    starts typing. Each answer is another value: nobody may keep it."""
    response = JsonResponse({"ts": make_timestamp()})
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _too_many(request, article, form, exc):
    """The form again, with the reader's text, and when to send it (429)."""
    form.add_error(None, exc.messages)
    response = _form_again(request, article, form, status=429)
    seconds = (exc.retry_at - timezone.now()).total_seconds()
    response["Retry-After"] = str(max(1, math.ceil(seconds)))
    return response


@cross_origin_protected
@require_POST
def post_comment(request, slug):
    article = get_object_or_404(Article.objects.for_page().published(), slug=slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        if form.needs_confirmation and not form.shown_errors:
            # Complete, but without a timestamp: nothing is stored; one more
            # click sends it (comments/forms.py).
            return _form_again(request, article, form, status=200)
        return _form_again(request, article, form)
    data = form.cleaned_data
    key = readers.reader_key(request) or readers.new_key()
    sender = readers.sender_id(key)
    retry_at = policy.flood_retry_at(ip=_client_ip(request), sender=sender)
    if retry_at is not None:  # at once, without waiting for the others
        return _too_many(request, article, form, moderation.TooManyComments(retry_at))
    parent = None
    if data.get("parent"):
        # Only a visible comment of this article can be answered; a hidden,
        # waiting, rejected or missing one gets the same answer, so that the
        # answer tells nothing about comments readers cannot see.
        parent = Comment.objects.visible().filter(pk=data["parent"], article=article).first()
        if parent is None:
            form.add_error(None, _("The comment you wanted to answer no longer exists."))
            return _form_again(request, article, form)
    try:
        comment, _created = moderation.submit_comment(
            article=article,
            name=data["name"],
            email=data["email"],
            body=data["body"],
            ip=_client_ip(request),
            parent=parent,
            sender=sender,
            form_nonce=form.nonce,
            limit_flood=True,
        )
    except moderation.TooManyComments as exc:
        return _too_many(request, article, form, exc)
    except ValidationError as exc:
        if "form_used" in _codes(exc):
            form.renew_timestamp()
        form.add_error(None, exc.messages)
        return _form_again(request, article, form)
    if comment.status == Comment.Status.REJECTED:
        messages.error(request, _REJECTED)
        anchor = "kommentare"
    elif comment.status == Comment.Status.APPROVED and moderator.policy_for(article).post_moderated:
        messages.success(request, _PUBLISHED)
        anchor = f"kommentar-{comment.pk}"
    else:
        messages.success(request, _RECEIVED)
        anchor = "kommentare"
    response = redirect(f"{article.get_absolute_url()}#{anchor}")
    readers.remember(response, key)
    return response


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why are you reporting this comment?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        max_length=500,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@cross_origin_protected
@reader_page(params={})  # reads no query parameter
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    """The "Melden" page: a small form that works without JavaScript. The
    page is the same for every reader (cached); a report is refused when
    another site sent it."""
    # The page shows the comment and its article: their keys before their
    # rows are read (newsroom/cache.py). A comment's article never changes.
    article_id = Comment.objects.filter(pk=pk).values_list("article_id", flat=True).first()
    if article_id is not None:
        article_page(request, article_id)
        shows_comments(request, article_id)
    comment = get_object_or_404(
        Comment.objects.visible()
        .filter(article__in=Article.objects.published())
        .select_related("article"),
        pk=pk,
    )
    article = comment.article
    form = ReportForm(request.POST or None)
    retry_at = None
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report(
                comment=comment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                ip=_client_ip(request),
            )
        except moderation.TooManyReports as exc:
            form.add_error(None, exc.messages)
            retry_at = exc.retry_at
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("Thank you. The moderators will look at the comment you reported.")
            )
            return redirect(f"{article.get_absolute_url()}#kommentare")
    status = 400 if request.method == "POST" else 200
    if retry_at is not None:
        status = 429
    response = render(
        request,
        "comments/report.html",
        {"comment": comment, "article": article, "form": form},
        status=status,
    )
    if retry_at is not None:
        seconds = (retry_at - timezone.now()).total_seconds()
        response["Retry-After"] = str(max(1, math.ceil(seconds)))
    return response
