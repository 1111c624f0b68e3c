"""Views for login, two-factor enrolment and verification, and account security."""

import math
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from meldcode.logs import security_event
from meldcode.security import ANY_ROLE, is_verified, public, roles

from . import services
from .device_cookies import device_cookie_issue, device_cookie_rotate
from .forms import EnrolmentForm, LoginForm, TokenForm
from .models import User

NEW_BACKUP_CODES_KEY = "meldwijzer_new_backup_codes"
PENDING_TOTP_KEY = "meldwijzer_pending_totp_key"


def requested_next(request: HttpRequest) -> str:
    """Return the ``next`` the user asked for, kept through a failed form submission."""
    return request.POST.get("next") or request.GET.get("next") or ""


def next_url(request: HttpRequest) -> str:
    """Return the safe place to go after login, from ``next`` or the default."""
    candidate = requested_next(request)
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(request: HttpRequest, view_name: str) -> str:
    """Return the URL of ``view_name``, carrying a safe ``next`` along."""
    target = reverse(view_name)
    nxt = requested_next(request)
    if nxt and next_url(request) == nxt:
        target = f"{target}?{urlencode({'next': nxt})}"
    return target


def authenticated_user(request: HttpRequest) -> User | None:
    """Return the password-authenticated user, or None for an anonymous visitor."""
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def verified_user(request: HttpRequest) -> User:
    """Return the verified user of a protected view.

    The verification middleware already turned everyone else away; this
    check keeps the view safe should it ever be mounted without it.
    """
    user = authenticated_user(request)
    if user is None or not is_verified(request):
        raise PermissionDenied
    return user


@public
@never_cache
@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    """Check the e-mail address and password: the first factor."""
    user = authenticated_user(request)
    if user is not None and is_verified(request):
        return HttpResponseRedirect(next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        # login() gives the session a new key, so a key planted before login
        # is worthless afterwards.
        user = form.get_user()
        login(request, user)
        step = "accounts:verify" if user_has_device(user) else "accounts:enrol"
        return HttpResponseRedirect(with_next(request, step))
    context = {"form": form, "next": requested_next(request)}
    if form.flood_until is not None:
        # One client address floods the login: say so, and when to come back.
        response = render(request, "accounts/login.html", context, status=429)
        wait = max(1, math.ceil((form.flood_until - timezone.now()).total_seconds()))
        response["Retry-After"] = str(wait)
        return response
    return render(request, "accounts/login.html", context)


@public
@never_cache
def verify_view(request: HttpRequest) -> HttpResponse:
    """Ask for the second factor: an authenticator code or a backup code."""
    user = authenticated_user(request)
    if user is None:
        return redirect(settings.LOGIN_URL)
    if is_verified(request):
        return HttpResponseRedirect(next_url(request))
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        return HttpResponseRedirect(with_next(request, "accounts:enrol"))
    form = TokenForm(data=request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid() and form.device is not None:
        otp_login(request, form.device)
        request.session.cycle_key()
        failed = services.codes_failed_after_password_take(user=user)
        if failed:
            messages.warning(
                request,
                ngettext(
                    "Since your last login, %(count)d wrong code was entered after your "
                    "password. If that was not you, change your password and tell your "
                    "administrator.",
                    "Since your last login, %(count)d wrong codes were entered after your "
                    "password. If that was not you, change your password and tell your "
                    "administrator.",
                    failed,
                )
                % {"count": failed},
            )
        if isinstance(form.device, StaticDevice):
            remaining = services.backup_codes_remaining(device=form.device)
            security_event("backup_code_used", user_id=user.pk, remaining=remaining)
            messages.warning(
                request,
                _(
                    "You used a backup code; %(count)d are left. "
                    "Create new ones under Security when you run low."
                )
                % {"count": remaining},
            )
        response = HttpResponseRedirect(next_url(request))
        device_cookie_rotate(request=request, response=response, user=user)
        return response
    return render(request, "accounts/verify.html", {"form": form, "next": requested_next(request)})


@public
@never_cache
def enrol_view(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app for a user who has none yet.

    Only a user without any confirmed device may enrol: otherwise someone
    who learned a password could add their own phone and skip the real
    second factor.
    """
    user = authenticated_user(request)
    if user is None:
        return redirect(settings.LOGIN_URL)
    if user_has_device(user):
        return HttpResponseRedirect(with_next(request, "accounts:verify"))
    # The secret stays in the session until the first code confirms it, so a
    # page view stores nothing and a reload keeps the QR code a scan just read.
    key = request.session.get(PENDING_TOTP_KEY)
    if not isinstance(key, str):
        key = request.session[PENDING_TOTP_KEY] = services.totp_key_new()
    form = EnrolmentForm(data=request.POST or None, user=user, key=key)
    if request.method == "POST" and form.is_valid() and form.device is not None:
        device = form.device
        del request.session[PENDING_TOTP_KEY]
        otp_login(request, device)
        request.session.cycle_key()
        request.session[NEW_BACKUP_CODES_KEY] = services.backup_codes_regenerate(user=user)
        messages.success(request, _("Your authenticator app is set up."))
        response = HttpResponseRedirect(with_next(request, "accounts:security"))
        device_cookie_issue(response=response, user=user)
        return response
    device = services.totp_device_unsaved(user=user, key=key)
    secret = b32encode(unhexlify(key)).decode("ascii")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, light="#ffffff", dark="#000000", omitsize=False
    )
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "next": requested_next(request),
            # segno writes only path data from the URL we gave it: no markup
            # from the user reaches this SVG.
            "qr_svg": mark_safe(qr_svg),  # noqa: S308
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@roles(ANY_ROLE)
@never_cache
def security_view(request: HttpRequest) -> HttpResponse:
    """Show backup codes once after creation, and the account security actions."""
    user = verified_user(request)
    new_codes = request.session.pop(NEW_BACKUP_CODES_KEY, None)
    static = StaticDevice.objects.filter(user=user).first()
    remaining = services.backup_codes_remaining(device=static) if static else 0
    return render(
        request,
        "accounts/security.html",
        {"new_codes": new_codes, "remaining": remaining, "continue_url": next_url(request)},
    )


@roles(ANY_ROLE)
@require_POST
def backup_codes_regenerate_view(request: HttpRequest) -> HttpResponse:
    """Replace the backup codes and show the new ones once."""
    user = verified_user(request)
    request.session[NEW_BACKUP_CODES_KEY] = services.backup_codes_regenerate(user=user)
    messages.success(request, _("New backup codes were made; the old ones no longer work."))
    return redirect("accounts:security")


@public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out of this session."""
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@roles(ANY_ROLE)
@require_POST
def logout_everywhere_view(request: HttpRequest) -> HttpResponse:
    """Log out of every session of this user, on every device."""
    user = verified_user(request)
    services.user_sessions_revoke(user=user)
    logout(request)
    messages.info(request, _("You are logged out on all your devices."))
    response = redirect(settings.LOGOUT_REDIRECT_URL)
    # Every other browser lost its device cookie; this one, where the owner
    # acted, keeps a fresh one, so an attacker cannot then lock them out.
    device_cookie_issue(response=response, user=user)
    return response
