"""Advies, melding, delivery, inbox, veiligheidsbeoordeling and terugkoppeling, in a real browser.

The huisarts of MW-DEMO-1 prepares an advies (a question that names the
patient is refused next to the field), reads the summary and downloads its
PDF; then enters the melding's identifying data, checks the preview and
sends it. The outbox delivers it, signed with the practice's own key, to the
intake of this same installation (the live server); afterwards the sending
side holds none of the identifying data. Veilig Thuis staff of Utrecht open
it in their inbox, record the veiligheidsbeoordeling and give terugkoppeling,
which the huisarts then sees on the case. Every page is checked with axe, in
Dutch on the way and in English afterwards; every preparation page also in
English and on a 390 px phone.

Elements are found by id, name, href and data attributes, never by their
visible text, which is translated.
"""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, expect

from meldcode.accounts import services as account_services
from meldcode.accounts.models import Profession, Role, User
from meldcode.cases.models import Case
from meldcode.veiligthuis.demo import DEMO_MELDING
from meldcode.veiligthuis.models import Delivery, MeldingDetails, ReceivedReport, Receiver, Region
from meldcode.veiligthuis.outbox.services import delivery_attempt
from meldcode.veiligthuis.prepare import services as prepare_services
from meldcode.veiligthuis.services import sender_key_issue

from .test_case_journeys import DESKTOP, PHONE, browser_page, check_page, demo_users, url_path

REFERENCE = "MW-DEMO-1"
PATIENT = "Zoë Çelik-Ştefănescu"
PERPETRATOR = "Łukasz Nowak"


def vt_path(name: str) -> str:
    """Return the path of one of MW-DEMO-1's Veilig Thuis pages."""
    return reverse(f"vt:{name}", kwargs={"reference": REFERENCE})


def submit(page: Page, form: str) -> None:
    """Press the submit button of the form matching ``form``, and wait for the next page."""
    with page.expect_navigation():
        page.locator(f'{form} button[type="submit"]').first.click()


def setting_up(live_server: Any) -> tuple[dict[str, User], User]:
    """Create the demo clinicians and cases, Veilig Thuis staff, and the practice's receiver."""
    users = demo_users()
    region, _created = Region.objects.get_or_create(code="utrecht", defaults={"name": "Utrecht"})
    Group.objects.get_or_create(name=Role.VEILIG_THUIS.value)
    staff = account_services.user_create(
        email="vt-utrecht@example.org",
        password=None,
        full_name="Youssef El Amrani",
        profession=Profession.OTHER,
        roles=[Role.VEILIG_THUIS],
        region_id=region.pk,
    )
    key, secret = sender_key_issue(sender_name="Huisartsenpraktijk De Linde")
    key.callback_url = f"{live_server.url}/api/veilig-thuis/v1/terugkoppeling"
    key.save(update_fields=["callback_url"])
    Receiver.objects.create(
        region=region,
        url=f"{live_server.url}/api/veilig-thuis/v1/reports",
        key_id=key.key_id,
        secret=secret,
    )
    return users, staff


def the_advies(page: Page) -> None:
    """Write a question that names the patient, see it refused, then one that does not."""
    page.goto(vt_path("overview"))
    check_page(page, "Veilig Thuis of a case")
    page.goto(vt_path("advies"))
    page.select_option("#id_region", str(Region.objects.get(code="utrecht").pk))
    page.fill("#id_question", "Mevrouw Çelik woont op 3511 AB; moeten we melden?")
    submit(page, "main form")
    expect(page.locator(".field--error #id_question")).to_have_count(1)
    check_page(page, "advies, question refused")
    page.fill(
        "#id_question", "Een minderjarige met een veel oudere vriend en dure cadeaus: melden?"
    )
    submit(page, "main form")
    assert url_path(page) == vt_path("advies_summary")
    check_page(page, "advies summary")
    with page.expect_download() as download:
        page.locator(f'a[href="{vt_path("advies_pdf")}"]').click()
    assert download.value.suggested_filename == "advies.pdf"


def the_melding(page: Page) -> None:
    """Enter the identifying data, check the preview, and send the melding."""
    page.goto(vt_path("melding"))
    check_page(page, "melding details")
    fields = {
        "#id_municipality": "Utrecht",
        "#id_melder_organisation": "Huisartsenpraktijk De Linde",
        "#id_melder_phone": "030-1234567",
        "#id_melder_reachable": "werkdagen 8-17",
        "#id_name": PATIENT,
        "#id_birth_date": "2010-04-02",
        "#id_phone": "0612345678",
        "#id_phone_contact_date": "2026-11-20",
        "#id_phone_contact_with": "adviseur mensenhandel",
        "#id_household-0-name": PERPETRATOR,
    }
    for selector, value in fields.items():
        page.fill(selector, value)
    page.select_option("#id_household-0-role", "vermoedelijke_pleger")
    page.check("#id_told_0")
    submit(page, "main form")
    errors = page.locator(".field--error, .form-errors")
    assert url_path(page) == vt_path("melding_preview"), errors.all_inner_texts()
    check_page(page, "melding preview")
    expect(page.locator("main")).to_contain_text(PATIENT)
    page.check("#id_his")
    page.check("#id_checked")
    submit(page, f'form[action="{vt_path("melding_send")}"]')
    assert url_path(page) == vt_path("overview")
    expect(page.locator('[data-delivery-status="pending"]')).to_have_count(1)


