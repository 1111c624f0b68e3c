"""Writes to cases: each locks the case row, checks its revision, and leaves an audit entry.

Every service takes the revision the clinician's page was built on. When
the case changed since (another tab, another device), the write is refused
with :class:`StaleRevision` and nothing is changed; the page shows what was
typed, so nothing is lost either.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from meldcode.accounts.models import User
from meldcode.audit.services import audit_record
from meldcode.codes import random_code
from signals.catalogue import load

from .models import Case, CaseEvent, Status
from .retention import purge_verdict
from .steps import STEPS, AcuteKind, decision, flags, skipped_steps


class StaleRevision(Exception):
    """The case (or received report) changed after the page was loaded; the write was refused."""

    def __init__(self, current: int) -> None:
        """Keep the current revision."""
        super().__init__(f"The page is at an old revision; the current one is {current}.")
        self.current = current


class CaseClosed(Exception):
    """The case is closed; reopen it before changing it."""


def new_reference() -> str:
    """Return a random case reference such as ``MW-7K3P-9QX2``."""
    # Crockford's base32 without look-alikes: easy to read out over the phone.
    return "MW-" + random_code(2, 4)


def _locked(case: Case, *, expected_revision: int, allow_closed: bool = False) -> Case:
    """Lock the case row and refuse a write from an older revision or to a closed case."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _check_writable(locked, expected_revision=expected_revision, allow_closed=allow_closed)
    return locked


def _check_writable(case: Case, *, expected_revision: int, allow_closed: bool = False) -> None:
    """Refuse a write to a locked case from an older revision or to a closed case."""
    if case.revision != expected_revision:
        raise StaleRevision(case.revision)
    if case.status == Status.CLOSED and not allow_closed:
        raise CaseClosed


def _event(case: Case, *, user: User, kind: str, detail: dict[str, Any] | None = None) -> None:
    """Add a timeline entry and the matching audit entry, in the caller's transaction."""
    detail = detail or {}
    CaseEvent.objects.create(case=case, at=timezone.now(), actor=user, kind=kind, detail=detail)
    audit_record(
        actor_id=user.pk,
        action=f"case_{kind}",
        target=f"case:{case.pk}",
        data={"revision": case.revision, **detail},
    )


def _store(case: Case, *fields: str) -> None:
    """Raise the revision, refresh the flags and save the given fields."""
    case_flags = flags(case.state())
    case.advies_gevraagd = case_flags.advies_gevraagd
    case.hulp = case_flags.hulp
    case.gemeld = case_flags.gemeld
    case.revision += 1
    case.save(
        update_fields=[*fields, "advies_gevraagd", "hulp", "gemeld", "revision", "updated_at"]
    )


@transaction.atomic
def case_create(
    *,
    user: User,
    track: str,
    minor: bool,
    initials: str = "",
    birth_year: int | None = None,
    reference: str | None = None,
) -> Case:
    """Open a new pseudonymous case owned by ``user``."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    reference=reference or new_reference(),
                    owner=user,
                    track=track,
                    minor=minor,
                    initials=initials,
                    birth_year=birth_year,
                )
            break
        except IntegrityError:
            if reference is not None:
                raise
    else:  # pragma: no cover - 32^8 references make five collisions impossible in practice
        raise RuntimeError("Could not find a free case reference.")
    _event(case, user=user, kind="created", detail={"track": track, "minor": minor})
    return case


@transaction.atomic
def case_details_update(
    *,
    user: User,
    case: Case,
    expected_revision: int,
    track: str,
    minor: bool,
    initials: str,
    birth_year: int | None,
) -> Case:
    """Change the track, age group, initials or birth year of a case."""
    case = _locked(case, expected_revision=expected_revision)
    changed = [
        name
        for name, value in (
            ("track", track),
            ("minor", minor),
            ("initials", initials),
            ("birth_year", birth_year),
        )
        if getattr(case, name) != value
    ]
    if not changed:
        return case
    case.track, case.minor, case.initials, case.birth_year = track, minor, initials, birth_year
    _store(case, *changed)
    _event(case, user=user, kind="details_changed", detail={"fields": changed})
    return case


@transaction.atomic
def case_step_save(
    *,
    user: User,
    case: Case,
    expected_revision: int,
    step: str,
    raw: Mapping[str, list[str]],
    cleaned: Mapping[str, Any],
) -> Case:
    """Save a step that validated: what was typed, to show again, and its cleaned answers.

    Input that does not validate is never saved (the page shows it again
    with the errors), so a wrong entry changes nothing.
    """
    if step not in STEPS:
        raise ValueError(f"Unknown step {step!r}.")
    case = _locked(case, expected_revision=expected_revision)
    case.drafts = {**case.drafts, step: {key: list(values) for key, values in raw.items()}}
    case.record = {**case.record, step: dict(cleaned)}
    fields = ["drafts", "record"]
    if step == "signalen" and not case.catalogue_version:
        case.catalogue_version = load().version
        fields.append("catalogue_version")
    _store(case, *fields)
    _event(case, user=user, kind="step_saved", detail={"step": step})
    return case


@transaction.atomic
def case_acute_exit(
    *, user: User, case: Case, expected_revision: int, kind: AcuteKind, reason: str
) -> Case:
    """Record the acute exit: which kind of danger, the steps it skipped and why.

    Taking the exit again (the situation changed) replaces the kind and the
    reason but keeps the steps skipped the first time.
    """
    case = _locked(case, expected_revision=expected_revision)
    earlier = case.acute_record or {}
    skipped = earlier.get("skipped") or skipped_steps(case.state())
    acute = {
        "kind": kind,
        "reason": reason,
        "skipped": list(skipped),
        "at": earlier.get("at") or timezone.now().isoformat(),
    }
    case.record = {**case.record, "acuut": acute}
    case.acute = True
    _store(case, "record", "acute")
    _event(case, user=user, kind="acute_exit", detail={"kind": kind, "skipped": list(skipped)})
    return case


@transaction.atomic
def case_finish(*, user: User, case: Case, expected_revision: int) -> tuple[Case, bool]:
    """Record the decision the afwegingskader leads to; return the case and whether it changed.

    Finishing again without any change in between does nothing, so a double
    click or a second tab records one decision, not two.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.decided_revision is not None and case.decided_revision == case.revision:
        return case, False
    _check_writable(case, expected_revision=expected_revision)
    outcome = decision(case.state())
    case.decision = outcome.decision
    case.decided_revision = case.revision + 1
    _store(case, "decision", "decided_revision")
    _event(
        case,
        user=user,
        kind="decided",
        detail={"decision": outcome.decision, "path": outcome.path},
    )
    return case, True


