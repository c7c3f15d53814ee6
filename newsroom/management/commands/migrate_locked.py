"""``manage.py migrate`` that is safe to start twice at once.

Deployments run migrations as a one-off job (docker-compose's ``migrate``
service, a release step, an entrypoint). When two of those start together -
two hosts rolled out at once, a retried job - plain ``migrate`` runs twice in
parallel and the second one fails half-way (a table "already exists") or,
worse, applies a data migration twice.

On PostgreSQL this command first takes a session-level advisory lock
(``pg_advisory_lock``) on a connection of its own, then runs ``migrate``,
then releases it. A second invocation waits for the lock (printing that it
waits), then runs ``migrate``, finds nothing left to apply and exits 0.
Advisory locks belong to one database, so other databases on the same server
are not affected, and the lock goes away by itself if the process dies.

On other databases (SQLite in development) it simply runs ``migrate``.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

# An arbitrary, fixed 64-bit key: b"NRMIGRAT" read as a big-endian integer.
LOCK_KEY = int.from_bytes(b"NRMIGRAT", "big")


class Command(BaseCommand):
    help = (
        "Run migrate under a PostgreSQL advisory lock, so that migration jobs started "
        "at the same time run one after the other (on other databases: plain migrate)."
    )

    def add_arguments(self, parser):
        parser.add_argument("app_label", nargs="?", help="As for migrate: only this app.")
        parser.add_argument(
            "migration_name", nargs="?", help="As for migrate: up to (or back to) this migration."
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help='The database to migrate (default: "default").',
        )
        parser.add_argument(
            "--wait",
            type=int,
            default=900,
            help="Seconds to wait for another migration job to finish before giving up "
            "(default 900; 0 waits forever).",
        )

    def handle(self, *args, app_label=None, migration_name=None, database, wait, **options):
        if wait < 0:
            raise CommandError("--wait must be 0 or more seconds.")
        migrate_args = [a for a in (app_label, migration_name) if a]
        migrate_options = {
            "database": database,
            "interactive": False,
            "verbosity": options["verbosity"],
            "stdout": self.stdout,
            "stderr": self.stderr,
        }
        if connections[database].vendor != "postgresql":
            call_command("migrate", *migrate_args, **migrate_options)
            return

        # A connection of its own holds the lock, so that whatever migrate
        # does with its connection (reconnecting, closing) cannot drop it.
        lock_conn = connections.create_connection(database)
        try:
            self._acquire(lock_conn, wait)
            try:
                call_command("migrate", *migrate_args, **migrate_options)
            finally:
                with lock_conn.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        finally:
            lock_conn.close()

    def _acquire(self, lock_conn, wait):
        deadline = time.monotonic() + wait if wait else None
        told = False
        with lock_conn.cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                if cursor.fetchone()[0]:
                    if told:
                        self.stdout.write("Migration lock acquired.")
                    return
                if not told:
                    self.stdout.write(
                        "Another migration job holds the migration lock; waiting for it."
                    )
                    self.stdout.flush()
                    told = True
                if deadline is not None and time.monotonic() >= deadline:
                    raise CommandError(
                        f"Gave up after {wait} s: another migration job still holds the "
                        "migration lock (pg_advisory_lock). Is an old job hanging? "
                        "See pg_locks where locktype = 'advisory'."
                    )
                time.sleep(1)
