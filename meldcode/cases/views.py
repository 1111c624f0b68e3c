"""The case pages around the wizard: the list, opening, the summary, the acute exit, closing.

Views stay thin: a selector finds the case (404 alike for missing and
foreign ones), a form validates, a service writes.
"""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meldcode.accounts.models import Role, User
from meldcode.security import roles

from .forms import AcuteForm, CaseDetailsForm, CloseForm
from .presentation import ACUTE_NAMES, case_context, case_profile, case_routes, summary_context
from .selectors import FLAGS, case_events, case_get_for_user, case_list_for_user
from .services import (
    CaseClosed,
    StaleRevision,
    case_acute_exit,
    case_close,
    case_create,
    case_details_update,
    case_finish,
    case_reopen,
)
from .steps import STEPS, track_for
from .wizard import parse_revision

CLINICIAN = Role.CLINICIAN.value
PAGE_SIZE = 25


def _stale_message() -> str:
    """Explain a refused write from an older page."""
    return _(
        "This case was changed elsewhere (another tab or device) after you opened this page, "
        "so nothing was changed now. The page below shows the current state."
    )


@roles(CLINICIAN)
def case_list_view(request: HttpRequest) -> HttpResponse:
    """List the clinician's own cases, with filters on status and flags."""
    user = cast(User, request.user)
    status = request.GET.get("status", "")
    flag = request.GET.get("flag", "")
    query = request.GET.get("q", "").strip()[:20]
    cases = case_list_for_user(user=user, status=status, flag=flag, query=query)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "status": status,
            "flag": flag,
            "query": query,
            "flags": FLAGS,
            "filtered": bool(status or flag or query),
        },
    )


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def case_create_view(request: HttpRequest) -> HttpResponse:
    """Open a new pseudonymous case."""
    user = cast(User, request.user)
    form = CaseDetailsForm(request.POST or None, initial={"track": track_for(user.profession)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = case_create(
            user=user,
            track=data["track"],
            minor=data["minor"],
            initials=data["initials"],
            birth_year=data["birth_year"],
        )
        messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
        return redirect("cases:step", reference=case.reference, step=STEPS[0])
    status = 400 if form.is_bound else 200
    return render(request, "cases/create.html", {"form": form}, status=status)


@roles(CLINICIAN)
def case_summary_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Show the decision, the flowchart, the profile, the route and the timeline."""
    case = case_get_for_user(user=cast(User, request.user), reference=reference)
    context = summary_context(case, case_events(case))
    context["close_form"] = CloseForm()
    return render(request, "cases/summary.html", context)


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def case_details_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Change the track, the age group, the initials or the birth year."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    initial = {
        "age_group": "minderjarige" if case.minor else "volwassene",
        "track": case.track,
        "initials": case.initials,
        "birth_year": case.birth_year,
    }
    form = CaseDetailsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        revision = parse_revision(request.POST.get("revision"))
        if form.is_valid() and revision is not None:
            data = form.cleaned_data
            try:
                case_details_update(
                    user=user,
                    case=case,
                    expected_revision=revision,
                    track=data["track"],
                    minor=data["minor"],
                    initials=data["initials"],
                    birth_year=data["birth_year"],
                )
            except StaleRevision:
                form.add_error(None, _stale_message())
                status = 409
            except CaseClosed:
                form.add_error(None, _("This case is closed. Reopen it to change it."))
                status = 409
            else:
                messages.success(request, _("Saved."))
                return redirect("cases:summary", reference=case.reference)
        else:
            if revision is None:
                form.add_error(None, _("This page could not be saved. Reload it and try again."))
            status = 400
    context = {**case_context(case), "form": form}
    return render(request, "cases/details.html", context, status=status)


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def case_acute_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Offer the acute exit: direct danger or acute unsafety, the route, what is skipped."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    acute = case.acute_record
    form = AcuteForm(request.POST or None, initial=acute or {})
    status = 200
    if request.method == "POST":
        revision = parse_revision(request.POST.get("revision"))
        if form.is_valid() and revision is not None:
            try:
                case_acute_exit(
                    user=user,
                    case=case,
                    expected_revision=revision,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                )
            except StaleRevision:
                form.add_error(None, _stale_message())
                status = 409
            except CaseClosed:
                form.add_error(None, _("This case is closed. Reopen it to change it."))
                status = 409
            else:
                messages.success(request, _("The acute exit is recorded. Now decide and act."))
                return redirect("cases:step", reference=case.reference, step="beslissen")
        else:
            if revision is None:
                form.add_error(None, _("This page could not be saved. Reload it and try again."))
            status = 400
    profile = case_profile(case)
    context = {
        **case_context(case),
        "form": form,
        "auto": request.GET.get("auto") == "1",
        "acute_signals": [s.label.get(request.LANGUAGE_CODE) for s in profile.acute_signals],
        "acute_names": ACUTE_NAMES,
        "routes_direct": [r for r in case_routes(case, profile) if r["code"] != "112"],
    }
    return render(request, "cases/acute.html", context, status=status)


@roles(CLINICIAN)
@require_POST
def case_finish_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the decision; a second press changes nothing."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    revision = parse_revision(request.POST.get("revision"))
    if revision is None:
        messages.error(request, _("This page could not be saved. Reload it and try again."))
        return redirect("cases:summary", reference=case.reference)
    try:
        _case, changed = case_finish(user=user, case=case, expected_revision=revision)
    except StaleRevision:
        messages.error(request, _stale_message())
    except CaseClosed:
        messages.error(request, _("This case is closed. Reopen it to change it."))
    else:
        if changed:
            messages.success(request, _("The decision is recorded."))
        else:
            messages.info(request, _("The decision was already recorded; nothing changed."))
    return redirect("cases:summary", reference=case.reference)


@roles(CLINICIAN)
@require_POST
def case_close_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Close a case with a reason."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    form = CloseForm(request.POST)
    revision = parse_revision(request.POST.get("revision"))
    if not form.is_valid() or revision is None:
        for error in form.errors.get("reason", []):
            messages.error(request, str(error))
        if revision is None:
            messages.error(request, _("This page could not be saved. Reload it and try again."))
        return redirect("cases:summary", reference=case.reference)
    try:
        case_close(
            user=user, case=case, expected_revision=revision, reason=form.cleaned_data["reason"]
        )
    except StaleRevision:
        messages.error(request, _stale_message())
    except CaseClosed:
        messages.info(request, _("This case was already closed."))
    else:
        messages.success(request, _("The case is closed."))
    return redirect("cases:summary", reference=case.reference)


@roles(CLINICIAN)
@require_POST
def case_reopen_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Open a closed case again."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    revision = parse_revision(request.POST.get("revision"))
    if revision is None:
        messages.error(request, _("This page could not be saved. Reload it and try again."))
        return redirect("cases:summary", reference=case.reference)
    try:
        case_reopen(user=user, case=case, expected_revision=revision)
    except StaleRevision:
        messages.error(request, _stale_message())
    else:
        messages.success(request, _("The case is open again."))
    return redirect("cases:summary", reference=case.reference)
