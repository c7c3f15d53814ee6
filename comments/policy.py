"""The moderation policy: what happens to a new comment.

``evaluate`` decides for one comment, in this order (the first tier that
applies wins):

1. **Banned words, spam** (``BlockedTerm`` action *spam*) in the name or the
   text → ``SPAM``. Reasons: every banned entry found (spam entries first,
   then reject entries), each with the word that matched.
2. **Banned words, reject** (action *reject*) → ``REJECTED``. Reasons: the
   reject entries found. (Spam wins when both kinds are found.)
3. **Hold reasons** → ``PENDING`` with all of them as reasons, in any
   moderation mode and however trusted the address is:

   - ``suspect``: a suspect word (action *hold*), one reason per entry with
     the word that matched;
   - ``links``: more than ``COMMENTS["MAX_LINKS"]`` links in the text
     (``http(s)://…``, ``www.…`` and bare domains such as ``example.com/x``;
     e-mail addresses are not links);
   - ``link_in_name``: the name contains a link.
4. **Post-moderation** (the article's or section's mode is *post*) →
   ``APPROVED``, reason ``post_moderation``.
5. **Trusted browser** → ``APPROVED``, reason ``trusted``: at least
   ``TRUSTED_MIN_APPROVED`` comments from the same browser (``sender``, the
   hash of the key in the reader's signed cookie, ``comments.readers``)
   approved *by a moderator*, and no comment from it rejected or marked as
   spam within the last ``TRUSTED_CLEAN_DAYS`` days (by the time of that
   decision; for a policy verdict, the comment's time). Approvals by the
   policy itself (post-moderation, trust) do not count: otherwise three clean
   comments under a post-moderated article would unlock direct publishing in
   pre-moderated sections. The e-mail address plays no part: anybody can
   type anybody's address, nobody can present another reader's cookie.
6. Otherwise → ``PENDING``, reason ``pre_moderation``.

Every reason is ``{"rule": ..., "detail": ...}``; ``detail`` is a sentence
for the moderator, translated into the newsroom's language
(``settings.LANGUAGE_CODE``) whatever language the reader chose, since it
is stored with the comment. Moderators read a reason as "label: detail"
(``RULE_LABELS``, ``reason_text``), so a detail never repeats the label.

Queries: one for the word lists, and one more for the trust check (only in
step 5). ``flood_retry_at`` is separate (the view asks before anything else).
"""

import functools
import operator
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import CommentModeration
from newsroom.net import anonymise_ip

from . import wordlists
from .models import BlockedTerm, Comment

Status = Comment.Status
Action = BlockedTerm.Action

