"""The pages of the Veilig Thuis inbox: the list, a report, its exports, and the writes.

Views stay thin: a selector finds the report (404 alike for missing reports
and those of another region), a form validates, a service writes. Every
page that shows a report, and every export, leaves an audit entry
(NEN 7513): who, which report by its pseudonymous payload id, when.
"""

import json
import uuid
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from meldcode.accounts.models import Role, User
from meldcode.security import roles
from meldcode.veiligthuis.models import ReceivedReport
from meldcode.veiligthuis.pdf import payload_pdf
from meldcode.veiligthuis.presentation import payload_sections
from meldcode.veiligthuis.working_days import receiving_date

from . import services
from .forms import AssessmentForm, FilterForm, StatusForm, TerugkoppelingForm
from .selectors import (
    report_get_for_user,
    report_is_overdue,
    report_list_for_user,
    report_terugkoppelingen,
)

VEILIG_THUIS = Role.VEILIG_THUIS.value
PAGE_SIZE = 25
STALE = 409
REFUSED = 422


def _sent_message(sent: str) -> str:
    """Say where terugkoppeling went."""
    if sent == "local":
        return _("Terugkoppeling given: it is shown on the melder's case.")
    if sent == "queued":
        return _("Terugkoppeling given: it is on its way to the melder's installation.")
    return _(
        "Terugkoppeling recorded. The melder's installation takes no terugkoppeling "
        "electronically: tell the melder by phone."
    )


def stale_message() -> str:
    """Explain a refused write from an older page."""
    return _(
        "This report was changed by someone else after you opened this page, so nothing "
        "was changed now. The page below shows the current state; check it and try again."
    )


@roles(VEILIG_THUIS)
@require_safe
def inbox_view(request: HttpRequest) -> HttpResponse:
    """List the reports of the staff member's region, with filters."""
    user = cast(User, request.user)
    form = FilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {"status": "", "type": "", "overdue": ""}
    today = receiving_date(timezone.now())
    reports = report_list_for_user(
        user=user,
        status=filters["status"] or None,
        type=filters["type"] or None,
        overdue=True if filters["overdue"] else None,
        today=today,
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(report, report_is_overdue(report, today=today)) for report in page.object_list]
    services.report_list_log(user=user, reports=[r for r, _late in rows], filters=filters)
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request,
        "veiligthuis/inbox/list.html",
        {
            "form": form if form.is_bound else FilterForm(),
            "page": page,
            "rows": rows,
            "query": query,
            "filtered": any(filters.values()),
            "region": user.region,
        },
    )


def _detail(
    request: HttpRequest,
    report: ReceivedReport,
    *,
    status: int = 200,
    assess_form: AssessmentForm | None = None,
    status_form: StatusForm | None = None,
    terugkoppeling_form: TerugkoppelingForm | None = None,
    problem: str = "",
) -> HttpResponse:
    """Render the page of ``report`` and log the read; pass bound forms to show their errors."""
    user = cast(User, request.user)
    services.report_read_log(user=user, report=report, view="detail")
    today = receiving_date(timezone.now())
    stages = services.terugkoppeling_stages(report)
    initial = {"revision": report.revision}
    context: dict[str, Any] = {
        "report": report,
        "sections": payload_sections(report.payload),
        "overdue": report_is_overdue(report, today=today),
        "is_melding": services.is_melding(report),
        "can_assess": services.can_assess(report),
        "next_statuses": [
            (value, ReceivedReport.Status(value).label) for value in services.next_statuses(report)
        ],
        "stages": stages,
        "assess_form": assess_form or AssessmentForm(initial=initial, prefix="assess"),
        "status_form": status_form or StatusForm(initial=initial, prefix="status"),
        "terugkoppeling_form": terugkoppeling_form
        or TerugkoppelingForm(initial=initial, stages=stages, prefix="tk"),
        "terugkoppelingen": report_terugkoppelingen(report),
        "short_id": str(report.payload_id)[:8],
        # The id of the form whose message says why nothing changed.
        "problem": problem,
    }
    return render(request, "veiligthuis/inbox/detail.html", context, status=status)


@roles(VEILIG_THUIS)
@require_safe
def report_view(request: HttpRequest, payload_id: uuid.UUID) -> HttpResponse:
    """Show a report: its content, status, deadline, the beoordeling and terugkoppeling."""
    user = cast(User, request.user)
    report = report_get_for_user(user=user, payload_id=payload_id)
    return _detail(request, report)


