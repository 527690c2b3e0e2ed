"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Every page a test opens is watched: a console error or a Content-Security-Policy violation fails
the test, naming the page. `check_accessibility` injects axe-core (installed from the npm registry
by `make install-dev`) and fails on serious or critical violations. Screenshots go to screenshots/.
"""

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from pytest_django.live_server_helper import LiveServer

from officers.models import Officer
from officers.tests.factories import UserFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory and every request thread shares the test's one
    connection to it. A browser sends requests in parallel (an autocomplete lookup while a page
    saves, every request writing its session), and two transactions interleaved on one connection
    fail with "database table is locked". Connections are still accepted on threads, so an idle
    connection the browser opened ahead of time never holds the others up; only the application
    itself runs one request at a time.
    """

    def set_app(self, application) -> None:
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)

    def _close_connections(self) -> None:
        # Django never closes an in-memory database (closing would drop it), so closing here would
        # only check thread sharing, and fail for a request still finishing after the test ended.
        pass


@pytest.fixture
def live_server(request) -> Iterator[LiveServer]:
    """pytest-django's live server, serialised when it shares an in-memory SQLite connection."""
    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    if server.thread.connections_override:
        server.thread.server_class = OneRequestAtATimeServer
    server.start()
    yield server
    server.stop()


@pytest.fixture
def staff_without_second_factor(settings):
    # The admin asks staff for a one-time password when this is on; enrolling a device is the
    # accounts tests' business, not a journey's.
    settings.STAFF_REQUIRE_OTP = False


@pytest.fixture
def ratha():
    """The seeded programme, with Chhy Ratha given a login (password: steps.PASSWORD)."""
    call_command("seed_programme", verbosity=0)
    officer = Officer.objects.get(slug="chhy-ratha")
    officer.user = UserFactory(username="ratha@example.org")
    officer.save()
    return officer


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems:
    """Console errors and CSP violations seen on a page, with the URL they happened on."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def watch(self, page) -> None:
        def on_console(message) -> None:
            # A page's own error status (an expected 404) is the test's to assert; only what the
            # page itself fails to load or run counts as a problem here.
            if message.type != "error":
                return
            own_status = message.text.startswith("Failed to load resource") and message.location.get("url") == page.url
            if not own_status:
                self.items.append(f"{page.url}: console: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.items.append(f"{page.url}: script error: {error}"))

    def assert_none(self) -> None:
        assert not self.items, "Problems in the browser:\n" + "\n".join(self.items)


@pytest.fixture
def new_page(browser, live_server) -> Iterator:
    """Open a fresh browser context (its own cookies) at a viewport; checks it for problems at the end."""
    contexts, problems = [], PageProblems()

    def open_page(viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        problems.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    problems.assert_none()


def check_accessibility(page) -> None:
    """Fail on axe-core violations of serious or critical impact, listing each with its nodes."""
    assert AXE_SCRIPT.exists(), "axe-core is missing: run `make install-dev` (it needs npm)"
    # Evaluated through the DevTools protocol, not a <script> tag, so the page's CSP stays strict.
    page.evaluate(AXE_SCRIPT.read_text())
    # No preload: axe would copy the admin's imported stylesheets into <style> elements, which the
    # page's Content-Security-Policy (rightly) refuses.
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations'], preload: false})")
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at " + ", ".join(n["target"][0] for n in v["nodes"][:5])
        for v in serious
    ]
    assert not serious, f"Accessibility violations on {page.url}:\n" + "\n".join(described)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"]
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    page.screenshot(path=str(SCREENSHOTS / f"{safe}-{width}.png"), full_page=True)


def audit(page, name: str, *, after_message: bool = False) -> list[str]:
    """Check the page with axe and keep its screenshot as `name`; returns what went wrong, so that a
    test can check every page before it fails and list each one with a problem.

    After an action the page is reloaded first, so that what is audited is the page's own markup, not
    the site-wide list of one-off messages (includes/_messages.html).
    """
    if after_message:
        page.reload()
    problems = []
    try:
        check_accessibility(page)
    except AssertionError as error:
        problems.append(f"{name}: {error}")
    screenshot(page, name)
    return problems
