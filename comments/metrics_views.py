"""The moderation metrics page in the admin.

``CommentAdmin.get_urls`` wires it as ``admin:comments_comment_metrics``
(``/admin/comments/comment/metrics/``) through ``admin_site.admin_view``, so
only logged-in staff get here. The view checks ``comments.moderate_comment``.
The numbers come from ``comments.metrics``.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.admin_kit import desk_page

from . import metrics
from .moderation import MODERATE_PERMISSION

DEFAULT_DAYS = 7
MAX_DAYS = 366
# Dates outside these years are refused as input errors: date arithmetic near
# date.min/date.max would overflow, and no comment is that old or that new.
MIN_YEAR, MAX_YEAR = 2000, 2100


def default_period(today: date) -> tuple[date, date]:
    """The last seven days, today included."""
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The local days first…last (both included) as an aware [start, end)."""
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


class PeriodForm(forms.Form):
    """The period to show, read from the GET parameters ``from`` and ``to``
    (ISO dates as a date input sends them, or German ``TT.MM.JJJJ``). The
    fields are added in ``__init__`` because ``from`` is a Python keyword."""

    INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("from", gettext_lazy("From")), ("to", gettext_lazy("To"))):
            self.fields[name] = forms.DateField(
                label=label,
                input_formats=self.INPUT_FORMATS,
                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first is None or last is None:
            return cleaned
        for value in (first, last):
            if not MIN_YEAR <= value.year <= MAX_YEAR:
                raise ValidationError(
                    _("Please choose dates between %(min)d and %(max)d.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR},
                    code="out_of_range",
                )
        if last < first:
            raise ValidationError(
                _("The end of the period is before its beginning."), code="reversed"
            )
        if (last - first).days + 1 > MAX_DAYS:
            raise ValidationError(
                _("The period may be at most %(days)d days long.") % {"days": MAX_DAYS},
                code="too_long",
            )
        return cleaned


def _period_from_request(request, today: date) -> tuple[PeriodForm, date, date]:
    first, last = default_period(today)
    if "from" in request.GET or "to" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            first, last = form.cleaned_data["from"], form.cleaned_data["to"]
    else:
        form = PeriodForm(initial={"from": first, "to": last})
    return form, first, last


def metrics_view(request, model_admin):
    """Queue, times to decision per day, decisions per moderator, outcomes."""
    user = request.user
    if not (user.is_active and user.has_perm(MODERATE_PERMISSION)):
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    form, first, last = _period_from_request(request, today)
    start, end = period_bounds(first, last)

    durations = metrics.first_decision_durations(start, end)
    by_username = metrics.decisions_per_moderator(start, end)
    names = metrics.moderator_names(by_username)
    per_moderator = [
        {"username": username, "name": names.get(username, username), **counts}
        for username, counts in by_username.items()
    ]
    queue = metrics.queue_state(now)
    return desk_page(
        request,
        model_admin,
        "admin/comments/metrics.html",
        title=_("Moderation metrics"),
        form=form,
        period_first=first,
        period_last=last,
        queue=queue,
        days=metrics.times_by_day(durations),
        total=metrics.times_overall(durations),
        per_moderator=per_moderator,
        outcomes=metrics.outcome_shares(start, end),
    )
