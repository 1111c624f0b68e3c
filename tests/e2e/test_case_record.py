"""The record for the patient file and asking a colleague, in a real browser.

- The huisarts opens the record of MW-DEMO-1 from its summary, downloads the
  PDF, copies a SOEP entry to the clipboard (both logged) and confirms that
  the record was taken over in the HIS.
- The huisarts asks a colleague's view: the de-identified preview, a
  question that names the patient refused next to the field, then a question
  that does not. The colleague, in a browser of their own, finds the question
  without learning which case it is, and answers; the huisarts records the
  advice in step 2.
- Every new page (record, share, waarnemer access, the colleague's list and
  question, the record read by a waarnemer) is checked with axe in Dutch and
  in English, and on a 390 px phone.

Elements are found by id, name, href and data attributes, never by their
visible text, which is translated.
"""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from meldcode.accounts import services as account_services
from meldcode.accounts.models import Profession, Role, User
from meldcode.audit.models import AuditEntry
from meldcode.cases.models import Case, ColleagueShare
from meldcode.cases.record.soep import soep_entries
from meldcode.cases.sharing import services as sharing_services

from .test_case_journeys import (
    DESKTOP,
    PHONE,
    browser_page,
    check_page,
    demo_users,
    progress_link,
    saved,
    step_path,
    summary_path,
    url_path,
)

REFERENCE = "MW-DEMO-1"
COLLEAGUE_EMAIL = "collega@example.org"
# A PDF of a whole case is several kilobytes; a few hundred bytes would be an error page.
PDF_MIN_BYTES = 2_000
SOEP_LINE = re.compile(r"^[SOEP]: ")
DATE_LINE = re.compile(r"^\d{2}-\d{2}-\d{4} \S")


# --- Setting up -------------------------------------------------------------


def colleague_create() -> User:
    """Create a second clinician, who is asked for their view (or reads as a waarnemer)."""
    Group.objects.get_or_create(name=Role.CLINICIAN.value)
    return account_services.user_create(
        email=COLLEAGUE_EMAIL,
        password=None,
        full_name="Dr. Zoë Çelik",
        profession=Profession.HUISARTS,
        roles=[Role.CLINICIAN],
    )


def case_path(name: str, **kwargs: str) -> str:
    """Return the path of one of MW-DEMO-1's pages."""
    return reverse(f"cases:{name}", kwargs={"reference": REFERENCE, **kwargs})


def consultation_path(share: ColleagueShare) -> str:
    """Return the path of a shared summary, as the colleague opens it."""
    return reverse("consultations:detail", kwargs={"public_id": str(share.public_id)})


def submit(page: Page, form: str) -> None:
    """Press the submit button of the form matching ``form``, and wait for the next page."""
    with page.expect_navigation():
        page.locator(f'{form} button[type="submit"]').click()


def exported(case: Case, kind: str, via: str) -> bool:
    """Tell whether an export of ``case`` of this kind, by this means, is logged."""
    return AuditEntry.objects.filter(
        action="case_exported", target=f"case:{case.pk}", data__kind=kind, data__via=via
    ).exists()


# --- The journeys -------------------------------------------------------------


