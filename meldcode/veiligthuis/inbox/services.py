"""Writes of the Veilig Thuis inbox: the status, the veiligheidsbeoordeling, terugkoppeling.

Every write locks the report row, checks the revision the staff member's
page was built on, and leaves an audit entry in the same transaction. A
page older than the report is refused with :class:`StaleRevision` and
nothing changes. Reads of reports are logged here too (NEN 7513): who, which
report by its pseudonymous id, when, and never any content.

The statuses run ontvangen → veiligheidsbeoordeling → onderzoek →
afgerond. Starting the beoordeling moves a melding from ontvangen to
veiligheidsbeoordeling; recording its decision moves it on: to onderzoek
when the decision is onderzoek, otherwise to afgerond. An advies is a
consultation: it gets no beoordeling and no terugkoppeling, and is only
marked afgerond once answered.
"""

import uuid
from typing import Final

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from meldcode.accounts.models import User
from meldcode.audit.services import audit_record
from meldcode.cases.services import StaleRevision as StaleRevision
from meldcode.veiligthuis.models import AssessmentDecision, ReceivedReport, Terugkoppeling
from meldcode.veiligthuis.outbox import terugkoppeling_send
from meldcode.veiligthuis.outbox.services import Sent

from .selectors import report_get_for_user

Status = ReceivedReport.Status
Stage = Terugkoppeling.Stage

ORDER: Final = (
    Status.ONTVANGEN,
    Status.VEILIGHEIDSBEOORDELING,
    Status.ONDERZOEK,
    Status.AFGEROND,
)


class Refused(Exception):
    """A write that the report's type or status does not allow; the message says why."""

    def __init__(self, message: Promise | str) -> None:
        """Keep the message to show the staff member."""
        super().__init__(str(message))
        self.message = message


def is_melding(report: ReceivedReport) -> bool:
    """Tell whether ``report`` is a melding (not an advies)."""
    return report.type == ReceivedReport.Type.MELDING


def next_statuses(report: ReceivedReport) -> tuple[str, ...]:
    """Return the statuses ``report`` may be set to by hand.

    Only one step forward, and never past the beoordeling: a melding leaves
    veiligheidsbeoordeling only by recording its decision. An advies goes
    from ontvangen straight to afgerond.
    """
    if not is_melding(report):
        return (Status.AFGEROND,) if report.status == Status.ONTVANGEN else ()
    if report.status == Status.ONTVANGEN:
        return (Status.VEILIGHEIDSBEOORDELING,)
    if report.status == Status.ONDERZOEK:
        return (Status.AFGEROND,)
    return ()


def can_assess(report: ReceivedReport) -> bool:
    """Tell whether a veiligheidsbeoordeling may be recorded on ``report`` now."""
    return is_melding(report) and report.status in (Status.ONTVANGEN, Status.VEILIGHEIDSBEOORDELING)


def terugkoppeling_stages(report: ReceivedReport) -> tuple[str, ...]:
    """Return the stages after which terugkoppeling may be given on ``report`` now.

    After the veiligheidsbeoordeling once its decision is recorded, and
    after the onderzoek once it is completed. None for an advies.
    """
    if not is_melding(report) or report.assessed_at is None:
        return ()
    stages: list[str] = [Stage.VEILIGHEIDSBEOORDELING]
    if (
        report.assessment_decision == AssessmentDecision.ONDERZOEK
        and report.status == Status.AFGEROND
    ):
        stages.append(Stage.ONDERZOEK)
    return tuple(stages)


def _locked(*, actor: User, report: ReceivedReport, revision: int) -> ReceivedReport:
    """Lock the report row (still in the actor's region) and refuse a stale page."""
    locked = report_get_for_user(user=actor, payload_id=report.payload_id, write=True)
    if locked.revision != revision:
        raise StaleRevision(locked.revision)
    return locked


def _audit(
    *, actor: User, report: ReceivedReport, action: str, data: dict[str, object] | None = None
) -> None:
    """Record an inbox action on ``report``: its pseudonymous ids and ``data``, no content."""
    audit_record(
        actor_id=actor.pk,
        action=action,
        target=f"report:{report.pk}",
        data={"payload_id": str(report.payload_id), **(data or {})},
    )


def _store(report: ReceivedReport, *fields: str) -> None:
    """Raise the revision and save ``fields``."""
    report.revision += 1
    report.save(update_fields=[*fields, "revision"])


@transaction.atomic
def report_status_set(
    *, actor: User, report: ReceivedReport, status: str, revision: int
) -> ReceivedReport:
    """Move ``report`` one step forward along the chain of statuses.

    Raise :class:`Refused` for a move backwards, a skip, or leaving the
    veiligheidsbeoordeling without its decision.
    """
    locked = _locked(actor=actor, report=report, revision=revision)
    if status not in next_statuses(locked):
        raise Refused(_refusal(locked, status))
    previous = locked.status
    locked.status = status
    _store(locked, "status")
    _audit(
        actor=actor,
        report=locked,
        action="vt_report_status_set",
        data={"from": previous, "to": status, "revision": locked.revision},
    )
    return locked


def _refusal(report: ReceivedReport, status: str) -> Promise:
    """Explain why ``report`` may not be set to ``status``."""
    if status not in Status.values:
        return _("That is not a status of a report.")
    if ORDER.index(Status(status)) <= ORDER.index(Status(report.status)):
        return _("A status only moves forward; this report is already at that status or past it.")
    if report.status == Status.VEILIGHEIDSBEOORDELING and is_melding(report):
        return _("Record the decision of the veiligheidsbeoordeling; that sets the next status.")
    if not is_melding(report):
        return _("An advies gets no veiligheidsbeoordeling or onderzoek; it can only be completed.")
    return _("A status moves one step at a time.")


