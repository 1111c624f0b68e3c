"""The standalone page "Signalen wegen": pick signals, see the profile, store nothing."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from meldcode.accounts.models import User

from .catalogue import load
from .forms import SignalSelectionForm
from .presentation import picker_groups, profile_context
from .weighing import weigh

PARTIAL_HEADER = "X-Meldwijzer-Partial"


def weigh_view(request: HttpRequest) -> HttpResponse:
    """Show the signal picker and the profile of the chosen signals.

    Selections travel in the body of a POST, never in the URL, and are not
    stored: what a clinician weighs here leaves no trace.
    """
    user = request.user
    if not isinstance(user, User) or not user.is_clinician:
        raise PermissionDenied
    catalogue = load()
    language = get_language() or "nl"
    form = SignalSelectionForm(request.POST or None, catalogue=catalogue)
    selected: set[str] = set()
    minor = False
    profile = None
    if form.is_bound:
        selected = form.submitted_codes()
        if form.is_valid():
            minor = form.cleaned_data["minor"]
            profile = weigh(form.cleaned_data["signals"], minor=minor, catalogue=catalogue)
        else:
            minor = form.data.get("minor") in ("on", "true", "1")
    else:
        profile = weigh((), catalogue=catalogue)
    context = {
        "form": form,
        "groups": picker_groups(
            catalogue, selected=selected, query=form.data.get("q", ""), language=language
        ),
        "minor": minor,
        "profile": profile_context(profile, language=language) if profile else None,
        "catalogue": catalogue,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    if request.headers.get(PARTIAL_HEADER) == "profile":
        return render(request, "signals/includes/profile_panel.html", context, status=status)
    return render(request, "signals/weigh.html", context, status=status)
