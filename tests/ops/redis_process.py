"""A Redis server of a test's own: ``redis-server`` on a free loopback port,
without persistence, that a test can stop, start again, hang (SIGSTOP) and
resume (SIGCONT); and a network between it and the app that a test can cut.
Never the shared Redis on 6379 that other runs use."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import redis

from tests.ops.processes import free_port

REDIS_SERVER = shutil.which("redis-server")


class RedisProcess:
    def __init__(self, workdir):
        self.workdir = workdir
        self.port = free_port()
        self.process = None
        self.hung = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        """Stopped: connections are refused (and its data is gone)."""
        self.resume()
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def hang(self) -> None:
        """Hung: connections are accepted, nothing is answered."""
        os.kill(self.process.pid, signal.SIGSTOP)
        self.hung = True

    def resume(self) -> None:
        if self.hung:
            os.kill(self.process.pid, signal.SIGCONT)
            self.hung = False

    def connections_received(self) -> int:
        return self.client().info("stats")["total_connections_received"]


class Partition:
    """A TCP proxy in front of a Redis whose network a test can cut. While
    cut, nothing passes either way and what is sent is dropped, as lost
    packets are: the app sees timeouts, and unlike a hung Redis (which runs
    the commands waiting in its sockets when it resumes), a command sent
    during the cut never arrives. Connections survive a short cut."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.cut_off = False
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def cut(self) -> None:
        self.cut_off = True

    def heal(self) -> None:
        self.cut_off = False

    def close(self) -> None:
        for sock in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._sockets.append(client)
            if self.cut_off:  # accepted, never answered
                threading.Thread(target=self._pump, args=(client, None), daemon=True).start()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            self._sockets.append(upstream)
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                if target is not None and not self.cut_off:
                    target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()
