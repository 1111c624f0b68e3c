"""The journal being written: entries per day, lines per SOEP letter, and small helpers."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, Literal

from django.utils import timezone
from django.utils.translation import pgettext

from meldcode.cases.forms.base import YES_NO_UNKNOWN
from meldcode.cases.models import Case

Letter = Literal["S", "O", "E", "P"]
LETTERS: Final[tuple[Letter, ...]] = ("S", "O", "E", "P")
# What kind of contact an entry records; it chooses the neutral title.
Contact = Literal["consult", "overleg", "notitie"]
_CONTACT_RANK: Final[dict[Contact, int]] = {"consult": 0, "overleg": 1, "notitie": 2}
# Physical signals are the clinician's own findings and go to O; the others go to E,
# where they stand as signals, since the record does not say who saw or said them.
_OBSERVED_TYPES: Final = ("physical",)


@dataclass(frozen=True, slots=True)
class SoepEntry:
    """One journal entry: its date, a neutral episode title, and its S, O, E and P lines."""

    date: date
    title: str
    # Each line starts with "S: ", "O: ", "E: " or "P: ", in that order.
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """Return the entry as text: the date and title, then its lines."""
        return "\n".join((f"{self.date:%d-%m-%Y} {self.title}", *self.lines))


def soep_text(entries: Iterable[SoepEntry]) -> str:
    """Return the entries as one text, a blank line between them."""
    return "\n\n".join(entry.text for entry in entries)


@dataclass
class _Day:
    """The lines gathered for one date."""

    contact: Contact = "notitie"
    lines: dict[Letter, list[str]] = field(default_factory=lambda: {k: [] for k in LETTERS})


class _Journal:
    """Gather lines per date while the steps are read in order."""

    def __init__(self, *, fallback: date) -> None:
        """Start empty; ``fallback`` dates what has no date at all."""
        self.fallback = fallback
        self.days: dict[date, _Day] = {}
        # The latest date used so far: a step without dates follows the steps before it.
        self.latest: date | None = None

    def anchor(self, dates: Iterable[date | None]) -> date:
        """Return the date for a step's undated facts: its earliest date, else the latest so far."""
        own = [d for d in dates if d is not None]
        return min(own) if own else (self.latest or self.fallback)

    def add(self, day: date, letter: Letter, text: str, *, contact: Contact = "notitie") -> None:
        """Add one line to the entry of ``day``."""
        entry = self.days.setdefault(day, _Day())
        entry.lines[letter].append(f"{letter}: {text}")
        if _CONTACT_RANK[contact] < _CONTACT_RANK[entry.contact]:
            entry.contact = contact
        self.latest = day if self.latest is None else max(self.latest, day)

    def entries(self) -> list[SoepEntry]:
        """Return the entries in date order."""
        titles: dict[Contact, str] = {
            "consult": pgettext("SOEP episode title", "Consultation"),
            "overleg": pgettext("SOEP episode title", "Discussion"),
            "notitie": pgettext("SOEP episode title", "Note"),
        }
        return [
            SoepEntry(
                date=day,
                title=titles[entry.contact],
                lines=tuple(line for letter in LETTERS for line in entry.lines[letter]),
            )
            for day, entry in sorted(self.days.items())
        ]


def _opened_on(case: Case) -> date:
    """Return the date the case was opened, or today for a case not saved yet."""
    created = case.created_at
    return timezone.localdate(created) if created else timezone.localdate()


def _date(value: Any) -> date | None:
    """Read an ISO date (or date-time) from the record; None when there is none."""
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, str) or not value:
        return None
    try:
        if "T" in value:
            moment = datetime.fromisoformat(value)
            return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
        return date.fromisoformat(value)
    except ValueError:
        return None


def _day(value: date) -> str:
    """Format a date as the HIS shows it: dd-mm-yyyy."""
    return f"{value:%d-%m-%Y}"


def _clean(value: Any) -> str:
    """Return free text on one line: a SOEP line must start with its letter."""
    return " ".join(str(value or "").split())


def _choice(choices: Sequence[tuple[str, Any]], code: Any) -> str:
    """Return the words of a choice code, the code when it is unknown, a dash when empty."""
    if not code:
        return "—"
    return str(dict(choices).get(code, code))


def _answer(code: Any) -> str:
    """Return yes, no or unknown for a recorded ``ja``/``nee``/``onbekend``."""
    return _choice(YES_NO_UNKNOWN, code)
