"""The case pages around the wizard: the list, opening, the summary, the acute exit, closing.

Views stay thin: a selector finds the case (404 alike for missing and
foreign ones), a form validates, a service writes.
"""

from collections.abc import Callable
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meldcode.accounts.models import Role, User
from meldcode.security import roles

from .forms import AcuteForm, CaseDetailsForm, CloseForm
from .presentation import (
    ACUTE_NAMES,
    case_context,
    case_profile,
    case_routes,
    decision_name,
    summary_context,
)
from .selectors import FLAGS, case_events, case_get_for_user, case_list_for_user
from .services import (
    CaseClosed,
    StaleRevision,
    case_acute_exit,
    case_close,
    case_create,
    case_details_update,
    case_finish,
    case_list_log,
    case_read_log,
    case_reopen,
)
from .steps import STEPS, track_for
from .wizard import parse_revision

CLINICIAN = Role.CLINICIAN.value
PAGE_SIZE = 25


def stale_message() -> str:
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
    rows = [(case, decision_name(case.decision)) for case in page.object_list]
    case_list_log(
        user=user,
        case_ids=[case.pk for case, _decision in rows],
        filters={"status": status, "flag": flag, "q": query},
    )
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "flag": flag,
            "query": query,
            # The filters, kept when paging.
            "page_query": urlencode({"status": status, "flag": flag, "q": query}),
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
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference)
    case_read_log(user=user, case=case, view="summary")
    context = summary_context(case, case_events(case))
    context["can_edit"] = case.owner_id == user.pk
    context["close_form"] = CloseForm()
    return render(request, "cases/summary.html", context)


def write_from_form(
    request: HttpRequest, form: forms.Form, write: Callable[[int], object]
) -> int | None:
    """Run ``write`` with the page's revision once the form validates.

    Return None when it was written, or the status to render the page with:
    400 for input that did not validate, 409 for a stale page or a closed
    case (the form then carries the message, so nothing typed is lost).
    """
    revision = parse_revision(request.POST.get("revision"))
    if revision is None:
        form.add_error(None, _("This page could not be saved. Reload it and try again."))
    if not form.is_valid() or revision is None:
        return 400
    try:
        write(revision)
    except StaleRevision:
        form.add_error(None, stale_message())
        return 409
    except CaseClosed:
        form.add_error(None, _("This case is closed. Reopen it to change it."))
        return 409
    return None


def write_from_button(request: HttpRequest, write: Callable[[int], object]) -> bool:
    """Run ``write`` for a button without fields; say any refusal as a message."""
    revision = parse_revision(request.POST.get("revision"))
    if revision is None:
        messages.error(request, _("This page could not be saved. Reload it and try again."))
        return False
    try:
        write(revision)
    except StaleRevision:
        messages.error(request, stale_message())
    except CaseClosed:
        messages.error(request, _("This case is closed. Reopen it to change it."))
    else:
        return True
    return False


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def case_details_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Change the track, the age group, the initials or the birth year."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    initial = {
        "age_group": "minderjarige" if case.minor else "volwassene",
        "track": case.track,
        "initials": case.initials,
        "birth_year": case.birth_year,
    }
    form = CaseDetailsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "GET":
        case_read_log(user=user, case=case, view="details")
    if request.method == "POST":

        def write(revision: int) -> object:
            data = form.cleaned_data
            return case_details_update(
                user=user,
                case=case,
                expected_revision=revision,
                track=data["track"],
                minor=data["minor"],
                initials=data["initials"],
                birth_year=data["birth_year"],
            )

        refused = write_from_form(request, form, write)
        if refused is None:
            messages.success(request, _("Saved."))
            return redirect("cases:summary", reference=case.reference)
        status = refused
    context = {**case_context(case), "form": form}
    return render(request, "cases/details.html", context, status=status)


@roles(CLINICIAN)
@require_http_methods(["GET", "POST"])
def case_acute_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Offer the acute exit: direct danger or acute unsafety, the route, what is skipped."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    form = AcuteForm(request.POST or None, initial=case.acute_record or {})
    status = 200
    if request.method == "GET":
        case_read_log(user=user, case=case, view="acute")
    if request.method == "POST":

        def write(revision: int) -> object:
            return case_acute_exit(
                user=user,
                case=case,
                expected_revision=revision,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )

        refused = write_from_form(request, form, write)
        if refused is None:
            messages.success(request, _("The acute exit is recorded. Now decide and act."))
            return redirect("cases:step", reference=case.reference, step="beslissen")
        status = refused
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
    case = case_get_for_user(user=user, reference=reference, write=True)
    changed: list[bool] = []

    def write(revision: int) -> object:
        _case, done = case_finish(user=user, case=case, expected_revision=revision)
        changed.append(done)
        return done

    if write_from_button(request, write):
        if changed[0]:
            messages.success(request, _("The decision is recorded."))
        else:
            messages.info(request, _("The decision was already recorded; nothing changed."))
    return redirect("cases:summary", reference=case.reference)


@roles(CLINICIAN)
@require_POST
def case_close_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Close a case with a reason."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)
    form = CloseForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, str(error))
        return redirect("cases:summary", reference=case.reference)

    def write(revision: int) -> object:
        reason = form.cleaned_data["reason"]
        return case_close(user=user, case=case, expected_revision=revision, reason=reason)

    if write_from_button(request, write):
        messages.success(request, _("The case is closed."))
    return redirect("cases:summary", reference=case.reference)


@roles(CLINICIAN)
@require_POST
def case_reopen_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Open a closed case again."""
    user = cast(User, request.user)
    case = case_get_for_user(user=user, reference=reference, write=True)

    def write(revision: int) -> object:
        return case_reopen(user=user, case=case, expected_revision=revision)

    if write_from_button(request, write):
        messages.success(request, _("The case is open again."))
    return redirect("cases:summary", reference=case.reference)
