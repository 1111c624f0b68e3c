"""The e-learning in a real browser: from the first lesson to a verified certificate.

- A learner reads every lesson of module 1, works through a step of a case
  vignette, fails the quiz, passes it on the next attempt, downloads the
  certificate PDF and opens its public verification page as a stranger would
  (a fresh browser without a login). Once in Dutch on a desktop, once in
  English on a phone.
- The verification page of a valid and of a revoked certificate, anonymous,
  on a phone, in both languages.

axe-core checks every kind of page on the way, and on a phone no page may
scroll sideways. Elements are found by id, name, value, data attributes and
URLs, never by their visible text, which is translated.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from elearning import content, links
from elearning.models import Attempt, Certificate, Module, RevocationReason
from elearning.services import certificate_revoke
from meldcode.accounts.models import Role, User
from meldcode.accounts.services import user_create
from tests.elearning import factories

from .conftest import TIMEOUT_MS
from .test_case_journeys import DESKTOP, PHONE, browser_page, check_page, url_path

MODULE = "wat-is-mensenhandel"
NAME = "Zoë Çelik"
# Dutch (the site's default, no language cookie) on a desktop; English on a phone.
LEARNER_RUNS = [
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
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)


# --- The journeys -------------------------------------------------------------


@pytest.mark.parametrize(("language", "viewport"), LEARNER_RUNS)
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
    certificate_revoke(
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
