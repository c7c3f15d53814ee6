"""PostgreSQL helpers for the operations tests that work with whole databases
(backup and restore, locked migrations): addresses of a database on the test
server, and a fresh empty database dropped afterwards."""

import uuid
from contextlib import contextmanager

import psycopg
from django.db import connection


def conninfo(dbname):
    """psycopg's connection string for ``dbname`` on the test database's server."""
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname=dbname,
    )


def database_url(dbname):
    """``DATABASE_URL`` for ``dbname`` on the test database's server."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{dbname}"


@contextmanager
def fresh_database(prefix):
    """An empty database named ``<prefix>_<random>``; yields its name, drops it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
