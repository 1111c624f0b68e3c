"""The e-learning in a real browser: lessons, quiz, certificate, verification, attendance.

- A learner reads every lesson of module 1, works through a step of a case
  vignette, fails the quiz, passes it on the next attempt, downloads the
  certificate PDF and opens its public verification page as a stranger would
  (a fresh browser without a login). Once in Dutch on a desktop, once in
  English on a phone.
- The verification page of a valid and of a revoked certificate, anonymous,
  on a phone, in both languages.
- A trainer opens, from the list of cohorts, the dashboard of a cohort of three learners of whom two
  completed module 1, downloads the certificates as CSV, and takes the
  attendance for PE-online: the paste list of each register in its own
  number format (GAIA 11 digits, V&V "BIG-" and 11 digits), on the page and
  as a text file; then one learner's page. In Dutch on a desktop and in
  English on a phone.

axe-core checks every kind of page on the way, and on a phone no page may
scroll sideways. Elements are found by id, name, value, data attributes and
URLs, never by their visible text, which is translated.
"""

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from elearning import content, links, services
from elearning.models import Attempt, Certificate, Module, RevocationReason
from meldcode.accounts.models import Role, User
from meldcode.accounts.services import user_create
from tests.elearning import factories

from .conftest import TIMEOUT_MS
from .test_case_journeys import DESKTOP, PHONE, browser_page, check_page, url_path

MODULE = "wat-is-mensenhandel"
NAME = "Zoë Çelik"
# Dutch (the site's default, no language cookie) on a desktop; English on a phone.
RUNS = [
    pytest.param("nl", DESKTOP, id="nl-desktop"),
    pytest.param("en", PHONE, id="en-phone"),
]


# --- Setting up -------------------------------------------------------------


def prepare() -> dict[str, Module]:
    """Seed the registers and load the shipped modules: the transactional tests flush both."""
    factories.seed()
    return factories.load()


def learner_create(email: str = "zoe@example.nl", big_number: str = "09123456789") -> User:
    """Create a learner whose name needs a real font. No password: the tests log in by session."""
    return user_create(
        email=email,
        password=None,
        full_name=NAME,
        roles=[Role.LEARNER],
        big_number=big_number,
    )


def cookie_language(language: str) -> str | None:
    """Return the language cookie to set: none for the site's default language."""
    return None if language == settings.LANGUAGE_CODE else language


@contextmanager
def anonymous_page(
    browser: Browser, live_server: Any, *, viewport: ViewportSize, language: str
) -> Iterator[Page]:
    """Open a page in a fresh browser context without a login, as someone who scanned a QR code."""
    context = browser.new_context(locale="nl-NL", base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    chosen = cookie_language(language)
    if chosen is not None:
        host = urlsplit(live_server.url).hostname or "localhost"
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": chosen, "domain": host, "path": "/"}]
        )
    try:
        yield context.new_page()
    finally:
        context.close()


# --- Driving the pages ---------------------------------------------------------


