"""Dutch working days, and when a veiligheidsbeoordeling is due: a pure rule.

Veilig Thuis makes its veiligheidsbeoordeling within about five working days
of receiving a melding (meldcode.md §5). A working day is a weekday that is
not a national public holiday. The holidays counted are those on which
Veilig Thuis organisations, like most Dutch employers, are closed:
Nieuwjaarsdag, Eerste en Tweede Paasdag, Koningsdag, Hemelvaartsdag, Eerste
en Tweede Pinksterdag, Eerste en Tweede Kerstdag. Easter is computed with
the anonymous Gregorian algorithm; Hemelvaart and Pinksteren follow from it.

Two choices, both erring towards an earlier deadline, as a late
beoordeling can leave a child unsafe for longer:

- Goede Vrijdag is a working day: it is not a national day off.
- Bevrijdingsdag (5 May) is a working day too. The Algemene termijnenwet
  counts it for statutory time limits every year, but most collective
  agreements make it a day off only once in five years, and the five days
  are a professional norm of Veilig Thuis, not a statutory limit.

Koningsdag follows the rule in force since 2014: 27 April, or 26 April when
the 27th is a Sunday. No Django imports here.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

# The veiligheidsbeoordeling is due this many working days after receipt.
ASSESSMENT_WORKING_DAYS: Final = 5
# The calendar of the Dutch receiving side, whatever the server's settings.
RECEIVING_TIMEZONE: Final = ZoneInfo("Europe/Amsterdam")
SATURDAY: Final = 5
SUNDAY: Final = 6


def easter_sunday(year: int) -> date:
    """Return Easter Sunday of ``year`` (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """Return Koningsdag of ``year``: 27 April, or the 26th when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == SUNDAY else day


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Return the national public holidays of ``year`` that are not working days."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),  # Nieuwjaarsdag
            easter,  # Eerste Paasdag
            easter + timedelta(days=1),  # Tweede Paasdag
            kings_day(year),
            easter + timedelta(days=39),  # Hemelvaartsdag
            easter + timedelta(days=49),  # Eerste Pinksterdag
            easter + timedelta(days=50),  # Tweede Pinksterdag
            date(year, 12, 25),  # Eerste Kerstdag
            date(year, 12, 26),  # Tweede Kerstdag
        }
    )


def is_working_day(day: date) -> bool:
    """Tell whether ``day`` is a weekday and not a public holiday."""
    return day.weekday() < SATURDAY and day not in public_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """Return the day on which ``days`` working days after ``start`` have passed.

    Counting starts the day after ``start``, whatever ``start`` is: a report
    received on a Friday, a Sunday or a holiday is due on the fifth working
    day that follows. Raise :class:`ValueError` unless ``days`` is at least 1.
    """
    if days < 1:
        raise ValueError("Count at least one working day.")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def assessment_due(received_at: datetime) -> date:
    """Return the day the veiligheidsbeoordeling of a melding received at ``received_at`` is due.

    The day of receipt is the Dutch calendar day: a melding received at
    23:30 UTC on a Sunday in summer arrived on Monday in Amsterdam. A naive
    ``received_at`` is refused.
    """
    return add_working_days(receiving_date(received_at), ASSESSMENT_WORKING_DAYS)


def is_overdue(*, due: date | None, today: date) -> bool:
    """Tell whether a beoordeling due on ``due`` is overdue on ``today`` (due day itself is not)."""
    return due is not None and today > due


def receiving_date(moment: datetime) -> date:
    """Return the Dutch calendar day of ``moment``; refuse a naive time, whose day is a guess."""
    if moment.tzinfo is None:
        raise ValueError("The moment needs a time zone.")
    return moment.astimezone(RECEIVING_TIMEZONE).date()
