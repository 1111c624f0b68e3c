"""Reads of received reports, each owning its access check.

Veilig Thuis staff see only the reports of their own region. A report of
another region answers the same 404 as a missing one, so that a payload id
reveals nothing about reports one may not see.
"""

import uuid
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from meldcode.accounts.models import Role, User
from meldcode.veiligthuis.models import ReceivedReport, Terugkoppeling
from meldcode.veiligthuis.working_days import is_overdue, receiving_date

# A beoordeling is outstanding until its decision is recorded.
AWAITING_ASSESSMENT = (
    ReceivedReport.Status.ONTVANGEN,
    ReceivedReport.Status.VEILIGHEIDSBEOORDELING,
)


def reports_visible_to(user: User) -> QuerySet[ReceivedReport]:
    """Return the reports ``user`` may read: if Veilig Thuis staff, those of their region."""
    if user.region_id is None or not user.has_role(Role.VEILIG_THUIS):
        return ReceivedReport.objects.none()
    return ReceivedReport.objects.filter(region_id=user.region_id)


def overdue_q(today: date) -> Q:
    """Match meldingen whose beoordeling is due before ``today`` and still not recorded."""
    return Q(
        assessment_due__lt=today,
        assessed_at__isnull=True,
        status__in=AWAITING_ASSESSMENT,
    )


def report_is_overdue(report: ReceivedReport, *, today: date) -> bool:
    """Tell whether the beoordeling of ``report`` is overdue on ``today``, as :func:`overdue_q`."""
    waiting = report.assessed_at is None and report.status in AWAITING_ASSESSMENT
    return waiting and is_overdue(due=report.assessment_due, today=today)


def report_list_for_user(
    *,
    user: User,
    status: str | None = None,
    type: str | None = None,
    overdue: bool | None = None,
    today: date | None = None,
) -> QuerySet[ReceivedReport]:
    """Return the reports of ``user``'s region, newest first, filtered as asked.

    An unknown status or type is ignored, as no filter. ``overdue`` True
    keeps only meldingen whose beoordeling is overdue on ``today`` (the
    Dutch calendar day, by default now); False leaves those out. The
    payload is not loaded: a list shows no content.
    """
    reports = reports_visible_to(user)
    if status in ReceivedReport.Status.values:
        reports = reports.filter(status=status)
    if type in ReceivedReport.Type.values:
        reports = reports.filter(type=type)
    if overdue is not None:
        late = overdue_q(today or receiving_date(timezone.now()))
        reports = reports.filter(late) if overdue else reports.exclude(late)
    return reports.select_related("sender").defer("payload", "body_hash")


def report_get_for_user(
    *, user: User, payload_id: uuid.UUID | str, write: bool = False
) -> ReceivedReport:
    """Return the report with ``payload_id`` if ``user`` may see it; lock the row with ``write``.

    Missing and foreign reports answer the same 404. ``write`` must be used
    inside a transaction: the row stays locked until it ends.
    """
    reports = reports_visible_to(user).select_related("sender", "region")
    if write:
        reports = reports.select_for_update(of=("self",))
    try:
        key = payload_id if isinstance(payload_id, uuid.UUID) else uuid.UUID(str(payload_id))
    except ValueError:
        raise Http404("No such report.") from None
    report = reports.filter(payload_id=key).first()
    if report is None:
        raise Http404("No such report.")
    return report


def report_terugkoppelingen(report: ReceivedReport) -> QuerySet[Terugkoppeling]:
    """Return the terugkoppeling given on ``report``, oldest first, with who gave it."""
    return report.terugkoppelingen.select_related("created_by").order_by("created_at")
