"""The results of a weighing: per dimension, per list, and the whole profile."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from ..vocabulary import (
    UNCOVERED_FORMS,
    Dimension,
    Form,
    Grade,
    ListName,
    ReadingKind,
    Signal,
)
from .rule import Element, Level, Missing, missing_for

# Dutch law (art. 273f Sr) counts forced criminality as exploitation itself,
# while the ILO lists place it under coercion at destination.
FORCED_CRIMINALITY: Final = "coercion_at_destination.forced_into_illicit_activities"


@dataclass(frozen=True, slots=True)
class DimensionResult:
    """The weighing of one ILO dimension on one list.

    Only what was counted is stored; the counts and the verdict follow from
    the grades (kept lean because a profile builds a dozen of these per click).
    """

    dimension: Dimension
    positive: bool
    # The distinct indicator keys counted, and the grade of each on this list.
    indicators: tuple[str, ...]
    grades: tuple[Grade, ...]
    # The signals that stood for the counted indicators.
    signals: tuple[Signal, ...]
    # Signals of this dimension whose indicator is not on this list.
    off_list: tuple[Signal, ...]
    counter_signals: tuple[Signal, ...]

    @property
    def strong(self) -> int:
        """Return the number of distinct strong indicators."""
        return self.grades.count("strong")

    @property
    def medium(self) -> int:
        """Return the number of distinct medium indicators."""
        return self.grades.count("medium")

    @property
    def weak(self) -> int:
        """Return the number of distinct weak indicators."""
        return self.grades.count("weak")

    @property
    def counts(self) -> Mapping[Grade, int]:
        """Return the number of distinct indicators per grade."""
        return {"strong": self.strong, "medium": self.medium, "weak": self.weak}

    @property
    def missing(self) -> Missing | None:
        """Return what the dimension still lacks, or None when it meets the rule."""
        return missing_for(self.strong, self.medium, self.weak)


@dataclass(frozen=True, slots=True)
class Reading:
    """The selection read against one list of the ILO/EC brochure."""

    kind: ReadingKind
    list: ListName
    dimensions: Mapping[Dimension, DimensionResult]
    elements: Mapping[Element, bool]
    ilo_indicated: bool
    level: Level

    @property
    def positive_count(self) -> int:
        """Return the number of positive dimensions."""
        return sum(result.positive for result in self.dimensions.values())

    @property
    def missing_elements(self) -> tuple[Element, ...]:
        """Return the elements of the combination rule that are not yet positive."""
        return tuple(element for element, positive in self.elements.items() if not positive)


@dataclass(frozen=True, slots=True)
class FormScore:
    """How many counted signals point to one form of exploitation."""

    form: Form
    score: int
    signals: tuple[Signal, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """The transparent result of weighing a set of signals."""

    catalogue_version: str
    minor: bool
    # Counted: the chosen signals that fit the age group and are no counter-signal.
    signals: tuple[Signal, ...]
    counter_signals: tuple[Signal, ...]
    not_applicable: tuple[Signal, ...]
    readings: Mapping[ReadingKind, Reading]
    headline: ReadingKind
    acute: bool
    forms: tuple[FormScore, ...]
    questions: tuple[Signal, ...]

    @property
    def reading(self) -> Reading:
        """Return the headline reading."""
        return self.readings[self.headline]

    @property
    def other_reading(self) -> Reading:
        """Return the reading that is not the headline."""
        return self.readings["sexual" if self.headline == "labour" else "labour"]

    @property
    def dimensions(self) -> Mapping[Dimension, DimensionResult]:
        """Return the dimensions of the headline reading."""
        return self.reading.dimensions

    @property
    def ilo_indicated(self) -> bool:
        """Tell whether the ILO combination rule holds on the headline reading."""
        return self.reading.ilo_indicated

    @property
    def level(self) -> Level:
        """Return the level of the headline reading."""
        return self.reading.level

    @property
    def list(self) -> ListName:
        """Return the list of the headline reading."""
        return self.reading.list

    @property
    def elements(self) -> Mapping[Element, bool]:
        """Return the elements of the combination rule on the headline reading."""
        return self.reading.elements

    @property
    def acute_signals(self) -> tuple[Signal, ...]:
        """Return the counted signals that call for a safety assessment now."""
        return tuple(s for s in self.signals if s.acute)

    @property
    def general_signals(self) -> tuple[Signal, ...]:
        """Return the counted signals that stand for no ILO indicator."""
        return tuple(s for s in self.signals if s.indicator is None)

    @property
    def uncovered_forms(self) -> tuple[Form, ...]:
        """Return the chosen forms the ILO lists do not cover (organ removal)."""
        return tuple(f.form for f in self.forms if f.form in UNCOVERED_FORMS)

    @property
    def forced_criminality(self) -> bool:
        """Tell whether a counted signal is of being forced into criminal activities."""
        return any(s.indicator == FORCED_CRIMINALITY for s in self.signals)
