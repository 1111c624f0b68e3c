"""The vocabulary of the signal catalogue, as plain typed values.

The catalogue has two kinds of entries: the ILO/EC operational indicators
(2009), graded per list, and the signals a clinician can see or hear, each
standing for at most one indicator. No Django imports: the catalogue and the
weighing are pure and can be used and tested on their own.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, cast, get_args

SignalType = Literal["physical", "psychological", "behavioural", "situational"]
Form = Literal[
    "seksuele_uitbuiting", "arbeidsuitbuiting", "criminele_uitbuiting", "orgaanverwijdering"
]
Dimension = Literal[
    "deceptive_recruitment",
    "coercive_recruitment",
    "abuse_of_vulnerability_recruitment",
    "exploitation",
    "coercion_at_destination",
    "abuse_of_vulnerability_at_destination",
]
Grade = Literal["strong", "medium", "weak"]
# The four lists of the ILO/EC brochure: adults and children, labour and sexual exploitation.
ListName = Literal["adult_labour", "adult_sexual", "child_labour", "child_sexual"]
# A selection is read twice, against the labour and the sexual list of the patient's age group.
ReadingKind = Literal["labour", "sexual"]
Population = Literal["adult", "minor", "all"]
Language = Literal["nl", "en"]

# The tuples list each vocabulary in its canonical order, read from the types
# themselves so that the two can never disagree.
TYPES: Final = cast(tuple[SignalType, ...], get_args(SignalType))
FORMS: Final = cast(tuple[Form, ...], get_args(Form))
DIMENSIONS: Final = cast(tuple[Dimension, ...], get_args(Dimension))
GRADES: Final = cast(tuple[Grade, ...], get_args(Grade))
LISTS: Final = cast(tuple[ListName, ...], get_args(ListName))
READINGS: Final = cast(tuple[ReadingKind, ...], get_args(ReadingKind))
POPULATIONS: Final = cast(tuple[Population, ...], get_args(Population))
LANGUAGES: Final = cast(tuple[Language, ...], get_args(Language))

RECRUITMENT: Final[frozenset[Dimension]] = frozenset(
    {"deceptive_recruitment", "coercive_recruitment", "abuse_of_vulnerability_recruitment"}
)
DESTINATION: Final[frozenset[Dimension]] = frozenset(
    {"coercion_at_destination", "abuse_of_vulnerability_at_destination"}
)
# A positive abuse-of-vulnerability dimension describes a vulnerable person,
# not exploitation; on its own it never raises the level above plain signals.
VULNERABILITY: Final[frozenset[Dimension]] = frozenset(
    {"abuse_of_vulnerability_recruitment", "abuse_of_vulnerability_at_destination"}
)
CHILD_LISTS: Final[frozenset[ListName]] = frozenset({"child_labour", "child_sexual"})
# The ILO lists do not cover organ removal: its signals rank the form but
# can never make a dimension positive.
UNCOVERED_FORMS: Final[frozenset[Form]] = frozenset({"orgaanverwijdering"})


def list_for(*, minor: bool, reading: ReadingKind) -> ListName:
    """Return the list a reading uses for an adult or a minor patient."""
    return cast(ListName, f"{'child' if minor else 'adult'}_{reading}")


def indicator_key(dimension: str, indicator_id: str) -> str:
    """Return the catalogue key of an indicator: ``"<dimension>.<id>"``."""
    return f"{dimension}.{indicator_id}"


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text in Dutch and English."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        """Return the text in ``language``, falling back to Dutch."""
        return self.en if language.startswith("en") else self.nl


@dataclass(frozen=True, slots=True)
class Indicator:
    """One ILO/EC operational indicator of one dimension, graded on each of the four lists.

    The same name can occur in two dimensions (at recruitment and at
    destination) with different grades, so the key includes the dimension.
    """

    key: str
    id: str
    dimension: Dimension
    grades: Mapping[ListName, Grade | None]
    # Lists whose grade could not be checked against the brochure.
    unverified: frozenset[ListName]
    label: LocalText
    source: str


@dataclass(frozen=True, slots=True)
class Signal:
    """Something a clinician can observe or ask about that may point to trafficking.

    A signal stands for at most one indicator; several signals may stand for
    the same one, and then count once. A signal without an indicator is a
    general signal: it ranks the forms and is worth noting, but counts in no
    dimension.
    """

    code: str
    type: SignalType
    forms: frozenset[Form]
    indicator: str | None
    counter: bool
    acute: bool
    population: Population
    label: LocalText
    explanation: LocalText
    # The suggested open question, addressing an adult ("u") and a minor ("je").
    question: LocalText | None
    question_minor: LocalText | None
    source: str

    @property
    def dimension(self) -> Dimension | None:
        """Return the dimension of the signal's indicator, or None for a general signal."""
        if self.indicator is None:
            return None
        return cast(Dimension, self.indicator.partition(".")[0])

    def applies_to(self, *, minor: bool) -> bool:
        """Tell whether the signal is meant for an adult or a minor patient."""
        return self.population == "all" or self.population == ("minor" if minor else "adult")

    def question_for(self, *, minor: bool) -> LocalText | None:
        """Return the question that addresses the patient in the right form, if any."""
        return self.question_minor if minor else self.question


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One version of the signal catalogue: the indicators and the signals."""

    version: str
    edition: str
    title: LocalText
    indicators: Mapping[str, Indicator]
    signals: tuple[Signal, ...]
    by_code: Mapping[str, Signal]

    def __contains__(self, code: object) -> bool:
        """Tell whether ``code`` names a signal of this catalogue."""
        return code in self.by_code

    @property
    def unverified_grades(self) -> tuple[tuple[Indicator, ListName], ...]:
        """Return every (indicator, list) whose grade is not checked against the brochure."""
        return tuple(
            (indicator, list_name)
            for indicator in self.indicators.values()
            for list_name in LISTS
            if list_name in indicator.unverified
        )