def test_the_record_downloaded_copied_and_taken_over_in_the_his(
    browser: Browser, live_server: Any
) -> None:
    users = demo_users()
    case = Case.objects.get(reference=REFERENCE)
    record = case_path("record")
    with browser_page(browser, live_server, users["huisarts"], viewport=DESKTOP) as page:
        page.goto(summary_path(REFERENCE))
        with page.expect_navigation():
            page.locator(f'.actions a[href="{record}"]').click()
        assert url_path(page) == record
        check_page(page, "record")

        # The PDF: downloaded, a real PDF, and logged.
        assert not exported(case, "pdf", "download")
        with page.expect_download() as info:
            page.locator("[data-record-pdf]").click()
        download = info.value
        assert download.suggested_filename == f"{REFERENCE}.pdf"
        path = download.path()
        content = path.read_bytes()
        assert content.startswith(b"%PDF"), content[:40]
        assert len(content) > PDF_MIN_BYTES
        assert exported(case, "pdf", "download")

        # A SOEP entry: copied as it stands on the page, and logged.
        page.context.grant_permissions(
            ["clipboard-read", "clipboard-write"], origin=live_server.url
        )
        entry = page.locator(".soep__entry").first
        button = entry.locator("[data-copy]")
        expect(button).to_be_visible()
        status = entry.locator("[data-copy-status]")
        expect(status).to_be_empty()
        with page.expect_response(
            lambda r: urlsplit(r.url).path == case_path("copied") and r.request.method == "POST"
        ) as response:
            button.click()
        assert response.value.status == 204
        expect(status).not_to_be_empty()
        copied = str(page.evaluate("navigator.clipboard.readText()"))
        shown = entry.locator(f"#{button.get_attribute('data-copy')}").text_content()
        assert copied == shown
        assert copied == soep_entries(case, language="nl")[0].text
        first, *lines = copied.split("\n")
        assert DATE_LINE.match(first), first
        assert lines
        assert all(SOEP_LINE.match(line) for line in lines), lines
        letters = [line[0] for line in lines]
        assert letters == sorted(letters, key="SOEP".index), "S, O, E and P in that order"
        assert exported(case, "soep", "copy")
        # Every SOEP letter occurs in the record, each entry in the same form.
        texts = page.locator(".soep__text").all_text_contents()
        assert len(texts) == page.locator("[data-copy]").count() > 1
        every_line = [line for text in texts for line in text.split("\n")[1:]]
        assert {line[:3] for line in every_line} == {"S: ", "O: ", "E: ", "P: "}

        # Taken over in the HIS today.
        expect(page.locator("[data-his-confirmed]")).to_have_count(0)
        today = timezone.localdate()
        page.locator("#id_on").fill(today.isoformat())
        submit(page, f'form[action="{case_path("his")}"]')
        assert url_path(page) == record
        expect(page.locator(".messages .message--success")).to_be_visible()
        expect(page.locator("[data-his-confirmed]")).to_be_visible()
        expect(page.locator("#id_on")).to_have_value(today.isoformat())
        check_page(page, "record, taken over in the HIS")

    case.refresh_from_db()
    assert case.his_transferred_on == today


def test_a_colleague_answers_and_the_advice_goes_to_step_2(
    browser: Browser, live_server: Any
) -> None:
    users = demo_users()
    colleague = colleague_create()
    case = Case.objects.get(reference=REFERENCE)
    share_page = case_path("share")
    form = "main form:has(#id_question)"
    with browser_page(browser, live_server, users["huisarts"], viewport=DESKTOP) as owner:
        owner.goto(summary_path(REFERENCE))
        with owner.expect_navigation():
            owner.locator(f'.actions a[href="{share_page}"]').click()
        assert url_path(owner) == share_page
        check_page(owner, "share, nothing shared")

        # The preview holds nothing that identifies the patient or the case.
        preview = owner.locator("[data-preview]").inner_text()
        assert preview.strip()
        for secret in (REFERENCE, case.initials, str(case.birth_year)):
            assert secret not in preview, f"{secret!r} in the preview"

        # A question with a name and a date of birth is refused, next to the field.
        question = owner.locator("#id_question")
        owner.locator("#id_colleague").fill(COLLEAGUE_EMAIL)
        question.fill("Mevrouw Jansen, geboren 14-03-2009: wat zou jij doen?")
        submit(owner, form)
        assert url_path(owner) == share_page
        error = owner.locator("#id_question_error")
        expect(error).to_be_visible()
        expect(error).to_contain_text("Jansen")
        expect(error).to_contain_text("14-03-2009")
        expect(owner.locator(".field--error")).to_have_count(1)
        expect(owner.locator(".field--error #id_question")).to_have_count(1)
        expect(question).to_have_attribute("aria-invalid", "true")
        described = (question.get_attribute("aria-describedby") or "").split()
        assert "id_question_error" in described
        expect(owner.locator("#id_colleague")).to_have_value(COLLEAGUE_EMAIL)
        check_page(owner, "share, question refused")
        assert not ColleagueShare.objects.exists()

        # Without them it is shared.
        asked = "Wat zou jij doen: eerst Veilig Thuis bellen, of eerst nog een gesprek?"
        question.fill(asked)
        submit(owner, form)
        assert url_path(owner) == share_page
        expect(owner.locator(".messages .message--success")).to_be_visible()
        share = ColleagueShare.objects.get()
        assert share.colleague == colleague
        assert share.question == asked
        item = owner.locator(f'[data-share="{share.public_id}"]')
        expect(item).to_be_visible()
        expect(item.locator("[data-answer]")).to_have_count(0)

        # The colleague, in a browser of their own.
        answer = "Bel eerst Veilig Thuis voor advies; plan het gesprek daarna samen."
        with browser_page(browser, live_server, colleague, viewport=DESKTOP) as other:
            other.goto("/")
            listing = reverse("consultations:list")
            with other.expect_navigation():
                other.locator(f'main a[href="{listing}"]').click()
            assert url_path(other) == listing
            check_page(other, "consultations, one open")
            detail = consultation_path(share)
            with other.expect_navigation():
                other.locator(f'main a[href="{detail}"]').click()
            assert url_path(other) == detail
            summary = other.locator("[data-summary]")
            expect(summary).to_be_visible()
            assert summary.inner_text().strip() == preview.strip()
            expect(other.locator("[data-question]")).to_have_text(asked)
            html = other.content()
            for secret in (REFERENCE, case.initials, str(case.birth_year)):
                assert secret not in html, f"{secret!r} on the colleague's page"
            check_page(other, "consultation, open")
            other.locator("#id_answer").fill(answer)
            submit(other, "main form:has(#id_answer)")
            assert url_path(other) == listing
            expect(other.locator(".messages .message--success")).to_be_visible()
            check_page(other, "consultations, answered")
            # Opened again, it shows the advice and takes no other.
            other.goto(detail)
            expect(other.locator("[data-answer]")).to_have_text(answer)
            expect(other.locator("#id_answer")).to_have_count(0)

        # Back to the owner: the answer is there, and goes to step 2.
        owner.reload()
        expect(item.locator("[data-answer]")).to_have_text(answer)
        check_page(owner, "share, answered")
        record = case_path("share_record", public_id=str(share.public_id))
        submit(owner, f'form[action="{record}"]')
        assert url_path(owner) == share_page
        expect(owner.locator(".messages .message--success")).to_be_visible()
        expect(owner.locator(f'form[action="{record}"]')).to_have_count(0)

        owner.goto(summary_path(REFERENCE))
        with owner.expect_navigation():
            progress_link(owner, "consultatie").click()
        assert url_path(owner) == step_path(REFERENCE, "consultatie")
        advice = owner.locator('textarea[name^="colleagues-"][name$="-advice"]')
        values = [advice.nth(i).input_value() for i in range(advice.count())]
        assert answer in values, values
        row = values.index(answer)
        expect(owner.locator(f"#id_colleagues-{row}-role")).not_to_have_value("")
        expect(owner.locator(f"#id_colleagues-{row}-date")).to_have_value(
            timezone.localdate().isoformat()
        )
        expect(owner.locator(f"#id_colleagues-{row}-anonymous")).to_be_checked()
        check_page(owner, "step 2, advice recorded")
        # Saving the step keeps the advice.
        with owner.expect_navigation():
            owner.locator('.wizard__actions button[name="nav"][value="stay"]').click()
        saved(owner)
        expect(owner.locator(f"#id_colleagues-{row}-advice")).to_have_value(answer)

    share.refresh_from_db()
    assert share.answered_at is not None
    assert share.recorded_at is not None
    case.refresh_from_db()
    assert answer in [row["advice"] for row in case.record["consultatie"]["colleagues"]]


