"""A real Hearth server in a subprocess (gunicorn, as in production) and a real
Chromium driven by Playwright, for end-to-end tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
]
STAFF_NAME, STAFF_PASSWORD = "e2e_staff", "staff password for tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """Hearth under gunicorn in a subprocess, as the README's production
    section runs it; it can be stopped, killed and started again."""

    def __init__(self, env: dict, log_path: Path, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def flask(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=self.env,
                                input=stdin, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self) -> "ServerProcess":
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "--threads", "64", "-b", f"127.0.0.1:{self.port}",
             "--no-control-socket", "--graceful-timeout", "2", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        _wait_until_up(self.url, self.process)
        return self

    def stop(self, kill: bool = False) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


def server_env(database_url: str, **extra: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "live-server-test-secret",
        "RATELIMIT_ENABLED": "false",
        "HEARTH_ENV": "test",
        **extra,
    }
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)
    return env


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


def prepared_server(database_url: str, directory: Path, **extra: str) -> ServerProcess:
    """A migrated community with the default categories and one staff account."""
    server = ServerProcess(server_env(database_url, **extra), directory / "server.log")
    server.flask("setup")
    server.flask("users", "create", STAFF_NAME, "--role", "staff", "--password-stdin", stdin=STAFF_PASSWORD + "\n")
    return server


@pytest.fixture(scope="session")
def live_server(database_factory, tmp_path_factory):
    server = prepared_server(database_factory.new_url(), tmp_path_factory.mktemp("live"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it with 'apt-get install -y chromium'.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open fresh browser pages (each its own session) that record console
    errors and any request leaving the server's origin."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.console_errors = []
        page.foreign_requests = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("request", lambda request: (not request.url.startswith(live_server.url)
                                            and not request.url.startswith("data:")
                                            and page.foreign_requests.append(request.url)))
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()