@transaction.atomic
def report_assess(
    *, actor: User, report: ReceivedReport, decision: str, revision: int
) -> ReceivedReport:
    """Record the decision of the veiligheidsbeoordeling of a melding.

    Allowed while the melding is ontvangen or in veiligheidsbeoordeling. The
    status becomes onderzoek when the decision is onderzoek; every other
    decision ends Veilig Thuis's own handling, so the status becomes
    afgerond. Raise :class:`Refused` for an advies, for a beoordeling
    already recorded, and for an unknown decision.
    """
    locked = _locked(actor=actor, report=report, revision=revision)
    if not is_melding(locked):
        raise Refused(_("An advies gets no veiligheidsbeoordeling: only a melding does."))
    if not can_assess(locked):
        raise Refused(_("The veiligheidsbeoordeling of this melding is already recorded."))
    if decision not in AssessmentDecision.values:
        raise Refused(_("Choose one of the decisions of a veiligheidsbeoordeling."))
    previous = locked.status
    locked.assessment_decision = decision
    locked.assessed_at = timezone.now()
    locked.assessed_by = actor
    locked.status = (
        Status.ONDERZOEK if decision == AssessmentDecision.ONDERZOEK else Status.AFGEROND
    )
    _store(locked, "assessment_decision", "assessed_at", "assessed_by", "status")
    _audit(
        actor=actor,
        report=locked,
        action="vt_report_assessed",
        data={
            "decision": decision,
            "from": previous,
            "to": locked.status,
            "due": locked.assessment_due.isoformat() if locked.assessment_due else None,
            "revision": locked.revision,
        },
    )
    return locked


@transaction.atomic
def terugkoppeling_give(
    *,
    actor: User,
    report: ReceivedReport,
    stage: str,
    vervolgtraject: bool,
    decision: str,
    handed_to: str,
    safety_conditions: str,
    melder_role: str,
    text: str,
    revision: int,
) -> tuple[Terugkoppeling, Sent]:
    """Give terugkoppeling on a melding and send it to the melder, in one transaction.

    Allowed after the veiligheidsbeoordeling was recorded, and after a
    completed onderzoek. It goes to the case when the melding came from this
    installation, otherwise into the signed outbox to the sender's
    terugkoppeling address (or, without one, by phone): the returned
    :data:`Sent` says which. After the beoordeling the decision is the one
    recorded. Raise :class:`Refused` for an advies or a stage not reached.
    """
    locked = _locked(actor=actor, report=report, revision=revision)
    if not is_melding(locked):
        raise Refused(_("An advies gets no terugkoppeling: only a melding does."))
    if stage not in Stage.values:
        raise Refused(_("Choose after which stage this terugkoppeling is given."))
    if stage not in terugkoppeling_stages(locked):
        if stage == Stage.VEILIGHEIDSBEOORDELING:
            raise Refused(
                _("Record the veiligheidsbeoordeling before giving terugkoppeling on it.")
            )
        raise Refused(
            _("Terugkoppeling after the onderzoek is given once the onderzoek is completed.")
        )
    if decision and decision not in AssessmentDecision.values:
        raise Refused(_("Choose one of the decisions of a veiligheidsbeoordeling."))
    if stage == Stage.VEILIGHEIDSBEOORDELING:
        if decision and decision != locked.assessment_decision:
            raise Refused(_("After the beoordeling, the decision told is the one recorded."))
        decision = locked.assessment_decision
    terugkoppeling = Terugkoppeling.objects.create(
        id=uuid.uuid4(),
        report=locked,
        created_by=actor,
        stage=stage,
        decision=decision,
        vervolgtraject=vervolgtraject,
        handed_to=handed_to.strip(),
        safety_conditions=safety_conditions.strip(),
        melder_role=melder_role.strip(),
        text=text.strip(),
    )
    _store(locked)
    _audit(
        actor=actor,
        report=locked,
        action="vt_terugkoppeling_given",
        data={
            "terugkoppeling": str(terugkoppeling.id),
            "stage": stage,
            "revision": locked.revision,
        },
    )
    sent = terugkoppeling_send(terugkoppeling=terugkoppeling, actor_id=actor.pk)
    return terugkoppeling, sent


def report_read_log(*, user: User, report: ReceivedReport, view: str) -> None:
    """Log that ``user`` read ``report`` through ``view`` (NEN 7513: every access to a report)."""
    audit_record(
        actor_id=user.pk,
        action="vt_report_read",
        target=f"report:{report.pk}",
        data={"payload_id": str(report.payload_id), "view": view},
    )


def report_list_log(*, user: User, reports: list[ReceivedReport], filters: dict[str, str]) -> None:
    """Log that ``user`` listed or searched reports, and which reports the page showed."""
    audit_record(
        actor_id=user.pk,
        action="vt_report_list_read",
        data={
            "reports": [str(report.payload_id) for report in reports],
            "filters": {key: value for key, value in filters.items() if value},
        },
    )


def report_export_log(*, user: User, report: ReceivedReport, kind: str) -> None:
    """Log an export of ``report`` to Veilig Thuis's own registration (NEN 7513: export)."""
    audit_record(
        actor_id=user.pk,
        action="vt_report_exported",
        target=f"report:{report.pk}",
        data={"payload_id": str(report.payload_id), "kind": kind},
    )