@pytest.mark.parametrize(
    ("lang", "viewport"),
    [("nl", DESKTOP), ("en", DESKTOP), ("nl", PHONE), ("en", PHONE)],
    ids=["nl-desktop", "en-desktop", "nl-phone", "en-phone"],
)
def test_every_record_and_sharing_page(
    browser: Browser, live_server: Any, lang: str, viewport: ViewportSize
) -> None:
    """The owner's record, share and access pages; the colleague's pages, also as a waarnemer."""
    users = demo_users()
    owner = users["huisarts"]
    colleague = colleague_create()
    case = Case.objects.get(reference=REFERENCE)
    shares = [
        sharing_services.colleague_share_create(
            user=owner, case=case, colleague=colleague, question=question, days=7
        )
        for question in ("Wat zou jij doen?", "Is Veilig Thuis bellen nu al nodig?")
    ]
    sharing_services.colleague_share_answer(
        user=colleague, share=shares[0], answer="Bel Veilig Thuis voor advies."
    )
    sharing_services.case_access_grant(user=owner, case=case, colleague=colleague)
    language = None if lang == "nl" else lang
    with browser_page(browser, live_server, owner, viewport=viewport, language=language) as page:
        for label, path in (
            ("record", case_path("record")),
            ("share, answered and open", case_path("share")),
            ("waarnemer access", case_path("access")),
        ):
            page.goto(path)
            assert url_path(page) == path
            check_page(page, label)
            if path == case_path("share"):
                expect(page.locator("[data-share]")).to_have_count(2)
    with browser_page(
        browser, live_server, colleague, viewport=viewport, language=language
    ) as page:
        for label, path in (
            ("consultations", reverse("consultations:list")),
            ("consultation, answered", consultation_path(shares[0])),
            ("consultation, open", consultation_path(shares[1])),
            ("record, read by a waarnemer", case_path("record")),
        ):
            page.goto(path)
            assert url_path(page) == path
            check_page(page, label)
        # A waarnemer reads the record and may copy it, but confirms nothing.
        expect(page.locator(f'form[action="{case_path("his")}"]')).to_have_count(0)
        expect(page.locator("[data-copy]").first).to_be_visible()
