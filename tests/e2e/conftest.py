"""Fixtures for the browser tests: Chromium through Playwright, and axe-core checks.

The tests drive Debian's Chromium (never a browser downloaded by Playwright)
against pytest-django's ``live_server``. Every test in this folder is marked
``e2e``, so ``pytest -m "not e2e"`` skips the browser when it is not wanted.
"""

import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine has no internet: keep Chromium from calling home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Milliseconds. A local server answers in well under a second; failing fast
# keeps a broken journey from hanging the suite for Playwright's default 30 s.
TIMEOUT_MS = 10_000
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

E2E_DIR = Path(__file__).resolve().parent


class AxeViolationWarning(UserWarning):
    """An accessibility violation of minor or moderate impact: reported, not fatal."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder (and only those) as ``e2e``."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package")
def playwright_instance() -> Iterator[Playwright]:
    """Start Playwright once for all the browser tests of this folder.

    Playwright's sync API keeps an asyncio event loop running in the main
    thread while it is started, and Django then refuses ORM calls from the
    test itself ("SynchronousOnlyOperation") unless DJANGO_ALLOW_ASYNC_UNSAFE
    is set. The variable is set only while Playwright runs: set for the whole
    session it would leak into the subprocesses of other tests, where
    ``check --deploy`` rightly reports it (async.E001). Package scope ends
    Playwright, and the variable, once the last test of this folder is done.
    """
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Launch the system Chromium once for all the browser tests of this folder."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """Give a page in a fresh browser context: no cookies, Dutch browser locale.

    Relative URLs resolve against the live server, so ``page.goto("/")`` opens
    the site root. Requesting ``live_server`` also gives the test the
    transactional database the server thread can see.
    """
    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def format_violation(violation: dict[str, Any]) -> str:
    """Describe one axe violation: rule, impact, help text and the offending nodes."""
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}"]
    lines.append(f"  {violation.get('helpUrl', '')}")
    for node in violation["nodes"]:
        target = ", ".join(str(part) for part in node["target"])
        lines.append(f"    at {target}: {node.get('html', '').strip()}")
        summary = (node.get("failureSummary") or "").strip().replace("\n", "\n      ")
        if summary:
            lines.append(f"      {summary}")
    return "\n".join(lines)


def axe_check(page: Page, *, label: str = "") -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; fail on serious or critical violations.

    Violations of lesser impact are reported as warnings. Returns all
    violations so a caller can look closer.
    """
    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    where = f"{label} ({page.url})" if label else page.url
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    for violation in violations:
        if violation not in blocking:
            warnings.warn(
                f"axe on {where}:\n{format_violation(violation)}",
                AxeViolationWarning,
                stacklevel=2,
            )
    if blocking:
        report = "\n".join(format_violation(v) for v in blocking)
        pytest.fail(
            f"{len(blocking)} serious or critical accessibility violation(s) on {where}:\n{report}"
        )
    return violations
