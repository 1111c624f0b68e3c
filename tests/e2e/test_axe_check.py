"""The accessibility check itself: it must fail on serious problems, and only warn on others."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .conftest import AxeViolationWarning, axe_check


@pytest.fixture
def blank_page(browser: Browser) -> Iterator[Page]:
    """Give a page without a server behind it, for content set by the test."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def test_axe_check_fails_on_serious_or_critical_violations(blank_page: Page) -> None:
    blank_page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>'
        '<main><h1>Broken</h1><img src="data:,"><button type="button"></button></main>'
        "</body></html>"
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(blank_page, label="broken page")
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "button-name (critical)" in message
    assert "broken page" in message


def test_axe_check_only_warns_about_lesser_violations(blank_page: Page) -> None:
    blank_page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>No heading</title></head><body>'
        "<main><p>A page without a level-one heading.</p></main></body></html>"
    )
    with pytest.warns(AxeViolationWarning, match="page-has-heading-one"):
        violations = axe_check(blank_page)
    assert [v["id"] for v in violations] == ["page-has-heading-one"]
