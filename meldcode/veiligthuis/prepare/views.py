"""The clinician's Veilig Thuis pages of a case: advies, melding, deliveries.

Only the case's owner reaches them (a waarnemer reads the case, but does not
consult or report on the owner's behalf). Every view of a preview or
summary, and every download, is logged (NEN 7513).
"""

import uuid
from datetime import datetime
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meldcode.accounts.models import Role, User
from meldcode.cases.models import Case
from meldcode.cases.presentation import case_context, readiness_context
from meldcode.cases.selectors import case_get_for_user
from meldcode.routing import EMERGENCY
from meldcode.security import roles
from meldcode.veiligthuis.models import NATIONAL_PHONE, AdviesPrep, Delivery, MeldingDetails
from meldcode.veiligthuis.municipalities import municipalities
from meldcode.veiligthuis.outbox.services import delivery_retry
from meldcode.veiligthuis.payload import IdentifyingQuestion
from meldcode.veiligthuis.pdf import payload_pdf
from meldcode.veiligthuis.presentation import payload_sections

from . import services
from .forms import AdviesForm, MeldingForm, initial_from_details

CLINICIAN = Role.CLINICIAN.value

REFUSALS = {
    "not_decided": lambda: _("A melding is prepared after the decision to melden in step 5."),
    "not_ready": lambda: _("The Meldcode steps a melding needs are not complete yet."),
    "no_details": lambda: _("Enter the details of the melding first."),
    "phone_first": lambda: _(
        "This region asks for a phone call before a written melding (and in acute unsafety "
        "always phone first): record the date of the call with Veilig Thuis."
    ),
    "no_receiver": lambda: _(
        "This region does not receive meldingen electronically. Phone 0800-2000 and use the "
        "summary to read from."
    ),
    "already_sent": lambda: _("This melding has been sent already; see its status below."),
    "changed": lambda: _(
        "The data changed after you opened the preview (in another tab or device), so nothing "
        "was sent. Check the preview below again."
    ),
    "preview_expired": lambda: _("The preview is too old. Check it again and confirm."),
    "no_question": lambda: _("Write the question for Veilig Thuis first."),
}


def _refusal(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["changed"])())


def _owned(request: HttpRequest, reference: str) -> tuple[User, Case]:
    user = cast(User, request.user)
    return user, case_get_for_user(user=user, reference=reference, write=True)


def _base_context(case: Case) -> dict[str, Any]:
    acute = case.acute_record or {}
    return {
        **case_context(case),
        "acute_kind": acute.get("kind", ""),
        "national_phone": NATIONAL_PHONE,
        "emergency_number": EMERGENCY.phone,
    }


@roles(CLINICIAN)
def vt_case_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Show what was prepared and sent to Veilig Thuis for a case, and what came back."""
    user, case = _owned(request, reference)
    details = MeldingDetails.objects.select_related("region").filter(case=case).first()
    prep = AdviesPrep.objects.select_related("region").filter(case=case).first()
    refusal = services.melding_refusal(case, details)
    context = {
        **_base_context(case),
        "readiness": readiness_context(case),
        "prep": prep,
        "details": details,
        "melding_possible": case.decision in services.MELDING_DECISIONS,
        "melding_refusal": _refusal(refusal) if refusal and refusal != "no_details" else "",
        "deliveries": Delivery.objects.filter(case=case).order_by("-created_at"),
        "terugkoppelingen": case.terugkoppelingen.order_by("created_at"),
    }
    services.vt_read_log(user=user, case=case, view="overview")
    return render(request, "veiligthuis/prepare/overview.html", context)


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def advies_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Write the question for an advies and choose how to be named."""
    user, case = _owned(request, reference)
    prep = AdviesPrep.objects.filter(case=case).first()
    initial: dict[str, Any] = {"region": user.region_id}
    if prep is not None:
        initial = {
            "region": prep.region_id,
            "question": prep.question,
            "anonymous": prep.anonymous,
            "callback_phone": prep.callback_phone,
        }
    form = AdviesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.advies_prepare(
                user=user,
                case=case,
                region=data["region"],
                question=data["question"],
                anonymous=data["anonymous"],
                callback_phone=data["callback_phone"],
            )
        except IdentifyingQuestion as refused:
            form.add_error("question", _identifying_message(refused))
        except ValueError:
            form.add_error(
                None,
                _(
                    "Your account has no name to give Veilig Thuis: add it to your account, "
                    "or consult without your name."
                ),
            )
        else:
            return redirect("vt:advies_summary", reference=case.reference)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "veiligthuis/prepare/advies.html",
        {**_base_context(case), "form": form},
        status=status,
    )


