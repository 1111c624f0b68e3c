"""The "Signalen wegen" page in a real browser, with and without JavaScript.

The picker filters as you type and the profile follows every change; the
page is also fully usable by keyboard, and passes axe in Dutch and English.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from meldcode.accounts import services
from meldcode.accounts.models import Role
from signals.catalogue import load
from tests.conftest import verify_session

from .conftest import TIMEOUT_MS, axe_check

CATALOGUE = load()


def log_in(page: Page, live_server: Any) -> None:
    """Give the browser a verified clinician session (the login itself is tested elsewhere)."""
    Group.objects.get_or_create(name=Role.CLINICIAN.value)
    user = services.user_create(
        email="poh@example.org",
        password="een lang en geheim wachtwoord",
        full_name="Sanne Bakker",
        profession="praktijkondersteuner",
        roles=[Role.CLINICIAN],
    )
    client = Client()
    verify_session(client, user)
    host = urlsplit(live_server.url).hostname
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )


def strong_codes() -> list[str]:
    return [s.code for s in CATALOGUE.signals if s.dimension and not s.counter]


def test_picking_signals_updates_the_profile_as_you_go(page: Page, live_server: Any) -> None:
    log_in(page, live_server)
    page.goto("/signals/weigh/")
    expect(page.locator("[data-level]")).to_have_attribute("data-level", "geen")
    axe_check(page, label="weigh, empty (nl)")

    # Filter by typing: only matching signals stay visible.
    target = next(s for s in CATALOGUE.signals if s.dimension == "exploitation" and not s.counter)
    word = max(target.label.nl.split(), key=len)
    page.locator("#id_q").fill(word)
    expect(page.locator(f"#signal-{target.code}")).to_be_visible()
    hidden = page.locator("[data-search][hidden]")
    assert hidden.count() > 0
    page.locator("#id_q").fill("")
    assert page.locator("[data-search][hidden]").count() == 0

    # Tick every signal with an ILO dimension: the profile follows without a reload.
    for code in strong_codes():
        page.locator(f"#signal-{code}").check()
    expect(page.locator("[data-level]")).to_have_attribute(
        "data-level", "sterk_vermoeden", timeout=TIMEOUT_MS
    )
    assert "/signals/weigh/" in page.url
    axe_check(page, label="weigh, strong suspicion (nl)")

    # The same in English.
    page.locator('button[name="language"][value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page, label="weigh, empty (en)")
    page.locator(f"#signal-{strong_codes()[0]}").check()
    expect(page.locator("[data-level]")).to_have_attribute("data-level", "signalen")
    axe_check(page, label="weigh, signals (en)")
    expect(page.locator(f"label[for='signal-{target.code}']")).to_contain_text(target.label.en)


def test_the_page_works_by_keyboard(page: Page, live_server: Any) -> None:
    log_in(page, live_server)
    page.goto("/signals/weigh/")
    # The skip link is the first stop and leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    first = CATALOGUE.signals[0]
    page.locator(f"#signal-{first.code}").focus()
    page.keyboard.press("Space")
    expect(page.locator(f"#signal-{first.code}")).to_be_checked()
    expect(page.locator("[data-level]")).not_to_have_attribute("data-level", "geen")


def test_without_javascript_the_buttons_do_the_work(browser: Browser, live_server: Any) -> None:
    context = browser.new_context(
        locale="nl-NL", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, live_server)
        page.goto("/signals/weigh/")
        for code in strong_codes():
            page.locator(f"#signal-{code}").check()
        page.locator('button[name="action"][value="weigh"]').click()
        expect(page.locator("[data-level]")).to_have_attribute("data-level", "sterk_vermoeden")
        # Filtering on the server keeps the choices.
        page.locator("#id_q").fill("zzzzqqq")
        page.locator('button[name="action"][value="filter"]').click()
        expect(page.locator("[data-level]")).to_have_attribute("data-level", "sterk_vermoeden")
        assert page.locator("[data-picker-group]:not([hidden])").count() == 0
        # axe itself needs JavaScript; the same page is scanned in the tests above.
    finally:
        context.close()


def test_the_page_fits_a_small_phone(page: Page, live_server: Any) -> None:
    log_in(page, live_server)
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/signals/weigh/", "/accounts/security/"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at 360 px"