@transaction.atomic
def case_close(*, user: User, case: Case, expected_revision: int, reason: str) -> Case:
    """Close a case, for instance because the conversation removed the suspicion."""
    case = _locked(case, expected_revision=expected_revision)
    case.status = Status.CLOSED
    case.closed_reason = reason
    case.closed_at = timezone.now()
    _store(case, "status", "closed_reason", "closed_at")
    _event(case, user=user, kind="closed")
    return case


@transaction.atomic
def case_reopen(*, user: User, case: Case, expected_revision: int) -> Case:
    """Open a closed case again."""
    case = _locked(case, expected_revision=expected_revision, allow_closed=True)
    if case.status == Status.OPEN:
        return case
    case.status = Status.OPEN
    case.closed_reason = ""
    case.closed_at = None
    _store(case, "status", "closed_reason", "closed_at")
    _event(case, user=user, kind="reopened")
    return case


@transaction.atomic
def case_his_transfer_confirm(*, user: User, case: Case, expected_revision: int, on: date) -> Case:
    """Record that the case's record was taken over in the HIS on ``on``.

    Allowed on a closed case too: the transfer usually comes last.
    """
    case = _locked(case, expected_revision=expected_revision, allow_closed=True)
    case.his_transferred_on = on
    _store(case, "his_transferred_on")
    _event(case, user=user, kind="his_confirmed", detail={"on": on.isoformat()})
    return case


def case_read_log(*, user: User, case: Case, view: str) -> None:
    """Log that ``user`` read ``case`` through ``view`` (NEN 7513: every access to a record)."""
    audit_record(
        actor_id=user.pk, action="case_read", target=f"case:{case.pk}", data={"view": view}
    )


def case_list_log(*, user: User, case_ids: list[int], filters: dict[str, str]) -> None:
    """Log that ``user`` listed or searched cases, and which cases the page showed."""
    audit_record(
        actor_id=user.pk,
        action="case_list_read",
        data={"cases": case_ids, "filters": {k: v for k, v in filters.items() if v}},
    )


def case_export_log(*, user: User | None, case: Case, kind: str, via: str) -> None:
    """Log an export, download or copy of a case's record (NEN 7513: copy, print, export)."""
    audit_record(
        actor_id=user.pk if user else None,
        action="case_exported",
        target=f"case:{case.pk}",
        data={"kind": kind, "via": via},
    )


@transaction.atomic
def case_purge(*, case: Case, now: datetime, retention: timedelta) -> bool:
    """Remove a case's content if the retention rule allows it; return whether it did.

    The row is locked and the rule checked again inside the transaction, so
    a case reopened or changed in the meantime is kept. What remains is the
    audit trail: ids, kinds of action and times, no content.
    """
    locked = Case.objects.select_for_update().filter(pk=case.pk).first()
    if locked is None:
        return False
    verdict = purge_verdict(
        closed_at=locked.closed_at,
        his_transferred_on=locked.his_transferred_on,
        now=now,
        retention=retention,
    )
    if verdict != "purge":
        return False
    audit_record(
        actor_id=None,
        action="case_purged",
        target=f"case:{locked.pk}",
        data={"closed_at": locked.closed_at.isoformat() if locked.closed_at else None},
    )
    locked.delete()
    return True
