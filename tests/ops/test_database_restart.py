"""After PostgreSQL drops the connections (a restart, a failover, an
administrator's ``pg_terminate_backend``), no reader gets a 500.

gunicorn keeps each thread's database connection between requests
(``CONN_MAX_AGE``). Without health checks, the first request of every
thread after a restart used its dead connection and answered 500
("terminating connection due to administrator command"), even seconds
later. With ``CONN_HEALTH_CHECKS`` (on by default, newsroom/settings.py)
Django checks a kept connection before a request uses it and opens a new
one when it is gone.

The attack, as the fault run did it: a production-like gunicorn (2 workers ×
2 threads, ``DEBUG=false``, no page cache, so every page reads the database)
on a database of its own, readers on every thread, then every backend of that
database terminated, then readers again. Run once as deployed and once with
health checks switched off, which shows the 500s the test would otherwise
catch. PostgreSQL only.
"""

import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.ops.pg import conninfo, database_url, fresh_database
from tests.ops.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_terminate_backend needs PostgreSQL"
)


def _env(dbname, static_root, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URL", "REDIS_URL")
        and not k.startswith("AWS_")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url(dbname),
        STATIC_ROOT=str(static_root),
        PAGE_CACHE="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def site_database(tmp_path_factory):
    """A migrated database of its own (its backends are terminated below)
    and collected static files, shared by the module's servers."""
    static_root = tmp_path_factory.mktemp("static")
    with fresh_database("nr_ops_restart") as dbname:
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=_env(dbname, static_root),
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, done.stderr[-2000:]
        yield dbname, static_root


def _start(dbname, static_root, log_path, *, health_checks):
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
        [
            str(GUNICORN),
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "2",
        ],
        cwd=ROOT,
        env=_env(
            dbname,
            static_root,
            CONN_MAX_AGE="600",
            CONN_HEALTH_CHECKS="true" if health_checks else "false",
        ),
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(log_path.read_text()[-3000:])
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 - loopback
                return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise AssertionError("gunicorn did not start")


def _statuses(url, *, readers=8, each=6):
    """``readers`` concurrent readers, ``each`` front pages each: the status
    of every answer (enough to reach every worker thread)."""
    statuses, lock = [], threading.Lock()

    def read():
        for _ in range(each):
            try:
                with urllib.request.urlopen(f"{url}/", timeout=30) as response:  # noqa: S310
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _terminate_backends(dbname):
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (dbname,),
        ).fetchall()
    return len(rows)


@pytest.mark.parametrize("health_checks", [True, False], ids=["as-deployed", "without-checks"])
def test_no_500_after_postgresql_drops_the_connections(site_database, tmp_path, health_checks):
    dbname, static_root = site_database
    log = tmp_path / "gunicorn.log"
    server, url = _start(dbname, static_root, log, health_checks=health_checks)
    try:
        assert set(_statuses(url)) == {200}
        # Every thread that served a page keeps its connection open.
        assert _terminate_backends(dbname) >= 2
        time.sleep(1)  # "even seconds later"
        after = _statuses(url)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if health_checks:
        assert set(after) == {200}, after
    else:
        # The fault the checks prevent: dead connections answer 500.
        assert 500 in after, after
