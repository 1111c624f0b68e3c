"""The inbox pages: who may see which report, what every view logs, exports and refusals."""

import json
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from meldcode.accounts.models import Role, User
from meldcode.audit.models import AuditEntry
from meldcode.veiligthuis.inbox import services
from meldcode.veiligthuis.models import ReceivedReport, Region, SenderKey, Terugkoppeling
from tests.helpers import verify_session

from .factories import ELSEWHERE, melding_payload, receive

Status = ReceivedReport.Status
READS = ("report", "export_json", "export_pdf")
WRITES = ("assess", "status", "terugkoppeling")


def url(name: str, report: ReceivedReport | uuid.UUID) -> str:
    payload_id = report.payload_id if isinstance(report, ReceivedReport) else report
    return reverse(f"vt_inbox:{name}", kwargs={"payload_id": payload_id})


def post(client: Client, name: str, report: ReceivedReport, **data: Any) -> Any:
    """Post one of the report's forms, with the revision the page was built on by default."""
    prefix = {"assess": "assess", "status": "status", "terugkoppeling": "tk"}[name]
    fields = {"revision": report.revision, **data}
    data = {f"{prefix}-{k}": v for k, v in fields.items()}
    return client.post(url(name, report), data, HTTP_ACCEPT_LANGUAGE="en")


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


class TestAccess:
    @pytest.mark.parametrize("name", READS)
    def test_staff_of_another_region_get_404_on_every_page(
        self, client: Client, other_staff: User, melding: ReceivedReport, name: str
    ) -> None:
        verify_session(client, other_staff)
        assert client.get(url(name, melding)).status_code == 404

    @pytest.mark.parametrize("name", WRITES)
    def test_staff_of_another_region_get_404_on_every_form(
        self, client: Client, other_staff: User, melding: ReceivedReport, name: str
    ) -> None:
        verify_session(client, other_staff)
        data = {"decision": "onderzoek", "status": "veiligheidsbeoordeling"}
        assert post(client, name, melding, **data).status_code == 404
        melding.refresh_from_db()
        assert (melding.status, melding.revision) == (Status.ONTVANGEN, 0)

    @pytest.mark.parametrize("name", READS + WRITES)
    def test_a_missing_report_answers_the_same_404(
        self, staff_client: Client, melding: ReceivedReport, name: str
    ) -> None:
        missing = uuid.uuid4()
        method = staff_client.get if name in READS else staff_client.post
        foreign = method(url(name, missing))
        assert foreign.status_code == 404

    def test_the_list_shows_only_the_own_region(
        self, staff_client: Client, melding: ReceivedReport, sender: SenderKey
    ) -> None:
        elsewhere = receive(melding_payload(region=ELSEWHERE), sender=sender)
        page = staff_client.get(reverse("vt_inbox:list")).content.decode()
        assert str(melding.payload_id) in page
        assert str(elsewhere.payload_id) not in page

    @pytest.mark.parametrize("name", READS + WRITES)
    def test_a_clinician_gets_403(
        self, verified_client: Client, melding: ReceivedReport, name: str
    ) -> None:
        method = verified_client.get if name in READS else verified_client.post
        assert method(url(name, melding)).status_code == 403
        assert verified_client.get(reverse("vt_inbox:list")).status_code == 403

    def test_no_page_names_a_person_in_its_url(
        self, staff_client: Client, melding: ReceivedReport
    ) -> None:
        page = staff_client.get(reverse("vt_inbox:list")).content.decode()
        assert url("report", melding) in page
        for name in READS + WRITES:
            assert "Jansen" not in url(name, melding)

    def test_the_menu_links_to_the_inbox_for_staff_only(
        self, staff_client: Client, clinician: User
    ) -> None:
        inbox = reverse("vt_inbox:list")
        assert f'href="{inbox}"' in staff_client.get(reverse("home")).content.decode()
        other = Client()
        verify_session(other, clinician)
        assert f'href="{inbox}"' not in other.get(reverse("home")).content.decode()


