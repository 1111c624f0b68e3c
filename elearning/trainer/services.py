"""Writes of the trainer's pages: opening and closing a cohort, and the log of exports.

A cohort is created by :func:`elearning.services.cohort_create` and a
certificate revoked by :func:`elearning.services.certificate_revoke`; what is
left for the trainer's own package is here, each write with its audit entry
in the same transaction.
"""

from typing import Literal

from django.db import transaction

from elearning.models import Cohort
from meldcode.accounts.models import User
from meldcode.audit.services import audit_record

Export = Literal["csv", "zip", "attendance", "attendance_txt", "attendance_batch"]


@transaction.atomic
def cohort_joining_set(*, cohort: Cohort, by: User, open: bool) -> Cohort:
    """Open or close ``cohort`` for joining; setting the state it has changes nothing."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if locked.open == open:
        return locked
    locked.open = open
    locked.save(update_fields=["open"])
    audit_record(
        actor_id=by.pk,
        action="elearning.cohort_opened" if open else "elearning.cohort_closed",
        target=f"cohort:{locked.pk}",
    )
    return locked


@transaction.atomic
def cohort_export_log(*, cohort: Cohort, by: User, kind: Export, register: str = "") -> None:
    """Record that the trainer took the cohort's learner records out of the site.

    Exports hold names, e-mail addresses and BIG-nummers; who downloaded
    which, and when, belongs in the audit trail as much as a revocation does.
    """
    data: dict[str, str] = {"kind": kind}
    if register:
        data["register"] = register
    audit_record(
        actor_id=by.pk, action="elearning.cohort_exported", target=f"cohort:{cohort.pk}", data=data
    )
