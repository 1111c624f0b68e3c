"""The Veilig Thuis inbox in a real browser: the list and the report pages pass axe.

Veilig Thuis staff of Utrecht open their inbox (all reports, and only the
overdue ones) and three reports: a melding just received, with the
veiligheidsbeoordeling form; a melding whose beoordeling is recorded, with
terugkoppeling given and the form for more; and an advies. Every page is
checked with axe in Dutch and in English, on a desktop and on a 390 px
phone, where no page may scroll sideways.

Elements are found by data attributes and URLs, never by their visible
text, which is translated.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Browser, ViewportSize, expect

from meldcode.accounts import services as account_services
from meldcode.accounts.models import Profession, Role, User
from meldcode.cases.models import Case
from meldcode.veiligthuis.inbox import services
from meldcode.veiligthuis.models import ReceivedReport, Region
from meldcode.veiligthuis.services import sender_key_issue
from tests.meldcode.veiligthuis.inbox.factories import (
    HOME,
    advies_payload_for,
    melding_payload,
    receive,
)

from .test_case_journeys import DESKTOP, PHONE, browser_page, check_page, demo_users, url_path


def vt_staff() -> User:
    """Create Veilig Thuis staff of Utrecht (a transactional test may have lost the seed rows)."""
    region, _created = Region.objects.get_or_create(code=HOME, defaults={"name": "Utrecht"})
    Group.objects.get_or_create(name=Role.VEILIG_THUIS.value)
    return account_services.user_create(
        email="vt-utrecht@example.org",
        password=None,
        full_name="Sanne Bakker",
        profession=Profession.OTHER,
        roles=[Role.VEILIG_THUIS],
        region_id=region.pk,
    )


def reports(staff: User) -> dict[str, ReceivedReport]:
    """Receive a new melding, an overdue one assessed with terugkoppeling, and an advies."""
    sender, _secret = sender_key_issue(sender_name="Huisartsenpraktijk De Linde")
    new = receive(melding_payload(), sender=sender)
    assessed = receive(melding_payload(), sender=sender)
    ReceivedReport.objects.filter(pk=assessed.pk).update(
        assessment_due=assessed.received_at.date() - timedelta(days=2)
    )
    assessed.refresh_from_db()
    assessed = services.report_assess(
        actor=staff, report=assessed, decision="voorwaarden_vervolg", revision=assessed.revision
    )
    services.terugkoppeling_give(
        actor=staff,
        report=assessed,
        stage="veiligheidsbeoordeling",
        vervolgtraject=True,
        decision="",
        handed_to="Wijkteam Utrecht-Oost",
        safety_conditions="Wekelijks huisbezoek door de jeugdverpleegkundige.",
        melder_role="De huisarts ziet haar maandelijks en meldt verzuim.",
        text="",
        revision=assessed.revision,
    )
    advies = receive(advies_payload_for(Case.objects.get(reference="MW-DEMO-1")), sender=sender)
    overdue = receive(melding_payload(), sender=sender)
    ReceivedReport.objects.filter(pk=overdue.pk).update(
        assessment_due=overdue.received_at.date() - timedelta(days=1)
    )
    return {"new": new, "assessed": assessed, "advies": advies, "overdue": overdue}


def report_path(report: ReceivedReport) -> str:
    return reverse("vt_inbox:report", kwargs={"payload_id": report.payload_id})


@pytest.mark.parametrize(
    ("lang", "viewport"),
    [("nl", DESKTOP), ("en", DESKTOP), ("nl", PHONE), ("en", PHONE)],
    ids=["nl-desktop", "en-desktop", "nl-phone", "en-phone"],
)
def test_the_inbox_list_and_reports(
    browser: Browser, live_server: Any, lang: str, viewport: ViewportSize
) -> None:
    demo_users()
    staff = vt_staff()
    received = reports(staff)
    language = None if lang == "nl" else lang
    inbox = reverse("vt_inbox:list")
    with browser_page(browser, live_server, staff, viewport=viewport, language=language) as page:
        page.goto("/")
        # In the menu and among the home page's tools.
        expect(page.locator(f'a[href="{inbox}"]')).to_have_count(2)
        page.goto(inbox)
        assert url_path(page) == inbox
        check_page(page, "inbox")
        expect(page.locator("[data-report]")).to_have_count(4)
        page.goto(f"{inbox}?overdue=on")
        check_page(page, "inbox, overdue only")
        expect(page.locator("[data-report][data-overdue]")).to_have_count(1)
        expect(page.locator("[data-report]")).to_have_count(1)
        for label, key in (
            ("melding, received", "new"),
            ("melding, overdue", "overdue"),
            ("melding, assessed, terugkoppeling given", "assessed"),
            ("advies", "advies"),
        ):
            path = report_path(received[key])
            page.goto(path)
            assert url_path(page) == path
            check_page(page, label)
        # The last melding shown before the advies has its terugkoppeling listed.
        page.goto(report_path(received["assessed"]))
        expect(page.locator("[data-terugkoppeling]")).to_have_count(1)
