"""The pure account rules: BIG-nummers, login throttle windows and code delays."""

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
    window_length,
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
POLICY = ThrottlePolicy(limit=3, window=timedelta(minutes=15), max_window=timedelta(hours=4))


def attempts(n: int, *, at: datetime = NOW, state: ThrottleState | None = None) -> ThrottleState:
    state = state or ThrottleState(count=0, window_ends=None)
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
    state = attempts(POLICY.limit)
    after = after_attempt(state, now=NOW + timedelta(minutes=15), policy=POLICY)
    assert after == ThrottleState(count=1, window_ends=NOW + timedelta(minutes=30), strikes=0)
    # An old count of limit - 1 plus one failure no longer locks.
    old = ThrottleState(count=POLICY.limit, window_ends=NOW - timedelta(hours=2))
    assert blocked_until(after_attempt(old, now=NOW, policy=POLICY), now=NOW, policy=POLICY) is None


@pytest.mark.parametrize(
    ("exceeded_windows", "minutes"), [(0, 15), (1, 30), (2, 60), (3, 120), (4, 240), (9, 240)]
)
def test_exceeded_windows_in_a_row_double_the_next_one_up_to_the_maximum(
    exceeded_windows: int, minutes: int
) -> None:
    state = ThrottleState(count=0, window_ends=None)
    at = NOW
    for _ in range(exceeded_windows):
        state = attempts(POLICY.limit + 1, at=at, state=state)
        at = state.window_ends or at
    state = attempts(POLICY.limit + 1, at=at, state=state)
    assert blocked_until(state, now=at, policy=POLICY) == at + timedelta(minutes=minutes)
    assert window_length(state.strikes, POLICY) == timedelta(minutes=minutes)


@given(
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=36000),
)
def test_no_key_waits_longer_than_the_longest_window(
    count: int, strikes: int, seconds: int
) -> None:
    ends = NOW + window_length(strikes, POLICY)
    state = ThrottleState(count=count, window_ends=ends, strikes=strikes)
    now = NOW + timedelta(seconds=seconds)
    until = blocked_until(state, now=now, policy=POLICY)
    assert until is None or now < until <= now + POLICY.max_window