def follow(page: Page, target: Locator) -> None:
    """Click a link or a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        target.click()


def module_content(slug: str) -> content.Module:
    """Return the shipped content of the module ``slug``."""
    return next(item for item in content.modules() if item.slug == slug)


def latest_attempt(user: User, module: Module) -> Attempt:
    """Return the user's latest attempt at the module's quiz."""
    attempt = Attempt.objects.filter(user=user, module=module).order_by("-pk").first()
    assert attempt is not None
    return attempt


def answer_quiz(page: Page, user: User, module: Module, *, right: bool) -> Attempt:
    """Answer every question of the open attempt, all right or all wrong, and submit.

    The right options come from the module's files, for the questions the
    attempt drew; for a wrong answer one option that is not right is chosen.
    """
    attempt = latest_attempt(user, module)
    assert attempt.finished_at is None
    assert url_path(page) == reverse("elearning:attempt", args=[module.slug, attempt.pk])
    item = module_content(module.slug)
    answers = (
        factories.right_answers(item, attempt) if right else factories.wrong_answers(item, attempt)
    )
    questions = page.locator("[data-question]")
    expect(questions).to_have_count(len(attempt.drawn))
    for question, options in answers.items():
        for option in options:
            box = page.locator(f'[data-question="{question}"] input[value="{option}"]')
            box.check()
            expect(box).to_be_checked()
    follow(page, page.locator('button[data-action="submit"]'))
    assert url_path(page) == reverse("elearning:result", args=[module.slug, attempt.pk])
    return attempt


def pdf_text(pdf: bytes) -> str:
    """Return the text of every page of a PDF, its whitespace collapsed."""
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


# --- The journeys -------------------------------------------------------------


@pytest.mark.parametrize(("language", "viewport"), RUNS)
def test_a_learner_fails_then_passes_and_verifies_the_certificate(
    browser: Browser,
    live_server: Any,
    settings: Settings,
    language: str,
    viewport: ViewportSize,
) -> None:
    # The live server runs in this process: the setting reaches its views.
    settings.ELEARNING_COOLDOWN = timedelta(0)
    module = prepare()[MODULE]
    item = module_content(MODULE)
    learner = learner_create()
    with browser_page(
        browser, live_server, learner, viewport=viewport, language=cookie_language(language)
    ) as page:
        page.goto(reverse("elearning:index"))
        card = page.locator(f'[data-module="{MODULE}"]')
        expect(card).to_have_attribute("data-read", "0")
        expect(card).to_have_attribute("data-quiz", "none")
        check_page(page, "e-learning index")

        follow(page, card.locator(f'a[href="{reverse("elearning:module", args=[MODULE])}"]'))
        assert url_path(page) == reverse("elearning:module", args=[MODULE])
        expect(page.locator(f'[data-module="{MODULE}"]')).to_have_attribute(
            "data-lessons", str(len(item.lessons))
        )
        check_page(page, "module")

        # Every lesson, in order, each closed with its done-reading button; on the
        # way, one step of the first case vignette, whose feedback shows on its lesson.
        vignette = item.vignettes[0]
        choice = vignette.steps[0].options[-1]
        first = reverse("elearning:lesson", args=[MODULE, item.lessons[0].slug])
        follow(page, page.locator(f'main a.button[href="{first}"]'))
        for number, lesson in enumerate(item.lessons):
            path = reverse("elearning:lesson", args=[MODULE, lesson.slug])
            assert url_path(page) == path
            expect(page.locator(f'article[data-lesson="{lesson.slug}"]')).to_have_attribute(
                "data-read", "false"
            )
            if number == 0:
                check_page(page, "lesson")
            if lesson.slug == vignette.lesson:
                step = page.locator(f'[data-vignette="{vignette.slug}"] form[data-step="1"]')
                step.locator(f'input[name="option"][value="{choice.id}"]').check()
                follow(page, step.locator('button[type="submit"]'))
                assert url_path(page) == path
                feedback = page.locator(f'[data-feedback="{vignette.slug}-1"]')
                expect(feedback).to_be_visible()
                expect(feedback).to_have_attribute("data-chosen", choice.id)
                expect(feedback).to_have_attribute("data-right", str(choice.right).lower())
                expect(step.locator(f'input[value="{choice.id}"]')).to_be_checked()
                check_page(page, "lesson with vignette feedback")
            follow(page, page.locator('button[data-action="read"]'))

        # The last lesson leads to the quiz.
        assert url_path(page) == reverse("elearning:quiz", args=[MODULE])
        expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "ok")
        check_page(page, "quiz")

        follow(page, page.locator('button[data-action="start"]'))
        check_page(page, "attempt")
        failed = answer_quiz(page, learner, module, right=False)
        result = page.locator(f'[data-attempt="{failed.pk}"]')
        expect(result).to_have_attribute("data-passed", "false")
        expect(result).to_have_attribute("data-percent", "0")
        expect(page.locator("[data-next]")).to_have_attribute("data-next", "retry")
        expect(page.locator('[data-question][data-right="false"]')).to_have_count(len(failed.drawn))
        check_page(page, "result, failed")

        # No cool-down here: try again straight from the result page.
        follow(page, page.locator('[data-next] button[data-action="start"]'))
        passed = answer_quiz(page, learner, module, right=True)
        assert passed.pk != failed.pk
        result = page.locator(f'[data-attempt="{passed.pk}"]')
        expect(result).to_have_attribute("data-passed", "true")
        expect(result).to_have_attribute("data-percent", "100")
        expect(page.locator("[data-next]")).to_have_attribute("data-next", "certificate")
        check_page(page, "result, passed")

        certificate = Certificate.objects.get(user=learner, module=module)
        shown = page.locator(f'[data-certificate="{certificate.code}"]')
        expect(shown).to_have_attribute("data-state", "valid")
        pdf_link = shown.locator('a[data-link="pdf"]')
        expect(pdf_link).to_have_attribute(
            "href", reverse("elearning:certificate_pdf", args=[certificate.code])
        )
        with page.expect_download() as download_info:
            pdf_link.click()
        download = download_info.value
        assert download.suggested_filename.endswith(f"{certificate.code}.pdf")
        pdf = Path(download.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        text = pdf_text(pdf)
        assert NAME in text
        assert certificate.code in text

        verify = shown.locator('a[data-link="verify"]').get_attribute("href")
        assert verify is not None
        assert verify == links.verify_url(certificate.code)
        assert verify.startswith(f"{settings.SITE_URL}/")

    # SITE_URL is the real site; the same path on the live server is its page here.
    with anonymous_page(browser, live_server, viewport=viewport, language=language) as stranger:
        stranger.goto(urlsplit(verify).path)
        assert url_path(stranger) == reverse("credentials:verify", args=[certificate.code])
        expect(stranger.locator("#verdict-state")).to_have_attribute("data-state", "valid")
        expect(stranger.locator('[data-field="name"]')).to_have_text(NAME)
        check_page(stranger, "verification, valid")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_verification_page_of_a_valid_and_a_revoked_certificate(
    browser: Browser, live_server: Any, language: str
) -> None:
    modules = prepare()
    learner = learner_create()
    valid = factories.complete(learner, modules[MODULE])
    revoked = factories.complete(learner, modules["signalen-in-de-spreekkamer"])
    admin = user_create(email="beheer@example.nl", password=None, full_name="Beheer", is_staff=True)
    services.certificate_revoke(
        certificate_id=revoked.pk, by=admin, reason=RevocationReason.ACCREDITATION_WITHDRAWN
    )
    with anonymous_page(browser, live_server, viewport=PHONE, language=language) as page:
        page.goto(reverse("credentials:verify", args=[valid.code]))
        expect(page.locator("#verdict-state")).to_have_attribute("data-state", "valid")
        expect(page.locator('[data-field="name"]')).to_have_text(NAME)
        check_page(page, "verification, valid")

        page.goto(reverse("credentials:verify", args=[revoked.code]))
        expect(page.locator("#verdict-state")).to_have_attribute("data-state", "revoked")
        expect(page.locator("[data-reason]")).to_have_attribute(
            "data-reason", RevocationReason.ACCREDITATION_WITHDRAWN.value
        )
        expect(page.locator('[data-field="name"]')).to_have_text(NAME)
        check_page(page, "verification, revoked")


@pytest.mark.parametrize(("language", "viewport"), RUNS)
def test_a_trainer_exports_the_attendance_of_a_cohort(
    browser: Browser, live_server: Any, language: str, viewport: ViewportSize
) -> None:
    module = prepare()[MODULE]
    gaia = factories.accredit(module, "knmg-gaia", "GAIA-E2E-1")
    vv = factories.accredit(module, "kwaliteitsregister-vv", "VV-E2E-1")
    trainer = user_create(
        email="trainer@example.nl", password=None, full_name="Ans Trainer", roles=[Role.TRAINER]
    )
    cohort = services.cohort_create(trainer=trainer, name="Huisartsen Utrecht", modules=[module])
    learners = [
        learner_create("zoe@example.nl", "12345678901"),
        user_create(
            email="lukasz@example.nl",
            password=None,
            full_name="Łukasz Wójcik",
            roles=[Role.LEARNER],
            big_number="01234567890",
        ),
        user_create(
            email="stefan@example.nl",
            password=None,
            full_name="Ștefan Popescu",
            roles=[Role.LEARNER],
            big_number="09876543210",
        ),
    ]
    for learner in learners:
        services.cohort_join(user=learner, code=cohort.join_code)
    # Two of the three complete module 1; the third has only read a lesson.
    certificates = [factories.complete(learner, module) for learner in learners[:2]]
    services.lesson_view_record(
        user=learners[2], module=module, lesson=module_content(MODULE).lessons[0].slug
    )
    completed_on = timezone.localdate(certificates[0].completed_at)
    assert {timezone.localdate(c.completed_at) for c in certificates} == {completed_on}
    digits = sorted(learner.big_number for learner in learners[:2])

    with browser_page(
        browser, live_server, trainer, viewport=viewport, language=cookie_language(language)
    ) as page:
        page.goto(reverse("trainer:cohorts"))
        listed = page.locator(f'[data-cohorts] tr[data-cohort="{cohort.pk}"]')
        expect(listed.locator("[data-members]")).to_have_attribute("data-members", "3")
        check_page(page, "cohorts")
        dashboard = reverse("trainer:cohort", args=[cohort.pk])
        follow(page, listed.locator(f'a[href="{dashboard}"]'))
        assert url_path(page) == dashboard
        figures = page.locator(f'[data-figures] tr[data-module="{MODULE}"]')
        expect(figures.locator("[data-members]")).to_have_attribute("data-members", "3")
        expect(figures.locator("[data-completed]")).to_have_attribute("data-completed", "2")
        expect(page.locator("[data-progress] tr[data-learner]")).to_have_count(3)
        check_page(page, "cohort dashboard")

        # The certificates as CSV: a byte order mark, a header and a line per certificate.
        with page.expect_download() as download_info:
            page.locator("a[data-export-csv]").click()
        raw = Path(download_info.value.path()).read_bytes().decode("utf-8")
        assert raw.startswith("\ufeff")
        header, *rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"))))
        assert len(header) == len(rows[0])
        # Name, e-mail address, BIG-nummer, ..., certificate code (the seventh column).
        assert sorted((row[0], row[1], row[2], row[6]) for row in rows) == sorted(
            (u.full_name, u.email, u.big_number, c.code)
            for u, c in zip(learners, certificates, strict=False)
        )

        follow(page, page.locator("a[data-attendance]"))
        assert url_path(page) == reverse("trainer:attendance", args=[cohort.pk])
        # Each register writes the numbers its own way: GAIA the 11 digits, V&V with "BIG-".
        for accreditation, numbers in ((gaia, digits), (vv, [f"BIG-{n}" for n in digits])):
            register = accreditation.register.code
            page.locator("select[name='register']").select_option(register)
            follow(page, page.locator("form[data-register-form] button[type='submit']"))
            assert url_path(page) == reverse("trainer:attendance", args=[cohort.pk])
            section = page.locator(f'[data-attendance-register="{register}"]')
            lists = section.locator("[data-paste-list]")
            expect(lists).to_have_count(1)
            expect(lists).to_have_attribute("data-accreditation", accreditation.accreditation_id)
            expect(lists).to_have_attribute("data-date", completed_on.isoformat())
            expect(lists).to_have_attribute("data-count", "2")
            paste = lists.locator("textarea[data-paste]")
            expect(paste).to_have_count(1)
            expect(paste).to_have_value("\n".join(numbers))
            check_page(page, f"attendance, {register}")

            with page.expect_download() as download_info:
                lists.locator("a[data-paste-download]").click()
            text = Path(download_info.value.path()).read_bytes().decode("utf-8")
            assert text == "".join(f"{number}\n" for number in numbers)

        follow(page, page.locator(f'a[href="{dashboard}"]').first)
        follow(page, page.locator(f'[data-progress] tr[data-learner="{learners[0].pk}"] a'))
        assert url_path(page) == reverse("trainer:learner", args=[cohort.pk, learners[0].pk])
        shown = page.locator(f'[data-code="{certificates[0].code}"]')
        expect(shown).to_have_attribute("data-certificate-state", "valid")
        check_page(page, "learner in the cohort")
