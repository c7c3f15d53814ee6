"""``make bench`` / ``make bench-quick``: load the site with wrk and write
docs/benchmarks.md.

    .venv/bin/python bench/run.py [--quick] [--duration 10] [--connections 8] ...

1. Creates the PostgreSQL database of ``DATABASE_URL`` if it is missing
   (default postgres://postgres@127.0.0.1:5432/newsroom_bench, or
   newsroom_bench_quick for --quick), migrates, generates the data set
   (``bench_data``; skipped when it is there at this size) and collects
   the static files.
2. Starts gunicorn with production settings (DEBUG off, ``bench.settings``)
   on 127.0.0.1, once with ``PAGE_CACHE=true`` and once with
   ``PAGE_CACHE=false``, and runs wrk against every page: a warm-up, then
   the measured run. The bare ceiling view (``/_bench/ceiling/``, the
   article page's bytes) is measured first and last on each server; each
   page's ratio is to the mean of the two.
3. POSTs comments with unique bodies (bench/post_comment.lua), then counts
   the stored rows against the accepted (302) answers, and deletes them.
4. The storm (issue 16): 16 readers (wrk -c16) on the storm article (5,000
   comments) while ``manage.py bench_storm``, a process of its own, approves
   one pending comment a second through the moderation service and requests
   the page that shows it right after each approval; misses are counted.
5. When Debian's ``varnishd`` is there: a varnishd of the bench's own
   (``-n`` in a temporary directory, free ports) in front of the page-cache
   server, with deploy/varnish/default.vcl (its backend pointed at the
   bench's gunicorn): the article page through Varnish, and the storm
   through Varnish, the app purging Varnish after each approval
   (``EDGE_PURGER=varnish``).
6. The live ticker (issue 19), at the origin (the page-cache server's
   gunicorn, no Varnish): 16 pollers (wrk -c16, bench/poll_ticker.lua) on
   the poll endpoint of a ticker with 2,000 entries, each following the
   newest id as static/js/liveticker.js does, while ``manage.py
   bench_ticker``, a process of its own, posts one entry a second through
   ``articles.live.post_entry``; it reports the poll latency, errors, and
   when the pollers first saw each posted entry.
7. Reads each worker's peak memory (VmHWM) and writes the results between
   the markers in docs/benchmarks.md (--quick prints them only), every
   target of issues 16 and 19 met or missed.

Only loopback addresses are loaded; every wrk run is bounded in time.

Length: one driver: it starts the servers (gunicorn, Varnish, the storm's
moderator, the ticker's desk), runs wrk per page, checks the comment POSTs against the rows, and
writes the report with every target.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import constants  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
LUA = ROOT / "bench" / "post_comment.lua"
POLL_LUA = ROOT / "bench" / "poll_ticker.lua"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:results -->", "<!-- /bench:results -->"

PAGES = [
    ("home", "Home", "/"),
    ("section", "Section page", f"/ressort/{constants.SECTION_SLUG}/"),
    ("article", "Article page (200 comments)", f"/artikel/{constants.ARTICLE_SLUG}/"),
    # The same page for a reader who has been here before: wrk sends the
    # cookies an earlier visit left (a CSRF cookie from the desk, the reader
    # cookie of a comment); the page is the same bytes for them (see measure()).
    (
        "article_returning",
        "Article page, returning reader (cookies)",
        f"/artikel/{constants.ARTICLE_SLUG}/",
    ),
    ("big", "Article with the most comments", f"/artikel/{constants.BIG_ARTICLE_SLUG}/"),
    ("tag", "Tag page", f"/thema/{urllib.parse.quote(constants.TAG_SLUG)}/"),
    ("search", "Search (one topic)", "/suche/?q=" + urllib.parse.quote(constants.SEARCH_QUERY)),
    (
        "search_broad",
        "Search (two common words)",
        "/suche/?q=" + urllib.parse.quote(constants.SEARCH_BROAD_QUERY),
    ),
    ("feed", "RSS feed", "/feed/"),
]
CEILING = ("ceiling", "Ceiling: bare view, same bytes", "/_bench/ceiling/")
STORM_PATH = f"/artikel/{constants.STORM_ARTICLE_SLUG}/"
TICKER_PATH = f"/artikel/{constants.TICKER_ARTICLE_SLUG}/live.json"
TICKER_P99_MS = 50  # issue 19: poll p99 < 50 ms at the origin
DEPLOY_VCL = ROOT / "deploy" / "varnish" / "default.vcl"


class BenchError(RuntimeError):
    pass


@dataclass
class Result:
    key: str
    label: str
    server: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    bytes_per_request: float = 0.0
    extra: dict = field(default_factory=dict)


@dataclass
class Storm:
    """One storm: the readers' wrk result and the moderator's report."""

    where: str  # "cached" (Django's page cache) or "varnish"
    readers: Result | None = None
    moderator: dict = field(default_factory=dict)
    error: str = ""

    @property
    def missed(self):
        m = self.moderator
        return m.get("approvals", 0) - m.get("visible", 0)

    @property
    def ok(self):
        r, m = self.readers, self.moderator
        return bool(
            r
            and m
            and not self.error
            and r.p99_ms < 50
            and r.errors == 0
            and m["approved"] == m["approvals"] > 0
            and self.missed == 0
        )


@dataclass
class Ticker:
    """The live-ticker run: the pollers' wrk result, the desk's report and
    when the pollers first saw each entry (ms since the epoch)."""

    pollers: Result | None = None
    desk: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)
    polls_with_entries: int = 0
    error: str = ""

    @property
    def delays_ms(self):
        """For each posted entry, from the desk's post to the first poller's
        answer with it (None: no poller saw it)."""
        return [
            (self.seen[e["id"]] - e["t0"]) if e["id"] in self.seen else None
            for e in self.desk.get("entries", [])
        ]

    @property
    def unseen(self):
        return sum(1 for d in self.delays_ms if d is None)

    @property
    def ok(self):
        r, d = self.pollers, self.desk
        return bool(
            r
            and d
            and not self.error
            and r.p99_ms < TICKER_P99_MS
            and r.errors == 0
            and d["posted"] == d["posts"] > 0
            and self.unseen == 0
        )


@dataclass
class Varnish:
    port: int  # readers
    purge_port: int  # the app's purges
    backend_port: int
    name: str = "varnish"
    workdir: Path | None = None
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def purge_url(self):
        return f"http://127.0.0.1:{self.purge_port}"


@dataclass
class Server:
    name: str
    env: dict
    port: int
    process: subprocess.Popen | None = None
    log: Path | None = None
    memory: dict = field(default_factory=dict)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def say(message):
    print(f"[bench] {message}", flush=True)


def run(cmd, env, **kwargs):
    say(" ".join(str(c) for c in cmd))
    completed = subprocess.run(cmd, env=env, cwd=ROOT, check=False, **kwargs)  # noqa: S603
    if completed.returncode:
        raise BenchError(f"{cmd[1] if len(cmd) > 1 else cmd[0]} failed ({completed.returncode})")
    return completed


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        raise BenchError(f"DATABASE_URL must be a PostgreSQL URL with a database name: {url}")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            say(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def sql(url, query, params=()):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_duration_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise BenchError(f"cannot read wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output):
    """Requests/sec, p50/p99 (ms), request count, errors and bytes from wrk's
    text output (with --latency)."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read", output, re.M)
    if not rps or not total:
        raise BenchError("cannot read wrk output:\n" + output)
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    requests = int(total.group(1))
    size = (
        float(total.group(2)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[total.group(3)]
    )
    return {
        "rps": float(rps.group(1)),
        "p50_ms": parse_duration_ms(percentiles["50"]),
        "p99_ms": parse_duration_ms(percentiles["99"]),
        "requests": requests,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(x) for x in sockets.groups()) if sockets else 0),
        "bytes_per_request": size / requests if requests else 0.0,
    }


