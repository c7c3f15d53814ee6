#!/usr/bin/env bash
# Restore a Newsroom backup made by deploy/backup.sh.
#
#   DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME make restore BACKUP=backups/20261125T101500Z
#
# 1. checks the files against the manifest's checksums;
# 2. pg_restore --clean --if-exists --no-owner into DATABASE_URL, in one
#    transaction (a failure leaves the database as it was);
# 3. unpacks media.tar.gz into MEDIA_ROOT (default "media"), replacing its
#    contents (skipped when the backup has no media archive);
# 4. compares the row count of every table with the manifest and fails on
#    any difference.
# A target database that already has tables, or a MEDIA_ROOT that is not
# empty, is only overwritten with FORCE=1. Stop the web processes first.
set -euo pipefail

# shellcheck source=deploy/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need pg_restore psql tar gzip sha256sum
BACKUP="${BACKUP:-}"
[ -n "$BACKUP" ] || die "say which backup to restore: make restore BACKUP=backups/<timestamp>"
[ -d "$BACKUP" ] || die "BACKUP=$BACKUP is not a directory"
MANIFEST="$BACKUP/manifest.txt"
[ -f "$MANIFEST" ] || die "$MANIFEST is missing: not a backup made by deploy/backup.sh (or an incomplete one)"
[ -f "$BACKUP/db.dump" ] || die "$BACKUP/db.dump is missing"
URL="$(pg_url)"
MEDIA_ROOT="${MEDIA_ROOT:-media}"
FORCE="${FORCE:-0}"

# 1. Checksums.
(cd "$BACKUP" && sed -n 's/^sha256: //p' manifest.txt | sha256sum --check --quiet --strict) \
    || die "checksum mismatch in $BACKUP: the backup is damaged"
grep -q '^sha256: .*db.dump$' "$MANIFEST" || die "$MANIFEST has no checksum for db.dump"

# Refuse to overwrite unless told to.
TABLES="$(psql_q "$URL" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$TABLES" != 0 ] && [ "$FORCE" != 1 ]; then
    die "$(redact "$URL") already has $TABLES tables; restoring replaces them. Run again with FORCE=1 to overwrite."
fi
HAS_MEDIA=0
[ -f "$BACKUP/media.tar.gz" ] && HAS_MEDIA=1
if [ "$HAS_MEDIA" = 1 ] && [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ] && [ "$FORCE" != 1 ]; then
    die "MEDIA_ROOT $MEDIA_ROOT is not empty; restoring replaces its contents. Run again with FORCE=1 to overwrite."
fi

# 2. Database.
note "restoring $BACKUP/db.dump into $(redact "$URL")"
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$URL" "$BACKUP/db.dump"

# 3. Media.
if [ "$HAS_MEDIA" = 1 ]; then
    mkdir -p "$MEDIA_ROOT"
    find "$MEDIA_ROOT" -mindepth 1 -delete
    tar --numeric-owner -C "$MEDIA_ROOT" -xzf "$BACKUP/media.tar.gz"
    note "media restored into $MEDIA_ROOT ($(find "$MEDIA_ROOT" -type f | wc -l) files)"
else
    note "media: not in this backup ($(sed -n 's/^media: //p' "$MANIFEST"))"
fi

# 4. Row counts against the manifest.
EXPECTED="$(grep '^rows ' "$MANIFEST" | sort)"
ACTUAL="$(psql_q "$URL" <<SQL | sort
$ROW_COUNT_SQL \gexec
SQL
)"
if [ "$EXPECTED" != "$ACTUAL" ]; then
    diff <(printf '%s\n' "$EXPECTED") <(printf '%s\n' "$ACTUAL") >&2 || true
    die "row counts after the restore differ from the manifest (< manifest, > database)"
fi
echo "restore complete: $BACKUP -> $(redact "$URL"); row counts of $(printf '%s\n' "$ACTUAL" | grep -c '^rows ') tables match the manifest"