def _identifying_message(refused: IdentifyingQuestion) -> str:
    kinds = {
        "date": _("a date"),
        "number": _("a number (BSN, phone number, postcode, house number)"),
        "email": _("an e-mail address"),
        "name": _("a name"),
    }
    found = sorted({str(kinds[f.kind]) for f in refused.findings})
    return _(
        "The question may identify someone: it holds %(kinds)s. Remove it: an advies shares "
        "no personal data."
    ) % {"kinds": ", ".join(found)}


def _preview_fields(preview: services.Preview) -> dict[str, str]:
    return {
        "payload_id": str(preview.payload_id),
        "created_at": preview.created_at.isoformat(),
        "digest": preview.digest,
    }


def _confirmed(request: HttpRequest) -> services.Confirmation | None:
    """Read the previewed payload's id, time and hash from a confirmation."""
    try:
        payload_id = uuid.UUID(request.POST.get("payload_id", ""))
        created_at = datetime.fromisoformat(request.POST.get("created_at", ""))
    except ValueError:
        return None
    digest = request.POST.get("digest", "")
    if timezone.is_naive(created_at) or len(digest) != 64:
        return None
    return services.Confirmation(payload_id, created_at, digest)


@roles(CLINICIAN)
def advies_summary_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Show the advies as a one-page summary to read from on the phone, and send it if possible."""
    user, case = _owned(request, reference)
    prep = AdviesPrep.objects.select_related("region").filter(case=case).first()
    if prep is None:
        return redirect("vt:advies", reference=case.reference)
    preview = services.advies_preview(
        user=user, case=case, prep=prep, payload_id=uuid.uuid4(), now=timezone.now()
    )
    services.vt_read_log(user=user, case=case, view="advies_summary")
    context = {
        **_base_context(case),
        "prep": prep,
        "sections": payload_sections(preview.payload),
        "receiver": services.active_receiver(prep.region),
        "confirm": _preview_fields(preview),
    }
    return render(request, "veiligthuis/prepare/advies_summary.html", context)


@roles(CLINICIAN)
def advies_pdf_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Download the advies summary as a PDF to read from during the call."""
    user, case = _owned(request, reference)
    prep = AdviesPrep.objects.select_related("region").filter(case=case).first()
    if prep is None:
        raise Http404("No advies prepared.")
    preview = services.advies_preview(
        user=user, case=case, prep=prep, payload_id=uuid.uuid4(), now=timezone.now()
    )
    content = payload_pdf(
        preview.payload,
        title=_("Advies: summary for the phone call"),
        language=get_language() or "nl",
        author=None if prep.anonymous else user.full_name,
        reference=None,
    )
    services.vt_export_log(user=user, case=case, kind="advies_pdf")
    return _pdf(content, "advies.pdf")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _send(request: HttpRequest, case: Case, send: Any, back: str) -> HttpResponse:
    confirmed = _confirmed(request)
    if confirmed is None or request.POST.get("checked") != "yes":
        messages.error(request, _("Confirm that you checked exactly what will be sent."))
        return redirect(back, reference=case.reference)
    try:
        send(confirmation=confirmed)
    except services.CannotSend as refused:
        messages.error(request, _refusal(refused.code))
        return redirect(back, reference=case.reference)
    messages.success(
        request, _("Put in the outbox: it is delivered as soon as Veilig Thuis can receive it.")
    )
    return redirect("vt:overview", reference=case.reference)


