"""Working days on the Dutch calendar, and when a veiligheidsbeoordeling is due."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldcode.veiligthuis.working_days import (
    add_working_days,
    assessment_due,
    easter_sunday,
    is_overdue,
    is_working_day,
    kings_day,
    public_holidays,
    receiving_date,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
counts = st.integers(min_value=1, max_value=60)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),  # the latest possible date
        (2285, date(2285, 3, 22)),  # the earliest possible date
    ],
)
def test_easter_is_the_known_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter
    assert easter.weekday() == 6


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


def test_the_holidays_of_2027() -> None:
    assert public_holidays(2027) == {
        date(2027, 1, 1),
        date(2027, 3, 28),
        date(2027, 3, 29),
        date(2027, 4, 27),
        date(2027, 5, 6),
        date(2027, 5, 16),
        date(2027, 5, 17),
        date(2027, 12, 25),
        date(2027, 12, 26),
    }


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday() -> None:
    assert date(2025, 4, 27).weekday() == 6
    assert kings_day(2025) == date(2025, 4, 26)
    assert kings_day(2026) == date(2026, 4, 27)


def test_good_friday_and_liberation_day_are_working_days() -> None:
    # Chosen and documented in the module: both err towards an earlier deadline.
    assert is_working_day(date(2027, 3, 26))  # Goede Vrijdag
    assert is_working_day(date(2025, 5, 5))  # Bevrijdingsdag, a Monday


@pytest.mark.parametrize(
    ("start", "due"),
    [
        # An ordinary week: Monday to the next Monday.
        (date(2026, 11, 23), date(2026, 11, 30)),
        # Friday before Easter 2027: Tweede Paasdag (29 March) does not count.
        (date(2027, 3, 26), date(2027, 4, 5)),
        # Saturday and Sunday count from Monday.
        (date(2026, 11, 28), date(2026, 12, 4)),
        (date(2026, 11, 29), date(2026, 12, 4)),
        # Christmas 2026 is on Friday and Saturday, New Year on Friday.
        (date(2026, 12, 23), date(2026, 12, 31)),
        (date(2026, 12, 29), date(2027, 1, 6)),
        # Hemelvaart 2027 is Thursday 6 May; Koningsdag 2027 is Tuesday 27 April.
        (date(2027, 5, 3), date(2027, 5, 11)),
        (date(2027, 4, 23), date(2027, 5, 3)),
        # Whit Monday 2027 is 17 May.
        (date(2027, 5, 14), date(2027, 5, 24)),
    ],
)
def test_five_working_days_on_known_dates(start: date, due: date) -> None:
    assert add_working_days(start, 5) == due


def test_fewer_than_one_day_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        add_working_days(date(2026, 1, 5), 0)


@given(days, counts)
def test_the_result_is_a_working_day_strictly_later(start: date, count: int) -> None:
    due = add_working_days(start, count)
    assert is_working_day(due)
    assert due > start
    # Exactly ``count`` working days lie after the start, up to and including the result.
    between = [start + timedelta(days=n) for n in range(1, (due - start).days + 1)]
    assert sum(is_working_day(day) for day in between) == count


@given(days, days, counts)
def test_a_later_start_is_never_due_earlier(first: date, second: date, count: int) -> None:
    early, late = sorted((first, second))
    assert add_working_days(early, count) <= add_working_days(late, count)


@given(days, counts, counts)
def test_more_days_are_never_due_earlier(start: date, first: int, second: int) -> None:
    few, many = sorted((first, second))
    assert add_working_days(start, few) <= add_working_days(start, many)
    assert add_working_days(add_working_days(start, few), many) == add_working_days(
        start, few + many
    )


def test_the_day_of_receipt_is_the_dutch_calendar_day() -> None:
    # 23:30 UTC on Sunday 28 June 2026 is 01:30 on Monday in Amsterdam (summer time).
    received = datetime(2026, 6, 28, 23, 30, tzinfo=UTC)
    assert receiving_date(received) == date(2026, 6, 29)
    assert assessment_due(received) == date(2026, 7, 6)
    # In winter, 22:59 UTC is still the same day in Amsterdam (23:59).
    assert receiving_date(datetime(2026, 12, 1, 22, 59, tzinfo=UTC)) == date(2026, 12, 1)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        assessment_due(datetime(2026, 6, 28, 12, 0))  # noqa: DTZ001 - the point of the test


def test_overdue_only_after_the_due_day() -> None:
    due = date(2026, 12, 4)
    assert not is_overdue(due=due, today=due)
    assert is_overdue(due=due, today=due + timedelta(days=1))
    assert not is_overdue(due=None, today=due)
