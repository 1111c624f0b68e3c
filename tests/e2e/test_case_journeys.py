"""The three demo cases worked through in a real browser, by mouse and by keyboard only.

Each journey runs twice: once with mouse clicks, in Dutch on a desktop
screen, and once with the keyboard only (Tab and Shift+Tab to move, the
arrow keys in radio groups and closed selects, Space, Enter and typing; no
clicks) on a 390 px wide phone, where the clinician first switches to
English with the language switch. axe-core checks every kind of page on the
way, and on the phone no page may scroll sideways. A last test opens every
kind of case page on the phone in both languages.

- MW-DEMO-3 (V&VN, in progress) is finished out of order (steps 4, 3, 5 by
  mouse; 3, 4, 5 by keyboard), then resumed after logging out and logging in
  again in a fresh browser: all steps complete, the decision "hulp", its path
  drawn, and the route of an adult outside the domestic circle.
- MW-DEMO-2 (KNMG) leaves through the acute exit from step 2 or 3 and ends in
  "melden" together with Veilig Thuis, with Veilig Thuis (acute unsafety) or
  112 (direct danger) first and the skipped steps on record.
- MW-DEMO-1 (KNMG, decided) is changed after its decision and decided again:
  still "melden", with a longer timeline.

Elements are found by id, name, value and data attributes, never by their
visible text, which is translated.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from meldcode.accounts import services
from meldcode.accounts.models import Role, User
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.cases.presentation import STEP_NAMES
from meldcode.cases.steps import STEPS
from meldcode.management.commands.demo import DEMO_ACCOUNTS
from tests.helpers import verify_session

from .conftest import TIMEOUT_MS, axe_check

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
MODES = ("mouse", "keyboard")
# By mouse in Dutch (the default) on a desktop; by keyboard in English on a phone.
LANGUAGE = {"mouse": "nl", "keyboard": "en"}
VIEWPORT = {"mouse": DESKTOP, "keyboard": PHONE}
# More Tab presses than any case page has stops.
TAB_LIMIT = 250


# --- Setting up -------------------------------------------------------------


def demo_users() -> dict[str, User]:
    """Create the huisarts and the verpleegkundige of the demo, then the three demo cases.

    Transactional tests flush the database, so the role group made by the data
    migration may be gone. No password: the tests log in with a session.
    """
    Group.objects.get_or_create(name=Role.CLINICIAN.value)
    users = {
        account.profession: services.user_create(
            email=account.email,
            password=None,
            full_name=account.full_name,
            profession=account.profession,
            roles=[Role.CLINICIAN],
        )
        for account in DEMO_ACCOUNTS[:2]
    }
    assert set(users) == {"huisarts", "verpleegkundige"}
    created = demo_cases_ensure(owners=[users["huisarts"], users["verpleegkundige"]])
    assert created == ["MW-DEMO-1", "MW-DEMO-2", "MW-DEMO-3"]
    return users


def new_session(user: User) -> str:
    """Return the key of a new verified session of ``user``: a fresh login."""
    client = Client()
    verify_session(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@contextmanager
def browser_page(
    browser: Browser,
    live_server: Any,
    user: User,
    *,
    viewport: ViewportSize,
    language: str | None = None,
) -> Iterator[Page]:
    """Open a page in a fresh browser context, logged in as ``user`` with a new session.

    The browser is Dutch; ``language`` sets the language cookie, as the
    language switch does.
    """
    context = browser.new_context(locale="nl-NL", base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    host = urlsplit(live_server.url).hostname or "localhost"
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": new_session(user),
                "domain": host,
                "path": "/",
            }
        ]
    )
    if language is not None:
        context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "domain": host,
                    "path": "/",
                }
            ]
        )
    try:
        yield context.new_page()
    finally:
        context.close()


# --- Driving the page by mouse or by keyboard ----------------------------------


def has_focus(target: Locator) -> bool:
    """Tell whether the focus is on (one of) the elements of ``target``."""
    return bool(target.evaluate_all("els => els.includes(document.activeElement)"))


class Hand:
    """Work a page with the mouse (clicks) or with the keyboard only.

    The keyboard hand finds an element by pressing Tab (or Shift+Tab) until
    it has the focus, as a keyboard user would, and never clicks.
    """

    def __init__(self, page: Page, mode: str) -> None:
        """Drive ``page`` in ``mode``: "mouse" or "keyboard"."""
        assert mode in MODES
        self.page = page
        self.keyboard = mode == "keyboard"
        self.language = LANGUAGE[mode]

    def tab_to(self, target: Locator, *, back: bool = False) -> None:
        """Press Tab (Shift+Tab with ``back``) until ``target`` has the focus."""
        key = "Shift+Tab" if back else "Tab"
        for _press in range(TAB_LIMIT):
            if has_focus(target):
                return
            self.page.keyboard.press(key)
        expect(target.first).to_be_focused(timeout=1)

    def follow(self, target: Locator, *, back: bool = False) -> None:
        """Activate a link or a submit button, and wait for the page it leads to."""
        with self.page.expect_navigation():
            if self.keyboard:
                self.tab_to(target, back=back)
                self.page.keyboard.press("Enter")
            else:
                target.click()

    def use_language(self) -> None:
        """Switch the page to the journey's language with the language switch, if needed."""
        html = self.page.locator("html")
        if html.get_attribute("lang") != self.language:
            self.follow(self.page.locator(f'button[name="language"][value="{self.language}"]'))
        expect(html).to_have_attribute("lang", self.language)

    def tick(self, box: Locator) -> None:
        """Tick a checkbox."""
        if self.keyboard:
            self.tab_to(box)
            self.page.keyboard.press("Space")
        else:
            box.click()
        expect(box).to_be_checked()

    def choose(self, radio: Locator) -> None:
        """Choose a radio button: by keyboard, Tab into its group, then the arrow keys."""
        if self.keyboard:
            name = radio.get_attribute("name")
            group = self.page.locator(f'input[type="radio"][name="{name}"]')
            self.tab_to(group)
            for _press in range(group.count() + 1):
                if radio.is_checked():
                    break
                # Tab lands on the first radio of a group with none chosen.
                self.page.keyboard.press("Space" if has_focus(radio) else "ArrowDown")
        else:
            self.page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
        expect(radio).to_be_checked()

    def pick(self, select: Locator, value: str) -> None:
        """Choose an option of a select: by keyboard, the arrow keys on the closed select."""
        if self.keyboard:
            self.tab_to(select)
            for _press in range(select.locator("option").count()):
                if select.input_value() == value:
                    break
                self.page.keyboard.press("ArrowDown")
        else:
            select.select_option(value)
        expect(select).to_have_value(value)

    def write(self, field: Locator, text: str, *, append: bool = False, back: bool = False) -> None:
        """Type ``text`` into a text field, replacing what is there (or after it)."""
        if self.keyboard:
            self.tab_to(field, back=back)
            self.page.keyboard.press("ControlOrMeta+End" if append else "ControlOrMeta+A")
            self.page.keyboard.type(text)
        else:
            field.click()
            if append:
                field.press("ControlOrMeta+End")
                field.press_sequentially(text)
            else:
                field.fill(text)

    def write_date(self, field: Locator, day: date) -> None:
        """Enter a date; by keyboard, typed into the browser's date field."""
        assert day.day == day.month, "day and month alike, whatever order the browser asks"
        if self.keyboard:
            self.tab_to(field)
            self.page.keyboard.type(day.strftime("%m%d%Y"))
        else:
            field.fill(day.isoformat())
        expect(field).to_have_value(day.isoformat())


