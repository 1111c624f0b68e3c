"""Writes for accounts: users, login throttling, devices, codes and backup codes."""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from meldcode.audit.services import audit_record
from meldcode.logs import pseudonym, security_event

from .device_cookies import device_cookies_revoke
from .models import BackupCode, DeviceCookie, Profession, Role, User
from .rules import backup_code_digest, code_allowed_from, normalise_identifier
from .throttle import Refusal, attempt_record, attempts_forget

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
# An authenticator code is accepted within one time step of our clock, no more.
MAX_TOTP_TOLERANCE = 1


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    full_name: str,
    profession: str = Profession.OTHER,
    roles: Iterable[Role] = (),
    big_number: str = "",
    organisation: str = "",
    region_id: int | None = None,
    is_staff: bool = False,
) -> User:
    """Create a user with the given roles."""
    roles = list(roles)
    if Role.VEILIG_THUIS in roles and region_id is None:
        raise ValueError("Veilig Thuis staff need a region.")
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        profession=profession,
        big_number=big_number,
        organisation=organisation,
        region_id=region_id,
        is_staff=is_staff,
        is_superuser=is_staff,
    )
    user.full_clean()
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    audit_record(
        actor_id=None,
        action="user_created",
        target=f"user:{user.pk}",
        data={"roles": sorted(r.value for r in roles), "staff": is_staff},
    )
    return user


def login_attempt_record(
    *, identifier: str, address: str, device: DeviceCookie | None, now: datetime | None = None
) -> Refusal | None:
    """Record a login attempt before its password is checked; return why to refuse it, if so.

    A browser with a valid device cookie for the account is counted on its
    cookie alone; any other attempt counts for its client address and for
    the account identifier as typed, whether that account exists or not.
    """
    now = now or timezone.now()
    if device is not None:
        refusal = attempt_record(kind="device", value=device.nonce, now=now)
    else:
        # A refused address records nothing more: a flood of made-up
        # identifiers must not fill the table.
        refusal = attempt_record(kind="address", value=address, now=now) or attempt_record(
            kind="account", value=identifier, now=now
        )
    if refusal is not None and refusal.first:
        audit_record(
            actor_id=device.user_id if device else None,
            action="login_throttled",
            data={"kind": refusal.kind, "account": pseudonym(normalise_identifier(identifier))},
        )
        security_event(
            "login_throttled",
            user_id=device.user_id if device else None,
            kind=refusal.kind,
            account=pseudonym(normalise_identifier(identifier)),
            address=pseudonym(address),
            level=logging.WARNING,
        )
    return refusal


def login_succeeded(*, user: User, identifier: str, device: DeviceCookie | None) -> None:
    """Forget the attempts that a correct password answers for.

    A browser with a device cookie was counted on its cookie alone, so only
    that count goes: the owner logging in from their own browser must not
    hand a stranger a fresh set of guesses at the account.
    """
    if device is not None:
        attempts_forget(kind="device", value=device.nonce)
    else:
        attempts_forget(kind="account", value=identifier)
    audit_record(
        actor_id=user.pk,
        action="password_accepted",
        target=f"user:{user.pk}",
        data={"device_cookie": device is not None},
    )


def user_sessions_revoke(*, user: User) -> None:
    """End every session and device cookie of ``user``, on every device."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        device_cookies_revoke(user_id=user.pk, reason="logout_everywhere")
        audit_record(actor_id=user.pk, action="sessions_ended_everywhere", target=f"user:{user.pk}")


def totp_key_new() -> str:
    """Return a new authenticator secret (hex), to keep in the session until confirmed."""
    return str(random_hex(20))


def totp_device_unsaved(*, user: User, key: str) -> TOTPDevice:
    """Return a device for ``key`` that is not stored: for the QR code and the check."""
    return TOTPDevice(user=user, key=key, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_device_create(*, user: User, key: str | None = None, last_t: int = -1) -> TOTPDevice:
    """Store a confirmed authenticator device for ``user``."""
    return TOTPDevice.objects.create(
        user=user,
        key=key or totp_key_new(),
        name=TOTP_DEVICE_NAME,
        confirmed=True,
        tolerance=MAX_TOTP_TOLERANCE,
        last_t=last_t,
    )


def totp_device_enrol(*, user: User, key: str, token: str) -> TOTPDevice | None:
    """Store the authenticator for ``key`` if ``token`` is its current code.

    Nothing is stored before the first code proves the app has the secret.
    The code used here cannot be used again to log in. Returns None for a
    wrong code, or when the user got a device in the meantime (another tab).
    """
    step = _totp_step(totp_device_unsaved(user=user, key=key), token)
    if step is None:
        return None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return None
        device = totp_device_create(user=user, key=key, last_t=step)
        audit_record(actor_id=user.pk, action="authenticator_confirmed", target=f"user:{user.pk}")
        return device


@dataclass(frozen=True, slots=True)
class CodeOutcome:
    """What became of one authenticator or backup code."""

    status: Literal["accepted", "rejected", "throttled"]
    # With "throttled": when the next code may be tried.
    wait_until: datetime | None = None


def backup_code_digest_for(code: str) -> str:
    """Return the keyed hash of ``code`` with this site's secret."""
    return backup_code_digest(code, key=settings.SECRET_KEY.encode())


