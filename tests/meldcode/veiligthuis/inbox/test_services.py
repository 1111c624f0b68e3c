"""The inbox's writes: the status chain, the veiligheidsbeoordeling and terugkoppeling.

Each write locks the report, checks the page's revision and is audited;
anything refused changes nothing.
"""

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.http import Http404

from meldcode.accounts import services as account_services
from meldcode.accounts.models import Profession, Role, User
from meldcode.audit.models import AuditEntry
from meldcode.veiligthuis.inbox import services
from meldcode.veiligthuis.inbox.services import Refused, StaleRevision
from meldcode.veiligthuis.models import (
    CaseTerugkoppeling,
    Delivery,
    ReceivedReport,
    Region,
    SenderKey,
    Terugkoppeling,
)
from meldcode.veiligthuis.outbox import delivery_create
from meldcode.veiligthuis.services import sender_key_issue
from meldcode.veiligthuis.working_days import add_working_days, receiving_date

from .factories import HOME, demo_case, melding_payload, receive

Status = ReceivedReport.Status


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def start(staff: User, report: ReceivedReport) -> ReceivedReport:
    """Start the beoordeling: ontvangen → veiligheidsbeoordeling."""
    return services.report_status_set(
        actor=staff, report=report, status=Status.VEILIGHEIDSBEOORDELING, revision=report.revision
    )


def assess(staff: User, report: ReceivedReport, decision: str) -> ReceivedReport:
    return services.report_assess(
        actor=staff, report=report, decision=decision, revision=report.revision
    )


def give(staff: User, report: ReceivedReport, **changes: Any) -> tuple[Terugkoppeling, str]:
    arguments: dict[str, Any] = {
        "stage": "veiligheidsbeoordeling",
        "vervolgtraject": True,
        "decision": "",
        "handed_to": "Wijkteam Utrecht-Oost",
        "safety_conditions": "Wekelijks contact met de jeugdverpleegkundige.",
        "melder_role": "De huisarts ziet haar maandelijks.",
        "text": "",
        "revision": report.revision,
    }
    arguments.update(changes)
    return services.terugkoppeling_give(actor=staff, report=report, **arguments)