# --- Checks -------------------------------------------------------------------


OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
}"""


def check_page(page: Page, label: str) -> None:
    """Check the page's language, run axe, and on a phone check that nothing scrolls sideways."""
    lang = page.evaluate("document.documentElement.lang")
    chosen = [
        c["value"] for c in page.context.cookies() if c["name"] == settings.LANGUAGE_COOKIE_NAME
    ] or [settings.LANGUAGE_CODE]
    assert [lang] == chosen, f"{label} is in {lang!r}, not in the language chosen, {chosen}"
    viewport = page.viewport_size
    assert viewport is not None
    where = f"{label} ({lang}, {viewport['width']} px)"
    if viewport["width"] <= PHONE["width"]:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{where} scrolls sideways: {page.evaluate(OVERFLOWING)}"
    axe_check(page, label=where)


def url_path(page: Page) -> str:
    """Return the path of the page's URL."""
    return urlsplit(page.url).path


def summary_path(reference: str) -> str:
    """Return the path of a case's summary."""
    return reverse("cases:summary", kwargs={"reference": reference})


def step_path(reference: str, step: str) -> str:
    """Return the path of one step of a case."""
    return reverse("cases:step", kwargs={"reference": reference, "step": step})


def expect_taken(page: Page, taken: set[str]) -> None:
    """Check that the flowchart marks exactly the boxes ``taken``."""
    flowchart = page.locator("[data-flowchart]")
    expect(flowchart).to_be_visible()
    marked = {
        node.get_attribute("data-node")
        for node in flowchart.locator("[data-node][data-taken]").all()
    }
    assert marked == taken


