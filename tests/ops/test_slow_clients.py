"""Fifty clients that send their request headers slowly no longer make the
site unavailable: nginx (deploy/nginx.conf, in front by default in
docker-compose.yml) reads each request whole before gunicorn sees it.

gunicorn's sync workers (the image's default) serve one connection at a time
and wait for its whole request. The fault run held every worker with 50
connections trickling header bytes, and other readers got 1 answer in 5.

The test runs the same attack on loopback against gunicorn (2 sync workers,
production settings) twice: straight at gunicorn, where it works (the
readers' requests time out), and through a local nginx running the project's
own deploy/nginx.conf (only the listen address, the upstream address, the
media root and the log path changed, as docs/operations.md describes), where
every reader is answered at once. Its own nginx: own config, prefix, pid file
and loopback port; nothing of a system nginx is used or touched. Every loop is
bounded by a deadline and every process is stopped at the end.

Needs Debian's nginx (`apt-get install -y nginx`; .ci/run installs it).
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.ops.processes import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

SLOW_CLIENTS = 50
ATTACK_SECONDS = 8.0  # each slow client gives up after this
READER_TIMEOUT = 2.0

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="needs nginx (Debian: apt-get install -y nginx)"
)


def _wait_for(url, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(log.read_text()[-3000:])
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn as the image runs it (sync workers), two of them, on loopback."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URL", "REDIS_URL")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
        [
            str(GUNICORN),
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", process, log)
        yield port
    finally:
        stop(process)


def _site_config(prefix, listen_port, web_port):
    """deploy/nginx.conf with the container-only parts replaced."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{listen_port};",
        # An address instead of Docker's service name needs no resolver.
        "resolver 127.0.0.11 valid=10s ipv6=off;": "",
        "resolver_timeout 5s;": "",
        "set $newsroom_web http://web:8000;": f"set $newsroom_web http://127.0.0.1:{web_port};",
        # Straight to gunicorn: Varnish is not what this test is about
        # (tests/ops/test_varnish.py); the internal server on a free port.
        "set $newsroom_cache http://varnish:80;": f"set $newsroom_cache http://127.0.0.1:{web_port};",
        "listen 8081;": f"listen 127.0.0.1:{free_port()};",
        "root /srv;": f"root {prefix};",
        "access_log /dev/stdout newsroom;": f"access_log {prefix}/access.log newsroom;",
    }
    for old, new in replacements.items():
        assert site.count(old) == 1, f"deploy/nginx.conf changed: {old!r}"
        site = site.replace(old, new)
    return site


@pytest.fixture
def nginx(tmp_path, gunicorn):
    """Our own nginx with deploy/nginx.conf in front of ``gunicorn``."""
    prefix = tmp_path / "nginx"
    (prefix / "media").mkdir(parents=True)
    port = free_port()
    (prefix / "site.conf").write_text(_site_config(prefix, port, gunicorn))
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
{temp}
    include {prefix}/site.conf;
}}
"""
    )
    log = prefix / "error.log"
    process = subprocess.Popen(  # noqa: S603 - Debian's nginx with our own config
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(log)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", process, log)
        yield port
    finally:
        stop(process)


def _slow_client(port, stop_at):
    """Open a connection and send a request's header a byte at a time, never
    finishing it; give up at ``stop_at``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while time.monotonic() < stop_at:
                sock.sendall(b"X")
                time.sleep(0.5)
    except OSError:
        pass  # cut off by the server: fine


def _readers_during_attack(port):
    """Start the slow clients, then read /healthz as ordinary readers do for a
    few seconds while they hold on; return (answered in time, asked)."""
    stop_at = time.monotonic() + ATTACK_SECONDS
    attackers = [
        threading.Thread(target=_slow_client, args=(port, stop_at), daemon=True)
        for _ in range(SLOW_CLIENTS)
    ]
    for attacker in attackers:
        attacker.start()
    time.sleep(1.0)  # the slow clients have connected
    answered = asked = 0
    while time.monotonic() < stop_at - READER_TIMEOUT - 0.5:
        asked += 1
        try:
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=READER_TIMEOUT) as response:  # noqa: S310
                answered += response.status == 200
        except OSError:
            pass
        time.sleep(0.2)
    for attacker in attackers:
        attacker.join(timeout=ATTACK_SECONDS + 10)
    return answered, asked


def test_slow_header_clients_stall_gunicorn_on_its_own(gunicorn):
    """The attack, straight at gunicorn: it works (why nginx must be in front)."""
    answered, asked = _readers_during_attack(gunicorn)
    assert asked >= 2
    assert answered <= asked // 2, (answered, asked)


def test_behind_nginx_slow_header_clients_do_not_make_readers_wait(nginx):
    answered, asked = _readers_during_attack(nginx)
    assert asked >= 10
    assert answered == asked, (answered, asked)


def test_the_compose_stack_publishes_only_nginx():
    """docker-compose.yml: nginx is a default service (no profile) and the
    only one with a published port; web is reached through it."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "profiles" not in services["proxy"]
    assert services["proxy"]["image"].startswith("nginx")
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]
