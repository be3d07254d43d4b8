"""A real Hearth server in a subprocess (gunicorn, as in production) and a real
Chromium driven by Playwright, for end-to-end tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench import harness
from bench.harness import ServerProcess

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
]
STAFF_NAME, STAFF_PASSWORD = "e2e_staff", "staff password for tests"


def prepared_server(database_url: str, directory: Path, **extra: str) -> ServerProcess:
    return harness.prepared_server(database_url, directory, (STAFF_NAME, STAFF_PASSWORD), **extra)


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