def saved(page: Page) -> None:
    """Check that the last save was accepted: a message, and no error summary."""
    expect(page.locator(".messages .message--success")).to_be_visible()
    expect(page.locator("#step-errors")).to_have_count(0)


def answer(hand: Hand, page: Page, question: int, yes: bool) -> None:
    """Answer one afwegingsvraag of step 5 and save to see where it leads."""
    hand.choose(page.locator(f"#id_q{question}_{0 if yes else 1}"))
    hand.follow(page.locator('[aria-labelledby="afweging-title"] button[name="nav"]'))
    saved(page)
    expect(page.locator(f"#id_q{question}_{0 if yes else 1}")).to_be_checked()


def progress_link(page: Page, step: str) -> Locator:
    """Return the link or button of ``step`` in the progress list."""
    return page.locator(f'.progress [data-step="{step}"] .progress__link')


def some_day(months_ahead: int = 0) -> date:
    """Return a date whose day equals its month, about ``months_ahead`` months from now."""
    today = timezone.localdate()
    month = (today.month - 1 + months_ahead) % 12 + 1
    year = today.year + (today.month - 1 + months_ahead) // 12
    return date(year, month, month)


def case_routes(page: Page) -> list[str]:
    """Return the codes of the case's own "whom to contact" list, in order."""
    routes = page.locator('section[aria-labelledby="route-title"] [data-route]')
    expect(routes.first).to_be_visible()
    return [str(code) for code in routes.evaluate_all("els => els.map(e => e.dataset.route)")]


def timeline_length(page: Page) -> int:
    """Return the number of entries on the case's timeline."""
    return page.locator("ol.timeline > li").count()