class TestTheDeadline:
    def test_a_melding_is_due_five_working_days_after_receipt(
        self, melding: ReceivedReport
    ) -> None:
        assert melding.assessment_due == add_working_days(receiving_date(melding.received_at), 5)

    def test_received_on_the_friday_before_easter_2027(
        self, sender: SenderKey, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        friday = datetime(2027, 3, 26, 15, 0, tzinfo=UTC)
        monkeypatch.setattr("django.utils.timezone.now", lambda: friday)
        report = receive(melding_payload(), sender=sender)
        # Tweede Paasdag (29 March) is no working day.
        assert report.assessment_due == date(2027, 4, 5)

    def test_late_on_sunday_in_utc_is_monday_in_amsterdam(
        self, sender: SenderKey, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        sunday_night = datetime(2026, 6, 28, 22, 30, tzinfo=UTC)
        monkeypatch.setattr("django.utils.timezone.now", lambda: sunday_night)
        report = receive(melding_payload(), sender=sender)
        assert report.assessment_due == date(2026, 7, 6)

    def test_an_advies_has_no_deadline(self, advies: ReceivedReport) -> None:
        assert advies.assessment_due is None


class TestTheStatusChain:
    def test_a_melding_goes_through_every_status_in_order(
        self, staff: User, melding: ReceivedReport
    ) -> None:
        report = start(staff, melding)
        assert (report.status, report.revision) == (Status.VEILIGHEIDSBEOORDELING, 1)
        report = assess(staff, report, "onderzoek")
        assert (report.status, report.revision) == (Status.ONDERZOEK, 2)
        report = services.report_status_set(
            actor=staff, report=report, status=Status.AFGEROND, revision=report.revision
        )
        report.refresh_from_db()
        assert (report.status, report.revision) == (Status.AFGEROND, 3)
        entries = AuditEntry.objects.filter(action="vt_report_status_set").order_by("pk")
        assert [(e.data["from"], e.data["to"]) for e in entries] == [
            ("ontvangen", "veiligheidsbeoordeling"),
            ("onderzoek", "afgerond"),
        ]
        assert all(e.actor_id == staff.pk for e in entries)
        assert {e.target for e in entries} == {f"report:{report.pk}"}
        assert {e.data["payload_id"] for e in entries} == {str(report.payload_id)}

    @pytest.mark.parametrize(
        ("steps", "target", "reason"),
        [
            ([], Status.ONDERZOEK, "one step at a time"),
            ([], Status.AFGEROND, "one step at a time"),
            ([], Status.ONTVANGEN, "only moves forward"),
            (["start"], Status.ONTVANGEN, "only moves forward"),
            (["start"], Status.AFGEROND, "Record the decision"),
            (["start"], Status.ONDERZOEK, "Record the decision"),
            (["start", "onderzoek"], Status.VEILIGHEIDSBEOORDELING, "only moves forward"),
            (["start", "einde"], Status.ONDERZOEK, "only moves forward"),
            ([], "gesloten", "not a status"),
        ],
    )
    def test_moves_off_the_chain_are_refused_and_change_nothing(
        self,
        staff: User,
        melding: ReceivedReport,
        steps: list[str],
        target: str,
        reason: str,
    ) -> None:
        report = melding
        for step in steps:
            if step == "start":
                report = start(staff, report)
            else:
                report = assess(
                    staff, report, "onderzoek" if step == "onderzoek" else "einde_bemoeienis"
                )
        before = (report.status, report.revision, AuditEntry.objects.count())
        with pytest.raises(Refused, match=reason):
            services.report_status_set(
                actor=staff, report=report, status=target, revision=report.revision
            )
        report.refresh_from_db()
        assert (report.status, report.revision, AuditEntry.objects.count()) == before

    def test_an_advies_is_only_completed(self, staff: User, advies: ReceivedReport) -> None:
        with pytest.raises(Refused, match="An advies gets no veiligheidsbeoordeling"):
            start(staff, advies)
        report = services.report_status_set(
            actor=staff, report=advies, status=Status.AFGEROND, revision=advies.revision
        )
        assert report.status == Status.AFGEROND
        assert services.next_statuses(report) == ()

    def test_a_stale_page_is_refused_and_changes_nothing(
        self, staff: User, melding: ReceivedReport
    ) -> None:
        stale = melding.revision
        start(staff, melding)
        count = AuditEntry.objects.count()
        with pytest.raises(StaleRevision) as refused:
            services.report_assess(
                actor=staff, report=melding, decision="onderzoek", revision=stale
            )
        assert refused.value.current == stale + 1
        melding.refresh_from_db()
        assert (melding.status, melding.assessment_decision, melding.revision) == (
            Status.VEILIGHEIDSBEOORDELING,
            "",
            stale + 1,
        )
        assert AuditEntry.objects.count() == count

    def test_staff_of_another_region_cannot_write(
        self, other_staff: User, melding: ReceivedReport
    ) -> None:
        with pytest.raises(Http404):
            start(other_staff, melding)
        with pytest.raises(Http404):
            assess(other_staff, melding, "onderzoek")
        melding.refresh_from_db()
        assert (melding.status, melding.revision) == (Status.ONTVANGEN, 0)


class TestTheBeoordeling:
    @pytest.mark.parametrize(
        ("decision", "status"),
        [
            ("onderzoek", Status.ONDERZOEK),
            ("raad_kinderbescherming", Status.AFGEROND),
            ("voorwaarden_vervolg", Status.AFGEROND),
            ("overdracht", Status.AFGEROND),
            ("einde_bemoeienis", Status.AFGEROND),
        ],
    )
    def test_the_decision_sets_the_status(
        self, staff: User, melding: ReceivedReport, decision: str, status: str
    ) -> None:
        report = assess(staff, start(staff, melding), decision)
        report.refresh_from_db()
        assert report.assessment_decision == decision
        assert report.status == status
        assert report.assessed_by == staff
        assert report.assessed_at is not None
        entry = AuditEntry.objects.get(action="vt_report_assessed")
        assert entry.data["decision"] == decision
        assert entry.data["to"] == status
        assert melding.assessment_due is not None
        assert entry.data["due"] == melding.assessment_due.isoformat()

    def test_may_be_recorded_straight_from_ontvangen(
        self, staff: User, melding: ReceivedReport
    ) -> None:
        assert assess(staff, melding, "overdracht").status == Status.AFGEROND

    def test_is_recorded_once(self, staff: User, melding: ReceivedReport) -> None:
        report = assess(staff, melding, "onderzoek")
        with pytest.raises(Refused, match="already recorded"):
            assess(staff, report, "einde_bemoeienis")
        report.refresh_from_db()
        assert report.assessment_decision == "onderzoek"

    def test_an_advies_gets_none(self, staff: User, advies: ReceivedReport) -> None:
        with pytest.raises(Refused, match="An advies gets no veiligheidsbeoordeling"):
            assess(staff, advies, "onderzoek")
        advies.refresh_from_db()
        assert (advies.status, advies.assessment_decision, advies.revision) == ("ontvangen", "", 0)

    def test_an_unknown_decision_is_refused(self, staff: User, melding: ReceivedReport) -> None:
        with pytest.raises(Refused, match="Choose one of the decisions"):
            assess(staff, melding, "gesloten")


class TestTerugkoppeling:
    def test_is_refused_for_an_advies(self, staff: User, advies: ReceivedReport) -> None:
        with pytest.raises(Refused, match="An advies gets no terugkoppeling"):
            give(staff, advies)
        assert not Terugkoppeling.objects.exists()

    def test_is_refused_before_the_beoordeling(self, staff: User, melding: ReceivedReport) -> None:
        report = start(staff, melding)
        with pytest.raises(Refused, match="Record the veiligheidsbeoordeling before"):
            give(staff, report)
        with pytest.raises(Refused, match="once the onderzoek is completed"):
            give(staff, report, stage="onderzoek")
        assert not Terugkoppeling.objects.exists()

    def test_after_the_onderzoek_only_once_it_is_completed(
        self, staff: User, melding: ReceivedReport
    ) -> None:
        report = assess(staff, melding, "onderzoek")
        with pytest.raises(Refused, match="once the onderzoek is completed"):
            give(staff, report, stage="onderzoek")
        report = services.report_status_set(
            actor=staff, report=report, status=Status.AFGEROND, revision=report.revision
        )
        given, _sent = give(staff, report, stage="onderzoek", decision="overdracht")
        assert (given.stage, given.decision) == ("onderzoek", "overdracht")

    def test_after_the_beoordeling_tells_the_decision_recorded(
        self, staff: User, melding: ReceivedReport
    ) -> None:
        report = assess(staff, melding, "voorwaarden_vervolg")
        given, sent = give(staff, report)
        assert given.decision == "voorwaarden_vervolg"
        assert given.created_by == staff
        assert given.report == report
        # No terugkoppeling address for this sender: Veilig Thuis phones the melder.
        assert sent == "phone"
        report.refresh_from_db()
        assert report.revision == 2
        entry = AuditEntry.objects.get(action="vt_terugkoppeling_given")
        assert entry.data == {
            "payload_id": str(report.payload_id),
            "terugkoppeling": str(given.id),
            "stage": "veiligheidsbeoordeling",
            "revision": 2,
        }
        assert "Wijkteam" not in str(entry.data)
        with pytest.raises(Refused, match="the decision told is the one recorded"):
            give(staff, report, decision="overdracht")

    def test_goes_into_the_outbox_for_an_installation_with_an_address(
        self, staff: User, melding: ReceivedReport
    ) -> None:
        SenderKey.objects.filter(pk=melding.sender_id).update(
            callback_url="https://praktijk.example/api/veilig-thuis/v1/terugkoppeling"
        )
        melding.refresh_from_db()
        report = assess(staff, melding, "overdracht")
        given, sent = give(staff, report)
        assert sent == "queued"
        delivery = Delivery.objects.get(payload_id=given.id)
        assert delivery.kind == Delivery.Kind.TERUGKOPPELING
        assert delivery.report == report

    def test_is_shown_on_the_case_when_the_melding_came_from_here(
        self, staff: User, sender: SenderKey, make_user: Callable[..., User]
    ) -> None:
        case = demo_case(make_user(), make_user(profession=Profession.VERPLEEGKUNDIGE))
        payload = melding_payload()
        delivery_create(
            kind=Delivery.Kind.MELDING,
            payload=payload,
            url="https://vt.example/api/veilig-thuis/v1/reports",
            actor_id=None,
            case=case,
            region=Region.objects.get(code=HOME),
        )
        report = assess(staff, receive(payload, sender=sender), "onderzoek")
        given, sent = give(staff, report)
        assert sent == "local"
        shown = CaseTerugkoppeling.objects.get(id=given.id)
        assert (shown.case_id, shown.decision) == (case.pk, "onderzoek")

    def test_is_sent_in_the_same_transaction(
        self, staff: User, melding: ReceivedReport, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        report = assess(staff, melding, "overdracht")
        count = AuditEntry.objects.count()

        def fail(**_kwargs: object) -> str:
            raise RuntimeError("the outbox is down")

        monkeypatch.setattr(services, "terugkoppeling_send", fail)
        with pytest.raises(RuntimeError):
            give(staff, report)
        report.refresh_from_db()
        assert not Terugkoppeling.objects.exists()
        assert (report.revision, AuditEntry.objects.count()) == (1, count)

    def test_a_stale_page_gives_nothing(self, staff: User, melding: ReceivedReport) -> None:
        report = assess(staff, melding, "overdracht")
        give(staff, report)
        with pytest.raises(StaleRevision):
            give(staff, report, revision=report.revision)
        assert Terugkoppeling.objects.count() == 1


class TestReadLogs:
    def test_name_the_report_by_its_ids_and_hold_no_content(
        self, staff: User, melding: ReceivedReport
    ) -> None:
        services.report_read_log(user=staff, report=melding, view="detail")
        services.report_list_log(
            user=staff, reports=[melding], filters={"status": "", "type": "melding"}
        )
        services.report_export_log(user=staff, report=melding, kind="pdf")
        read, listed, exported = AuditEntry.objects.order_by("-pk")[:3][::-1]
        assert (read.action, read.target, read.data) == (
            "vt_report_read",
            f"report:{melding.pk}",
            {"payload_id": str(melding.payload_id), "view": "detail"},
        )
        assert listed.data == {"reports": [str(melding.payload_id)], "filters": {"type": "melding"}}
        assert exported.data == {"payload_id": str(melding.payload_id), "kind": "pdf"}
        assert {read.actor_id, listed.actor_id, exported.actor_id} == {staff.pk}


@pytest.mark.django_db(transaction=True)
def test_two_beoordelingen_at_once_from_the_same_page_leave_exactly_one() -> None:
    # A transactional test flushes the database: the data migration's rows may be gone.
    region, _created = Region.objects.get_or_create(code=HOME, defaults={"name": "Utrecht"})
    Group.objects.get_or_create(name=Role.VEILIG_THUIS.value)
    staff = account_services.user_create(
        email="vt@example.org",
        password=None,
        full_name="Sanne Bakker",
        roles=[Role.VEILIG_THUIS],
        region_id=region.pk,
    )
    sender, _secret = sender_key_issue(sender_name="Huisartsenpraktijk De Linde")
    report = receive(melding_payload(), sender=sender)
    revision = report.revision
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def record(decision: str) -> None:
        try:
            barrier.wait(timeout=5)
            services.report_assess(
                actor=User.objects.get(pk=staff.pk),
                report=ReceivedReport.objects.get(pk=report.pk),
                decision=decision,
                revision=revision,
            )
            result = decision
        except StaleRevision:
            result = "stale"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=record, args=(decision,))
        for decision in ("onderzoek", "einde_bemoeienis")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2, outcomes
    assert outcomes.count("stale") == 1, outcomes
    winner = next(outcome for outcome in outcomes if outcome != "stale")
    report.refresh_from_db()
    assert (report.assessment_decision, report.revision) == (winner, revision + 1)
    assert AuditEntry.objects.filter(action="vt_report_assessed").count() == 1
    assert actions().count("vt_report_assessed") == 1