def _write(form: Form, write: Callable[[dict[str, Any]], None]) -> int | None:
    """Run ``write`` once ``form`` validates; return None when written, else the page's status.

    400 for input that did not validate, 409 for a stale page, 422 for a
    write the report does not allow; the form or the page carries the reason.
    """
    if not form.is_valid():
        if {"revision", "status"} & set(form.errors):
            # Hidden or button-borne fields: only a broken or tampered page gets here.
            form.add_error(None, _("This page could not be saved. Reload it and try again."))
        return 400
    try:
        write(form.cleaned_data)
    except services.StaleRevision:
        form.add_error(None, stale_message())
        return STALE
    except services.Refused as refused:
        form.add_error(None, str(refused.message))
        return REFUSED
    return None


@roles(VEILIG_THUIS)
@require_POST
def report_assess_view(request: HttpRequest, payload_id: uuid.UUID) -> HttpResponse:
    """Record the decision of the veiligheidsbeoordeling."""
    user = cast(User, request.user)
    report = report_get_for_user(user=user, payload_id=payload_id)
    form = AssessmentForm(request.POST, prefix="assess")

    def write(data: dict[str, Any]) -> None:
        services.report_assess(
            actor=user, report=report, decision=data["decision"], revision=data["revision"]
        )

    refused = _write(form, write)
    if refused is None:
        messages.success(request, _("The veiligheidsbeoordeling is recorded."))
        return redirect("vt_inbox:report", payload_id=report.payload_id)
    report.refresh_from_db()
    return _detail(request, report, status=refused, assess_form=form, problem="assess")


@roles(VEILIG_THUIS)
@require_POST
def report_status_view(request: HttpRequest, payload_id: uuid.UUID) -> HttpResponse:
    """Move the report one status forward."""
    user = cast(User, request.user)
    report = report_get_for_user(user=user, payload_id=payload_id)
    form = StatusForm(request.POST, prefix="status")

    def write(data: dict[str, Any]) -> None:
        services.report_status_set(
            actor=user, report=report, status=data["status"], revision=data["revision"]
        )

    refused = _write(form, write)
    if refused is None:
        messages.success(request, _("The status is changed."))
        return redirect("vt_inbox:report", payload_id=report.payload_id)
    report.refresh_from_db()
    return _detail(request, report, status=refused, status_form=form, problem="status-form")


@roles(VEILIG_THUIS)
@require_POST
def terugkoppeling_view(request: HttpRequest, payload_id: uuid.UUID) -> HttpResponse:
    """Give terugkoppeling to the melder."""
    user = cast(User, request.user)
    report = report_get_for_user(user=user, payload_id=payload_id)
    form = TerugkoppelingForm(
        request.POST, stages=services.terugkoppeling_stages(report), prefix="tk"
    )
    sent: list[str] = []

    def write(data: dict[str, Any]) -> None:
        _given, where = services.terugkoppeling_give(
            actor=user,
            report=report,
            stage=data["stage"],
            vervolgtraject=data["vervolgtraject"],
            decision=data["decision"],
            handed_to=data["handed_to"],
            safety_conditions=data["safety_conditions"],
            melder_role=data["melder_role"],
            text=data["text"],
            revision=data["revision"],
        )
        sent.append(where)

    refused = _write(form, write)
    if refused is None:
        messages.success(request, _sent_message(sent[0]))
        return redirect("vt_inbox:report", payload_id=report.payload_id)
    report.refresh_from_db()
    return _detail(
        request, report, status=refused, terugkoppeling_form=form, problem="terugkoppeling"
    )


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """Return ``content`` as a download that no cache keeps."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@roles(VEILIG_THUIS)
@require_safe
@never_cache
def export_json_view(request: HttpRequest, payload_id: uuid.UUID) -> HttpResponse:
    """Hand the report over as JSON, exactly as received, for Veilig Thuis's own registration."""
    user = cast(User, request.user)
    report = report_get_for_user(user=user, payload_id=payload_id)
    content = json.dumps(report.payload, ensure_ascii=False, indent=2).encode()
    services.report_export_log(user=user, report=report, kind="json")
    return _download(
        content,
        content_type="application/json; charset=utf-8",
        filename=f"{report.payload_id}.json",
    )


@roles(VEILIG_THUIS)
@require_safe
@never_cache
def export_pdf_view(request: HttpRequest, payload_id: uuid.UUID) -> HttpResponse:
    """Hand the report over as a PDF, for Veilig Thuis's own registration."""
    user = cast(User, request.user)
    report = report_get_for_user(user=user, payload_id=payload_id)
    title = (
        _("Melding to Veilig Thuis")
        if services.is_melding(report)
        else _("Advies asked of Veilig Thuis")
    )
    content = payload_pdf(
        report.payload,
        title=title,
        language=get_language() or "nl",
        author=None,
        reference=str(report.payload_id),
    )
    services.report_export_log(user=user, report=report, kind="pdf")
    return _download(content, content_type="application/pdf", filename=f"{report.payload_id}.pdf")