# --- The journeys -------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_demo_3_out_of_order_and_resumed_on_a_fresh_login(
    browser: Browser, live_server: Any, mode: str
) -> None:
    users = demo_users()
    nurse = users["verpleegkundige"]
    reference = "MW-DEMO-3"
    with browser_page(browser, live_server, nurse, viewport=VIEWPORT[mode]) as page:
        hand = Hand(page, mode)
        page.goto(reverse("cases:list"))
        check_page(page, "case list")
        if hand.keyboard:
            hand.use_language()
            check_page(page, "case list")
        hand.follow(page.locator(f'tr[data-reference="{reference}"] a'))
        assert url_path(page) == summary_path(reference)
        expect(page.locator("[data-decision]")).to_have_attribute("data-decision", "onvolledig")
        check_page(page, "summary, in progress")

        if mode == "mouse":
            # Step 4 first, then 3, each left through the progress list (which saves).
            hand.follow(progress_link(page, "wegen"))
            assert url_path(page) == step_path(reference, "wegen")
            check_page(page, "step 4")
            hand.tick(page.locator('input[name="acute_items"][value="mensenhandel"]'))
            hand.tick(page.locator('input[name="structural_items"][value="afhankelijk"]'))
            hand.write(page.locator("#id_weighing"), "Structurele afhankelijkheid door schuld.")
            hand.follow(page.locator('.wizard__side button[name="nav"][value="gesprek"]'))
            assert url_path(page) == step_path(reference, "gesprek")
            saved(page)
            check_page(page, "step 3")
        else:
            # Step 3 first, then 4 and 5 with "save and continue".
            hand.follow(progress_link(page, "gesprek"))
            assert url_path(page) == step_path(reference, "gesprek")
            check_page(page, "step 3")
        hand.choose(page.locator('input[name="status"][value="overgeslagen"]'))
        hand.pick(page.locator("#id_skip_ground"), "risico_patient")
        hand.write(
            page.locator("#id_skip_explanation"),
            "De 'schuldeiser' leest zijn telefoon mee; een gesprek nu brengt hem in gevaar.",
        )
        hand.write_date(page.locator("#id_next_attempt"), some_day(1))
        if mode == "mouse":
            hand.follow(page.locator('.wizard__side button[name="nav"][value="beslissen"]'))
        else:
            hand.follow(page.locator('.wizard__actions button[name="nav"][value="next"]'))
            assert url_path(page) == step_path(reference, "wegen")
            saved(page)
            check_page(page, "step 4")
            hand.tick(page.locator('input[name="acute_items"][value="mensenhandel"]'))
            hand.tick(page.locator('input[name="structural_items"][value="afhankelijk"]'))
            hand.write(page.locator("#id_weighing"), "Structural dependence through a debt.")
            hand.follow(page.locator('.wizard__actions button[name="nav"][value="next"]'))
        assert url_path(page) == step_path(reference, "beslissen")
        saved(page)
        check_page(page, "step 5, no answers")

        # One question at a time: yes, no, yes, yes leads to help.
        for question, yes in ((1, True), (2, False), (3, True), (4, True)):
            expect(page.locator(f"#id_q{question + 1}_0")).to_have_count(0)
            answer(hand, page, question, yes)
        expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "hulp")
        expect(page.locator("[data-together]")).to_have_count(0)
        check_page(page, "step 5, help")
        hand.write(page.locator("#id_help_what"), "Schuldhulp en begeleiding door het wijkteam.")
        hand.write(page.locator("#id_help_by"), "wijkteam Zuilen")
        if mode == "keyboard":
            # Enter in a field saves and stays on the step (never the acute exit).
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert url_path(page) == step_path(reference, "beslissen")
            saved(page)
            expect(page.locator("#id_help_by")).to_have_value("wijkteam Zuilen")
        hand.write_date(page.locator("#id_help_evaluation"), some_day(2))
        # The reasons are above the help: by keyboard, Shift+Tab back up to them.
        reasons = "Vermoeden van criminele uitbuiting; hulp is mogelijk en aanvaard."
        hand.write(page.locator("#id_reasons"), reasons, back=True)
        hand.follow(page.locator('.wizard__actions button[name="nav"][value="next"]'))
        assert url_path(page) == summary_path(reference)
        expect(page.locator("[data-decision]")).to_have_attribute("data-decision", "hulp")

        # Log out; the old session opens nothing any more.
        hand.follow(page.locator(f'form[action="{reverse("accounts:logout")}"] button'))
        login = reverse(settings.LOGIN_URL)
        assert url_path(page) == login
        page.goto(summary_path(reference))
        assert url_path(page) == login

    # Log in again, in a fresh browser: everything is still there.
    with browser_page(browser, live_server, nurse, viewport=VIEWPORT[mode]) as page:
        hand = Hand(page, mode)
        page.goto(summary_path(reference))
        hand.use_language()
        progress = page.locator(".progress [data-step]")
        expect(progress).to_have_count(len(STEPS))
        for item in progress.all():
            expect(item).to_have_attribute("data-complete", "true")
        decision = page.locator("[data-decision]")
        expect(decision).to_have_attribute("data-decision", "hulp")
        expect_taken(page, {"q1", "q2", "q3", "q4", "hulp"})
        expect(page.locator('[data-edge="q4-hulp"]')).to_have_attribute("data-taken", "true")
        # An adult outside the domestic circle: the zorgcoördinator first, Veilig Thuis
        # for advice, the police; the debt to the employer adds the Arbeidsinspectie.
        assert case_routes(page) == [
            "zorgcoordinator",
            "veilig_thuis",
            "politie",
            "arbeidsinspectie",
        ]
        check_page(page, "summary, help")
        before = timeline_length(page)
        hand.follow(page.locator(f'form[action$="{reference}/finish/"] button'))
        expect(page.locator("[data-finished]")).to_be_visible()
        expect(decision).to_have_attribute("data-decision", "hulp")
        assert timeline_length(page) == before + 1

    case = Case.objects.get(reference=reference)
    assert case.decision == "hulp"
    assert case.hulp
    assert not case.gemeld
    assert case.record["gesprek"]["skip_ground"] == "risico_patient"
    assert case.record["wegen"]["acute_items"] == ["mensenhandel"]
    assert case.record["beslissen"]["reasons"] == reasons


