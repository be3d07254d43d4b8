"""Hearth in a subprocess under gunicorn, as the README's production section
runs it: shared by the end-to-end tests and the benchmarks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "local-test-secret"),
        "RATELIMIT_ENABLED": "false",
        "HEARTH_ENV": "test",
        **extra,
    }
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)
    return env


class ServerProcess:
    """One gunicorn process; it can be stopped, killed and started again."""

    def __init__(self, env: dict, log_path: Path, port: int | None = None, threads: int = 64,
                 worker_class: str = "gthread", workers: int = 1):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log_path = log_path
        self.threads = threads
        self.worker_class = worker_class
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def flask(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=self.env,
                                input=stdin, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def _concurrency(self) -> list[str]:
        """gthread: a thread per open connection; gevent: a greenlet each, up to
        the same number (the app must then run with HEARTH_ASYNC_MODE=gevent)."""
        if self.worker_class == "gevent":
            return ["-k", "gevent", "--worker-connections", str(self.threads)]
        return ["-k", self.worker_class, "--threads", str(self.threads)]

    def start(self) -> "ServerProcess":
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-w", str(self.workers), *self._concurrency(),
                 "-b", f"127.0.0.1:{self.port}", "--no-control-socket", "--graceful-timeout", "2", "wsgi:app"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        wait_until_up(self.url, self.process)
        return self

    def stop(self, kill: bool = False) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.kill() if kill else self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def worker_pid(self) -> int:
        """The gunicorn worker: the master's (only) child."""
        return int(Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()[0])

    def worker_rss_kib(self) -> int:
        """Resident memory of the gunicorn worker."""
        status = Path(f"/proc/{self.worker_pid()}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30.0, path: str = "/healthz") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + path, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


def prepared_server(database_url: str, directory: Path, staff: tuple[str, str], threads: int = 64,
                    worker_class: str = "gthread", **extra: str) -> ServerProcess:
    """A migrated community with the default categories and one staff account."""
    server = ServerProcess(server_env(database_url, **extra), directory / "server.log", threads=threads,
                           worker_class=worker_class)
    server.flask("setup")
    server.flask("users", "create", staff[0], "--role", "staff", "--password-stdin", stdin=staff[1] + "\n")
    return server
