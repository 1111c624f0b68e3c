"""Pure rules for accounts: BIG-nummers, login throttling, code delays, backup codes.

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


def normalise_identifier(identifier: str) -> str:
    """Return a login identifier (an e-mail address) as accounts, throttles and cookies key it."""
    return identifier.strip().lower()


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """How many attempts a key may make in a window, and how long windows grow.

    A window in which the key went past its limit makes the next one twice
    as long, up to ``max_window``; a window within the limit resets that.
    """

    limit: int
    window: timedelta
    max_window: timedelta


@dataclass(frozen=True, slots=True)
class ThrottleState:
    """A key's attempts in its current window (the store updates it atomically)."""

    count: int
    window_ends: datetime | None
    # Windows in a row that went past the limit.
    strikes: int = 0


MAX_STRIKES = 10


def window_length(strikes: int, policy: ThrottlePolicy) -> timedelta:
    """Return the length of a window after ``strikes`` exceeded windows in a row."""
    return min(policy.window * (1 << min(strikes, MAX_STRIKES)), policy.max_window)


def window_expired(state: ThrottleState, *, now: datetime) -> bool:
    """Tell whether the key's window is over, so its attempts no longer count."""
    return state.window_ends is None or now >= state.window_ends


def after_attempt(state: ThrottleState, *, now: datetime, policy: ThrottlePolicy) -> ThrottleState:
    """Return the state with one more attempt: counted in the window, or starting a new one."""
    if window_expired(state, now=now):
        strikes = min(state.strikes + 1, MAX_STRIKES) if state.count > policy.limit else 0
        return ThrottleState(
            count=1, window_ends=now + window_length(strikes, policy), strikes=strikes
        )
    return ThrottleState(
        count=state.count + 1, window_ends=state.window_ends, strikes=state.strikes
    )


def blocked_until(
    state: ThrottleState, *, now: datetime, policy: ThrottlePolicy
) -> datetime | None:
    """Return until when an attempt that left ``state`` must be refused, or None.

    The attempt is recorded first, so ``count`` includes it: within a window
    the first ``limit`` attempts go through and every later one waits for the
    window to end. Attempts refused meanwhile do not make this wait longer,
    so a stranger cannot keep an account closed by trying it now and then;
    only a next window that is exceeded again lasts longer.
    """
    if state.window_ends is None or window_expired(state, now=now):
        return None
    if state.count <= policy.limit:
        return None
    return state.window_ends


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
