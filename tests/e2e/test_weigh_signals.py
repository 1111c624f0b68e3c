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
from tests.helpers import verify_session

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
    """Return one signal of every indicator: enough for the ILO rule on any list."""
    seen: set[str] = set()
    codes = []
    for s in CATALOGUE.signals:
        if s.indicator and not s.counter and s.population != "minor" and s.indicator not in seen:
            seen.add(s.indicator)
            codes.append(s.code)
    return codes


def test_picking_signals_updates_the_profile_as_you_go(page: Page, live_server: Any) -> None:
    log_in(page, live_server)
    page.goto("/signals/weigh/")
    expect(page.locator("#profile [data-level]")).to_have_attribute("data-level", "geen")
    axe_check(page, label="weigh, empty (nl)")

    # Filter by typing: only matching signals stay visible.
    target = next(
        s for s in CATALOGUE.signals if s.dimension == "exploitation" and s.population == "all"
    )
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
    expect(page.locator("#profile [data-level]")).to_have_attribute(
        "data-level", "alle_elementen", timeout=TIMEOUT_MS
    )
    assert "/signals/weigh/" in page.url
    axe_check(page, label="weigh, all elements (nl)")

    # The same in English.
    page.locator('button[name="language"][value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page, label="weigh, empty (en)")
    page.locator(f"#signal-{strong_codes()[0]}").check()
    expect(page.locator("#profile [data-level]")).to_have_attribute("data-level", "signalen")
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
    expect(page.locator("#profile [data-level]")).not_to_have_attribute("data-level", "geen")


def test_without_javascript_the_buttons_do_the_work(browser: Browser, live_server: Any) -> None:
    context = browser.new_context(
        locale="nl-NL", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, live_server)
        page.goto("/signals/weigh/")
        # Without JavaScript the groups are plain <details>: open each to choose.
        for group in page.locator("details[data-picker-group]").all():
            group.locator("summary").click()
        for code in strong_codes():
            page.locator(f"#signal-{code}").check()
        page.locator('button[name="action"][value="weigh"]').click()
        expect(page.locator("#profile [data-level]")).to_have_attribute(
            "data-level", "alle_elementen"
        )
        # Filtering on the server keeps the choices.
        page.locator("#id_q").fill("zzzzqqq")
        page.locator('button[name="action"][value="filter"]').click()
        expect(page.locator("#profile [data-level]")).to_have_attribute(
            "data-level", "alle_elementen"
        )
        assert page.locator("[data-picker-group]:not([hidden])").count() == 0
        # axe itself needs JavaScript; the same page is scanned in the tests above.
    finally:
        context.close()


def test_the_page_fits_a_small_phone(page: Page, live_server: Any) -> None:
    log_in(page, live_server)
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/signals/weigh/", "/signals/weighing/", "/accounts/security/"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at 360 px"


def test_an_acute_signal_shows_the_acute_banner(page: Page, live_server: Any) -> None:
    log_in(page, live_server)
    page.goto("/signals/weigh/")
    acute = next(s for s in CATALOGUE.signals if s.acute and s.population == "all")
    expect(page.locator("[data-acute]")).to_have_count(0)
    page.locator(f"#signal-{acute.code}").check()
    banner = page.locator("#profile [data-acute]")
    expect(banner).to_be_visible()
    expect(banner.locator("a[href='tel:112']")).to_be_visible()
    expect(banner.locator("a[href='tel:08002000']")).to_be_visible()
    expect(page.locator("#profile [data-route]").first).to_have_attribute("data-route", "112")
    axe_check(page, label="weigh, acute (nl)")


def test_minor_switches_the_lists_and_the_form_of_address(page: Page, live_server: Any) -> None:
    log_in(page, live_server)
    page.goto("/signals/weigh/")
    # A labour case with questions for adults and for minors.
    signal = next(
        s
        for s in CATALOGUE.signals
        if s.dimension == "exploitation"
        and s.population == "all"
        and "arbeidsuitbuiting" in s.forms
    )
    page.locator(f"#signal-{signal.code}").check()
    profile_list = page.locator("#profile [data-list]")
    expect(profile_list).to_have_attribute("data-list", "adult_labour")
    questions = page.locator("#profile [data-questions] q")
    expect(questions.first).to_be_visible()
    adult_questions = " ".join(questions.all_inner_texts())
    assert " u " in f" {adult_questions} " or " uw " in f" {adult_questions} "
    page.locator("#id_minor").check()
    expect(profile_list).to_have_attribute("data-list", "child_labour")
    expect(questions.first).to_be_visible()
    minor_questions = " ".join(questions.all_inner_texts())
    assert minor_questions != adult_questions
    words = {w.strip("?,.").lower() for w in minor_questions.split()}
    assert not words & {"u", "uw"}
    assert words & {"je", "jij", "jou", "jouw"}
    axe_check(page, label="weigh, minor (nl)")


def test_on_a_phone_the_summary_stays_in_view(page: Page, live_server: Any) -> None:
    log_in(page, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/signals/weigh/")
    summary = page.locator("[data-profile-summary] .summary")
    expect(summary).to_be_visible()
    # The groups start closed on a phone, with their counts in view.
    groups = page.locator("details[data-picker-group]")
    assert all(not g.evaluate("d => d.open") for g in groups.all())
    last_group = groups.last
    last_group.locator("summary").click()
    last_type = CATALOGUE.signals[-1].type
    deep_signal = [
        s
        for s in CATALOGUE.signals
        if s.type == last_type and not s.counter and s.population != "minor"
    ][-1]
    deep = last_group.locator(f"#signal-{deep_signal.code}")
    deep.scroll_into_view_if_needed()
    deep.check()
    expect(summary).to_have_attribute("data-level", "signalen", timeout=TIMEOUT_MS)
    box = summary.bounding_box()
    assert box is not None
    assert box["y"] >= 0, "summary above the view"
    assert box["y"] + box["height"] <= 844, "summary below the view"
    # The filter is at hand too.
    filter_box = page.locator("#id_q").bounding_box()
    assert filter_box is not None
    assert 0 <= filter_box["y"] <= 844
    expect(last_group.locator("[data-picker-count]")).to_contain_text("1 ")
    # Closing the group keeps the choice.
    last_group.locator("summary").click()
    assert deep.is_checked()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    axe_check(page, label="weigh, phone (nl)")
