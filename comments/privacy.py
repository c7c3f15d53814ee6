"""Readers' personal data in comments: IP retention, export and erasure.

- IP addresses are stored anonymised only (``newsroom.net.anonymise_ip``).
  ``purge_ips`` erases them after ``COMMENTS["IP_RETENTION_DAYS"]`` days. The
  command ``manage.py purge_comment_ips`` runs it daily.
- ``export_comments_by_email`` returns all comments of one e-mail address as
  CSV for a request for access. ``erase_comments_by_email`` deletes them for a
  request for erasure.
- ``privacy_view`` is the admin page for both. ``CommentAdmin.get_urls`` wires
  it as ``admin:comments_comment_privacy``. It is open to users with
  ``comments.handle_privacy_request`` (the Moderators group) and superusers.

After an erasure the moderation log keeps its ``Decision`` rows: who decided,
when, from which status to which, under the comment's number. Their
``comment`` becomes NULL, so the log holds no data of the reader.
"""

import csv
import io
import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.record import Action, record
from newsroom.admin_kit import desk_page

from .invalidation import comments_changed
from .models import Comment, Report
from .selectors import comments_of, export_rows

logger = logging.getLogger(__name__)

PRIVACY_PERMISSION = "comments.handle_privacy_request"
# German Excel expects semicolons; the BOM makes it read UTF-8.
CSV_DELIMITER = ";"
BOM = "\ufeff"
# A cell starting with one of these could be run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- IP retention --------------------------------------------------------------


def purge_ips(*, days: int | None = None, now=None) -> tuple[int, int]:
    """Set ``ip_address`` to NULL on comments and reports created more than
    ``days`` days ago (default ``COMMENTS["IP_RETENTION_DAYS"]``). Returns how
    many comments and reports were changed."""
    if days is None:
        days = settings.COMMENTS["IP_RETENTION_DAYS"]
    if days < 0:
        raise ValueError("days must be 0 or more.")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        comments = Comment.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).update(
            ip_address=None
        )
        reports = Report.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).update(
            ip_address=None
        )
    return comments, reports


# --- one reader's comments ---------------------------------------------------------


def csv_safe(value) -> str:
    """A cell value that spreadsheets show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export_comments_by_email(email: str, *, base_url: str = "") -> bytes:
    """All comments of ``email`` (case-insensitive) as CSV: UTF-8 with BOM,
    semicolon-separated, one row per comment, oldest first. Columns: id,
    article title, article URL (absolute if ``base_url`` is given), submitted
    (local time), status, name, e-mail, comment."""
    rows = export_rows(email)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    with translation.override(settings.LANGUAGE_CODE):
        writer.writerow(
            [
                _("ID"),
                _("Article"),
                _("Article URL"),
                _("Submitted"),
                _("Status"),
                _("Name"),
                _("E-mail"),
                _("Comment"),
            ]
        )
        base = base_url.rstrip("/")
        for comment in rows:
            writer.writerow(
                [
                    comment.pk,
                    csv_safe(comment.article.title),
                    csv_safe(f"{base}{comment.article.get_absolute_url()}"),
                    timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
                    csv_safe(comment.get_status_display()),
                    csv_safe(comment.name),
                    csv_safe(comment.email),
                    csv_safe(comment.body),
                ]
            )
    return (BOM + out.getvalue()).encode("utf-8")


def erase_comments_by_email(email: str, *, user) -> int:
    """Delete all comments of ``email`` (case-insensitive) and the reports on
    them, in one transaction. Returns how many comments were deleted.

    The moderation log keeps its decisions with the comment's number and
    without the comment. Replies of *other* readers to an erased comment stay
    and become top-level comments. ``user`` is who asked, for the log."""
    with transaction.atomic():
        rows = list(comments_of(email).select_for_update().values_list("pk", "article_id"))
        if not rows:
            return 0
        ids = [pk for pk, _article in rows]
        comments_changed(*(article for _pk, article in rows))
        Comment.objects.filter(parent_id__in=ids).exclude(pk__in=ids).update(parent=None)
        Report.objects.filter(comment_id__in=ids).delete()
        _, per_model = Comment.objects.filter(pk__in=ids).delete()
        count = per_model.get(Comment._meta.label, 0)
        # The address is personal data: the log names only the comments.
        record(Action.ERASE, actor=user, comments=count, comment_ids=ids)
    # The address itself is personal data and stays out of the log.
    logger.info("%s erased %d comment(s) of one e-mail address", user, count)
    return count


# --- the admin page -------------------------------------------------------------------


def can_manage_privacy(user) -> bool:
    return user.is_active and user.has_perm(PRIVACY_PERMISSION)


class PrivacyForm(forms.Form):
    EXPORT, ERASE = "export", "erase"

    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, delete all comments of this address for good."),
        required=False,
        help_text=gettext_lazy("Only needed for erasing. This cannot be undone."),
    )
    operation = forms.ChoiceField(
        choices=[(EXPORT, EXPORT), (ERASE, ERASE)], widget=forms.HiddenInput, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("operation") not in (self.EXPORT, self.ERASE):
            raise forms.ValidationError(_("Please choose Export or Erase."), code="operation")
        if cleaned["operation"] == self.ERASE and not cleaned.get("confirm"):
            self.add_error(
                "confirm", _("Please confirm that the comments are to be deleted for good.")
            )
        return cleaned


def privacy_view(request, model_admin):
    """Export or erase all comments of one e-mail address."""
    if not can_manage_privacy(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = PrivacyForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            count = comments_of(email).count()
            if not count:
                form.add_error("email", _("There are no comments from this address."))
            elif form.cleaned_data["operation"] == PrivacyForm.EXPORT:
                logger.info("%s exported %d comment(s) of one e-mail address", request.user, count)
                record(Action.EXPORT, actor=request.user, request=request, comments=count)
                response = HttpResponse(
                    export_comments_by_email(email, base_url=request.build_absolute_uri("/")),
                    content_type="text/csv; charset=utf-8",
                )
                stamp = timezone.localdate().isoformat()
                response["Content-Disposition"] = (
                    f'attachment; filename="kommentare-export-{stamp}.csv"'
                )
                add_never_cache_headers(response)
                return response
            else:
                erased = erase_comments_by_email(email, user=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d comment of this address was deleted.",
                        "%(count)d comments of this address were deleted.",
                        erased,
                    )
                    % {"count": erased},
                )
                return HttpResponseRedirect(request.path)
    else:
        form = PrivacyForm()
    response = desk_page(
        request,
        model_admin,
        "admin/comments/privacy.html",
        title=_("Readers’ data: export or erase comments"),
        form=form,
        retention_days=settings.COMMENTS["IP_RETENTION_DAYS"],
    )
    add_never_cache_headers(response)
    return response
