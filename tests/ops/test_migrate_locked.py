"""``manage.py migrate_locked``: two migration jobs started at once run one
after the other under a PostgreSQL advisory lock; both succeed and every
migration is applied exactly once.

Each test creates a fresh database of its own on the test server and runs
the command in child processes, as a deployment would.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from newsroom.management.commands.migrate_locked import LOCK_KEY
from tests.ops.pg import conninfo, database_url, fresh_database

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="advisory locks are PostgreSQL's; on SQLite migrate_locked is plain migrate "
    "(run the suite with DATABASE_URL=postgres://... to test it)",
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_db():
    with fresh_database("nr_ops_migrate") as name:
        yield name


def _start(dbname):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(DEBUG="true", DATABASE_URL=database_url(dbname), PYTHONUNBUFFERED="1")
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "migrate_locked", "--wait", "600"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _expected_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(loader.graph.nodes)


def _applied(dbname):
    with psycopg.connect(conninfo(dbname)) as conn:
        return sorted(conn.execute("SELECT app, name FROM django_migrations").fetchall())


def test_two_concurrent_jobs_apply_every_migration_once(fresh_db):
    first, second = _start(fresh_db), _start(fresh_db)
    outputs = [proc.communicate(timeout=600)[0] for proc in (first, second)]

    assert [first.returncode, second.returncode] == [0, 0], outputs
    # One job applied the migrations; the other found nothing left to do.
    appliers = [out for out in outputs if "Applying " in out]
    assert len(appliers) == 1, outputs
    assert "No migrations to apply." in next(out for out in outputs if "Applying " not in out)
    applied = _applied(fresh_db)
    assert applied == _expected_migrations()  # every one, no duplicates
    assert len(applied) == len(set(applied))


def test_a_job_waits_while_another_holds_the_lock(fresh_db):
    with psycopg.connect(conninfo(fresh_db), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        job = _start(fresh_db)
        try:
            # The job says it waits (a blocking read: no timing involved) ...
            line = job.stdout.readline()
            assert "waiting" in line, line
            # ... and has touched nothing while the lock is held.
            exists = holder.execute("SELECT to_regclass('django_migrations')").fetchone()[0]
            assert exists is None
        finally:
            holder.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        rest = job.communicate(timeout=600)[0]
    assert job.returncode == 0, rest
    assert "Migration lock acquired." in rest
    assert "Applying articles.0001_initial" in rest
    assert _applied(fresh_db) == _expected_migrations()


def test_gives_up_clearly_when_the_lock_is_never_released(fresh_db):
    with psycopg.connect(conninfo(fresh_db), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
        env.update(DEBUG="true", DATABASE_URL=database_url(fresh_db))
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "migrate_locked", "--wait", "1"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 1
    assert "Gave up after 1 s: another migration job still holds the migration lock" in (
        result.stderr
    )
    assert _applied_tables(fresh_db) == 0


def _applied_tables(dbname):
    with psycopg.connect(conninfo(dbname)) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
