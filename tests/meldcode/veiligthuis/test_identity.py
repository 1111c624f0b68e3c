"""The checks of a melding's identifying data: BSN, postcode, phone number and date of birth."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from meldcode.veiligthuis.identity import (
    BSN_WEIGHTS,
    bsn_valid,
    normalise_phone,
    normalise_postcode,
    parse_birth_date,
)
from meldcode.veiligthuis.schema import schema

TODAY = date(2026, 11, 24)
PHONE_PATTERN = re.compile(schema()["$defs"]["phone"]["pattern"])
POSTCODE_PATTERN = re.compile(schema()["$defs"]["address"]["properties"]["postcode"]["pattern"])


def elfproef_sum(digits: str) -> int:
    return sum(w * int(d) for w, d in zip(BSN_WEIGHTS, digits, strict=True))


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    """Draw eight digits and the ninth that makes the elfproef hold (when one does)."""
    first = draw(st.from_regex(r"[0-9]{8}", fullmatch=True))
    check = sum(w * int(d) for w, d in zip(BSN_WEIGHTS[:8], first, strict=True)) % 11
    assume(check < 10)
    bsn = first + str(check)
    assume(bsn != "0" * 9)
    return bsn


class TestBsn:
    @pytest.mark.parametrize("bsn", ["111222333", "123456782", "1112.22.333", "111 222 333"])
    def test_known_valid_numbers(self, bsn: str) -> None:
        assert bsn_valid(bsn)

    @pytest.mark.parametrize(
        "bsn",
        [
            "000000000",  # passes the elfproef, but never a BSN
            "000 000 000",
            "123456789",  # fails the elfproef
            "11122233",  # eight digits are not padded
            "1112223330",
            "11122233a",
            "",
            "\uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13",  # full-width digits
        ],
    )
    def test_invalid_numbers(self, bsn: str) -> None:
        assert not bsn_valid(bsn)

    def test_non_strings_are_not_numbers(self) -> None:
        assert not bsn_valid(111222333)  # type: ignore[arg-type]

    @given(valid_bsns())
    def test_every_number_passing_the_elfproef_is_valid(self, bsn: str) -> None:
        assert bsn_valid(bsn)
        assert bsn_valid(f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}")

    @given(st.from_regex(r"[0-9]{9}", fullmatch=True))
    def test_valid_exactly_when_the_elfproef_holds(self, digits: str) -> None:
        expected = elfproef_sum(digits) % 11 == 0 and digits != "0" * 9
        assert bsn_valid(digits) is expected

    @given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
    def test_a_single_changed_digit_is_caught(self, bsn: str, position: int, delta: int) -> None:
        digit = (int(bsn[position]) + delta) % 10
        changed = bsn[:position] + str(digit) + bsn[position + 1 :]
        assert not bsn_valid(changed)

    @given(st.text(max_size=15))
    def test_never_raises(self, text: str) -> None:
        assert isinstance(bsn_valid(text), bool)


class TestPostcode:
    @pytest.mark.parametrize(
        ("typed", "normal"),
        [("1234ab", "1234 AB"), ("1234 AB", "1234 AB"), (" 3512  ab ", "3512 AB")],
    )
    def test_normal_form(self, typed: str, normal: str) -> None:
        assert normalise_postcode(typed) == normal

    @pytest.mark.parametrize(
        "typed", ["0123 AB", "1234 SA", "1234 sd", "1234SS", "123 AB", "12345 AB", "1234 A", ""]
    )
    def test_refused(self, typed: str) -> None:
        assert normalise_postcode(typed) is None

    @given(
        st.from_regex(r"[1-9][0-9]{3}", fullmatch=True),
        st.from_regex(r"[A-Za-z]{2}", fullmatch=True),
    )
    def test_any_valid_postcode_matches_the_schema(self, digits: str, letters: str) -> None:
        assume(letters.upper() not in {"SA", "SD", "SS"})
        normal = normalise_postcode(f"{digits}{letters}")
        assert normal == f"{digits} {letters.upper()}"
        assert POSTCODE_PATTERN.fullmatch(normal)
        assert normalise_postcode(normal) == normal

    @given(st.text(max_size=12))
    def test_whatever_comes_back_matches_the_schema(self, text: str) -> None:
        normal = normalise_postcode(text)
        assert normal is None or POSTCODE_PATTERN.fullmatch(normal)


DUTCH_MOBILES = st.from_regex(r"6[1-9][0-9]{7}", fullmatch=True)


class TestPhone:
    @pytest.mark.parametrize(
        ("typed", "normal"),
        [
            ("06-12345678", "06-12345678"),
            ("0612345678", "06-12345678"),
            ("06 1234 5678", "06-12345678"),
            ("+31 6 12345678", "06-12345678"),
            ("+31 (0)6 12345678", "06-12345678"),
            ("0031 6 1234 5678", "06-12345678"),
            ("030 123 4567", "030-1234567"),
            ("(030) 123 45 67", "030-1234567"),
            ("020-7654321", "020-7654321"),
            ("0342 123456", "0342-123456"),
            ("088 123 4567", "088-1234567"),
            ("0800-2000", "0800-2000"),
            ("0800 1234567", "0800-1234567"),
            ("0900-8844", "0900-8844"),
            ("+48 123 456 789", "+48123456789"),
            ("0048 123 456 789", "+48123456789"),
        ],
    )
    def test_normal_form(self, typed: str, normal: str) -> None:
        assert normalise_phone(typed) == normal

    @pytest.mark.parametrize(
        "typed",
        [
            "",
            "612345678",  # no trunk 0
            "061234567",  # nine digits
            "06123456789",  # eleven
            "+31 06 12345678",  # the 0 after +31 without brackets: one digit too many
            "+31 6 1234567",
            "0031 6 1234567",  # +31 and eight digits
            "0800-123",
            "0800-12345",
            "+1 234",
            "+0 123456789",
            "06-1234567x",
            "١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits
        ],
    )
    def test_refused(self, typed: str) -> None:
        assert normalise_phone(typed) is None

    @given(DUTCH_MOBILES, st.sampled_from(["0{}", "+31{}", "0031{}", "+31 (0){}"]))
    def test_the_same_mobile_in_any_notation(self, subscriber: str, template: str) -> None:
        assert normalise_phone(template.format(subscriber)) == f"06-{subscriber[1:]}"

    @given(st.text(alphabet="+0123456789 -()./", max_size=22))
    def test_whatever_comes_back_matches_the_schema_and_is_stable(self, text: str) -> None:
        normal = normalise_phone(text)
        if normal is not None:
            assert PHONE_PATTERN.fullmatch(normal), normal
            assert normalise_phone(normal) == normal

    @given(st.text(max_size=20))
    def test_never_raises(self, text: str) -> None:
        normal = normalise_phone(text)
        assert normal is None or PHONE_PATTERN.fullmatch(normal)


class TestBirthDate:
    @pytest.mark.parametrize(
        ("typed", "born"),
        [
            ("2010-04-02", date(2010, 4, 2)),
            ("02-04-2010", date(2010, 4, 2)),
            ("2-4-2010", date(2010, 4, 2)),
            ("02/04/2010", date(2010, 4, 2)),
            ("02.04.2010", date(2010, 4, 2)),
            (" 1900-01-01 ", date(1900, 1, 1)),
            ("24-11-2026", TODAY),
        ],
    )
    def test_read(self, typed: str, born: date) -> None:
        assert parse_birth_date(typed, TODAY) == born

    @pytest.mark.parametrize(
        "typed",
        ["1899-12-31", "25-11-2026", "2027-01-01", "31-02-2010", "2010-4-2", "04-2010", "", "x"],
    )
    def test_refused(self, typed: str) -> None:
        assert parse_birth_date(typed, TODAY) is None

    @given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    def test_any_past_date_in_either_notation(self, born: date) -> None:
        assert parse_birth_date(born.isoformat(), TODAY) == born
        assert parse_birth_date(born.strftime("%d-%m-%Y"), TODAY) == born

    @given(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2999, 12, 31)))
    def test_never_in_the_future(self, born: date) -> None:
        assert parse_birth_date(born.isoformat(), TODAY) is None
        assert parse_birth_date(born.strftime("%d-%m-%Y"), TODAY) is None

    @given(st.text(max_size=20))
    def test_never_raises(self, text: str) -> None:
        born = parse_birth_date(text, TODAY)
        assert born is None or date(1900, 1, 1) <= born <= TODAY
