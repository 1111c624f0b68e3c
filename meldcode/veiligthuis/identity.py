"""Check and tidy the identifying data of a melding: BSN, postcode, phone number, birth date.

Pure rules (no Django imports), used by the forms that ask for the data and
by the payload builder as its last check. Each function takes what a person
typed and either tells whether it is valid or returns it in one normal form,
``None`` when it cannot be read; none of them repeats the value in an error,
since these values identify people.
"""

import re
from datetime import date
from typing import Final

# Separators people type inside numbers: spaces, dots, dashes, slashes, brackets.
_NUMBER_SEPARATORS: Final = re.compile(r"[\s.\-/()]")
_BSN: Final = re.compile(r"[0-9]{9}", re.ASCII)
BSN_WEIGHTS: Final = (9, 8, 7, 6, 5, 4, 3, 2, -1)

_POSTCODE: Final = re.compile(r"([1-9][0-9]{3})([A-Z]{2})", re.ASCII)
# Letter pairs PostNL does not use: SA, SD and SS recall the Second World War.
POSTCODE_LETTERS_UNUSED: Final = frozenset({"SA", "SD", "SS"})

# Dutch area codes of two digits after the trunk 0 (the rest have three), and
# the non-geographic numbers written the same way (084, 085, 087, 088, 091).
TWO_DIGIT_AREA_CODES: Final = frozenset(
    {
        "10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "36", "38", "40", "43",
        "45", "46", "50", "53", "55", "58", "70", "71", "72", "73", "74", "75", "76", "77",
        "78", "79", "84", "85", "87", "88", "91",
    }
)  # fmt: skip
# Free and paid service numbers: four digits of prefix, then four or seven.
SERVICE_PREFIXES: Final = ("0800", "0900", "0906", "0909")
SERVICE_LENGTHS: Final = (8, 11)
DUTCH_COUNTRY_CODE: Final = "31"
# E.164 allows at most 15 digits, country code included; fewer than 8 is no
# real subscriber number.
INTERNATIONAL_LENGTHS: Final = range(8, 16)

EARLIEST_BIRTH_DATE: Final = date(1900, 1, 1)
_ISO_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DUTCH_DATE: Final = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})", re.ASCII)


def bsn_valid(value: str) -> bool:
    """Tell whether ``value`` is a valid burgerservicenummer.

    Nine digits after removing spaces and dots, passing the elfproef
    (9·d1 + 8·d2 + … + 2·d8 - d9 divisible by 11), and never all zeros.
    Eight digits are refused rather than padded: a missing digit is as
    likely anywhere as at the front.
    """
    if not isinstance(value, str):
        return False
    digits = re.sub(r"[\s.]", "", value)
    if not _BSN.fullmatch(digits) or digits == "0" * 9:
        return False
    total = sum(weight * int(digit) for weight, digit in zip(BSN_WEIGHTS, digits, strict=True))
    return total % 11 == 0


def normalise_postcode(value: str) -> str | None:
    """Return a Dutch postcode as ``1234 AB``, or None when ``value`` is not one.

    Spaces and case do not matter; the first digit is never 0 and the
    letters are never SA, SD or SS.
    """
    if not isinstance(value, str):
        return None
    compact = re.sub(r"\s", "", value).upper()
    match = _POSTCODE.fullmatch(compact)
    if match is None or match.group(2) in POSTCODE_LETTERS_UNUSED:
        return None
    return f"{match.group(1)} {match.group(2)}"


def _national(digits: str) -> str | None:
    """Return a Dutch number given as ten digits after the trunk 0 (or a service number)."""
    if digits.startswith(SERVICE_PREFIXES):
        return f"{digits[:4]}-{digits[4:]}" if len(digits) in SERVICE_LENGTHS else None
    if len(digits) != 10 or digits[1] == "0":
        return None
    if digits[1] == "6":
        return f"{digits[:2]}-{digits[2:]}"
    area = 3 if digits[1:3] in TWO_DIGIT_AREA_CODES else 4
    return f"{digits[:area]}-{digits[area:]}"


def normalise_phone(value: str) -> str | None:
    """Return a phone number in one readable form, or None when it cannot be one.

    Dutch numbers — ten digits from 0, or +31 / 0031 and nine digits (an
    added ``(0)`` is forgiven) — come back in the national form with a dash
    after the area code: ``06-12345678``, ``030-1234567``, ``0342-123456``.
    0800 and 0900 numbers of 8 or 11 digits come back as ``0800-2000``.
    A foreign number (+ or 00 and a country code other than 31, 8 to 15
    digits in all) comes back as ``+`` and its digits: victims of
    trafficking often keep the phone of their own country. Every result
    matches the payload schema's phone pattern.
    """
    if not isinstance(value, str):
        return None
    text = value.strip().replace("(0)", "")
    international = text.startswith("+")
    compact = _NUMBER_SEPARATORS.sub("", text.removeprefix("+"))
    if not compact.isascii() or not compact.isdigit():
        return None
    if not international and compact.startswith("00"):
        international, compact = True, compact[2:]
    if not international:
        return _national(compact) if compact.startswith("0") else None
    if compact.startswith(DUTCH_COUNTRY_CODE):
        subscriber = compact[len(DUTCH_COUNTRY_CODE) :]
        # Nine digits after +31; the national rules then apply as to 0 and those digits.
        if len(subscriber) != 9 or subscriber.startswith("0"):
            return None
        return _national("0" + subscriber)
    if compact.startswith("0") or len(compact) not in INTERNATIONAL_LENGTHS:
        return None
    return f"+{compact}"


def parse_birth_date(value: str, today: date) -> date | None:
    """Return the birth date written in ``value``, or None when it is not a plausible one.

    ISO (``2010-04-02``) or Dutch day-month-year (``2-4-2010``, ``02-04-2010``,
    with dashes, slashes or dots). Never after ``today``, never before 1900.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DUTCH_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        born = date(year, month, day)
    except ValueError:
        return None
    if not EARLIEST_BIRTH_DATE <= born <= today:
        return None
    return born
