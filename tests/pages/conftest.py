"""Fixtures for the pages: the demo alliance on a fresh data folder with page logins, served
through the Flask test client (fast tests) or by a real server on a loopback port to Debian's
chromium driven by Playwright (browser tests; one server and one browser for the session)."""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from exhibitions import create_app
from exhibitions.accounts import auth
from exhibitions.migrate import upgrade
from exhibitions.ops.demo import load_demo
from exhibitions.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "a long enough password"
CURATOR = "curator@alliance.example"
ADMIN = "admin@alliance.example"
NMC_CONTRIBUTOR = "registrar@nmc.example"
RUNDALE_CONTRIBUTOR = "registrar@rundale.example"
DEMO_EXHIBITION = "threads-of-the-silk-road"
# A tenth of the demo's size keeps the session fast; the largest images still span several tiles.
LIVE_IMAGE_SCALE = 0.1


def build_site(data_dir: Path, image_scale: float):
    """An app over data_dir with the demo loaded and one login per role."""
    settings = Settings(data_dir=data_dir, secret_key="pages-test-secret", sync_on_start=False,
                        max_upload_bytes=20_000_000, task_queue_url="immediate")
    data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.sqlalchemy_url)
    app = create_app(settings)
    platform = app.extensions["caravanserai"]
    load_demo(platform, image_scale=image_scale, echo=lambda *_: None)
    with platform.db.transaction() as session:
        auth.create_account(session, CURATOR, PASSWORD, "curator")
        auth.create_account(session, ADMIN, PASSWORD, "admin")
        auth.create_account(session, NMC_CONTRIBUTOR, PASSWORD, "contributor", "nmc")
        auth.create_account(session, RUNDALE_CONTRIBUTOR, PASSWORD, "contributor", "rundale")
    return app


# ---------------------------------------------------------------- test client (fast)


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    app = build_site(tmp_path_factory.mktemp("pages-client"), image_scale=0.03)
    app.testing = True
    yield app
    assert app.extensions["caravanserai"].tasks.wait_idle(timeout=60)
    app.extensions["caravanserai"].db.engine.dispose()


@pytest.fixture
def client(demo_app):
    return demo_app.test_client()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def log_in(client, email: str, password: str = PASSWORD):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


# ---------------------------------------------------------------- real server and browser


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The demo site that live_site serves (for tests that set up what the browser then sees)."""
    app = build_site(tmp_path_factory.mktemp("pages-live"), image_scale=LIVE_IMAGE_SCALE)
    yield app
    assert app.extensions["caravanserai"].tasks.wait_idle(timeout=60)
    app.extensions["caravanserai"].db.engine.dispose()


@contextmanager
def serving(app) -> Iterator[str]:
    """app served on 127.0.0.1 by a threaded server on a free port; yields its base URL."""
    for noisy in ("werkzeug", "caravanserai.requests"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextmanager
def demo_in_chromium(image_scale: float) -> Iterator[tuple]:
    """The demo built in a temporary folder, served, and a chromium to look at it: (app, base URL,
    browser), for the screenshot scripts."""
    from playwright.sync_api import sync_playwright

    # A background job may still be writing in the folder as it goes: its removal may not fail the run.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as data:
        app = build_site(Path(data), image_scale=image_scale)
        try:
            with serving(app) as base, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                yield app, base, browser
                browser.close()
        finally:
            app.extensions["caravanserai"].db.engine.dispose()


@pytest.fixture(scope="session")
def live_site(live_app):
    """The demo served on 127.0.0.1 by a threaded server; yields its base URL."""
    with serving(live_app) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"the browser tests need Debian's chromium at {CHROMIUM} (scripts/system-packages.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not (REPO / "exhibitions" / "static" / "vendor" / "openseadragon" / "openseadragon.js").exists():
        pytest.fail("the viewer files are missing: run scripts/assets.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems:
    """What a page reported that a reader would suffer from: CSP refusals, script errors."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("console", lambda message: self._console(message))
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))
        page.on("dialog", lambda dialog: (self.messages.append(f"dialog: {dialog.message}"), dialog.dismiss()))

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.messages.append(f"console {message.type}: {message.text}")


@contextmanager
def fresh_page(browser, live_site, width=1280, height=900, timeout=30_000, **context_options):
    """A page of a new browser context on live_site, width × height, with Playwright's other context
    options (is_mobile, has_touch, java_script_enabled, locale…); what it suffers is kept in
    page.problems. Its context is closed on leaving. Every wait ends on a condition; the timeout
    (Playwright's own 30 s by default) only says how soon a failure is told, on a busy machine too."""
    context = browser.new_context(base_url=live_site, viewport={"width": width, "height": height}, **context_options)
    try:
        page = context.new_page()
        page.set_default_timeout(timeout)
        page.problems = PageProblems(page)
        yield page
    finally:
        context.close()


@pytest.fixture
def open_page(browser, live_site):
    """open_page(width, height, timeout=…, **context_options): a fresh_page, as many as a test needs
    (a reader and an owner each in their own context); all of them closed after the test."""
    with ExitStack() as opened:
        yield lambda *size, **options: opened.enter_context(fresh_page(browser, live_site, *size, **options))


@pytest.fixture
def page(open_page):
    return open_page()


def screenshot(page, name: str, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def browser_login(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.form button[type=submit]")
    # Logged in once the answer has led away from the form (a wrong password stays on it).
    page.wait_for_url(lambda url: urlsplit(url).path != "/login")
