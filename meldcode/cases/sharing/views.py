"""Pages for sharing: ask a colleague, answer as a colleague, give a waarnemer access."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meldcode.accounts.models import Role, User
from meldcode.cases.presentation import case_context
from meldcode.cases.record.colleague import colleague_summary
from meldcode.cases.selectors import case_get_for_user
from meldcode.cases.views import write_from_button
from meldcode.security import roles

from . import services
from .forms import AccessForm, AnswerForm, ShareForm
from .selectors import (
    access_get_for_owner,
    accesses_of_case,
    share_get_for_colleague,
    share_get_for_owner,
    shares_of_case,
    shares_open_to,
)

CLINICIAN = Role.CLINICIAN.value


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def share_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Show what a colleague would see, the shares so far, and ask a new question."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    names = tuple(part for part in case.initials.replace(".", " ").split() if len(part) > 1)
    form = ShareForm(request.POST or None, owner=user, known_names=names)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.colleague_share_create(
            user=user,
            case=case,
            colleague=data["colleague"],
            question=data["question"],
            days=data["days"],
        )
        messages.success(request, _("The summary is shared with your colleague."))
        return redirect("cases:share", reference=case.reference)
    context = {
        **case_context(case),
        "form": form,
        "preview": colleague_summary(case).text,
        "shares": shares_of_case(case),
    }
    return render(request, "cases/share.html", context, status=400 if form.is_bound else 200)


@roles(CLINICIAN)
@require_POST
def share_record_view(request: HttpRequest, reference: str, public_id: str) -> HttpResponse:
    """Record a colleague's answer as a consultation in step 2."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    share = share_get_for_owner(case=case, public_id=public_id)

    def write(revision: int) -> object:
        return services.colleague_share_record(user=user, share=share, expected_revision=revision)

    if write_from_button(request, write):
        messages.success(request, _("The advice is recorded in step 2."))
    return redirect("cases:share", reference=case.reference)


@roles(CLINICIAN)
@require_POST
def share_withdraw_view(request: HttpRequest, reference: str, public_id: str) -> HttpResponse:
    """Withdraw a share."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    share = share_get_for_owner(case=case, public_id=public_id)
    services.colleague_share_withdraw(user=user, share=share)
    messages.success(request, _("The summary is withdrawn."))
    return redirect("cases:share", reference=case.reference)


@roles(CLINICIAN)
def consultations_view(request: HttpRequest) -> HttpResponse:
    """List the summaries colleagues shared with me that are still open."""
    user = cast(User, request.user)
    shares = shares_open_to(user).order_by("-created_at")
    return render(request, "cases/consultations.html", {"shares": shares})


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def consultation_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """Show a shared summary to the colleague, and take their answer."""
    user = cast(User, request.user)
    share = share_get_for_colleague(user=user, public_id=public_id)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.colleague_share_answer(
                    user=user, share=share, answer=form.cleaned_data["answer"]
                )
            except services.ShareClosed:
                messages.error(request, _("This consultation was already answered or closed."))
            else:
                messages.success(request, _("Thank you: your advice was sent."))
            return redirect("consultations:list")
        status = 400
    else:
        services.colleague_share_read_log(user=user, share=share)
    return render(request, "cases/consultation.html", {"share": share, "form": form}, status=status)


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def access_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Give a co-treating colleague full read access, or see who has it."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    form = AccessForm(request.POST or None, owner=user)
    if request.method == "POST" and form.is_valid():
        services.case_access_grant(user=user, case=case, colleague=form.cleaned_data["colleague"])
        messages.success(request, _("Your colleague can now read this case."))
        return redirect("cases:access", reference=case.reference)
    context = {**case_context(case), "form": form, "accesses": accesses_of_case(case)}
    return render(request, "cases/access.html", context, status=400 if form.is_bound else 200)


@roles(CLINICIAN)
@require_POST
def access_revoke_view(request: HttpRequest, reference: str, access_id: int) -> HttpResponse:
    """End a waarnemer's access."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    access = access_get_for_owner(case=case, access_id=access_id)
    services.case_access_revoke(user=user, access=access)
    messages.success(request, _("The access is ended."))
    return redirect("cases:access", reference=case.reference)
