"""A real ``luocdo serve`` over the seeds and the corpus, and Debian's Chromium driven by
Playwright, for the browser tests of the pages (issue 12).

Chromium must be installed (``make system-deps`` does it): without it these tests fail,
they are not skipped. Every page a test opens is checked for console errors and with
axe-core (served by luocdo itself, from npm), and photographed at 1366x768 into
``out/screenshots/`` (git-ignored) for a reviewer to look at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from luocdo.cli import app
from tests.cli.stores import corpus_store
from tests.conftest import REPO

CHROMIUM = os.environ.get("LUOCDO_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = REPO / "out" / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}
AXE = "/static/luocdo/vendor/axe-core/axe.min.js"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def _serving(store: Path, *options: str) -> Iterator[str]:
    """``luocdo serve`` on ``store`` with ``options``, at its base URL until the block ends."""
    port = _free_port()
    luocdo = Path(sys.executable).parent / "luocdo"
    process = subprocess.Popen(
        [str(luocdo), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port),
         *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            _, err = process.communicate()
            pytest.fail(f"luocdo serve did not start: {err.decode(errors='replace')[-2000:]}")
        time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Iterator[str]:
    """The base URL of ``luocdo serve`` over a copy of the seeds + corpus store."""
    ingested = corpus_store(tmp_path_factory, shared_dir)
    store = tmp_path_factory.mktemp("browser") / "store"
    shutil.copytree(ingested.store, store)
    with _serving(store) as base:
        yield base


WRITE_TOKEN = "browser-test-token"


@pytest.fixture(scope="session")
def writable_server(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Iterator[str]:
    """``luocdo serve --enable-update --token WRITE_TOKEN`` over a fresh store of the two
    seeds only (small, so quick to build; uploads change it, not the shared store)."""
    store = tmp_path_factory.mktemp("browser-writable") / "store"
    result = CliRunner().invoke(app, ["ingest", str(shared_dir / "seeds"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    with _serving(store, "--enable-update", "--token", WRITE_TOKEN) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless (Playwright's own browser download is not used)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` "
                    "(apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Visit:
    """A browser page that records console errors, failed requests and requests to other
    hosts, and checks what it shows with axe-core."""

    def __init__(self, page: Any, base: str):
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.base) and not request.url.startswith("data:"):
            self.foreign.append(request.url)

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def shoot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def axe(self) -> list[str]:
        """The serious and critical findings of axe-core on the page as it is now."""
        self.page.add_script_tag(url=self.base + AXE)
        found = self.page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ["violations"]});
                const where = (v) => v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ");
                return r.violations
                    .filter(v => v.impact === "serious" || v.impact === "critical")
                    .map(v => `${v.id} (${v.impact}): ${where(v)}`);
            }""")
        return list(found)


@pytest.fixture()
def visit(browser: Any, server: str) -> Iterator[Visit]:
    """A fresh page at 1366x768, Vietnamese; after the test: no console error, nothing
    loaded from another host."""
    yield from _visiting(browser, server)


@pytest.fixture()
def writable_visit(browser: Any, writable_server: str) -> Iterator[Visit]:
    """As ``visit``, on the server that stores uploads (with the token)."""
    yield from _visiting(browser, writable_server)


def _visiting(browser: Any, server: str) -> Iterator[Visit]:
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    v = Visit(page, server)
    yield v
    context.close()
    assert not v.errors, f"console errors: {v.errors}"
    assert not v.foreign, f"requests to other hosts: {v.foreign}"
