"""Project-wide views: the home page and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from meldcode.accounts.models import Role, User
from meldcode.security import ANY_ROLE, roles, stateless


@roles(ANY_ROLE)
def home_view(request: HttpRequest) -> HttpResponse:
    """Show the start page with the numbers a clinician may need at once."""
    user = request.user
    is_clinician = isinstance(user, User) and user.is_clinician
    # Veilig Thuis staff work in their region's inbox; without a region there is none.
    is_veilig_thuis = (
        isinstance(user, User) and user.region_id is not None and user.has_role(Role.VEILIG_THUIS)
    )
    # Any professional may learn; trainers follow their cohorts.
    is_trainer = isinstance(user, User) and user.has_role(Role.TRAINER)
    context = {
        "is_clinician": is_clinician,
        "is_veilig_thuis": is_veilig_thuis,
        "is_trainer": is_trainer,
    }
    return render(request, "meldcode/home.html", context)


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain an expired or missing form token in the site's own words.

    Django's default page has inline styles (refused by our policy) and
    speaks to developers; clinicians need to know nothing was lost.
    """
    return render(request, "meldcode/csrf_failure.html", status=403)


@stateless
@never_cache
@require_safe
def healthz_view(request: HttpRequest) -> HttpResponse:
    """Report whether the application and its database answer.

    Reads only: a monitoring probe must never cause a write or a session.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