class TestEveryViewIsLogged:
    def test_the_list_logs_which_reports_it_showed_and_the_filters(
        self, staff_client: Client, staff: User, melding: ReceivedReport, advies: ReceivedReport
    ) -> None:
        staff_client.get(reverse("vt_inbox:list"))
        entry = last("vt_report_list_read")
        assert entry.actor_id == staff.pk
        assert set(entry.data["reports"]) == {str(melding.payload_id), str(advies.payload_id)}
        staff_client.get(reverse("vt_inbox:list"), {"type": "advies", "status": "ontvangen"})
        entry = last("vt_report_list_read")
        assert entry.data == {
            "reports": [str(advies.payload_id)],
            "filters": {"type": "advies", "status": "ontvangen"},
        }

    @pytest.mark.parametrize(
        ("name", "action", "data"),
        [
            ("report", "vt_report_read", {"view": "detail"}),
            ("export_json", "vt_report_exported", {"kind": "json"}),
            ("export_pdf", "vt_report_exported", {"kind": "pdf"}),
        ],
    )
    def test_each_view_of_a_report_leaves_an_entry(
        self,
        staff_client: Client,
        staff: User,
        melding: ReceivedReport,
        name: str,
        action: str,
        data: dict[str, str],
    ) -> None:
        assert staff_client.get(url(name, melding)).status_code == 200
        entry = last(action)
        assert entry.actor_id == staff.pk
        assert entry.target == f"report:{melding.pk}"
        assert entry.data == {"payload_id": str(melding.payload_id), **data}
        assert "Jansen" not in json.dumps(entry.data)

    def test_a_refused_form_shows_the_report_again_and_logs_that_read(
        self, staff_client: Client, advies: ReceivedReport
    ) -> None:
        before = AuditEntry.objects.filter(action="vt_report_read").count()
        assert post(staff_client, "assess", advies, decision="onderzoek").status_code == 422
        assert AuditEntry.objects.filter(action="vt_report_read").count() == before + 1


