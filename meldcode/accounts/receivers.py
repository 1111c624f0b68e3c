"""Signal receivers for accounts."""

from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from meldcode.security import LAST_ACTIVITY_KEY

from .models import User


@receiver(user_logged_in, dispatch_uid="meldwijzer_session_start")
def start_session(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """Stamp a new session with the time of login.

    Done on the signal rather than in the login view, so that every way of
    logging in (including tests and the admin) yields a session the session
    guard recognises.
    """
    if request is None or not hasattr(request, "session"):
        return
    request.session[LAST_ACTIVITY_KEY] = datetime.now(UTC).isoformat()
