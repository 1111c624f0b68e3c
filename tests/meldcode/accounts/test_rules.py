"""The pure account rules: BIG-nummer normalisation and lockout."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldcode.accounts.rules import (
    BigNumberError,
    ThrottlePolicy,
    ThrottleState,
    after_attempt,
    blocked_until,
    normalise_big_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("123456789", "00123456789"),
        ("1234567890", "01234567890"),
        ("12345678901", "12345678901"),
        ("  01234567890 ", "01234567890"),
    ],
)
def test_big_number_is_padded_to_eleven_digits(raw: str, expected: str) -> None:
    assert normalise_big_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "12345678", "123456789012", "BIG-01234567890", "1234 56789", "12345678a", "١٢٣٤٥٦٧٨٩"],
)
def test_anything_but_nine_to_eleven_digits_is_refused(raw: str) -> None:
    with pytest.raises(BigNumberError):
        normalise_big_number(raw)


@given(st.integers(min_value=0, max_value=10**11 - 1))
def test_normalised_numbers_keep_their_value(number: int) -> None:
    text = str(number)
    if 9 <= len(text) <= 11:
        normalised = normalise_big_number(text)
        assert len(normalised) == 11
        assert int(normalised) == number
    else:
        with pytest.raises(BigNumberError):
            normalise_big_number(text)


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
POLICY = ThrottlePolicy(limit=3, window=timedelta(minutes=15))


def attempts(n: int, *, at: datetime = NOW) -> ThrottleState:
    state = ThrottleState(count=0, window_started=None)
    for _ in range(n):
        state = after_attempt(state, now=at, policy=POLICY)
    return state


def test_the_first_attempts_of_a_window_go_through() -> None:
    for n in range(1, POLICY.limit + 1):
        assert blocked_until(attempts(n), now=NOW, policy=POLICY) is None


def test_beyond_the_limit_attempts_wait_for_the_end_of_the_window() -> None:
    state = attempts(POLICY.limit + 1)
    assert blocked_until(state, now=NOW, policy=POLICY) == NOW + timedelta(minutes=15)
    # Trying again meanwhile does not make the wait longer.
    later = after_attempt(state, now=NOW + timedelta(minutes=10), policy=POLICY)
    assert blocked_until(later, now=NOW + timedelta(minutes=10), policy=POLICY) == (
        NOW + timedelta(minutes=15)
    )


def test_attempts_decay_with_their_window() -> None:
    state = attempts(POLICY.limit + 5)
    after = after_attempt(state, now=NOW + timedelta(minutes=15), policy=POLICY)
    assert after == ThrottleState(count=1, window_started=NOW + timedelta(minutes=15))
    assert blocked_until(after, now=NOW + timedelta(minutes=15), policy=POLICY) is None
    # An old count of limit - 1 plus one failure no longer locks.
    old = ThrottleState(count=POLICY.limit, window_started=NOW - timedelta(hours=2))
    assert blocked_until(after_attempt(old, now=NOW, policy=POLICY), now=NOW, policy=POLICY) is None


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=3600))
def test_no_key_waits_longer_than_one_window(count: int, seconds: int) -> None:
    state = ThrottleState(count=count, window_started=NOW)
    now = NOW + timedelta(seconds=seconds)
    until = blocked_until(state, now=now, policy=POLICY)
    assert until is None or now < until <= NOW + POLICY.window