@pytest.mark.parametrize("mode", MODES)
def test_demo_2_through_the_acute_exit(browser: Browser, live_server: Any, mode: str) -> None:
    users = demo_users()
    reference = "MW-DEMO-2"
    # An adult who needs shelter, in labour exploitation: the zorgcoördinator,
    # CoMensha, the police and the Arbeidsinspectie. By mouse acute unsafety puts
    # Veilig Thuis first (a melding by phone today); by keyboard direct danger puts
    # 112 first, then Veilig Thuis.
    others = ["zorgcoordinator", "comensha", "politie", "arbeidsinspectie"]
    kind, routes = (
        ("acute_onveiligheid", ["veilig_thuis", *others])
        if mode == "mouse"
        else ("direct_gevaar", ["112", "veilig_thuis", *others])
    )
    start = "consultatie" if mode == "mouse" else "gesprek"
    with browser_page(browser, live_server, users["huisarts"], viewport=VIEWPORT[mode]) as page:
        hand = Hand(page, mode)
        page.goto(summary_path(reference))
        hand.use_language()
        expect(page.locator("[data-acute-kind]")).to_be_visible()
        check_page(page, "summary, acute exit taken")
        hand.follow(progress_link(page, start))
        assert url_path(page) == step_path(reference, start)
        check_page(page, f"step {STEPS.index(start) + 1}")

        hand.follow(page.locator("[data-acute-exit]"))
        assert url_path(page) == reverse("cases:acute", kwargs={"reference": reference})
        check_page(page, "acute exit")
        expect(page.locator('a[href="tel:112"]').first).to_be_visible()
        expect(page.locator('a[href="tel:08002000"]').first).to_be_visible()
        hand.choose(page.locator(f'input[name="kind"][value="{kind}"]'))
        hand.write(
            page.locator("#id_reason"),
            "Mag het terrein niet af; de voorman dreigt hem vanavond op te halen.",
        )
        hand.follow(page.locator('form:has(#id_reason) button[type="submit"]'))
        assert url_path(page) == step_path(reference, "beslissen")
        expect(page.locator("[data-melding-ready]")).to_have_attribute("data-melding-ready", "true")

        answer(hand, page, 1, True)
        answer(hand, page, 2, True)
        expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "melden")
        expect(page.locator("[data-together]")).to_be_visible()
        expect(page.locator("#id_q3_0")).to_have_count(0)
        assert case_routes(page) == routes
        check_page(page, "step 5, melden")
        hand.write(page.locator("#id_reasons"), "Acute onveiligheid: arbeidsuitbuiting.")
        hand.pick(page.locator("#id_informed"), "ja")
        hand.write(page.locator("#id_informed_who"), "de patiënt, met een tolk aan de telefoon")
        hand.write_date(page.locator("#id_melding_date"), some_day())
        hand.follow(page.locator('.wizard__actions button[name="nav"][value="next"]'))
        assert url_path(page) == summary_path(reference)
        saved(page)

        decision = page.locator("[data-decision]")
        expect(decision).to_have_attribute("data-decision", "melden")
        expect(page.locator("[data-finished]")).to_have_count(0)
        hand.follow(page.locator(f'form[action$="{reference}/finish/"] button'))
        expect(page.locator("[data-finished]")).to_be_visible()
        expect(decision).to_have_attribute("data-decision", "melden")
        expect_taken(page, {"q1", "q2", "melden_2"})
        acute = page.locator("[data-acute-kind]")
        expect(acute).to_have_attribute("data-acute-kind", kind)
        # Step 1 was complete when the exit was first taken; steps 2-4 were skipped.
        for step in ("consultatie", "gesprek", "wegen"):
            expect(acute).to_contain_text(STEP_NAMES[step][0])
        expect(acute).not_to_contain_text(STEP_NAMES["signalen"][0])
        assert case_routes(page) == routes
        check_page(page, "summary, melden (acute)")

    case = Case.objects.get(reference=reference)
    assert case.decision == "melden"
    assert case.acute
    assert case.gemeld
    assert case.record["acuut"]["kind"] == kind
    assert case.record["acuut"]["skipped"] == ["consultatie", "gesprek", "wegen"]