@pytest.mark.django_db(transaction=True)
def test_advies_melding_delivery_inbox_assessment_and_terugkoppeling(
    browser: Browser, live_server: Any
) -> None:
    users, staff = setting_up(live_server)
    huisarts = users["huisarts"]
    case = Case.objects.get(reference=REFERENCE)
    with browser_page(browser, live_server, huisarts, viewport=DESKTOP) as page:
        the_advies(page)
        the_melding(page)
        # The worker's attempt: a real HTTP POST to this installation's intake.
        delivery = Delivery.objects.get(case=case, kind="melding")
        assert delivery_attempt(delivery_id=delivery.pk) == "delivered"
        page.goto(vt_path("overview"))
        expect(page.locator('[data-delivery-status="delivered"]')).to_have_count(1)
    # Nothing identifying stays on the sending side.
    assert not MeldingDetails.objects.filter(case=case).exists()
    assert Delivery.objects.get(pk=delivery.pk).body == ""
    report = ReceivedReport.objects.get(payload_id=delivery.payload_id)
    assert report.sender.sender_name == "Huisartsenpraktijk De Linde"
    assert report.payload["persons"][0]["name"] == PATIENT

    report_path = reverse("vt_inbox:report", kwargs={"payload_id": report.payload_id})
    with browser_page(browser, live_server, staff, viewport=DESKTOP) as page:
        page.goto(reverse("vt_inbox:list"))
        check_page(page, "inbox")
        page.locator(f'a[href="{report_path}"]').click()
        assert url_path(page) == report_path
        check_page(page, "report")
        expect(page.locator("main")).to_contain_text(PATIENT)
        # Starting the beoordeling: ontvangen -> veiligheidsbeoordeling.
        with page.expect_navigation():
            page.locator('button[name$="status"][value="veiligheidsbeoordeling"]').click()
        page.check('input[name$="decision"][value="onderzoek"]')
        ids = {"payload_id": report.payload_id}
        submit(page, f'form[action="{reverse("vt_inbox:assess", kwargs=ids)}"]')
        report.refresh_from_db()
        assert (report.status, report.assessment_decision) == ("onderzoek", "onderzoek")
        page.check('input[name$="stage"][value="veiligheidsbeoordeling"]')
        page.check('input[name$="vervolgtraject"][value="ja"]')
        page.fill('input[name$="handed_to"]', "Jeugdbescherming regio Utrecht")
        submit(page, f'form[action="{reverse("vt_inbox:terugkoppeling", kwargs=ids)}"]')
        check_page(page, "report with terugkoppeling")

    with browser_page(browser, live_server, huisarts, viewport=DESKTOP, language="en") as page:
        page.goto(vt_path("overview"))
        check_page(page, "Veilig Thuis of a case, with terugkoppeling")
        expect(page.locator("[data-terugkoppeling]")).to_have_count(1)
        expect(page.locator("[data-terugkoppeling]")).to_contain_text(
            "Jeugdbescherming regio Utrecht"
        )


@pytest.mark.parametrize(
    ("lang", "viewport"),
    [("nl", PHONE), ("en", DESKTOP), ("en", PHONE)],
    ids=["nl-phone", "en-desktop", "en-phone"],
)
def test_every_preparation_page(
    browser: Browser, live_server: Any, lang: str, viewport: ViewportSize
) -> None:
    """Overview, advies, its summary, the melding form and its preview: axe, both languages."""
    users, _staff = setting_up(live_server)
    huisarts = users["huisarts"]
    case = Case.objects.get(reference=REFERENCE)
    region = Region.objects.get(code="utrecht")
    prepare_services.advies_prepare(
        user=huisarts,
        case=case,
        region=region,
        question="Een minderjarige met een veel oudere vriend: melden?",
        anonymous=False,
        callback_phone="030-1234567",
    )
    MeldingDetails.objects.create(case=case, region=region, data=DEMO_MELDING)
    language = None if lang == "nl" else lang
    with browser_page(browser, live_server, huisarts, viewport=viewport, language=language) as page:
        for label, name in (
            ("Veilig Thuis of a case", "overview"),
            ("advies", "advies"),
            ("advies summary", "advies_summary"),
            ("melding details", "melding"),
            ("melding preview", "melding_preview"),
        ):
            page.goto(vt_path(name))
            assert url_path(page) == vt_path(name)
            check_page(page, label)
