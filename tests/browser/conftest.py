"""Real-browser fixtures: the app served by gunicorn, Debian's Chromium driven by Playwright.

One Chromium per test session (per xdist worker); each test gets a fresh migrated SQLite database
with the demo school, its own gunicorn on a free port and its own browser context. Browser tests run
on SQLite only: the PostgreSQL run repeats the database tests (``-m db``), not the browser.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from leergang import create_app
from leergang.db import new_session
from tests.helpers import LESSONS_DIR, migrate
from tests.served import serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    url: str
    app: object
    demo: object

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """One migrated SQLite database per test session, copied for each test."""
    path = tmp_path_factory.mktemp("live-db") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def live_app_config(tmp_path, sqlite_template, preloaded_library):
    """Settings for the served app; a test may change them before asking for ``live_server``."""
    path = tmp_path / "live.db"
    shutil.copy(sqlite_template, path)
    return {
        "TESTING": True,
        "SECRET_KEY": "browser-test-secret-key-long-enough-for-tests",
        "DATABASE_URL": f"sqlite:///{path}",
        "LESSONS_DIR": str(LESSONS_DIR),
        "PRELOADED_LIBRARIES": {str(LESSONS_DIR): preloaded_library},
        "RATELIMIT_ENABLED": True,
    }


@pytest.fixture
def live_server(live_app_config, tmp_path) -> Iterator[LiveServer]:
    """The app served by a real gunicorn on http://127.0.0.1:<free port>, for one test.

    Production's server, not Werkzeug's development server: that one drains the socket before it
    closes a response, so a browser that drops a connection (a closed tab) left the response's
    file open (``ResourceWarning: unclosed file .../logo.svg``). gunicorn closes every response.
    The demo school is seeded in this process; both processes share the SQLite file. The test
    fails when the server logged an error or an unclosed resource while it ran.
    """
    from leergang.demo import seed_demo

    app = create_app(live_app_config)
    with app.app_context(), new_session(write=True) as session:
        demo = seed_demo(session=session)
    try:
        with serve(live_app_config, tmp_path / "gunicorn.log") as server:
            yield LiveServer(server.url, app, demo)
    finally:
        app.extensions["leergang.engine"].dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one per test session (``playwright install`` cannot download here)."""
    from playwright.sync_api import expect, sync_playwright

    # Two workers share two slow cores: give assertions the same patience as actions.
    expect.set_options(timeout=10_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _new_context(browser, **options):
    context = browser.new_context(**{"viewport": VIEWPORT, "locale": "nl-NL", **options})
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def new_context(browser):
    """Make extra browser contexts (a second pupil, a teacher); closed after the test."""
    contexts = []

    def make(**options):
        context = _new_context(browser, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page at 1366×768 with JavaScript on."""
    return new_context().new_page()
