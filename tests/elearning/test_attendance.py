"""The PE-online export: one paste list per accreditation and date, in the register's format."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearning.attendance import Completion, RegisterFormat, batches, paste_lists

DAY = date(2026, 11, 20)
KNMG = RegisterFormat(key="big", prefix="BIG-")
VENV = RegisterFormat(key="register")


def test_one_list_per_accreditation_and_date_with_numbers_as_the_register_writes_them() -> None:
    completions = [
        Completion("ABC1-1001", DAY, big_number="123456789"),
        Completion("ABC1-1001", DAY, big_number="12345678901"),
        Completion("ABC1-1001", DAY, big_number="123456789"),  # twice: pasted once
        Completion("ABC1-1001", date(2026, 11, 21), big_number="9012345601"),
        Completion("ABC1-2002", DAY, big_number=""),
    ]
    lists = paste_lists(completions, KNMG)
    assert [(p.accreditation_id, p.completed_on) for p in lists] == [
        ("ABC1-1001", DAY),
        ("ABC1-1001", date(2026, 11, 21)),
        ("ABC1-2002", DAY),
    ]
    assert lists[0].text() == "BIG-00123456789\nBIG-12345678901"
    assert lists[1].numbers == ("BIG-09012345601",)
    # No number in this register: counted, to be entered by hand.
    assert (lists[2].numbers, lists[2].missing) == ((), 1)


def test_a_register_keyed_by_its_own_number_takes_digits_only() -> None:
    completions = [
        Completion("VV-77", DAY, big_number="123456789", register_number=" 4711 "),
        Completion("VV-77", DAY, big_number="123456789"),
    ]
    (only,) = paste_lists(completions, VENV)
    assert (only.numbers, only.missing) == (("4711",), 1)


@given(st.lists(st.from_regex(r"[0-9]{9,11}", fullmatch=True), max_size=40))
def test_every_big_number_is_pasted_as_eleven_digits(numbers: list[str]) -> None:
    lists = paste_lists(
        [Completion("A", DAY, big_number=n) for n in numbers], RegisterFormat("big")
    )
    pasted = [number for p in lists for number in p.numbers]
    assert all(len(number) == 11 and number.isdigit() for number in pasted)
    assert {int(n) for n in pasted} == {int(n) for n in numbers}


def test_webservice_batches_hold_at_most_a_thousand_records() -> None:
    records = list(range(2500))
    assert [len(b) for b in batches(records)] == [1000, 1000, 500]
    assert [x for b in batches(records) for x in b] == records
    with pytest.raises(ValueError, match="at least one record"):
        batches(records, 0)
