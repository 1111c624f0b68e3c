"""The record for the patient file: SOEP entries to copy, the PDF, and the HIS transfer."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldcode.accounts.models import Role, User
from meldcode.cases.models import Case
from meldcode.cases.presentation import case_context
from meldcode.cases.selectors import case_get_for_user
from meldcode.cases.services import (
    case_export_log,
    case_his_transfer_confirm,
    case_read_log,
)
from meldcode.cases.sharing.forms import HisTransferForm
from meldcode.cases.views import write_from_form
from meldcode.security import roles

from .pdf import record_pdf
from .soep import soep_entries

CLINICIAN = Role.CLINICIAN.value


def _record_page(
    request: HttpRequest, case: Case, form: HisTransferForm, status: int = 200
) -> HttpResponse:
    """Render the record page of ``case`` with ``form`` for the HIS transfer."""
    entries = soep_entries(case, language=get_language() or "nl")
    context = {
        **case_context(case),
        "entries": entries,
        "form": form,
        "can_edit": case.owner_id == request.user.pk,
    }
    return render(request, "cases/record.html", context, status=status)


@roles(CLINICIAN)
def record_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Show the SOEP entries to copy into the HIS, the PDF, and the transfer confirmation."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    case_read_log(user=user, case=case, view="record")
    initial = {"on": case.his_transferred_on} if case.his_transferred_on else {}
    return _record_page(request, case, HisTransferForm(initial=initial))


@roles(CLINICIAN)
def record_pdf_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Download the record as a PDF; the download is logged."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    content = record_pdf(case, language=get_language() or "nl", author=user.full_name)
    case_export_log(user=user, case=case, kind="pdf", via="download")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}.pdf"'
    return response


@roles(CLINICIAN)
@require_POST
def soep_copied_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Log that a SOEP entry was copied (sent by the copy button)."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    case_export_log(user=user, case=case, kind="soep", via="copy")
    return HttpResponse(status=204)


@roles(CLINICIAN)
@require_POST
def his_transfer_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirm that the record was taken over in the HIS."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    form = HisTransferForm(request.POST)

    def write(revision: int) -> object:
        return case_his_transfer_confirm(
            user=user, case=case, expected_revision=revision, on=form.cleaned_data["on"]
        )

    refused = write_from_form(request, form, write)
    if refused is None:
        messages.success(request, _("Recorded: the record is in the HIS."))
        return redirect("cases:record", reference=case.reference)
    return _record_page(request, case, form, status=refused)
