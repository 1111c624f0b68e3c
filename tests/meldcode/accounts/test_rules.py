"""The pure account rules: BIG-nummer normalisation and lockout."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldcode.accounts.rules import (
    BigNumberError,
    LockoutPolicy,
    LockoutState,
    after_failure,
    is_locked,
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
POLICY = LockoutPolicy(failure_limit=3, lock_duration=timedelta(minutes=15))


def test_failures_below_the_limit_are_counted_without_locking() -> None:
    state = LockoutState(failures=0, locked_until=None)
    state = after_failure(state, now=NOW, policy=POLICY)
    state = after_failure(state, now=NOW, policy=POLICY)
    assert state == LockoutState(failures=2, locked_until=None)
    assert not is_locked(state, now=NOW)


def test_reaching_the_limit_locks_for_the_configured_time() -> None:
    state = LockoutState(failures=2, locked_until=None)
    state = after_failure(state, now=NOW, policy=POLICY)
    assert state == LockoutState(failures=0, locked_until=NOW + timedelta(minutes=15))
    assert is_locked(state, now=NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(state, now=NOW + timedelta(minutes=15))