@pytest.mark.parametrize("mode", MODES)
def test_demo_1_changed_after_its_decision(browser: Browser, live_server: Any, mode: str) -> None:
    users = demo_users()
    reference = "MW-DEMO-1"
    step, field = ("wegen", "#id_weighing") if mode == "mouse" else ("gesprek", "#id_reaction")
    with browser_page(browser, live_server, users["huisarts"], viewport=VIEWPORT[mode]) as page:
        hand = Hand(page, mode)
        page.goto(summary_path(reference))
        hand.use_language()
        decision = page.locator("[data-decision]")
        expect(decision).to_have_attribute("data-decision", "melden")
        expect(page.locator("[data-finished]")).to_be_visible()
        expect_taken(page, {"q1", "q2", "melden_2"})
        # A minor: Veilig Thuis, and only Veilig Thuis, first and foremost.
        assert case_routes(page) == ["veilig_thuis"]
        check_page(page, "summary, decided")
        before = timeline_length(page)

        hand.follow(progress_link(page, step))
        assert url_path(page) == step_path(reference, step)
        check_page(page, f"step {STEPS.index(step) + 1}, decided case")
        old = page.locator(field).input_value()
        assert old
        hand.write(page.locator(field), " Aangevuld.", append=True)
        expect(page.locator(field)).to_have_value(f"{old} Aangevuld.")
        hand.follow(page.locator('.wizard__side button[name="nav"][value="summary"]'))
        assert url_path(page) == summary_path(reference)
        saved(page)

        # The change asks for the decision to be recorded again.
        expect(page.locator("[data-finished]")).to_have_count(0)
        assert timeline_length(page) == before + 1
        hand.follow(page.locator(f'form[action$="{reference}/finish/"] button'))
        expect(page.locator("[data-finished]")).to_be_visible()
        expect(decision).to_have_attribute("data-decision", "melden")
        expect_taken(page, {"q1", "q2", "melden_2"})
        assert timeline_length(page) == before + 2

    case = Case.objects.get(reference=reference)
    assert case.decision == "melden"
    assert case.decided_revision == case.revision
    assert case.record[step][field.removeprefix("#id_")].endswith("Aangevuld.")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_kind_of_case_page_on_a_phone(browser: Browser, live_server: Any, lang: str) -> None:
    """The pages the journeys above see in the other language, at 390 px, and step 1."""
    users = demo_users()
    pages = [
        ("case list", reverse("cases:list")),
        ("summary, decided", summary_path("MW-DEMO-1")),
        ("summary, acute", summary_path("MW-DEMO-2")),
        ("acute exit", reverse("cases:acute", kwargs={"reference": "MW-DEMO-2"})),
        # Step 1 of an adult (with the kindcheck), the others of the decided case.
        ("step 1", step_path("MW-DEMO-2", "signalen")),
        *((f"step {n}", step_path("MW-DEMO-1", s)) for n, s in enumerate(STEPS[1:], start=2)),
    ]
    default = lang == settings.LANGUAGE_CODE
    with browser_page(
        browser, live_server, users["huisarts"], viewport=PHONE, language=None if default else lang
    ) as page:
        for label, path in pages:
            page.goto(path)
            assert url_path(page) == path
            check_page(page, label)
