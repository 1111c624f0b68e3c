"""Forms for logging in, enrolling an authenticator and verifying codes."""

import math
from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .models import User
from .rules import BigNumberError, LockoutState, is_locked, normalise_big_number


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


class LoginForm(forms.Form):
    """The first factor: e-mail address and password, with lockout."""

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct."),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        """Keep the request, which the authentication backend receives."""
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        """Check the password unless the account is locked, and count failures.

        A locked account is refused before the password is even checked, so
        that guessing goes no further while the lock lasts.
        """
        super().clean()
        cleaned = self.cleaned_data
        email = (cleaned.get("email") or "").lower()
        password = cleaned.get("password")
        if not email or not password:
            return cleaned
        known = User.objects.filter(email=email).first()
        if known is not None and self.is_locked(known):
            raise self.locked_error(known)
        user = authenticate(self.request, username=email, password=password)
        if user is None:
            if known is not None:
                known = services.user_login_failed(user=known)
                if self.is_locked(known):
                    raise self.locked_error(known)
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        if not isinstance(user, User):  # another backend's user cannot log in here
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        services.user_login_succeeded(user=user)
        self.user = user
        return cleaned

    @staticmethod
    def is_locked(user: User) -> bool:
        """Tell whether ``user`` is locked out now."""
        return is_locked(
            LockoutState(user.failed_login_count, user.locked_until), now=timezone.now()
        )

    @staticmethod
    def locked_error(user: User) -> forms.ValidationError:
        """Build the lockout message with the minutes still to wait."""
        remaining = (user.locked_until or timezone.now()) - timezone.now()
        minutes = max(1, math.ceil(remaining.total_seconds() / 60))
        message = ngettext(
            "Too many wrong passwords: this account is locked. "
            "Try again in %(minutes)d minute, or ask your administrator.",
            "Too many wrong passwords: this account is locked. "
            "Try again in %(minutes)d minutes, or ask your administrator.",
            minutes,
        ) % {"minutes": minutes}
        return forms.ValidationError(message, code="locked")


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