def wrk(url, args, duration, *, script=None, env=None, headers=()):
    cmd = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if script:
        cmd += ["-s", str(script)]
    for header in headers:
        cmd += ["-H", header]
    cmd.append(url)
    completed = subprocess.run(  # noqa: S603
        cmd, env=env, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    if completed.returncode:
        raise BenchError(f"wrk failed: {completed.stderr or completed.stdout}")
    return completed.stdout


# --------------------------------------------------------------------------
# servers
# --------------------------------------------------------------------------


def base_env(args, database_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "COMMENTS_FLOOD_MAX": "1000000000",
            "COMMENTS_FLOOD_NETWORK_MAX": "1000000000",
            "COMMENTS_FORM_MIN_SECONDS": "0",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def start(server, args, logdir):
    server.log = logdir / f"gunicorn-{server.name}.log"
    cmd = [
        GUNICORN,
        "newsroom.wsgi:application",
        "--bind",
        f"127.0.0.1:{server.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "60",
        "--error-logfile",
        str(server.log),
        *args.gunicorn_arg,
    ]
    say(f"starting gunicorn ({server.name}) on {server.base}: {' '.join(cmd[1:])}")
    server.process = subprocess.Popen(cmd, env=server.env, cwd=ROOT)  # noqa: S603
    _wait_until_answering(
        server.process,
        server.base + CEILING[2],
        seconds=60,
        exited=lambda: f"gunicorn exited; see {server.log}",
        silent=f"gunicorn ({server.name}) did not answer within 60 s; see {server.log}",
    )


def _wait_until_answering(process, url, *, seconds, exited, silent):
    """Wait until ``url`` answers 200; ``BenchError`` with ``exited()`` when
    the process ends first, with ``silent`` when the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(exited())
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise BenchError(silent)


def workers(server):
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if not children.exists():
        return []
    return [int(p) for p in children.read_text().split()]


def peak_memory_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def stop(server):
    if server.process is None or server.process.poll() is not None:
        return
    for pid in workers(server):
        try:
            server.memory[pid] = peak_memory_mb(pid)
        except OSError:
            pass
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


# --------------------------------------------------------------------------
# measurements
# --------------------------------------------------------------------------


# Cookies a returning reader may carry: a CSRF cookie from a visit to the
# desk, the reader cookie of an earlier comment. Reader pages set none.
RETURNING_COOKIES = "csrftoken=" + "b2" * 16 + "; newsroom_reader=bench-reader"


def measure(server, key, label, path, args):
    url = server.base + path
    headers = ()
    if key.endswith("_returning"):
        headers = (f"Cookie: {RETURNING_COOKIES}",)
    if args.warmup:
        wrk(url, args, args.warmup, headers=headers)
    output = wrk(url, args, args.duration, headers=headers)
    result = Result(key=key, label=label, server=server.name, **parse_wrk(output))
    say(
        f"{server.name:9} {label:34} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
        f"p99 {result.p99_ms:7.1f} ms  errors {result.errors}"
    )
    return result


def form_timestamp(server):
    """A signed form timestamp, as the comment form's script asks for it
    (the page itself carries none and no CSRF token: the comment POST is
    checked for where it comes from, and wrk sends neither Origin nor
    Sec-Fetch-Site, like any client that is no browser)."""
    url = server.base + "/kommentar/formular/"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())["ts"]
    except (OSError, ValueError, KeyError) as exc:
        raise BenchError(f"{url}: no form timestamp ({exc})") from exc


# One signed form serves one comment (issue 17): each POST needs a form
# timestamp of its own, signed with the server's key. More than a run sends.
POST_FORMS = 100_000


def signed_forms(server, count) -> Path:
    """A file of ``count`` fresh form timestamps, one a line, URL-encoded,
    made by the app's own code with the server's settings and key."""
    path = Path(tempfile.mkstemp(prefix="bench-forms-", suffix=".txt")[1])
    code = (
        "import django, sys, urllib.parse; django.setup()\n"
        "from comments.forms import make_timestamp\n"
        "with open(sys.argv[1], 'w') as out:\n"
        "    for _ in range(int(sys.argv[2])):\n"
        "        out.write(urllib.parse.quote(make_timestamp(), safe='') + '\\n')\n"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, str(path), str(count)], env=server.env, cwd=ROOT, check=True
    )
    return path


def measure_post(server, args, database_url):
    ts = form_timestamp(server)
    forms = signed_forms(server, POST_FORMS)
    run_id = secrets.token_hex(4)
    prefix = f"{constants.POST_BODY_PREFIX} {run_id} "
    env = dict(os.environ)
    env.update(
        {
            "BENCH_PATH": f"/artikel/{constants.POST_ARTICLE_SLUG}/kommentar/",
            "BENCH_TS": urllib.parse.quote(ts, safe=""),
            "BENCH_FORMS": str(forms),
            "BENCH_THREADS": str(args.threads),
            "BENCH_RUN": run_id,
            "BENCH_PREFIX": urllib.parse.quote_plus(constants.POST_BODY_PREFIX),
        }
    )
    output = wrk(server.base + "/", args, args.duration, script=LUA, env=env)
    counts = re.search(r"BENCH-POST sent=(\d+) accepted=(\d+) other=(\d+) statuses=(.*)", output)
    if not counts:
        raise BenchError("the POST script reported nothing:\n" + output)
    sent, accepted, other = (int(counts.group(i)) for i in (1, 2, 3))
    # Requests still in flight when wrk stops are stored, their answers never
    # read: at most one per connection.
    time.sleep(2)
    like = prefix.replace("%", r"\%").replace("_", r"\_") + "%"
    rows, distinct = sql(
        database_url,
        "SELECT COUNT(*), COUNT(DISTINCT body) FROM comments_comment WHERE body LIKE %s",
        [like],
    )[0]
    result = Result(key="post", label="Comment POST", server=server.name, **parse_wrk(output))
    result.extra = {
        "sent": sent,
        "accepted": accepted,
        "other": other,
        "other_statuses": counts.group(4).strip(),
        "rows": rows,
        "duplicates": rows - distinct,
        "lost": max(0, accepted - rows),
        "unanswered_stored": max(0, rows - accepted),
    }
    # wrk counts 3xx as success; the script counts anything but 302 as an error.
    result.errors = other
    sql(
        database_url,
        "UPDATE comments_decision SET comment_id = NULL WHERE comment_id IN "
        "(SELECT id FROM comments_comment WHERE body LIKE %s)",
        [like],
    )
    sql(database_url, "DELETE FROM comments_comment WHERE body LIKE %s", [like])
    say(
        f"{server.name:9} Comment POST {result.rps:8.1f} req/s  p99 {result.p99_ms:.1f} ms  "
        f"{result.extra}"
    )
    return result


# --------------------------------------------------------------------------
# Varnish
# --------------------------------------------------------------------------


def vcl_for(backend_port):
    """deploy/varnish/default.vcl with its backend pointed at the bench's
    gunicorn."""
    if not DEPLOY_VCL.exists():
        raise BenchError(f"{DEPLOY_VCL.relative_to(ROOT)} missing")
    text = DEPLOY_VCL.read_text()
    backend = re.search(r"backend\s+\w+\s*\{.*?\n\}", text, re.S)
    if not backend:
        raise BenchError(f"{DEPLOY_VCL.relative_to(ROOT)}: no backend to point at gunicorn")
    block = re.sub(r'(\.host\s*=\s*)"[^"]*"', r'\1"127.0.0.1"', backend.group(0))
    block = re.sub(r'(\.port\s*=\s*)"[^"]*"', rf'\g<1>"{backend_port}"', block)
    return text.replace(backend.group(0), block, 1)


def start_varnish(varnish: Varnish, logdir: Path):
    """A varnishd of the bench's own (its own -n directory and port), in the
    foreground as our child, in front of gunicorn on ``backend_port``."""
    varnish.workdir = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
    varnish.workdir.chmod(0o755)  # varnishd's worker runs as its own user
    vcl = varnish.workdir / "bench.vcl"
    vcl.write_text(vcl_for(varnish.backend_port))
    vcl.chmod(0o644)
    varnish.log = logdir / "varnishd-bench.log"
    cmd = [
        shutil.which("varnishd"),
        "-F",
        "-n",
        str(varnish.workdir / "n"),
        # The deploy VCL's two listeners: readers, and the app's purges.
        "-a",
        f"http=127.0.0.1:{varnish.port}",
        "-a",
        f"purge=127.0.0.1:{varnish.purge_port}",
        "-T",
        "127.0.0.1:0",
        "-f",
        str(vcl),
        "-s",
        "malloc,256m",
    ]
    say(f"starting varnishd on {varnish.base}: {' '.join(cmd[1:])}")
    with open(varnish.log, "w") as log:
        varnish.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)  # noqa: S603
    _wait_until_answering(
        varnish.process,
        varnish.base + CEILING[2],
        seconds=30,
        exited=lambda: f"varnishd exited: {varnish.log.read_text()[-2000:]}",
        silent=f"varnishd did not answer within 30 s; see {varnish.log}",
    )


def stop_varnish(varnish: Varnish | None):
    if varnish is None:
        return
    if varnish.process is not None and varnish.process.poll() is None:
        varnish.process.send_signal(signal.SIGTERM)
        try:
            varnish.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            varnish.process.kill()
            varnish.process.wait()
    if varnish.workdir is not None:
        shutil.rmtree(varnish.workdir, ignore_errors=True)
        varnish.workdir = None


# --------------------------------------------------------------------------
# the storm
# --------------------------------------------------------------------------


def storm(where, base, env, args):
    """16 readers (wrk) on the storm article at ``base`` while a moderator
    process approves one comment a second and checks each on the next request
    (``manage.py bench_storm``; ``env`` is its environment: the server's
    settings, cache prefix and, through Varnish, the purge URL)."""
    try:
        return _storm(where, base, env, args)
    except (BenchError, subprocess.SubprocessError, OSError, ValueError) as exc:
        say(f"storm ({where}) failed: {exc}")
        return Storm(where=where, error=str(exc)[:300])


def _storm(where, base, env, args):
    result = Storm(where=where)
    manage = [PYTHON, "manage.py", "bench_storm"]
    run([*manage, "--refill", f"--pending={max(constants.STORM_PENDING, args.storm_seconds)}"], env)
    url = base + STORM_PATH
    if args.warmup:
        wrk(url, args, args.warmup)
    cmd = [*manage, f"--base={base}", f"--seconds={args.storm_seconds}", "--wait"]
    say(" ".join(cmd))
    moderator = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        cmd, env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        ready = moderator.stdout.readline()
        if ready.strip() != "READY":
            moderator.wait(timeout=30)
            result.error = f"the moderator did not start ({ready.strip() or moderator.returncode})"
            return result
        readers = {**vars(args), "connections": args.storm_connections}
        readers = argparse.Namespace(**readers)
        # The readers and the approvals start together; the approvals take
        # storm_seconds, the readers as long plus a second for the last check.
        moderator.stdin.write("go\n")
        moderator.stdin.flush()
        output = wrk(url, readers, args.storm_seconds + 1)
        out, _ = moderator.communicate(timeout=120)
    finally:
        if moderator.poll() is None:
            moderator.kill()
            moderator.wait()
    result.readers = Result(
        key=f"storm_{where}",
        label=f"Storm: {args.storm_connections} readers, {constants.STORM_COMMENTS:,} comments",
        server="cached",
        **parse_wrk(output),
    )
    line = next((x for x in out.splitlines() if x.startswith("BENCH-STORM ")), None)
    if line is None or moderator.returncode:
        result.error = f"the moderator failed ({moderator.returncode}): {out[-500:]}"
        return result
    result.moderator = json.loads(line.split(" ", 1)[1])
    m, r = result.moderator, result.readers
    say(
        f"storm ({where}): {r.rps:.1f} req/s  p99 {r.p99_ms:.1f} ms  errors {r.errors}; "
        f"{m['approved']}/{m['approvals']} approved, {m['visible']} visible on the next "
        f"request, missed {m['missed'][:10]}"
    )
    return result


# --------------------------------------------------------------------------
# the live ticker
# --------------------------------------------------------------------------


def ticker(base, env, args):
    """``args.ticker_pollers`` pollers (wrk with bench/poll_ticker.lua) on
    the live ticker's poll endpoint at ``base`` while a desk process posts
    one entry a second (``manage.py bench_ticker``; ``env``: the server's
    settings and cache prefix)."""
    try:
        return _ticker(base, env, args)
    except (BenchError, subprocess.SubprocessError, OSError, ValueError, KeyError) as exc:
        say(f"ticker failed: {exc}")
        return Ticker(error=str(exc)[:300])


def _ticker(base, env, args):
    result = Ticker()
    cmd = [PYTHON, "manage.py", "bench_ticker", f"--base={base}"]
    cmd += [f"--seconds={args.ticker_seconds}", "--wait"]
    say(" ".join(cmd))
    desk = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        cmd, env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        ready = desk.stdout.readline().split()
        if len(ready) != 2 or ready[0] != "READY":
            desk.wait(timeout=30)
            result.error = f"the desk did not start ({' '.join(ready) or desk.returncode})"
            return result
        pollers = argparse.Namespace(**{**vars(args), "connections": args.ticker_pollers})
        poll_env = dict(os.environ)
        poll_env.update(
            {
                "BENCH_PATH": TICKER_PATH,
                "BENCH_NEWEST": ready[1],
                "BENCH_POLLERS": str(max(1, args.ticker_pollers // args.threads)),
            }
        )
        url = base + TICKER_PATH
        if args.warmup:
            wrk(url, pollers, args.warmup, script=POLL_LUA, env=poll_env)
        # The pollers and the posts start together; the posts take
        # ticker_seconds, the pollers two seconds more for the last entry.
        desk.stdin.write("go\n")
        desk.stdin.flush()
        output = wrk(url, pollers, args.ticker_seconds + 2, script=POLL_LUA, env=poll_env)
        out, _ = desk.communicate(timeout=120)
    finally:
        if desk.poll() is None:
            desk.kill()
            desk.wait()
    result.pollers = Result(
        key="ticker",
        label=f"Live ticker: {args.ticker_pollers} pollers, {constants.TICKER_ENTRIES:,} entries",
        server="cached",
        **parse_wrk(output),
    )
    result.seen = {
        int(entry): float(at)
        for entry, at in re.findall(r"^BENCH-TICKER-SEEN (\d+) ([\d.]+)$", output, re.M)
    }
    polls = re.search(r"^BENCH-TICKER-POLLS (\d+) (\d+)$", output, re.M)
    result.polls_with_entries = int(polls.group(2)) if polls else 0
    line = next((x for x in out.splitlines() if x.startswith("BENCH-TICKER ")), None)
    if line is None or desk.returncode:
        result.error = f"the desk failed ({desk.returncode}): {out[-500:]}"
        return result
    result.desk = json.loads(line.split(" ", 1)[1])
    d, r = result.desk, result.pollers
    seen = [x for x in result.delays_ms if x is not None]
    say(
        f"ticker: {r.rps:.1f} polls/s  p50 {r.p50_ms:.1f} ms  p99 {r.p99_ms:.1f} ms  "
        f"errors {r.errors}; {d['posted']}/{d['posts']} posted, {len(seen)} seen by the "
        f"pollers (slowest {max(seen, default=0):.0f} ms), {d['visible']} on the desk's next "
        f"poll, missed {d['missed'][:10]}"
    )
    return result


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------


def machine(database_url):
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    pg = sql(database_url, "SHOW server_version")[0][0]
    wrk_version = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", "-v"], capture_output=True, text=True, check=False
    ).stdout.splitlines()[0]
    redis = "not used (local-memory cache per worker)"
    if os.environ.get("REDIS_URL"):
        try:
            import redis as redis_lib

            info = redis_lib.Redis.from_url(os.environ["REDIS_URL"]).info("server")
            redis = f"Redis {info['redis_version']}"
        except Exception as exc:  # noqa: BLE001 - reported, not fatal
            redis = f"Redis (version unknown: {exc})"
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": importlib.metadata.version("Django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "psycopg": importlib.metadata.version("psycopg"),
        "PostgreSQL": pg,
        "Cache": redis,
        "wrk": wrk_version.split(" [")[0],
    }


def varnish_version():
    completed = subprocess.run(  # noqa: S603
        [shutil.which("varnishd") or "varnishd", "-V"], capture_output=True, text=True, check=False
    )
    match = re.search(r"varnish-[\d.]+", completed.stderr + completed.stdout)
    return match.group(0) if match else "varnishd (version unknown)"


def fmt_ms(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def ceiling_rps(results, server):
    """The mean requests per second of the ceiling's runs on ``server`` (0 if none)."""
    values = [r.rps for r in results if r.key == "ceiling" and r.server == server]
    return sum(values) / len(values) if values else 0.0


ISSUE_16 = "Issue 16"
ISSUE_19 = "Issue 19"
EARLIER = "Earlier"
TICKER_TARGET = (
    f"Live ticker at the origin ({constants.TICKER_ENTRIES:,} entries, "
    f"{constants.TICKER_POLLERS} pollers, an entry a second): poll p99 < {TICKER_P99_MS} ms, "
    "0 errors, every entry seen by the pollers"
)


def targets(results, post, full, *, storms=None, varnish_note="", memory=None, ticker=None):
    """The target rows: issue 16's first, then issue 19's, every one met,
    missed or not measured (and why), then the earlier ones. ``storms`` maps
    "cached" and "varnish" to a Storm (or a note why it was not run);
    ``memory`` is every worker's peak MiB; ``ticker`` the live-ticker run (a
    Ticker, or a note why it was not run)."""
    storms = storms or {}

    def get(key, server):
        return next((r for r in results if r.key == key and r.server == server), None)

    def ratio(key, server, ceiling_server=None):
        # To the mean of the ceiling's runs on that server, as in the table.
        r, c = get(key, server), ceiling_rps(results, ceiling_server or server)
        return r.rps / c if r and c else None

    rows = []  # (group, name, measured, verdict: True, False or None = not measured)

    def ratio_row(name, key, server, at_least, ceiling_server=None, missing="not measured"):
        value = ratio(key, server, ceiling_server)
        if value is None:
            rows.append((ISSUE_16, name, missing, None))
        else:
            rows.append((ISSUE_16, name, f"{value:.2f}", value >= at_least))

    ratio_row(
        "Article page through Varnish >= 5 × bare view",
        "article",
        "varnish",
        5,
        ceiling_server="cached",
        missing=f"not measured: {varnish_note}" if varnish_note else "not measured",
    )
    ratio_row("Article page, Django's page cache hit >= 0.7 × bare view", "article", "cached", 0.7)
    ratio_row("Article with 200 comments, no cache >= 0.1 × bare view", "article", "uncached", 0.1)
    ratio_row("Home, no cache >= 0.06 × bare view", "home", "uncached", 0.06)
    for where, name in (
        ("cached", "Storm, Django's page cache"),
        ("varnish", "Storm through Varnish"),
    ):
        name += ": p99 < 50 ms, 0 errors, every approval visible on the next request"
        item = storms.get(where)
        if not isinstance(item, Storm):
            rows.append((ISSUE_16, name, f"not measured: {item or 'not run'}", None))
        elif item.error:
            rows.append((ISSUE_16, name, f"failed: {item.error}", False))
        else:
            r, m = item.readers, item.moderator
            rows.append(
                (
                    ISSUE_16,
                    name,
                    f"p99 {fmt_ms(r.p99_ms)} ms, {r.errors} errors, "
                    f"{m['visible']} of {m['approvals']} approvals visible "
                    f"({item.missed} missed)",
                    item.ok,
                )
            )
    if memory:
        peak = max(memory)
        rows.append((ISSUE_16, "Memory per worker <= 80 MiB", f"{peak:.0f} MiB (peak)", peak <= 80))
    else:
        rows.append((ISSUE_16, "Memory per worker <= 80 MiB", "not measured", None))

    if not isinstance(ticker, Ticker):
        rows.append((ISSUE_19, TICKER_TARGET, f"not measured: {ticker or 'not run'}", None))
    elif ticker.error:
        rows.append((ISSUE_19, TICKER_TARGET, f"failed: {ticker.error}", False))
    else:
        r, d = ticker.pollers, ticker.desk
        seen = [x for x in ticker.delays_ms if x is not None]
        rows.append(
            (
                ISSUE_19,
                TICKER_TARGET,
                f"p99 {fmt_ms(r.p99_ms)} ms, {r.errors} errors, {len(seen)} of {d['posts']} "
                f"entries seen (slowest after {max(seen, default=0):.0f} ms)",
                ticker.ok,
            )
        )

    if get("article_returning", "cached"):
        value = ratio("article_returning", "cached") or 0.0
        rows.append(
            (
                EARLIER,
                "Cached article page, returning reader >= 0.7 × bare view",
                f"{value:.2f}",
                value >= 0.7,
            )
        )
    for server in ("cached", "uncached"):
        home, search = get("home", server), get("search", server)
        mode = "on" if server == "cached" else "off"
        if home:
            rows.append(
                (
                    EARLIER,
                    f"Home p99 < 50 ms at 8 connections (page cache {mode})",
                    f"{fmt_ms(home.p99_ms)} ms",
                    home.p99_ms < 50,
                )
            )
        if search:
            rows.append(
                (
                    EARLIER,
                    f"Search p99 < 100 ms (page cache {mode})",
                    f"{fmt_ms(search.p99_ms)} ms",
                    search.p99_ms < 100,
                )
            )
    if post:
        e = post.extra
        ok = e["lost"] == 0 and e["duplicates"] == 0 and e["other"] == 0
        rows.append(
            (
                EARLIER,
                "Comment POST: every accepted comment stored once",
                f"{e['accepted']} accepted, {e['rows']} stored, {e['lost']} lost, "
                f"{e['duplicates']} duplicated, {e['other']} other answers",
                ok,
            )
        )
    lines = ["| Target | Measured | |", "| --- | --- | --- |"]
    group = None
    for row_group, name, measured, ok in rows:
        if row_group != group:
            group = row_group
            lines.append(f"| *{group}* | | |")
        if ok is None:
            verdict = "not measured"
        else:
            verdict = ("met" if ok else "**missed**") if full else ("met" if ok else "missed")
        lines.append(f"| {name} | {measured} | {verdict} |")
    return lines


MODES = {"cached": "on", "uncached": "off", "varnish": "Varnish, on behind it"}


def report(
    results,
    post,
    servers,
    info,
    settings,
    args,
    started,
    full,
    page_cache_present,
    *,
    storms=None,
    varnish_note="",
    ticker=None,
):
    storms = storms or {}
    ceilings = {server: ceiling_rps(results, server) for server in ("cached", "uncached")}
    # Through Varnish the bare view is the one on the server behind it.
    ceilings["varnish"] = ceilings["cached"]
    lines = [
        START,
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `make {'bench' if full else 'bench-quick'}` "
        f"({args.duration} s per page after a {args.warmup} s warm-up, wrk -t{args.threads} "
        f"-c{args.connections}, gunicorn --workers {args.workers}).",
        "",
    ]
    if not page_cache_present:
        lines += [
            "The page cache (newsroom/cache.py) is not in the code yet: both servers run the "
            "same uncached code, so the two rows of each page measure the same thing twice.",
            "",
        ]
    lines += [
        "| Page | Page cache | Req/s | p50 ms | p99 ms | × ceiling | KiB | Errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    order = [CEILING[0]] + [p[0] for p in PAGES] + ["post"]
    for key in order:
        for server in ("cached", "varnish", "uncached"):
            everything = results + ([post] if post else [])
            rows = [r for r in everything if r.key == key and r.server == server]
            if not rows:
                continue
            rps = sum(r.rps for r in rows) / len(rows)
            p50 = sum(r.p50_ms for r in rows) / len(rows)
            p99 = max(r.p99_ms for r in rows)
            runs = ""
            if len(rows) > 1:
                each = ", ".join(f"{r.rps:.0f}" for r in rows)
                runs = f" (mean of {len(rows)} runs: {each})"
            ratio = f"{rps / ceilings[server]:.2f}" if ceilings[server] and key != "post" else "–"
            size = f"{rows[0].bytes_per_request / 1024:.0f}" if key != "post" else "–"
            errors = sum(r.errors for r in rows)
            lines.append(
                f"| {rows[0].label}{runs} | {MODES[server]} | {rps:.1f} | "
                f"{fmt_ms(p50)} | {fmt_ms(p99)} | {ratio} | {size} | {errors} |"
            )
    lines += [
        "",
        "**Targets**" + ("" if full else " (quick run: the targets are for the full data set)"),
        "",
    ]
    memory = [mb for server in servers for mb in server.memory.values()]
    lines += targets(
        results,
        post,
        full,
        storms=storms,
        varnish_note=varnish_note,
        memory=memory,
        ticker=ticker,
    )
    ran = [item for item in storms.values() if isinstance(item, Storm) and item.readers]
    if ran:
        lines += [
            "",
            f"**Storm** ({args.storm_seconds} s: wrk -t{args.threads} -c{args.storm_connections} "
            f"on {STORM_PATH} (page 1 of {constants.STORM_COMMENTS:,} comments) while "
            "`manage.py bench_storm`, a process of its own, approves one pending comment a "
            "second with `comments.moderation.approve` and right after each approval requests "
            "the page of the article that shows it (`?kommentare=N`), looking for its anchor)",
            "",
            "| Where | Readers req/s | p50 ms | p99 ms | Errors | Approved | Visible on the next "
            "request | Slowest approval ms | Slowest check ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for item in ran:
            r, m = item.readers, item.moderator
            lines.append(
                f"| {'Django page cache' if item.where == 'cached' else 'Varnish'} | "
                f"{r.rps:.1f} | {fmt_ms(r.p50_ms)} | {fmt_ms(r.p99_ms)} | {r.errors} | "
                f"{m.get('approved', 0)} of {m.get('approvals', 0)} | "
                f"{m.get('visible', 0)} | {m.get('approve_ms_max', 0):.0f} | "
                f"{m.get('check_ms_max', 0):.0f} |"
            )
    if isinstance(ticker, Ticker) and ticker.pollers and ticker.desk:
        lines += ticker_report(ticker, args)
    if post:
        e = post.extra
        other_statuses = f" ({e['other_statuses']})" if e["other_statuses"] else ""
        lines += [
            "",
            f"Comment POST: wrk sent {e['sent']} requests; {e['accepted']} were answered 302 "
            f"(accepted), {e['other']} otherwise{other_statuses}; "
            f"{e['rows']} rows were stored. {e['unanswered_stored']} stored comment(s) had "
            f"no answer read because wrk stopped while they were in flight (at most one per "
            f"connection). The posted comments were deleted afterwards.",
        ]
    lines += ["", "**Peak memory per gunicorn worker** (VmHWM)", ""]
    for server in servers:
        values = ", ".join(f"{mb:.0f} MiB" for mb in server.memory.values()) or "not read"
        lines.append(f"- page cache {MODES[server.name]}: {values}")
    lines += ["", "**Machine**", ""]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", "**Settings**", ""]
    lines += [f"- {k}: {v}" for k, v in settings.items()]
    lines.append(END)
    return "\n".join(lines)


def ticker_report(item: Ticker, args) -> list[str]:
    r, d = item.pollers, item.desk
    seen = sorted(x for x in item.delays_ms if x is not None)
    median = seen[len(seen) // 2] if seen else 0
    return [
        "",
        f"**Live ticker** ({args.ticker_seconds} s at the origin, no Varnish: wrk -t{args.threads} "
        f"-c{args.ticker_pollers} with bench/poll_ticker.lua on {TICKER_PATH} "
        f"({constants.TICKER_ENTRIES:,} entries), each connection a poller that asks for the "
        "entries after the newest one it has (`?nach=<id>`) and follows the newest id, as "
        "static/js/liveticker.js does but without its 10 s pause, while `manage.py "
        "bench_ticker`, a process of its own, posts one entry a second with "
        "`articles.live.post_entry` and right after each post asks the poll endpoint for the "
        "entries after the previous one)",
        "",
        "| Polls/s | p50 ms | p99 ms | Errors | Polls with new entries | Posted | Seen by the "
        "pollers | After (median / slowest) ms | On the desk's next poll | Slowest post ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {r.rps:.1f} | {fmt_ms(r.p50_ms)} | {fmt_ms(r.p99_ms)} | {r.errors} | "
        f"{item.polls_with_entries} | {d['posted']} of {d['posts']} | {len(seen)} | "
        f"{median:.0f} / {max(seen, default=0):.0f} | {d['visible']} | "
        f"{d.get('post_ms_max', 0):.0f} |",
    ]


def write_doc(block):
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\n" + START + "\n" + END + "\n"
    if START not in text or END not in text:
        text = text.rstrip() + "\n\n" + START + "\n" + END + "\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(head + block + tail)
    say(f"wrote {DOC.relative_to(ROOT)}")


# --------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data set, short runs")
    parser.add_argument("--duration", type=int, help="seconds per measured run (10; quick 5)")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up per page (2; quick 1)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gunicorn-arg", action="append", default=[], help="passed on")
    parser.add_argument("--reset-data", action="store_true", help="regenerate the data set")
    parser.add_argument(
        "--write", action="store_true", help="write docs/benchmarks.md (default unless --quick)"
    )
    parser.add_argument(
        "--only",
        help="comma-separated page keys to measure, or post, storm, varnish, ticker "
        "(for trying things)",
    )
    parser.add_argument("--storm-seconds", type=int, help="the storm's length (60; quick 15)")
    parser.add_argument("--storm-connections", type=int, default=16)
    parser.add_argument("--ticker-seconds", type=int, help="the live ticker's run (60; quick 15)")
    parser.add_argument("--ticker-pollers", type=int, default=constants.TICKER_POLLERS)
    parser.add_argument("--no-varnish", action="store_true", help="do not start varnishd")
    args = parser.parse_args(argv)
    full = not args.quick
    args.storm_seconds = args.storm_seconds or (60 if full else 15)
    args.ticker_seconds = args.ticker_seconds or (60 if full else 15)
    args.duration = args.duration or (10 if full else 5)
    args.warmup = args.warmup if args.warmup is not None else (2 if full else 1)
    write = full or args.write
    if args.only and write:
        parser.error("--only measures part of the pages; it does not write the report")

    if not shutil.which("wrk"):
        raise BenchError("wrk is not installed (apt-get install wrk; `make bench` does it)")
    database_url = os.environ.get("DATABASE_URL") or (DEFAULT_DB + ("" if full else "_quick"))
    started = datetime.datetime.now(datetime.UTC)
    ensure_database(database_url)
    env = base_env(args, database_url)
    sizes = constants.FULL if full else constants.QUICK
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    data_cmd = [
        *manage,
        "bench_data",
        f"--articles={sizes['articles']}",
        f"--comments={sizes['comments']}",
        f"--big-article-comments={sizes['big_article_comments']}",
    ]
    run(data_cmd + (["--reset"] if args.reset_data else []), env)
    run([*manage, "collectstatic", "--noinput", "-v0"], env)

    page_cache_present = (ROOT / "newsroom" / "cache.py").exists()
    prefix = f"bench-{secrets.token_hex(3)}"
    servers = [
        Server(
            "cached",
            {**env, "PAGE_CACHE": "true", "BENCH_CACHE_PREFIX": f"{prefix}-on"},
            free_port(),
        ),
        Server(
            "uncached",
            {**env, "PAGE_CACHE": "false", "BENCH_CACHE_PREFIX": f"{prefix}-off"},
            free_port(),
        ),
    ]
    pages = PAGES
    keys = set(args.only.split(",")) if args.only else None
    if keys:
        pages = [p for p in PAGES if p[0] in keys]
    wanted = {what: keys is None or what in keys for what in ("post", "storm", "varnish", "ticker")}
    # Varnish: in front of the page-cache server, started with it (the app
    # purges it after every write from then on).
    varnish, varnish_note = None, ""
    if args.no_varnish:
        varnish_note = "--no-varnish"
    elif not shutil.which("varnishd"):
        varnish_note = "varnishd missing (apt-get install varnish varnish-modules)"
    elif not (wanted["varnish"] or wanted["storm"]):
        varnish_note = "--only"
    else:
        varnish = Varnish(port=free_port(), purge_port=free_port(), backend_port=servers[0].port)
        servers[0].env["BENCH_EDGE_PURGE_URL"] = varnish.purge_url
        # As docker-compose.yml runs the app behind Varnish: public pages
        # may be kept 300 s (s-maxage), the app purging them on every change.
        servers[0].env.setdefault("CDN_MAX_AGE", "300")
    storms = {}
    live_ticker = None if wanted["ticker"] else "--only"
    load_before = os.getloadavg()
    results, post = [], None
    logdir = Path(tempfile.gettempdir())
    try:
        for server in servers:
            start(server, args, logdir)
            try:
                if server.name == "cached" and varnish:
                    try:
                        start_varnish(varnish, logdir)
                    except BenchError as exc:
                        say(f"Varnish not measured: {exc}")
                        varnish_note = f"varnishd did not start ({str(exc)[:300]})"
                        stop_varnish(varnish)
                        varnish = None
                results.append(measure(server, *CEILING, args))
                for page in pages:
                    results.append(measure(server, *page, args))
                results.append(measure(server, *CEILING, args))
                if server.name == "cached" and wanted["post"]:
                    post = measure_post(server, args, database_url)
                if server.name == "cached" and wanted["storm"]:
                    # Django's own page cache: the moderator purges no edge.
                    env_no_edge = {
                        k: v for k, v in server.env.items() if k != "BENCH_EDGE_PURGE_URL"
                    }
                    storms["cached"] = storm("cached", server.base, env_no_edge, args)
                if server.name == "cached" and wanted["ticker"]:
                    # At the origin: the pollers ask gunicorn, the desk purges no edge.
                    env_no_edge = {
                        k: v for k, v in server.env.items() if k != "BENCH_EDGE_PURGE_URL"
                    }
                    live_ticker = ticker(server.base, env_no_edge, args)
                if server.name == "cached" and varnish:
                    label = "Article page (200 comments) through Varnish"
                    article = f"/artikel/{constants.ARTICLE_SLUG}/"
                    if wanted["varnish"]:
                        results.append(measure(varnish, "article", label, article, args))
                    if wanted["storm"]:
                        storms["varnish"] = storm("varnish", varnish.base, server.env, args)
                elif server.name == "cached" and wanted["storm"]:
                    storms["varnish"] = varnish_note
            finally:
                if server.name == "cached":
                    stop_varnish(varnish)
                stop(server)
    finally:
        stop_varnish(varnish)
        for server in servers:
            stop(server)
    load_after = os.getloadavg()

    info = machine(database_url)
    settings = {
        "Data set": f"{sizes['articles']:,} published articles, {sizes['comments']:,} comments "
        f"({constants.ARTICLE_COMMENTS} approved on the article page, "
        f"{sizes['big_article_comments']:,} on the big article), and the storm article with "
        f"{constants.STORM_COMMENTS:,} approved comments, and the live ticker with "
        f"{constants.TICKER_ENTRIES:,} entries",
        "Production settings": "DEBUG=false, bench.settings (newsroom.settings + the ceiling "
        "view), CONN_MAX_AGE=60, SECURE_SSL_REDIRECT=false and cookies without Secure "
        "(plain HTTP on 127.0.0.1), COMMENTS_FLOOD_MAX=1000000000, COMMENTS_FORM_MIN_SECONDS=0",
        "Cache": "Redis at REDIS_URL"
        if os.environ.get("REDIS_URL")
        else "local memory (REDIS_URL not set: the storm's approvals and the ticker's posts, "
        "in processes of their own, cannot reach the workers' caches)",
        "Varnish": (
            f"{varnish_version()}, its own varnishd (-n in a temporary directory, -s malloc,256m) "
            f"with CDN_MAX_AGE={servers[0].env['CDN_MAX_AGE']} "
            f"in front of the page-cache server, VCL: {DEPLOY_VCL.relative_to(ROOT)} (backend: the "
            "bench's gunicorn); the app purges it "
            "(EDGE_PURGER=varnish)"
        )
        if varnish
        else f"not measured: {varnish_note}",
        "Load average (1/5/15 min) before → after": " ".join(f"{x:.2f}" for x in load_before)
        + " → "
        + " ".join(f"{x:.2f}" for x in load_after),
    }
    block = report(
        results,
        post,
        servers,
        info,
        settings,
        args,
        started,
        full,
        page_cache_present,
        storms=storms,
        varnish_note=varnish_note,
        ticker=live_ticker,
    )
    print(block)
    if write:
        write_doc(block)
    if post and (post.extra["lost"] or post.extra["duplicates"]):
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        sys.exit(2)
