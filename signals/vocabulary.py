"""The vocabulary of the signal catalogue, as plain typed values.

No Django imports: the catalogue and the weighing are pure and can be used
and tested on their own.
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
Strength = Literal["strong", "medium", "weak"]
Population = Literal["adult", "minor", "all"]
Language = Literal["nl", "en"]

# The tuples list each vocabulary in its canonical order, read from the types
# themselves so that the two can never disagree.
TYPES: Final = cast(tuple[SignalType, ...], get_args(SignalType))
FORMS: Final = cast(tuple[Form, ...], get_args(Form))
DIMENSIONS: Final = cast(tuple[Dimension, ...], get_args(Dimension))
RECRUITMENT: Final[frozenset[Dimension]] = frozenset(
    {"deceptive_recruitment", "coercive_recruitment", "abuse_of_vulnerability_recruitment"}
)
DESTINATION: Final[frozenset[Dimension]] = frozenset(
    {"coercion_at_destination", "abuse_of_vulnerability_at_destination"}
)
STRENGTHS: Final = cast(tuple[Strength, ...], get_args(Strength))
POPULATIONS: Final = cast(tuple[Population, ...], get_args(Population))
LANGUAGES: Final = cast(tuple[Language, ...], get_args(Language))


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text in Dutch and English."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        """Return the text in ``language``, falling back to Dutch."""
        return self.en if language.startswith("en") else self.nl


@dataclass(frozen=True, slots=True)
class Signal:
    """Something a clinician can observe or ask about that may point to trafficking."""

    code: str
    type: SignalType
    forms: frozenset[Form]
    dimension: Dimension | None
    strength: Strength | None
    counter: bool
    population: Population
    label: LocalText
    explanation: LocalText
    question: LocalText | None
    source: str

    @property
    def label_nl(self) -> str:
        """Return the Dutch label."""
        return self.label.nl

    @property
    def label_en(self) -> str:
        """Return the English label."""
        return self.label.en

    def applies_to(self, *, minor: bool) -> bool:
        """Tell whether the signal is meant for an adult or a minor patient."""
        return self.population == "all" or self.population == ("minor" if minor else "adult")


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One version of the signal catalogue."""

    version: str
    edition: str
    title: LocalText
    signals: tuple[Signal, ...]
    by_code: Mapping[str, Signal]

    def __contains__(self, code: object) -> bool:
        """Tell whether ``code`` names a signal of this catalogue."""
        return code in self.by_code
