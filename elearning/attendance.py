"""Attendance for PE-online, as the register takes it (pure).

PE-online has no CSV upload: a provider picks one accreditation, enters the
completion date, and pastes a list of numbers, one per line, into the "Te
verwerken" box. So the export is one paste list per accreditation ID and
completion date, in the register's number format (some registers take
``BIG-01234567890``, others digits only). For providers with the licensed
webservice, the same attendance comes as batches of at most 1,000 records.
Points are credited by PE-online itself and never exported.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from meldcode.accounts.rules import BigNumberError, normalise_big_number

WEBSERVICE_BATCH: Final = 1000
Key = Literal["big", "register"]


@dataclass(frozen=True, slots=True)
class RegisterFormat:
    """How a register identifies a learner: by BIG-nummer or own number, and with which prefix."""

    key: Key
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class Completion:
    """One learner's completion of an accredited module."""

    accreditation_id: str
    completed_on: date
    big_number: str = ""
    register_number: str = ""


@dataclass(frozen=True, slots=True)
class PasteList:
    """The numbers to paste for one accreditation ID and completion date."""

    accreditation_id: str
    completed_on: date
    numbers: tuple[str, ...]
    # Completions without a number in this register's key: enter these by hand.
    missing: int

    def text(self) -> str:
        """Return the list as pasted: one number per line."""
        return "\n".join(self.numbers)


def register_number(completion: Completion, register: RegisterFormat) -> str | None:
    """Return the learner's number as the register writes it, or None when there is none."""
    if register.key == "register":
        number = completion.register_number.strip()
        return register.prefix + number if number else None
    try:
        return register.prefix + normalise_big_number(completion.big_number)
    except BigNumberError:
        return None


def paste_lists(completions: Iterable[Completion], register: RegisterFormat) -> list[PasteList]:
    """Group completions into paste lists, one per accreditation ID and date, sorted."""
    numbers: dict[tuple[str, date], set[str]] = defaultdict(set)
    missing: dict[tuple[str, date], int] = defaultdict(int)
    for completion in completions:
        key = (completion.accreditation_id, completion.completed_on)
        number = register_number(completion, register)
        if number is None:
            missing[key] += 1
        else:
            numbers[key].add(number)
    keys = sorted(set(numbers) | set(missing))
    return [
        PasteList(
            accreditation_id=accreditation_id,
            completed_on=completed_on,
            numbers=tuple(sorted(numbers[(accreditation_id, completed_on)])),
            missing=missing[(accreditation_id, completed_on)],
        )
        for accreditation_id, completed_on in keys
    ]


def batches[T](records: Sequence[T], size: int = WEBSERVICE_BATCH) -> list[Sequence[T]]:
    """Split records into the webservice's batches of at most ``size``."""
    if size < 1:
        raise ValueError("a batch holds at least one record")
    return [records[i : i + size] for i in range(0, len(records), size)]
