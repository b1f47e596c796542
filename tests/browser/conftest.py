"""Browser tests: the real app served on 127.0.0.1 and a real headless Chromium (Debian's
package, driven by Playwright with executable_path; no browser download).

Without a chromium binary the tests are skipped locally and FAIL on CI (CI=true)."""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no chromium binary: .ci/run must apt-get install chromium")
        pytest.skip("no chromium binary (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


def buffered(app):
    """Read each response whole before werkzeug writes it. When Chromium aborts a fetch
    (a reload, a service worker's range request), werkzeug's dev server can skip closing a
    static file's handle, and the ResourceWarning fails a random browser test; with the body
    in memory there is no handle to leak. Responses here are small."""
    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
    return wsgi


class LiveServer:
    """The test app on a local port, in a thread; `stop()` and `start()` make the network
    really go away and come back (Chromium's offline emulation does not cover service workers)."""

    def __init__(self, app):
        self.app, self.port, self.server, self.thread = app, 0, None, None

    def start(self) -> None:
        self.server = make_server("127.0.0.1", self.port, buffered(self.app), threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


def wait_for(page, expression: str, timeout: int = 10000) -> None:
    """page.wait_for_function evaluates its predicate with eval(), which the app's CSP
    (script-src 'self') forbids; page.evaluate runs outside the page's CSP, so poll with it."""
    import time
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}; page: {page.evaluate('document.body.innerText.slice(0, 600)')!r}")
        page.wait_for_timeout(100)
