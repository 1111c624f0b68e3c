"""Writes for accounts: users, lockout bookkeeping, devices and backup codes."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldcode.logs import security_event

from .models import Profession, Role, User
from .rules import LockoutPolicy, LockoutState, after_failure

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def lockout_policy() -> LockoutPolicy:
    """Return the lockout policy configured in the settings."""
    return LockoutPolicy(
        failure_limit=settings.LOGIN_FAILURE_LIMIT,
        lock_duration=timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES),
    )


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
    return user


@transaction.atomic
def user_login_failed(*, user: User) -> User:
    """Count one wrong password for ``user``, locking the account at the limit."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked_before = locked.locked_until
    state = after_failure(
        LockoutState(failures=locked.failed_login_count, locked_until=locked.locked_until),
        now=timezone.now(),
        policy=lockout_policy(),
    )
    locked.failed_login_count = state.failures
    locked.locked_until = state.locked_until
    locked.save(update_fields=["failed_login_count", "locked_until"])
    if state.locked_until is not None and state.locked_until != locked_before:
        security_event("account_locked", user_id=user.pk, level=logging.WARNING)
    return locked


def user_login_succeeded(*, user: User) -> None:
    """Forget earlier wrong passwords after a correct one."""
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)


def user_sessions_revoke(*, user: User) -> None:
    """End every session of ``user`` (on every device) at its next request."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)


@transaction.atomic
def totp_device_get_or_create_unconfirmed(*, user: User) -> TOTPDevice:
    """Return the user's pending authenticator device, creating one if needed.

    Reusing the pending device keeps the QR code stable when the enrolment
    page is reloaded, so a scan made a moment ago still works.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> TOTPDevice:
    """Confirm ``device`` and remove any other pending device of its user."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).exclude(pk=device.pk).delete()
    return device


@transaction.atomic
def backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes with ten new single-use codes and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
