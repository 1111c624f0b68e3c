"""The standalone pages "Signalen wegen" and "Hoe de weging werkt"."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from meldcode.accounts.models import User

from .catalogue import load
from .forms import SignalSelectionForm
from .labels import DIMENSION_NAMES, GRADE_NAMES, LEVEL_NAMES, LIST_NAMES
from .picker import picker_groups
from .presentation import profile_context
from .vocabulary import DIMENSIONS, LISTS
from .weighing import weigh

PARTIAL_HEADER = "X-Meldwijzer-Partial"


def _require_clinician(request: HttpRequest) -> None:
    user = request.user
    if not isinstance(user, User) or not user.is_clinician:
        raise PermissionDenied


def weigh_view(request: HttpRequest) -> HttpResponse:
    """Show the signal picker and the profile of the chosen signals.

    Selections travel in the body of a POST, never in the URL, and are not
    stored: what a clinician weighs here leaves no trace.
    """
    _require_clinician(request)
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
        "summary": panel,
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


def explanation_view(request: HttpRequest) -> HttpResponse:
    """Explain the weighing: indicators, the lists, the rule, the levels, what is unverified."""
    _require_clinician(request)
    catalogue = load()
    language = get_language() or "nl"
    dimensions = []
    for dimension in DIMENSIONS:
        rows = [
            {
                "label": indicator.label.get(language),
                "grades": [
                    {
                        "grade": indicator.grades[name],
                        "name": GRADE_NAMES[g] if (g := indicator.grades[name]) else None,
                        "unverified": name in indicator.unverified,
                    }
                    for name in LISTS
                ],
            }
            for indicator in catalogue.indicators.values()
            if indicator.dimension == dimension
        ]
        dimensions.append({"code": dimension, "name": DIMENSION_NAMES[dimension], "rows": rows})
    context = {
        "lists": [LIST_NAMES[name] for name in LISTS],
        "dimensions": dimensions,
        "levels": [(code, LEVEL_NAMES[code]) for code in LEVEL_NAMES],
        "unverified": [
            {
                "dimension": DIMENSION_NAMES[indicator.dimension],
                "label": indicator.label.get(language),
                "list": LIST_NAMES[name],
                "grade": GRADE_NAMES[g] if (g := indicator.grades[name]) else None,
            }
            for indicator, name in catalogue.unverified_grades
        ],
        "catalogue": catalogue,
    }
    return render(request, "signals/explanation.html", context)
