"""Helpers for the tests that run real servers (gunicorn, nginx, Varnish,
Redis, moto) as processes: a free port, a clean stop, the test database's
address for a child process."""

import socket
import subprocess

from django.db import connection

from tests.ops.pg import database_url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process) -> None:
    """Terminate ``process`` (a Popen), and kill it if it does not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_database_url() -> str:
    """``DATABASE_URL`` of the database this test runs on (for a child process
    that must see the same rows)."""
    return database_url(connection.settings_dict["NAME"])


test_database_url.__test__ = False  # a helper, not a test