@transaction.atomic
def backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes with ten new single-use codes and return them.

    Only their keyed hashes are stored; the codes are shown once.
    """
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    BackupCode.objects.filter(device=device).delete()
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        # Eight characters of the base-32 alphabet, as django-otp makes them.
        codes.add("".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(8)))
    BackupCode.objects.bulk_create(
        BackupCode(device=device, digest=backup_code_digest_for(code)) for code in codes
    )
    audit_record(actor_id=user.pk, action="backup_codes_regenerated", target=f"user:{user.pk}")
    return sorted(codes)


def backup_codes_remaining(*, device: StaticDevice) -> int:
    """Return how many unused backup codes ``device`` has."""
    return BackupCode.objects.filter(device=device).count()


def code_verify(*, device: Device, token: str, now: datetime | None = None) -> CodeOutcome:
    """Check one code against ``device``: at most once, throttled, counted.

    An authenticator code is accepted at most once, within one time step of
    the clock; a backup code is used up by a conditional delete. The device
    row is locked while the wait is checked, the code compared and the
    counters written (all quick: no password hash here), so parallel
    requests take their turn: one acceptance for one code, and every wrong
    code makes the next one wait (1 s, 2 s, 4 s, ... at most 15 minutes).
    Wrong codes are also counted for the user's next full login.
    """
    now = now or timezone.now()
    model = type(device)
    with transaction.atomic():
        locked = model.objects.select_for_update().filter(pk=device.pk).first()
        if locked is None:  # removed while this request ran
            return CodeOutcome("rejected")
        waiting = code_allowed_from(
            locked.throttling_failure_count, locked.throttling_failure_timestamp
        )
        if waiting is not None and now < waiting:
            return CodeOutcome("throttled", waiting)
        if isinstance(locked, TOTPDevice):
            accepted = _totp_accept(device=locked, token=token)
        elif isinstance(locked, StaticDevice):
            deleted, _ = BackupCode.objects.filter(
                device=locked, digest=backup_code_digest_for(token)
            ).delete()
            accepted = deleted == 1
        else:
            accepted = False
        kind = "backup_code" if isinstance(locked, StaticDevice) else "authenticator"
        if accepted:
            model.objects.filter(pk=device.pk).update(
                throttling_failure_count=0, throttling_failure_timestamp=None
            )
            audit_record(
                actor_id=device.user_id,
                action="second_factor_passed",
                target=f"user:{device.user_id}",
                data={"kind": kind},
            )
            return CodeOutcome("accepted")
        model.objects.filter(pk=device.pk).update(
            throttling_failure_count=F("throttling_failure_count") + 1,
            throttling_failure_timestamp=now,
        )
        User.objects.filter(pk=device.user_id).update(
            codes_failed_after_password=F("codes_failed_after_password") + 1
        )
        audit_record(
            actor_id=None,
            action="code_failed",
            target=f"user:{device.user_id}",
            data={"kind": kind},
        )
    security_event("code_failed", user_id=device.user_id, level=logging.WARNING)
    return CodeOutcome("rejected")


def _totp_step(device: TOTPDevice, token: str) -> int | None:
    """Return the time step ``token`` is the device's code for, or None.

    Within one step of our clock, and only steps after the last one used.
    """
    if not (len(token) == device.digits and token.isascii() and token.isdigit()):
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    tolerance = min(device.tolerance, MAX_TOTP_TOLERANCE)
    if not bool(totp.verify(int(token), tolerance, device.last_t + 1)):
        return None
    step: int = totp.t()
    return step


def _totp_accept(*, device: TOTPDevice, token: str) -> bool:
    """Accept ``token`` if it matches a time step newer than the last one used.

    Called with the device row locked; the update is conditional all the
    same, so ``last_t`` only ever moves forward and a code works once.
    """
    step = _totp_step(device, token)
    if step is None:
        return False
    updated: int = TOTPDevice.objects.filter(pk=device.pk, last_t__lt=step).update(last_t=step)
    return updated == 1


def codes_failed_after_password_take(*, user: User) -> int:
    """Return the wrong codes that followed a correct password since the last login; reset."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        failed = locked.codes_failed_after_password
        if failed:
            User.objects.filter(pk=user.pk).update(codes_failed_after_password=0)
    if failed:
        security_event("half_successful_login", user_id=user.pk, wrong_codes=failed)
    return failed
