"""Writes for sharing: summaries for a colleague, their answers, and waarnemer access.

Every function audits in the same transaction; none of them changes the
case except recording an answer in step 2, which goes through the case's
revision check like every other change.
"""

import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldcode.accounts.models import User
from meldcode.audit.services import audit_record
from meldcode.cases.models import Case, CaseAccess, ColleagueShare
from meldcode.cases.record.colleague import colleague_summary
from meldcode.cases.services import case_step_save


class ShareClosed(Exception):
    """The share was withdrawn, has expired, or was already answered."""


def _audit(user: User, action: str, share: ColleagueShare, **data: Any) -> None:
    """Audit an action on a share, naming the case and the share by id only."""
    audit_record(
        actor_id=user.pk,
        action=action,
        target=f"case:{share.case_id}",
        data={"share": share.pk, **data},
    )


@transaction.atomic
def colleague_share_create(
    *, user: User, case: Case, colleague: User, question: str, days: int
) -> ColleagueShare:
    """Share a de-identified snapshot of ``case`` with ``colleague`` for ``days`` days."""
    now = timezone.now()
    share = ColleagueShare.objects.create(
        public_id=uuid.uuid4(),
        case=case,
        colleague=colleague,
        summary=colleague_summary(case).text,
        question=question,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    _audit(user, "colleague_share_created", share, colleague=colleague.pk, days=days)
    return share


def colleague_share_read_log(*, user: User, share: ColleagueShare) -> None:
    """Log that the colleague read the shared summary."""
    _audit(user, "colleague_share_read", share)


@transaction.atomic
def colleague_share_answer(*, user: User, share: ColleagueShare, answer: str) -> ColleagueShare:
    """Store the colleague's answer; once, and only while the share is open."""
    share = ColleagueShare.objects.select_for_update().get(pk=share.pk)
    now = timezone.now()
    if share.revoked_at or share.expires_at <= now or share.answered_at:
        raise ShareClosed
    share.answer = answer
    share.answered_at = now
    share.save(update_fields=["answer", "answered_at"])
    _audit(user, "colleague_share_answered", share)
    return share


@transaction.atomic
def colleague_share_withdraw(*, user: User, share: ColleagueShare) -> ColleagueShare:
    """Withdraw a share: the colleague can no longer open it."""
    share = ColleagueShare.objects.select_for_update().get(pk=share.pk)
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        _audit(user, "colleague_share_withdrawn", share)
    return share


def _first_free_row(raw: dict[str, list[str]], prefix: str, fields: tuple[str, ...]) -> int:
    """Return the index of the first empty row of a saved formset, or the next new one."""
    total = int((raw.get(f"{prefix}-TOTAL_FORMS") or ["0"])[0] or 0)
    for index in range(total):
        if not any((raw.get(f"{prefix}-{index}-{f}") or [""])[0].strip() for f in fields):
            return index
    return total


@transaction.atomic
def colleague_share_record(*, user: User, share: ColleagueShare, expected_revision: int) -> Case:
    """Record the colleague's answer as an anonymous consultation in step 2, once.

    The step's saved form data gets the same row, so the step shows it as if
    typed; the case's revision check applies as for any other save.
    """
    share = ColleagueShare.objects.select_for_update().get(pk=share.pk)
    case = Case.objects.get(pk=share.case_id)
    if share.recorded_at or not share.answered_at:
        return case
    answered = timezone.localdate(share.answered_at).isoformat()
    row = {
        "role": _("colleague, consulted through Meldwijzer"),
        "date": answered,
        "advice": share.answer,
        "anonymous": True,
    }
    consultatie = dict(case.record.get("consultatie", {}))
    consultatie["colleagues"] = [*consultatie.get("colleagues", []), row]
    raw = {k: list(v) for k, v in case.drafts.get("consultatie", {}).items()}
    fields = ("role", "date", "advice")
    index = _first_free_row(raw, "colleagues", fields)
    raw.update({f"colleagues-{index}-{f}": [str(row[f])] for f in fields})
    raw[f"colleagues-{index}-anonymous"] = ["on"]
    total = int((raw.get("colleagues-TOTAL_FORMS") or ["0"])[0] or 0)
    raw["colleagues-TOTAL_FORMS"] = [str(max(total, index + 1))]
    raw.setdefault("colleagues-INITIAL_FORMS", ["0"])
    case = case_step_save(
        user=user,
        case=case,
        expected_revision=expected_revision,
        step="consultatie",
        raw=raw,
        cleaned=consultatie,
    )
    share.recorded_at = timezone.now()
    share.save(update_fields=["recorded_at"])
    _audit(user, "colleague_share_recorded", share)
    return case


@transaction.atomic
def case_access_grant(*, user: User, case: Case, colleague: User) -> CaseAccess:
    """Give a co-treating colleague (a waarnemer) full read access to ``case``."""
    access = CaseAccess.objects.filter(case=case, user=colleague, revoked_at=None).first()
    if access is None:
        access = CaseAccess.objects.create(case=case, user=colleague, granted_at=timezone.now())
        audit_record(
            actor_id=user.pk,
            action="case_access_granted",
            target=f"case:{case.pk}",
            data={"colleague": colleague.pk},
        )
    return access


@transaction.atomic
def case_access_revoke(*, user: User, access: CaseAccess) -> None:
    """End a waarnemer's read access."""
    access = CaseAccess.objects.select_for_update().get(pk=access.pk)
    if access.revoked_at is None:
        access.revoked_at = timezone.now()
        access.save(update_fields=["revoked_at"])
        audit_record(
            actor_id=user.pk,
            action="case_access_revoked",
            target=f"case:{access.case_id}",
            data={"colleague": access.user_id},
        )
