# Shared by deploy/backup.sh and deploy/restore.sh (sourced, not run).
# shellcheck shell=bash

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

note() {
    printf '%s\n' "$*" >&2
}

need() {  # need PROGRAM...: every program is on PATH
    local program
    for program in "$@"; do
        command -v "$program" >/dev/null 2>&1 \
            || die "$program not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client) and tar/gzip"
    done
}

# pg_url: DATABASE_URL as a libpq connection URI, or a clear refusal when it
# is missing or not PostgreSQL (SQLite: copy db.sqlite3 and media/ instead).
pg_url() {
    local url="${DATABASE_URL:-}"
    [ -n "$url" ] || die "DATABASE_URL is not set. Backups and restores work on PostgreSQL only, e.g.
       DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME make backup
       (with the default SQLite database, stop the site and copy db.sqlite3 and media/)."
    case "$url" in
        postgres://* | postgresql://* | pgsql://* | psql://*)
            printf 'postgresql://%s\n' "${url#*://}"
            ;;
        *)
            die "DATABASE_URL is not a PostgreSQL URL (${url%%://*}://...). Backups and restores use pg_dump/pg_restore and work on PostgreSQL only."
            ;;
    esac
}

# redact URL: the URL with its password replaced by ***.
redact() {
    printf '%s\n' "$1" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#'
}

# psql_q URL ARGS...: psql, quiet, unaligned, stopping at the first error.
psql_q() {
    local url="$1"
    shift
    PGOPTIONS="-c client_min_messages=warning" \
        psql "$url" -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# The psql statement that prints "rows <table> <count>" for every table of
# the public schema (exact counts), sorted by table name.
ROW_COUNT_SQL="SELECT format('SELECT %L || '' '' || count(*) FROM public.%I', 'rows ' || tablename, tablename)
FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"

media_on_object_storage() {
    [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]
}
