"""``make backup`` / ``make restore`` (deploy/backup.sh, deploy/restore.sh):
a round trip from the test database into a second, fresh database and a
fresh media folder keeps every row of every table, the content and the
image files byte for byte. Also: the clear refusals (not PostgreSQL, a
damaged backup, a target that is not empty).
"""

import io
import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from PIL import Image as PILImage
from psycopg import sql

from articles import images as pipeline
from articles.models import Image
from tests.factories import make_article, make_comment
from tests.ops.pg import conninfo, database_url, fresh_database

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="make backup/restore use pg_dump/pg_restore: PostgreSQL only "
        "(run the suite with DATABASE_URL=postgres://... to test them)",
    ),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")),
        reason="PostgreSQL client tools (pg_dump, pg_restore, psql) are not installed",
    ),
]


def _run(script, **env):
    full = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "MEDIA_ROOT", "AWS_STORAGE_BUCKET_NAME", "FORCE", "BACKUP")
    }
    full.update(env)
    return subprocess.run(  # noqa: S603 - bash with our own script
        ["bash", str(ROOT / "deploy" / script)],  # noqa: S607 - bash from PATH
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def fresh_db():
    with fresh_database("nr_ops_restore") as name:
        yield name


def _row_counts(dbname):
    with psycopg.connect(conninfo(dbname)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: conn.execute(
                sql.SQL("SELECT count(*) FROM public.{}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def _rows(dbname, query):
    with psycopg.connect(conninfo(dbname)) as conn:
        return conn.execute(query).fetchall()


def _sequences(dbname):
    return _rows(
        dbname,
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1",
    )


def _make_content():
    data = io.BytesIO()
    PILImage.new("RGB", (1000, 600), (10, 120, 200)).save(data, "PNG")
    image = Image(alt_text="Der Hafen am Morgen", credit="Foto: Test")
    image.file = ContentFile(data.getvalue(), name="hafen.png")
    pipeline.store(image)
    articles = [
        make_article(title="Hafen wird ausgebaut", hero_image=image),
        make_article(title="Gemeinderat beschließt Budget", body="Äußerst knapp: 16 zu 15."),
        make_article(title="Entwurf", status="draft"),
    ]
    make_comment(articles[0], body="Endlich! Der Hafen braucht das.")
    make_comment(articles[0], body="Wer zahlt das? 🙄", status="pending")
    make_comment(articles[1], body="Knapper geht's nicht.")
    return image


@pytest.mark.django_db(transaction=True)
def test_round_trip_keeps_every_row_and_file(tmp_path, fresh_db):
    image = _make_content()
    source_db = connection.settings_dict["NAME"]
    source_media = Path(settings.MEDIA_ROOT)
    stored = [image.file.name] + [
        pipeline.rendition_name(image.file.name, w) for w in (320, 480, 800)
    ]
    assert all((source_media / name).is_file() for name in stored)

    backup = _run(
        "backup.sh",
        DATABASE_URL=database_url(source_db),
        MEDIA_ROOT=str(source_media),
        BACKUP_ROOT=str(tmp_path / "backups"),
    )
    assert backup.returncode == 0, backup.stderr
    (backup_dir,) = (tmp_path / "backups").iterdir()
    assert sorted(p.name for p in backup_dir.iterdir()) == [
        "db.dump",
        "manifest.txt",
        "media.tar.gz",
    ]
    manifest = (backup_dir / "manifest.txt").read_text()
    source_counts = _row_counts(source_db)
    assert "rows articles_article 3\n" in manifest
    assert "rows comments_comment 3\n" in manifest
    assert f"media: media.tar.gz ({len(stored)} files from {source_media})" in manifest
    assert "git_commit: " in manifest and "created_utc: " in manifest

    restored_media = tmp_path / "restored-media"
    restore = _run(
        "restore.sh",
        DATABASE_URL=database_url(fresh_db),
        MEDIA_ROOT=str(restored_media),
        BACKUP=str(backup_dir),
    )
    assert restore.returncode == 0, restore.stderr
    assert "row counts of" in restore.stdout and "match the manifest" in restore.stdout

    # Every table, every row count - counted here, not by the scripts.
    restored_counts = _row_counts(fresh_db)
    assert restored_counts == source_counts
    assert restored_counts["articles_article"] == 3
    assert restored_counts["comments_comment"] == 3
    assert restored_counts["articles_image"] == 1
    # A sample of the content.
    for query in (
        "SELECT id, title, slug, status, body, hero_image_id FROM articles_article ORDER BY id",
        "SELECT id, article_id, body, status FROM comments_comment ORDER BY id",
        "SELECT id, file, width, height, alt_text FROM articles_image ORDER BY id",
        "SELECT app, name FROM django_migrations ORDER BY id",
    ):
        assert _rows(fresh_db, query) == _rows(source_db, query)
    assert _rows(fresh_db, "SELECT title FROM articles_article ORDER BY id")[1] == (
        "Gemeinderat beschließt Budget",
    )
    # Sequences come along: the next article gets a new id, not a clash.
    assert _sequences(fresh_db) == _sequences(source_db)
    # The image files, byte for byte, under the names the database holds.
    for name in stored:
        assert (restored_media / name).read_bytes() == (source_media / name).read_bytes()
    assert sorted(p.relative_to(restored_media) for p in restored_media.rglob("*.*")) == sorted(
        p.relative_to(source_media) for p in source_media.rglob("*.*")
    )


@pytest.mark.django_db(transaction=True)
def test_refusals(tmp_path, fresh_db):
    source_db = connection.settings_dict["NAME"]
    make_article(title="Bleibt")
    media = tmp_path / "media"
    media.mkdir(parents=True, exist_ok=True)

    for url in ("sqlite:///db.sqlite3", "mysql://u:p@h/db"):
        result = _run("backup.sh", DATABASE_URL=url, BACKUP_ROOT=str(tmp_path / "b"))
        assert result.returncode == 1
        assert "DATABASE_URL is not a PostgreSQL URL" in result.stderr
    result = _run("backup.sh", BACKUP_ROOT=str(tmp_path / "b"))
    assert result.returncode == 1
    assert "DATABASE_URL is not set" in result.stderr
    assert not (tmp_path / "b").exists()

    backup = _run(
        "backup.sh",
        DATABASE_URL=database_url(source_db),
        MEDIA_ROOT=str(media),
        BACKUP_ROOT=str(tmp_path / "b"),
    )
    assert backup.returncode == 0, backup.stderr
    (backup_dir,) = (tmp_path / "b").iterdir()

    result = _run("restore.sh", DATABASE_URL=database_url(fresh_db))
    assert result.returncode == 1
    assert "say which backup to restore" in result.stderr

    # A target with tables (here: the source itself) is left alone without FORCE=1.
    result = _run(
        "restore.sh",
        DATABASE_URL=database_url(source_db),
        MEDIA_ROOT=str(tmp_path / "m"),
        BACKUP=str(backup_dir),
    )
    assert result.returncode == 1
    assert "Run again with FORCE=1 to overwrite" in result.stderr

    # A damaged dump is refused before anything is touched.
    with (backup_dir / "db.dump").open("r+b") as fh:
        fh.seek(100)
        byte = fh.read(1)
        fh.seek(100)
        fh.write(bytes([byte[0] ^ 0xFF]))
    result = _run(
        "restore.sh",
        DATABASE_URL=database_url(fresh_db),
        MEDIA_ROOT=str(tmp_path / "m"),
        BACKUP=str(backup_dir),
    )
    assert result.returncode == 1
    assert "checksum mismatch" in result.stderr
    assert _row_counts(fresh_db) == {}
