"""Pure rules for accounts: BIG-nummer normalisation and login lockout.

No Django imports, so that the rules can be tested and reused on their own.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

BIG_NUMBER_LENGTH = 11


class BigNumberError(ValueError):
    """A value that cannot be a BIG-nummer."""


def normalise_big_number(value: str) -> str:
    """Return ``value`` as an 11-digit BIG-nummer.

    The register writes BIG-nummers as 11 digits; numbers handed out earlier
    are often written without their leading zeros, so 9- and 10-digit input is
    padded. Surrounding white space is ignored; anything else is an error.
    """
    digits = value.strip()
    if not digits.isascii() or not digits.isdigit():
        raise BigNumberError("A BIG-nummer consists of digits only.")
    if not 9 <= len(digits) <= BIG_NUMBER_LENGTH:
        raise BigNumberError("A BIG-nummer has 9, 10 or 11 digits.")
    return digits.zfill(BIG_NUMBER_LENGTH)


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """How many wrong passwords are allowed and for how long an account then locks."""

    failure_limit: int
    lock_duration: timedelta


@dataclass(frozen=True, slots=True)
class LockoutState:
    """The login-failure bookkeeping of one account."""

    failures: int
    locked_until: datetime | None


def is_locked(state: LockoutState, *, now: datetime) -> bool:
    """Tell whether the account is locked at ``now``."""
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: LockoutState, *, now: datetime, policy: LockoutPolicy) -> LockoutState:
    """Return the state after one more wrong password.

    Reaching the limit locks the account and starts counting afresh, so that
    after the lock the user again has the full number of attempts.
    """
    failures = state.failures + 1
    if failures >= policy.failure_limit:
        return LockoutState(failures=0, locked_until=now + policy.lock_duration)
    return LockoutState(failures=failures, locked_until=state.locked_until)


# django-otp doubles the wait after each wrong code without end (a century
# after some 31 wrong codes); ours doubles too, but never past this.
CODE_DELAY_CAP = timedelta(minutes=15)


def code_delay(failures: int, *, base: timedelta = timedelta(seconds=1)) -> timedelta:
    """Return the wait after ``failures`` wrong codes in a row: 1 s, 2 s, 4 s, ... 15 min."""
    if failures <= 0:
        return timedelta(0)
    # 2 ** 20 seconds is far past the cap; stop doubling there.
    return min(base * (1 << min(failures - 1, 20)), CODE_DELAY_CAP)


def code_allowed_from(failures: int, last_failure: datetime | None) -> datetime | None:
    """Return when the next code may be tried, or None when it may be tried now."""
    if failures <= 0 or last_failure is None:
        return None
    return last_failure + code_delay(failures)


def normalise_backup_code(code: str) -> str:
    """Return a backup code as stored: lower case, without spaces or dashes."""
    return "".join(ch for ch in code if ch not in " -").lower()


def backup_code_digest(code: str, *, key: bytes) -> str:
    """Return the keyed hash a backup code is stored as.

    Keyed with the site's secret, so that a copy of the database alone does
    not allow trying the 2**40 possible codes offline.
    """
    message = normalise_backup_code(code).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()