# Top-level domains that count as a link when written without http:// or
# www. Short German words that are also country codes (es, it, so, in, am,
# im, da, me, be …) are left out: "Das war gut.Es ist" is no link.
_BARE_TLDS = (
    "com net org info biz eu de at ch li lu nl fr uk us pl cz sk hu ro ru cn io co ly tk "
    "pw cc tv ws gg xyz top online site shop store club app dev pro link click"
).split()
_LINK_RE = re.compile(
    r"https?://\S+"
    r"|(?<![\w@.-])www\.\S+"
    # Bare domains: labels, a known top-level domain, an optional path;
    # not the domain of an e-mail address.
    r"|(?<![\w@.-])(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"
    r"(?:" + "|".join(_BARE_TLDS) + r")(?![\w@-])(?:/\S*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    """The policy's decision: a ``Comment.Status`` value and the reasons,
    a list of ``{"rule": str, "detail": str}``."""

    status: str
    reasons: list = field(default_factory=list)


# What each rule is called where moderators read the reasons.
RULE_LABELS = {
    "banned_spam": gettext_lazy("Banned word (spam)"),
    "banned_reject": gettext_lazy("Banned word (reject)"),
    "suspect": gettext_lazy("Suspect word"),
    "links": gettext_lazy("Many links"),
    "link_in_name": gettext_lazy("Link in the name"),
    "post_moderation": gettext_lazy("Post-moderation"),
    "trusted": gettext_lazy("Trusted commenter"),
    "pre_moderation": gettext_lazy("Pre-moderation"),
}


def _reason(rule: str, detail: str) -> dict:
    return {"rule": rule, "detail": str(detail)}


def count_links(text: str) -> int:
    """How many links ``text`` contains: ``http(s)://`` and ``www.`` URLs and
    bare domains (``example.com``, ``example.com/path``), each counted once."""
    return sum(1 for _match in _LINK_RE.finditer(text or ""))


# Details stored by earlier versions began with the rule's label ("Pre-
# moderation: waits for a moderator"), which the label shown before them
# doubled. For these rules the detail is a short phrase without ": ".
_LABELLED_DETAILS = frozenset({"post_moderation", "trusted", "pre_moderation"})


def reason_detail(rule: str, detail: str) -> str:
    """A stored detail as moderators read it after the rule's label: without
    the label that earlier versions put in front."""
    if rule in _LABELLED_DETAILS and ": " in detail:
        return detail.split(": ", 1)[1]
    return detail


def reason_text(reason: dict) -> str:
    """One reason as a line for the moderation log: "label: detail"."""
    rule = str(reason.get("rule") or "")
    detail = reason_detail(rule, str(reason.get("detail") or ""))
    label = str(RULE_LABELS.get(rule, rule))
    return f"{label}: {detail}" if label and detail else label or detail


def reasons_text(reasons) -> str:
    """All reasons as one line for the moderation log, in the newsroom's
    language (it is stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        return "; ".join(reason_text(r) for r in reasons if isinstance(r, dict))


def _word_detail(match) -> str:
    return _("“%(entry)s” matched “%(word)s”") % {
        "entry": match.term.pattern,
        "word": match.matched_text,
    }


def _banned_reason(match, kind: str) -> dict:
    rule = "banned_spam" if kind == Action.SPAM else "banned_reject"
    return _reason(rule, _word_detail(match))


def _hold_reasons(*, name: str, body: str, suspect) -> list[dict]:
    reasons = [_reason("suspect", _word_detail(m)) for m in suspect]
    max_links = settings.COMMENTS["MAX_LINKS"]
    links = count_links(body)
    if links > max_links:
        reasons.append(
            _reason(
                "links",
                ngettext(
                    "%(n)d link (more than %(max)d)",
                    "%(n)d links (more than %(max)d)",
                    links,
                )
                % {"n": links, "max": max_links},
            )
        )
    if count_links(name):
        reasons.append(_reason("link_in_name", _("The name contains a link")))
    return reasons


def is_trusted(sender: str, *, now=None) -> bool:
    """Whether comments from the browser ``sender`` (``Comment.sender``) may
    be published directly where the policy allows: enough approvals by a
    moderator and no recent rejection or spam verdict. One query."""
    if not sender:
        return False
    conf = settings.COMMENTS
    since = (now or timezone.now()) - timedelta(days=conf["TRUSTED_CLEAN_DAYS"])
    recent = Q(moderated_at__gte=since) | Q(moderated_at__isnull=True, created_at__gte=since)
    counts = Comment.objects.filter(sender=sender).aggregate(
        approved=Count("pk", filter=Q(status=Status.APPROVED, moderated_at__isnull=False)),
        refused=Count("pk", filter=Q(status__in=[Status.REJECTED, Status.SPAM]) & recent),
    )
    return counts["approved"] >= conf["TRUSTED_MIN_APPROVED"] and not counts["refused"]


def evaluate(*, article, name: str, body: str, mode: str, sender: str = "", now=None) -> Verdict:
    """Decide on a new comment from the browser ``sender``; see the module
    docstring. ``article`` is not used by the rules yet (``mode`` carries its
    setting); ``now`` is for tests."""
    with translation.override(settings.LANGUAGE_CODE):
        return _evaluate(name=name or "", sender=sender or "", body=body or "", mode=mode, now=now)


def _evaluate(*, name, sender, body, mode, now) -> Verdict:
    by_action: dict[str, list] = {Action.SPAM: [], Action.REJECT: [], Action.HOLD: []}
    for match in wordlists.match_terms(f"{name}\n{body}", wordlists.active_terms()):
        by_action.setdefault(match.term.action, []).append(match)

    if by_action[Action.SPAM]:
        reasons = [_banned_reason(m, Action.SPAM) for m in by_action[Action.SPAM]]
        reasons += [_banned_reason(m, Action.REJECT) for m in by_action[Action.REJECT]]
        return Verdict(Status.SPAM, reasons)
    if by_action[Action.REJECT]:
        return Verdict(
            Status.REJECTED, [_banned_reason(m, Action.REJECT) for m in by_action[Action.REJECT]]
        )

    hold = _hold_reasons(name=name, body=body, suspect=by_action[Action.HOLD])
    if hold:
        return Verdict(Status.PENDING, hold)
    if mode == CommentModeration.POST:
        return Verdict(
            Status.APPROVED,
            [_reason("post_moderation", _("published at once, to be checked later"))],
        )
    if is_trusted(sender, now=now):
        return Verdict(
            Status.APPROVED,
            [_reason("trusted", _("published at once"))],
        )
    return Verdict(
        Status.PENDING,
        [_reason("pre_moderation", _("waits for a moderator"))],
    )


def _retry_at(queryset, limit: int, window: timedelta):
    """When the ``limit``-th most recent comment of ``queryset`` leaves the
    window: from then on one more is allowed."""
    moment = (
        queryset.order_by("-created_at").values_list("created_at", flat=True)[limit - 1 : limit]
    ).first()
    return moment + window if moment is not None else None


def flood_retry_at(*, ip: str | None, sender: str, now=None):
    """When the browser ``sender`` from ``ip`` may send its next comment, or
    None when it may send one now. Counted within the last
    ``FLOOD_WINDOW_SECONDS`` over comments of any status:

    - ``FLOOD_MAX`` per browser (``Comment.sender``);
    - ``FLOOD_NETWORK_MAX`` per anonymised network (IPv4 /24, IPv6 /48),
      higher, so that the readers behind one office or carrier NAT are not
      locked out together; a trusted browser is not held by it.

    The claimed e-mail address counts nowhere: comments sent with somebody
    else's address cannot lock that reader out. Counted in the database, so
    it holds across processes; one query while nobody is over a limit. Ask
    before storing the comment."""
    conf = settings.COMMENTS
    now = now or timezone.now()
    window = timedelta(seconds=conf["FLOOD_WINDOW_SECONDS"])
    limits = {}
    if sender:
        limits["sender"] = (Q(sender=sender), conf["FLOOD_MAX"])
    if network := anonymise_ip(ip):
        limits["network"] = (Q(ip_address=network), conf["FLOOD_NETWORK_MAX"])
    if not limits:
        return None
    recent = Comment.objects.filter(created_at__gte=now - window)
    senders = functools.reduce(operator.or_, (q for q, _limit in limits.values()))
    counts = recent.filter(senders).aggregate(
        **{key: Count("pk", filter=q) for key, (q, _limit) in limits.items()}
    )
    moments = []
    for key, (q, limit) in limits.items():
        if counts[key] < limit:
            continue
        if key == "network" and is_trusted(sender, now=now):
            continue
        moments.append(_retry_at(recent.filter(q), limit, window) or now + window)
    return max(moments) if moments else None
