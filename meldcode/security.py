"""Access control that applies to every URL of the project.

Every view requires a password *and* a verified second factor unless it is
explicitly marked :func:`public`. Marking happens on the view, next to its
code, so the allow-list cannot drift from the URLconf; a test walks the whole
URLconf and fails on any view that is public without being on its list.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

PUBLIC_ATTR = "meldwijzer_public"
ROLES_ATTR = "meldwijzer_roles"
# For views every verified user may use, whatever their role.
ANY_ROLE = "*"
STATELESS_ATTR = "meldwijzer_stateless"
LAST_ACTIVITY_KEY = "meldwijzer_last_activity"
# Record activity at most once a minute, so that reading pages does not turn
# every request into a session write.
ACTIVITY_RESOLUTION = timedelta(minutes=1)


def public[V: Callable[..., Any]](view: V) -> V:
    """Let anyone reach ``view`` without a login or second factor."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def stateless[V: Callable[..., Any]](view: V) -> V:
    """Mark ``view`` public and keep its requests free of session work.

    Used for machine-facing endpoints (health checks, schemas) that must never
    write to the database, even when a browser sends a session cookie along.
    """
    setattr(view, STATELESS_ATTR, True)
    return public(view)


def roles[V: Callable[..., Any]](*names: str) -> Callable[[V], V]:
    """Let only verified users with one of the roles ``names`` reach the view.

    ``roles(ANY_ROLE)`` admits every verified user. Every view that is not
    :func:`public` declares its roles this way; a test walks the URLconf to
    check that none is forgotten. Anyone else gets 403.
    """

    def decorate(view: V) -> V:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if ANY_ROLE not in names:
                held = {group.name for group in request.user.groups.all()}
                if not held.intersection(names):
                    raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(checked, ROLES_ATTR, frozenset(names))
        return cast(V, checked)

    return decorate


def declared_roles(view: Callable[..., Any]) -> frozenset[str] | None:
    """Return the roles a view declared with :func:`roles`, or None."""
    found = getattr(view, ROLES_ATTR, None)
    return found if isinstance(found, frozenset) else None


def is_public(view: Callable[..., Any]) -> bool:
    """Tell whether ``view`` was marked :func:`public`."""
    return bool(getattr(view, PUBLIC_ATTR, False))


def is_verified(request: HttpRequest) -> bool:
    """Tell whether the request's user passed the second factor in this session.

    django-otp's middleware attaches ``is_verified`` to the user object.
    """
    check = getattr(request.user, "is_verified", None)
    return bool(check is not None and check())


def session_is_idle(*, last_activity: datetime | None, now: datetime, limit: timedelta) -> bool:
    """Tell whether a session whose last recorded activity is given has idled too long."""
    return last_activity is not None and now - last_activity > limit


class ViewMiddleware:
    """A middleware that acts only in ``process_view``, once the view is known."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        """Keep the next handler."""
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Pass the request on; the work happens in :meth:`process_view`."""
        return self.get_response(request)


class SessionGuardMiddleware(ViewMiddleware):
    """End sessions that idled too long.

    Sessions revoked by "log out everywhere" are ended by Django itself: the
    user's session epoch is part of the session auth hash.
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        """Log out an idle session before the view runs."""
        if getattr(view_func, STATELESS_ATTR, False) or not request.user.is_authenticated:
            return None
        now = datetime.now(UTC)
        raw = request.session.get(LAST_ACTIVITY_KEY)
        last = datetime.fromisoformat(raw) if isinstance(raw, str) else None
        limit = timedelta(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES)
        if session_is_idle(last_activity=last, now=now, limit=limit):
            logout(request)
            messages.info(request, _("You were logged out after a period of inactivity."))
            return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        if last is None or now - last >= ACTIVITY_RESOLUTION:
            request.session[LAST_ACTIVITY_KEY] = now.isoformat()
        return None


class VerificationRequiredMiddleware(ViewMiddleware):
    """Send every request for a non-public view through login and the second factor."""

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        """Redirect to login, enrolment or verification when the user is not fully verified."""
        if is_public(view_func):
            return None
        user = request.user
        if not user.is_authenticated:
            target = resolve_url(settings.LOGIN_URL)
        elif not is_verified(request):
            from django_otp import user_has_device

            step = "accounts:verify" if user_has_device(user) else "accounts:enrol"
            target = reverse(step)
        else:
            return None
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(target)
