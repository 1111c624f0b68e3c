"""Pure rules for accounts: BIG-nummer normalisation and login lockout.

No Django imports, so that the rules can be tested and reused on their own.
"""

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