class TestTheList:
    def test_shows_type_received_status_due_date_and_sender(
        self, staff_client: Client, melding: ReceivedReport
    ) -> None:
        response = staff_client.get(reverse("vt_inbox:list"))
        page = response.content.decode()
        row = page.split(f'data-report="{melding.payload_id}"')[1].split("</tr>")[0]
        assert "Huisartsenpraktijk De Linde" in row
        assert melding.assessment_due is not None
        assert f'datetime="{melding.assessment_due.isoformat()}"' in row
        assert "data-overdue" not in row
        assert "tag--acute" not in row
        # The list shows no content of the report.
        assert "Jansen" not in page

    def test_marks_an_overdue_beoordeling_in_words_and_filters_on_it(
        self, staff_client: Client, melding: ReceivedReport, sender: SenderKey
    ) -> None:
        on_time = receive(melding_payload(), sender=sender)
        late_day = melding.received_at.date() - timedelta(days=3)
        ReceivedReport.objects.filter(pk=melding.pk).update(assessment_due=late_day)
        response = staff_client.get(
            reverse("vt_inbox:list"), {"overdue": "on"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        page = response.content.decode()
        assert str(melding.payload_id) in page
        assert str(on_time.payload_id) not in page
        row = page.split(f'data-report="{melding.payload_id}"')[1].split("</tr>")[0]
        # In words, not only in colour.
        assert '<strong class="tag tag--acute">overdue</strong>' in row

    def test_a_recorded_beoordeling_is_no_longer_overdue(
        self, staff_client: Client, staff: User, melding: ReceivedReport
    ) -> None:
        late_day = melding.received_at.date() - timedelta(days=3)
        ReceivedReport.objects.filter(pk=melding.pk).update(assessment_due=late_day)
        melding.refresh_from_db()
        services.report_assess(actor=staff, report=melding, decision="overdracht", revision=0)
        page = staff_client.get(reverse("vt_inbox:list"), {"overdue": "on"}).content.decode()
        assert str(melding.payload_id) not in page

    @pytest.mark.parametrize(
        ("filters", "shown"),
        [
            ({"type": "melding"}, {"melding", "afgerond"}),
            ({"type": "advies"}, {"advies"}),
            ({"status": "afgerond"}, {"afgerond"}),
            ({"status": "ontvangen"}, {"melding", "advies"}),
            ({"status": "nonsense", "type": "x"}, {"melding", "advies", "afgerond"}),
        ],
    )
    def test_filters_on_status_and_type(
        self,
        staff_client: Client,
        staff: User,
        melding: ReceivedReport,
        advies: ReceivedReport,
        sender: SenderKey,
        filters: dict[str, str],
        shown: set[str],
    ) -> None:
        done = receive(melding_payload(), sender=sender)
        services.report_assess(actor=staff, report=done, decision="einde_bemoeienis", revision=0)
        page = staff_client.get(reverse("vt_inbox:list"), filters).content.decode()
        reports = {"melding": melding, "advies": advies, "afgerond": done}
        assert {key for key, r in reports.items() if str(r.payload_id) in page} == shown


class TestTheDetail:
    def test_shows_the_payload_the_status_and_the_due_date(
        self, staff_client: Client, melding: ReceivedReport
    ) -> None:
        response = staff_client.get(url("report", melding))
        page = response.content.decode()
        assert "Lotte Jansen" in page
        assert "Tweede soa binnen vier maanden." in page
        assert 'data-status="ontvangen"' in page
        assert melding.assessment_due is not None
        assert f'data-due="{melding.assessment_due.isoformat()}"' in page
        assert f'action="{url("assess", melding)}"' in page
        assert f'name="assess-revision" value="{melding.revision}"' in page
        assert f'href="{url("export_json", melding)}"' in page
        assert f'href="{url("export_pdf", melding)}"' in page

    def test_an_advies_offers_no_beoordeling_and_no_terugkoppeling(
        self, staff_client: Client, advies: ReceivedReport
    ) -> None:
        page = staff_client.get(url("report", advies)).content.decode()
        assert f'action="{url("assess", advies)}"' not in page
        assert f'action="{url("terugkoppeling", advies)}"' not in page
        assert 'value="afgerond"' in page

    def test_lists_the_terugkoppeling_given(
        self, staff_client: Client, staff: User, melding: ReceivedReport
    ) -> None:
        report = services.report_assess(
            actor=staff, report=melding, decision="overdracht", revision=0
        )
        given, _sent = services.terugkoppeling_give(
            actor=staff,
            report=report,
            stage="veiligheidsbeoordeling",
            vervolgtraject=True,
            decision="",
            handed_to="Wijkteam Utrecht-Oost",
            safety_conditions="",
            melder_role="",
            text="",
            revision=report.revision,
        )
        page = staff_client.get(url("report", melding)).content.decode()
        assert f'data-terugkoppeling="{given.id}"' in page
        assert "Wijkteam Utrecht-Oost" in page


class TestTheForms:
    def test_the_beoordeling_sets_the_decision_and_the_status(
        self, staff_client: Client, staff: User, melding: ReceivedReport
    ) -> None:
        response = post(staff_client, "status", melding, status="veiligheidsbeoordeling")
        assert response.status_code == 302
        melding.refresh_from_db()
        response = post(staff_client, "assess", melding, decision="onderzoek")
        assert response.status_code == 302
        assert response["Location"] == url("report", melding)
        melding.refresh_from_db()
        assert (melding.status, melding.assessment_decision, melding.assessed_by) == (
            Status.ONDERZOEK,
            "onderzoek",
            staff,
        )

    def test_a_stale_page_answers_409_and_changes_nothing(
        self, staff_client: Client, staff: User, melding: ReceivedReport
    ) -> None:
        stale = melding.revision
        services.report_status_set(
            actor=staff, report=melding, status="veiligheidsbeoordeling", revision=stale
        )
        response = staff_client.post(
            url("assess", melding),
            {"assess-decision": "einde_bemoeienis", "assess-revision": stale},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 409
        page = response.content.decode()
        assert "changed by someone else" in page
        assert "data-problem" in page
        # Sending the refused page again is refused again: it keeps the old revision.
        assert f'name="assess-revision" value="{stale}"' in page
        melding.refresh_from_db()
        assert (melding.status, melding.assessment_decision, melding.revision) == (
            Status.VEILIGHEIDSBEOORDELING,
            "",
            stale + 1,
        )

    def test_a_beoordeling_of_an_advies_is_refused_clearly(
        self, staff_client: Client, advies: ReceivedReport
    ) -> None:
        response = post(staff_client, "assess", advies, decision="onderzoek")
        assert response.status_code == 422
        assert "An advies gets no veiligheidsbeoordeling" in response.content.decode()
        advies.refresh_from_db()
        assert (advies.status, advies.assessment_decision) == (Status.ONTVANGEN, "")

    def test_a_status_backwards_is_refused(
        self, staff_client: Client, staff: User, melding: ReceivedReport
    ) -> None:
        report = services.report_assess(
            actor=staff, report=melding, decision="onderzoek", revision=0
        )
        response = post(staff_client, "status", report, status="ontvangen")
        assert response.status_code == 422
        assert "only moves forward" in response.content.decode()
        report.refresh_from_db()
        assert report.status == Status.ONDERZOEK

    def test_a_form_without_its_revision_is_refused(
        self, staff_client: Client, melding: ReceivedReport
    ) -> None:
        response = staff_client.post(
            url("assess", melding), {"assess-decision": "onderzoek"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
        assert "Reload it and try again" in response.content.decode()
        melding.refresh_from_db()
        assert melding.assessment_decision == ""

    def test_terugkoppeling_before_the_beoordeling_is_refused(
        self, staff_client: Client, melding: ReceivedReport
    ) -> None:
        response = post(
            staff_client,
            "terugkoppeling",
            melding,
            stage="veiligheidsbeoordeling",
            vervolgtraject="nee",
        )
        assert response.status_code == 422
        assert "Record the veiligheidsbeoordeling before" in response.content.decode()
        assert not Terugkoppeling.objects.exists()

    def test_terugkoppeling_for_an_advies_is_refused(
        self, staff_client: Client, advies: ReceivedReport
    ) -> None:
        response = post(
            staff_client,
            "terugkoppeling",
            advies,
            stage="veiligheidsbeoordeling",
            vervolgtraject="ja",
        )
        assert response.status_code == 422
        assert "An advies gets no terugkoppeling" in response.content.decode()
        assert not Terugkoppeling.objects.exists()

    def test_terugkoppeling_after_the_beoordeling(
        self, staff_client: Client, staff: User, melding: ReceivedReport
    ) -> None:
        report = services.report_assess(
            actor=staff, report=melding, decision="voorwaarden_vervolg", revision=0
        )
        response = post(
            staff_client,
            "terugkoppeling",
            report,
            stage="veiligheidsbeoordeling",
            vervolgtraject="ja",
            handed_to="Wijkteam Utrecht-Oost",
            safety_conditions="Wekelijks huisbezoek.",
        )
        assert response.status_code == 302
        given = Terugkoppeling.objects.get()
        assert (given.report, given.decision, given.vervolgtraject, given.handed_to) == (
            report,
            "voorwaarden_vervolg",
            True,
            "Wijkteam Utrecht-Oost",
        )


class TestTheExports:
    def test_json_is_the_stored_payload_as_a_download(
        self, staff_client: Client, melding: ReceivedReport
    ) -> None:
        response = staff_client.get(url("export_json", melding))
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Disposition"] == (
            f'attachment; filename="{melding.payload_id}.json"'
        )
        assert json.loads(response.content) == melding.payload
        assert "no-store" in response["Cache-Control"]

    def test_pdf_is_a_pdf_named_by_the_payload_id(
        self, staff_client: Client, melding: ReceivedReport
    ) -> None:
        response = staff_client.get(url("export_pdf", melding))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="{melding.payload_id}.pdf"'
        )
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pages_render_in_both_languages(
    staff_client: Client,
    melding: ReceivedReport,
    advies: ReceivedReport,
    language: str,
) -> None:
    for path in (reverse("vt_inbox:list"), url("report", melding), url("report", advies)):
        response = staff_client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


def test_the_home_page_leads_veilig_thuis_staff_to_their_inbox(
    client: Client, make_user: Callable[..., User]
) -> None:
    staff = make_user(
        roles=(Role.VEILIG_THUIS,),
        with_device=True,
        region_id=Region.objects.get(code="utrecht").pk,
    )
    verify_session(client, staff)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("vt_inbox:list")}"' in page
    assert f'href="{reverse("cases:list")}"' not in page


def test_paging_keeps_the_filters(staff_client: Client, sender: SenderKey) -> None:
    for _ in range(26):
        receive(melding_payload(), sender=sender)
    page = staff_client.get(reverse("vt_inbox:list"), {"type": "melding"}).content.decode()
    assert 'href="?type=melding&amp;page=2"' in page
    second = staff_client.get(reverse("vt_inbox:list"), {"type": "melding", "page": "2"})
    assert second.content.decode().count('data-report="') == 1
