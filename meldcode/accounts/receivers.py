"""Signal receivers for accounts."""

from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldcode.security import LAST_ACTIVITY_KEY

from .device_cookies import device_cookies_revoke
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


@receiver(post_save, sender=User, dispatch_uid="meldwijzer_password_changed")
def revoke_device_cookies_on_password_change(
    sender: type[User], instance: User, created: bool, **kwargs: Any
) -> None:
    """End the user's device cookies when their password changes.

    Django sets ``_password`` while a new password is being saved.
    """
    if not created and getattr(instance, "_password", None) is not None:
        device_cookies_revoke(user_id=instance.pk, reason="password_changed")


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="meldwijzer_authenticator_reset")
def revoke_device_cookies_on_authenticator_reset(
    sender: type[TOTPDevice], instance: TOTPDevice, **kwargs: Any
) -> None:
    """End the user's device cookies when an authenticator is removed."""
    device_cookies_revoke(user_id=instance.user_id, reason="authenticator_reset")
