"""The standalone pages "Signalen wegen" and "Hoe de weging werkt"."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from meldcode.accounts.models import Role
from meldcode.security import roles

from .catalogue import load
from .forms import SignalSelectionForm
from .picker import picker_groups
from .presentation import explanation_context, profile_context
from .weighing import weigh

PARTIAL_HEADER = "X-Meldwijzer-Partial"


@roles(Role.CLINICIAN.value)
def weigh_view(request: HttpRequest) -> HttpResponse:
    """Show the signal picker and the profile of the chosen signals.

    Selections travel in the body of a POST, never in the URL, and are not
    stored: what a clinician weighs here leaves no trace.
    """
    catalogue = load()
    language = get_language() or "nl"
    form = SignalSelectionForm(request.POST or None, catalogue=catalogue)
    profile = None
    if form.is_valid():
        data = form.cleaned_data
        minor, domestic, shelter = data["minor"], data["domestic"], data["shelter"]
        profile = weigh(data["signals"], minor=minor, catalogue=catalogue)
    else:
        # A refused submission keeps what the clinician chose on screen.
        minor, domestic, shelter = (
            form.submitted_flag(n) for n in ("minor", "domestic", "shelter")
        )
        if not form.is_bound:
            profile = weigh((), catalogue=catalogue)
    panel = (
        profile_context(
            profile, catalogue=catalogue, language=language, domestic=domestic, shelter=shelter
        )
        if profile
        else None
    )
    context = {
        "form": form,
        "minor": minor,
        "domestic": domestic,
        "shelter": shelter,
        "profile": panel,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    if request.headers.get(PARTIAL_HEADER) == "profile":
        return render(request, "signals/includes/profile_update.html", context, status=status)
    context["groups"] = picker_groups(
        catalogue,
        selected=form.submitted_codes(),
        query=form.data.get("q", "") if form.is_bound else "",
        language=language,
    )
    return render(request, "signals/weigh.html", context, status=status)


@roles(Role.CLINICIAN.value)
def explanation_view(request: HttpRequest) -> HttpResponse:
    """Explain the weighing: indicators, the lists, the rule, the levels, what is unverified."""
    context = explanation_context(load(), language=get_language() or "nl")
    return render(request, "signals/explanation.html", context)
