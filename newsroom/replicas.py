"""Read replicas: with ``DATABASE_REPLICA_URL`` set, the reads of public
pages go to the replica ("replica" in DATABASES); writes, the admin, every
non-GET request and everything outside a request (commands, migrations) use
the primary.

A replica lags behind the primary by a moment. Two consequences are handled:
- a reader who just posted is redirected to a GET that may not yet see the
  comment on the replica; the message they get says it awaits moderation or
  is published, which stays true a moment later;
- the page cache must not store a page read from a replica that has not yet
  caught up with a change: newsroom/cache.py keeps pages rendered within
  ``REPLICA_LAG_SECONDS`` of a change only until that window has passed.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
# Sessions, users and login attempts are read where they were just written.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "axes", "admin", "audit"})
_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _reads_from_replica.get()
            and replica_configured()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
        ):
            return REPLICA
        return None  # the primary

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two connections to it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks public GET and HEAD requests as replica readers."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        if self.admin_prefix is None:
            from django.urls import reverse

            self.admin_prefix = reverse("admin:index")
        public_read = request.method in ("GET", "HEAD") and not request.path.startswith(
            self.admin_prefix
        )
        token = _reads_from_replica.set(public_read)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
