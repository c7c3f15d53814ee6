#!/usr/bin/env bash
# Back up the Newsroom: PostgreSQL database and uploaded media.
#
#   DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME make backup
#
# Writes backups/<UTC timestamp>/ (BACKUP_ROOT, default "backups") with
#   db.dump        pg_dump -Fc of DATABASE_URL
#   media.tar.gz   MEDIA_ROOT (default "media"); skipped with a note when
#                  media is on object storage (AWS_STORAGE_BUCKET_NAME set)
#   manifest.txt   time, git commit, tool versions, checksums and the exact
#                  row count of every table, taken in the same snapshot as
#                  the dump (so the counts are what the dump holds, even on a
#                  live site).
# deploy/restore.sh restores it; docs/operations.md has the whole procedure.
set -euo pipefail

# shellcheck source=deploy/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need pg_dump psql tar gzip sha256sum
URL="$(pg_url)"
BACKUP_ROOT="${BACKUP_ROOT:-backups}"
MEDIA_ROOT="${MEDIA_ROOT:-media}"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
DEST="$BACKUP_ROOT/$STAMP"
[ ! -e "$DEST" ] || die "$DEST already exists (two backups within one second?)"
mkdir -p "$DEST"
PARTIAL="$DEST"
cleanup() {
    if [ -n "$PARTIAL" ]; then
        note "backup failed: removing the incomplete $PARTIAL"
        rm -rf "$PARTIAL"
    fi
}
trap cleanup EXIT

note "backing up $(redact "$URL") into $DEST"

# One REPEATABLE READ transaction exports its snapshot; pg_dump dumps exactly
# that snapshot while the same transaction counts the rows of every table.
ROWS_FILE="$DEST/.rows"
DUMP_OK="$DEST/.dump-ok"
DB_DUMP="$DEST/db.dump" DUMP_OK="$DUMP_OK" DUMP_URL="$URL" psql_q "$URL" -o "$ROWS_FILE" <<SQL
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT pg_export_snapshot() AS snapshot \gset
\setenv DUMP_SNAPSHOT :snapshot
\! pg_dump --format=custom --snapshot="\$DUMP_SNAPSHOT" --file="\$DB_DUMP" "\$DUMP_URL" && touch "\$DUMP_OK"
$ROW_COUNT_SQL \gexec
COMMIT;
SQL
[ -f "$DUMP_OK" ] || die "pg_dump failed (see above)"
rm -f "$DUMP_OK"

if media_on_object_storage; then
    MEDIA_LINE="skipped: media is on object storage (bucket ${AWS_STORAGE_BUCKET_NAME}); back it up there (bucket versioning or replication)"
    note "media: $MEDIA_LINE"
elif [ -d "$MEDIA_ROOT" ]; then
    tar --numeric-owner -C "$MEDIA_ROOT" -czf "$DEST/media.tar.gz" .
    MEDIA_FILES="$(find "$MEDIA_ROOT" -type f | wc -l)"
    MEDIA_LINE="media.tar.gz ($MEDIA_FILES files from $MEDIA_ROOT)"
else
    MEDIA_LINE="skipped: MEDIA_ROOT $MEDIA_ROOT does not exist (no uploads yet?)"
    note "media: $MEDIA_LINE"
fi

COMMIT="${GIT_COMMIT:-}"
if [ -z "$COMMIT" ]; then
    COMMIT="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse HEAD 2>/dev/null || echo unknown)"
fi

{
    echo "# Newsroom backup (deploy/backup.sh); restore with: make restore BACKUP=$DEST"
    echo "created_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git_commit: $COMMIT"
    echo "database: $(redact "$URL")"
    echo "server_version: $(psql_q "$URL" -c 'SHOW server_version')"
    echo "pg_dump_version: $(pg_dump --version)"
    echo "media: $MEDIA_LINE"
    (cd "$DEST" && for f in db.dump media.tar.gz; do
        [ -f "$f" ] && echo "sha256: $(sha256sum "$f")"
    done)
    echo "# exact row counts in the dump's snapshot"
    sort "$ROWS_FILE"
} >"$DEST/manifest.txt"
rm -f "$ROWS_FILE"

PARTIAL=""
TABLES="$(grep -c '^rows ' "$DEST/manifest.txt" || true)"
echo "backup written: $DEST ($(du -sh "$DEST" | cut -f1), $TABLES tables; media: $MEDIA_LINE)"
