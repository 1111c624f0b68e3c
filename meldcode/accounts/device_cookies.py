"""Device cookies (OWASP): a browser that completed a full login may keep logging in.

After a password and a code, the browser gets a signed, HttpOnly cookie
bound to the account and to a nonce kept on the server. An attempt that
presents it skips the account and address throttles and has a limit of its
own, so a stranger who floods an account cannot lock its owner out of their
own browser. The cookie's name derives from the account identifier, so a
shared practice computer keeps one per account. Cookies end with their
lifetime, "log out everywhere", a password change or an authenticator reset.
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from meldcode.audit.services import audit_record
from meldcode.logs import pseudonym, security_event

from .models import DeviceCookie, User
from .rules import normalise_identifier

COOKIE_PREFIX = "mw_device_"
SALT = "meldcode.accounts.device_cookies"
COOKIE_PATH = "/accounts/"


def cookie_name(identifier: str) -> str:
    """Return the cookie name for an account identifier (its keyed hash, never the address)."""
    return COOKIE_PREFIX + pseudonym(f"device-cookie:{normalise_identifier(identifier)}")[:12]


def lifetime() -> timedelta:
    """Return how long a device cookie lives."""
    return timedelta(days=settings.DEVICE_COOKIE_DAYS)


def device_cookie_issue(*, response: HttpResponse, user: User) -> DeviceCookie:
    """Give the browser a new device cookie for ``user`` after a full login."""
    record = DeviceCookie.objects.create(
        user=user, nonce=secrets.token_urlsafe(32), expires_at=timezone.now() + lifetime()
    )
    value = signing.dumps({"u": user.pk, "n": record.nonce}, salt=SALT)
    response.set_cookie(
        cookie_name(user.email),
        value,
        max_age=int(lifetime().total_seconds()),
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    audit_record(actor_id=user.pk, action="device_cookie_issued", target=f"user:{user.pk}")
    security_event("device_cookie_issued", user_id=user.pk)
    return record


def device_cookie_rotate(*, request: HttpRequest, response: HttpResponse, user: User) -> None:
    """Replace the browser's device cookie for ``user`` by a new one after a full login.

    One valid cookie per browser and account: the old nonce ends here, so a
    copy taken earlier stops working.
    """
    old = device_cookie_for(request=request, identifier=user.email)
    if old is not None:
        old.delete()
    device_cookie_issue(response=response, user=user)


def device_cookies_purge(*, now: datetime | None = None) -> int:
    """Delete device cookies past their lifetime; return how many."""
    count, _ = DeviceCookie.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return count


def device_cookie_for(*, request: HttpRequest, identifier: str) -> DeviceCookie | None:
    """Return the valid device cookie the browser holds for ``identifier``, if any."""
    raw = request.COOKIES.get(cookie_name(identifier))
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=SALT, max_age=lifetime())
        user_id, nonce = int(data["u"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    record = (
        DeviceCookie.objects.select_related("user")
        .filter(nonce=nonce, user_id=user_id, expires_at__gt=timezone.now())
        .first()
    )
    if record is None or record.user.email != normalise_identifier(identifier):
        return None
    return record


def device_cookies_revoke(*, user_id: int, reason: str) -> int:
    """End every device cookie of a user; return how many there were."""
    count, _ = DeviceCookie.objects.filter(user_id=user_id).delete()
    if count:
        audit_record(
            actor_id=None,
            action="device_cookies_revoked",
            target=f"user:{user_id}",
            data={"count": count, "reason": reason},
        )
        security_event(
            "device_cookie_revoked",
            user_id=user_id,
            count=count,
            reason=reason,
            level=logging.INFO,
        )
    return count
