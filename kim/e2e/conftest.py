"""Fixtures for the browser tests.

One Chromium (Debian's, /usr/bin/chromium) per session, a fresh browser context
per page so sessions never leak between users, pytest-django's `live_server`
with a transactional database. Every test in this folder carries the `browser`
marker, so `pytest -m "not browser"` leaves them out and `pytest -m browser`
runs them.
"""

import os
from pathlib import Path

import pytest

from kim.e2e.helpers import PageChecks, watch
from kim.testing.factories import build_world

CHROMIUM = Path(os.environ.get("KIM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker must be on the items before `-m` deselects by it.
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def chromium():
    """The session's browser; skipped without Chromium, a failure with KIM_REQUIRE_ALL=1."""
    if not CHROMIUM.exists():
        reason = f"Browser-Tests übersprungen: kein Chromium unter {CHROMIUM} (Debian: apt-get install chromium)."
        if os.environ.get("KIM_REQUIRE_ALL") == "1":
            pytest.fail(f"{reason} KIM_REQUIRE_ALL=1 verlangt alle Läufe.", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(chromium, live_server):
    """A factory: each call opens a page in a new browser context (own cookies)."""
    contexts = []

    def open_page():
        context = chromium.new_context(
            base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_page):
    return new_page()


@pytest.fixture
def world(live_server, django_db_serialized_rollback):
    """The fixed cast, in the live server's database.

    The live server needs a transactional database, which is emptied after each
    test; serialized rollback brings back what migrations seeded (the roles).
    """
    return build_world()


@pytest.fixture
def check(request):
    """`check(page, "Seitenname")` on every page; findings fail the test at its end.

    Tests call `check.assert_clean()` last; this teardown catches a forgotten
    call, and stays quiet when the test failed anyway.
    """
    checks = PageChecks()
    yield checks
    if not getattr(request.node, "call_failed", True):
        checks.assert_clean()


@pytest.fixture(scope="session")
def date_keys(chromium):
    """Digits to type a date into an <input type=date>, in the order this browser's field wants.

    The field follows the browser's own locale (TT.MM.JJJJ with German language
    packs, MM/DD/YYYY with Debian's bare chromium), so learn it once by typing.
    """
    context = chromium.new_context()
    probe = context.new_page()
    probe.set_content('<input type="date" id="d">')
    probe.focus("#d")
    probe.keyboard.type("01022003")
    day_first = probe.input_value("#d") == "2003-02-01"
    context.close()

    def keys(value) -> str:
        return value.strftime("%d%m%Y" if day_first else "%m%d%Y")

    return keys
