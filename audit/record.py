"""``record``: write one audit event. Call it inside the transaction of the
change it records, so both are stored or neither."""

from django.utils import timezone

from newsroom.net import anonymise_ip

from .context import current_request
from .models import AuditEvent

Action = AuditEvent.Action


def _actor(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return None
    return user


def _client_ip(request):
    if request is None:
        return None
    return anonymise_ip(request.META.get("REMOTE_ADDR"))


def record(action, *, actor, obj=None, request=None, **details) -> AuditEvent:
    """Record ``action`` by ``actor`` (a user, or None for the system or an
    anonymous visitor) on ``obj``. Without ``request`` the request being
    handled, if any, gives the (anonymised) IP address. ``details`` must be
    JSON-serialisable (dates, UUIDs and decimals are fine)."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action: {action!r}")
    if request is None:
        request = current_request()
    user = _actor(actor)
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_repr=user.get_username()[:150] if user else "",
        action=action,
        ip=_client_ip(request),
        details=details,
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)[:64]
        event.object_repr = str(obj)[:200]
    event.save(force_insert=True)
    return event