@roles(CLINICIAN)
@require_POST
def advies_send_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Send the previewed advies to the region's electronic receiver."""
    user, case = _owned(request, reference)

    def send(**kwargs: Any) -> object:
        return services.advies_send(user=user, case=case, **kwargs)

    return _send(request, case, send, "vt:advies_summary")


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def melding_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Enter the identifying data of a melding, after the decision to melden."""
    user, case = _owned(request, reference)
    if case.decision not in services.MELDING_DECISIONS:
        messages.error(request, _refusal("not_decided"))
        return redirect("vt:overview", reference=case.reference)
    details = MeldingDetails.objects.filter(case=case).first()
    if details is not None:
        initial = initial_from_details(details.data or {})
    else:
        initial = {
            "melder_name": user.full_name,
            "melder_profession": user.profession,
            "melder_organisation": user.organisation,
            "melder_email": user.email,
            "melder_big_number": user.big_number,
        }
    form = MeldingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        region, overridden = form.chosen_region()
        services.melding_details_save(
            user=user, case=case, data=form.details(), region=region, overridden=overridden
        )
        return redirect("vt:melding_preview", reference=case.reference)
    context = {
        **_base_context(case),
        "form": form,
        "municipalities": [m.name for m in municipalities()],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "veiligthuis/prepare/melding.html", context, status=status)


@roles(CLINICIAN)
def melding_preview_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Show exactly what the melding will send, and ask for confirmation."""
    user, case = _owned(request, reference)
    details = MeldingDetails.objects.select_related("region").filter(case=case).first()
    if details is None:
        return redirect("vt:melding", reference=case.reference)
    refusal = services.melding_refusal(case, details)
    preview = services.melding_preview(
        case=case, details=details, payload_id=uuid.uuid4(), now=timezone.now()
    )
    services.vt_read_log(user=user, case=case, view="melding_preview")
    context = {
        **_base_context(case),
        "details": details,
        "sections": payload_sections(preview.payload),
        "receiver": services.active_receiver(details.region),
        "refusal": _refusal(refusal) if refusal else "",
        "refusal_code": refusal or "",
        "confirm": _preview_fields(preview),
    }
    return render(request, "veiligthuis/prepare/melding_preview.html", context)


@roles(CLINICIAN)
def melding_pdf_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Download the melding summary as a PDF, for the patient file (HIS)."""
    user, case = _owned(request, reference)
    details = MeldingDetails.objects.select_related("region").filter(case=case).first()
    if details is None:
        raise Http404("No melding prepared.")
    preview = services.melding_preview(
        case=case, details=details, payload_id=uuid.uuid4(), now=timezone.now()
    )
    content = payload_pdf(
        preview.payload,
        title=_("Melding to Veilig Thuis"),
        language=get_language() or "nl",
        author=user.full_name,
        reference=case.reference,
    )
    services.vt_export_log(user=user, case=case, kind="melding_pdf")
    return _pdf(content, f"{case.reference}-melding.pdf")


@roles(CLINICIAN)
@require_POST
def melding_send_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Send the previewed melding; the HIS copy must have been offered first."""
    user, case = _owned(request, reference)
    if request.POST.get("his") != "yes":
        messages.error(
            request,
            _(
                "Put the melding summary and the SOEP note in the patient file first: once "
                "Veilig Thuis has the melding, this tool deletes its identifying data."
            ),
        )
        return redirect("vt:melding_preview", reference=case.reference)

    def send(**kwargs: Any) -> object:
        return services.melding_send(user=user, case=case, **kwargs)

    return _send(request, case, send, "vt:melding_preview")


@roles(CLINICIAN)
@require_POST
def delivery_retry_view(
    request: HttpRequest, reference: str, payload_id: uuid.UUID
) -> HttpResponse:
    """Send a failed delivery of the case again."""
    user, case = _owned(request, reference)
    delivery = Delivery.objects.filter(case=case, payload_id=payload_id).first()
    if delivery is None:
        raise Http404("No such delivery.")
    try:
        delivery_retry(actor_id=user.pk, delivery=delivery)
    except ValueError:
        messages.error(
            request,
            _("Only a failed delivery that still holds what it was to send can be sent again."),
        )
    else:
        messages.success(request, _("Sending again."))
    return redirect("vt:overview", reference=case.reference)
