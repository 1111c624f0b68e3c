"""The hash chain of the audit trail, as pure rules.

Each entry's hash covers its own fields and the hash of the entry before
it, so changing an entry breaks its own hash, and deleting or reordering
entries breaks the link of the next one. No Django imports here.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

GENESIS: Final = "0" * 64


def entry_hash(previous: str, fields: Mapping[str, Any]) -> str:
    """Return the hash of an entry with ``fields`` that follows ``previous``."""
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """One stored entry, as the verification reads it."""

    number: int
    fields: Mapping[str, Any]
    previous: str
    hash: str


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the chain, at one entry."""

    number: int
    reason: str

    def __str__(self) -> str:
        """Say which entry and what is wrong."""
        return f"entry {self.number}: {self.reason}"


def verify_chain(entries: Iterable[ChainEntry], *, head: str | None) -> list[Problem]:
    """Check a chain in order; return every problem found (none: the chain is intact).

    ``head`` is the hash the trail's head says the last entry has, so that
    deleting entries at the end is found too.
    """
    problems: list[Problem] = []
    previous = GENESIS
    last_number = 0
    for entry in entries:
        if entry.previous != previous:
            problems.append(
                Problem(entry.number, "does not follow the entry before it (deleted or reordered)")
            )
        if entry_hash(entry.previous, entry.fields) != entry.hash:
            problems.append(Problem(entry.number, "its content was changed"))
        previous = entry.hash
        last_number = entry.number
    if head is not None and head != previous:
        problems.append(Problem(last_number, "the trail ended after it (later entries deleted)"))
    return problems
