"""Driving the pages in a real browser: a live server, Debian's Chromium through Playwright.

``live_server`` serves the test ``app`` (seeded with the demo world) on a free port of 127.0.0.1;
``browser`` is one headless Chromium for the whole run (/usr/bin/chromium, installed by
``scripts/install-browser``; Playwright's own browser download does not work here); ``page`` and
``phone`` are a fresh browser context per test at 1280×800 and 390×844, in Vietnamese.
``login_as`` logs in through the real form; ``screenshot`` saves the viewport to docs/screenshots/.

Without Chromium (or the playwright package) the browser tests are skipped; with CI set they fail.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import DEMO_PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

CHROMIUM = Path("/usr/bin/chromium")
# The machine's network is closed: without these Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Screenshots of the journey show today's dates, so an ordinary run writes them to a scratch
# folder; KT_UPDATE_SCREENSHOTS=1 refreshes the committed set in docs/screenshots/.
UPDATE_SCREENSHOTS = os.environ.get("KT_UPDATE_SCREENSHOTS") == "1"
TIMEOUT_MS = 10_000


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test app served over real HTTP; yields its base URL, e.g. ``http://127.0.0.1:41234``."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def _no_browser(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason} (run scripts/install-browser)")
    pytest.skip(f"{reason}; run scripts/install-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole run."""
    if not CHROMIUM.exists():
        _no_browser(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed (pip install -e '.[test]')")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


def _page(browser: Browser, viewport: dict[str, int], **options: Any) -> Iterator[Page]:
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        device_scale_factor=1,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        color_scheme="light",
        reduced_motion="reduce",
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        tab = context.new_page()
        refused = csp_violations(tab)
        yield tab
        assert refused == [], "the Content-Security-Policy refused something the page does"
    finally:
        context.close()


def csp_violations(page: Page, found: list[str] | None = None) -> list[str]:
    """What the console reports the Content-Security-Policy refused on ``page``, as it happens
    (appended to ``found`` if given, so several pages can report to one list)."""
    found = [] if found is None else found

    def heard(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", heard)
    return found


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A tab in a fresh context (no cookies), 1280×800, Vietnamese locale and time zone."""
    yield from _page(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """The same at a phone's width: 390×844, touch."""
    yield from _page(browser, PHONE, is_mobile=True, has_touch=True)


def login_as(page: Page, live_server: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real form and wait until the browser has left the login page."""
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    if urlsplit(page.url).path == "/login":
        alert = page.get_by_role("alert")
        said = alert.inner_text() if alert.count() else "no message"
        raise AssertionError(f"{username} could not log in: {said}")


def screenshot(page: Page, name: str) -> Path:
    """Save the viewport as NAME.png (e.g. ``"02-inbox"``) and return the path.

    The file goes to docs/screenshots/ with KT_UPDATE_SCREENSHOTS=1, else to a scratch folder;
    it is rewritten only when the picture changed.
    """
    folder = SCREENSHOTS if UPDATE_SCREENSHOTS else Path(tempfile.gettempdir()) / "kt-screenshots"
    path = folder / (name if name.endswith(".png") else f"{name}.png")
    assert_styled(page)
    page.evaluate("document.fonts.ready.then(() => true)")
    png = page.screenshot(animations="disabled", caret="hide", scale="css")
    if not path.exists() or path.read_bytes() != png:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    return path


UNLOADED_STYLESHEETS = """() => [...document.querySelectorAll('link[rel=stylesheet]')]
    .filter(link => !link.sheet || link.sheet.cssRules.length === 0)
    .map(link => link.getAttribute('href'))"""


def assert_styled(page: Page) -> None:
    """Every stylesheet the page links to reached the browser (no picture of a bare page)."""
    missing = page.evaluate(UNLOADED_STYLESHEETS)
    assert not missing, f"{page.url}: the browser got no CSS from {missing}"
