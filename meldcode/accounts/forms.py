"""Forms for logging in, enrolling an authenticator and verifying codes."""

import math
from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldcode.middleware import request_client_address

from . import services
from .device_cookies import device_cookie_for
from .models import DeviceCookie, User
from .rules import BigNumberError, normalise_big_number, normalise_identifier


class BigNumberField(forms.CharField):
    """A BIG-nummer: 9 to 11 digits, stored as 11."""

    default_error_messages = {
        "invalid": _(
            "Enter a BIG-nummer of 9, 10 or 11 digits; "
            "shorter numbers are padded with leading zeros."
        ),
    }

    def to_python(self, value: Any) -> str:
        """Normalise to 11 digits, or fail with a clear message."""
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return ""
        try:
            return normalise_big_number(text)
        except BigNumberError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class LoginForm(AuthenticationForm):
    """The first factor, with the login policy in Django's own hooks.

    Every refusal reads the same: an unknown address, a wrong password, a
    locked or inactive account and a throttled attempt all get
    ``invalid_login``, so the answer never tells whether an account exists.
    Only a client address that floods the site is told to wait (429).
    """

    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct."),
        "inactive": _("The e-mail address or password is not correct."),
        "flood": _("Too many login attempts from your network. Wait a few minutes and try again."),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        """Keep the request: the client address and device cookie are read from it."""
        super().__init__(request, *args, **kwargs)
        self.flood_until: datetime | None = None
        self.device_cookie: DeviceCookie | None = None

    def clean(self) -> dict[str, Any]:
        """Record the attempt, refuse it if throttled, and only then check the password."""
        identifier = normalise_identifier(self.cleaned_data.get("username") or "")
        password = self.cleaned_data.get("password")
        if not identifier or not password or self.request is None:
            return self.cleaned_data
        self.device_cookie = device_cookie_for(request=self.request, identifier=identifier)
        refusal = services.login_attempt_record(
            identifier=identifier,
            address=request_client_address(self.request),
            device=self.device_cookie,
        )
        if refusal is not None and refusal.kind == "address":
            self.flood_until = refusal.until
            raise ValidationError(self.error_messages["flood"], code="flood")
        if refusal is not None:
            raise self.get_invalid_login_error()
        # For an unknown address Django's backend hashes the password anyway,
        # with the same hasher and cost, so the time taken tells nothing.
        user = authenticate(self.request, username=identifier, password=password)
        if not isinstance(user, User):
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(user)
        self.user_cache = user
        services.login_succeeded(user=user, identifier=identifier, device=self.device_cookie)
        return self.cleaned_data

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        """Refuse an inactive account with the same words as a wrong password."""
        if not user.is_active:
            raise self.get_invalid_login_error()

    def get_invalid_login_error(self) -> ValidationError:
        """Return the one refusal for every failed login."""
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class CodeForm(forms.Form):
    """A code typed by the user: normalised, and never empty."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
    )

    error_messages = {
        "required": _("Enter the code from your authenticator app, or a backup code."),
        "invalid": _("This code is not correct. Check the time on your phone and try again."),
    }

    def clean_token(self) -> str:
        """Normalise the code: no spaces or dashes, lower case; nothing left is no code."""
        raw: str = self.cleaned_data["token"]
        token = "".join(ch for ch in raw if ch not in " -").lower()
        if not token:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        # Codes are plain ASCII letters and digits; "²" or "٣" count as digits
        # to Python but are no code of ours.
        if not (token.isascii() and token.isalnum()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return token


class EnrolmentForm(CodeForm):
    """The first code of a new authenticator app, proving it holds the secret."""

    def __init__(self, *args: Any, user: User, key: str, **kwargs: Any) -> None:
        """Check codes for the secret ``key`` that ``user`` is setting up."""
        self.user = user
        self.key = key
        self.device: TOTPDevice | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        """Store the device when the code fits the secret."""
        super().clean()
        cleaned = self.cleaned_data
        token = cleaned.get("token")
        if token:
            self.device = services.totp_device_enrol(user=self.user, key=self.key, token=token)
            if self.device is None:
                self.add_error(
                    "token", forms.ValidationError(self.error_messages["invalid"], code="invalid")
                )
        return cleaned


class TokenForm(CodeForm):
    """A six-digit code from the authenticator app or a backup code."""

    def __init__(self, *args: Any, devices: list[Device], **kwargs: Any) -> None:
        """Verify against ``devices`` (TOTP and/or static)."""
        self.devices = devices
        self.device: Device | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        """Find the device the code belongs to; each code works once, wrong ones wait."""
        super().clean()
        cleaned = self.cleaned_data
        token = cleaned.get("token")
        if not token:
            return cleaned
        # Authenticator codes are six digits; backup codes are eight characters
        # that may, rarely, all be digits too.
        kind = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
        wait_until = None
        for device in (d for d in self.devices if isinstance(d, kind)):
            outcome = services.code_verify(device=device, token=token)
            if outcome.status == "accepted":
                self.device = device
                return cleaned
            if outcome.status == "throttled":
                wait_until = outcome.wait_until
        if wait_until is not None:
            self.add_error(
                "token", forms.ValidationError(throttle_message(wait_until), code="throttled")
            )
        else:
            self.add_error(
                "token", forms.ValidationError(self.error_messages["invalid"], code="invalid")
            )
        return cleaned


def throttle_message(wait_until: datetime) -> str:
    """Say how long to wait after too many wrong codes."""
    seconds = max(1, math.ceil((wait_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}
