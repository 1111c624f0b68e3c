"""Weigh selected signals into a transparent profile, after the ILO/EC indicators.

The ILO/EC operational indicators (2009) sort indicators into six dimensions
and grade each strong, medium or weak. A dimension is *positive* with at least
two strong indicators, one strong plus one medium or weak, three medium, or
two medium plus one weak; weak indicators alone never suffice. Trafficking is
indicated for an adult when a recruitment dimension, exploitation and a
destination dimension are positive; for a minor, no means are needed, so a
recruitment dimension and exploitation suffice.

The profile supports the clinician's judgement and never replaces it: it shows
what counted, what is missing and what to ask next. Counter-signals are shown
but never counted. No Django imports here.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

from .catalogue import load
from .core import (
    DESTINATION,
    DIMENSIONS,
    FORMS,
    RECRUITMENT,
    Catalogue,
    Dimension,
    Form,
    Signal,
)

Level = Literal["geen", "signalen", "vermoeden", "sterk_vermoeden"]
LEVELS: Final[tuple[Level, ...]] = ("geen", "signalen", "vermoeden", "sterk_vermoeden")
Element = Literal["recruitment", "exploitation", "destination"]

# How much a signal adds to the ranking of the forms it points to.
FORM_WEIGHT: Final[Mapping[str | None, int]] = {"strong": 3, "medium": 2, "weak": 1, None: 1}
MAX_QUESTIONS: Final = 6


def dimension_is_positive(strong: int, medium: int, weak: int) -> bool:
    """Apply the ILO/EC rule for one dimension."""
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )


@cache
def _missing(strong: int, medium: int, weak: int) -> "Missing | None":
    """Return what a dimension with these counts lacks, or None when it is positive.

    Cached: a profile asks for the same few small counts over and over.
    """
    if dimension_is_positive(strong, medium, weak):
        return None
    return Missing(
        strong=_fewest(strong, medium, weak, 0),
        medium=_fewest(strong, medium, weak, 1),
        weak=_fewest(strong, medium, weak, 2),
    )


def _fewest(strong: int, medium: int, weak: int, kind: int) -> int | None:
    """Return the fewest extra signals of one strength (0 strong, 1 medium, 2 weak) needed."""
    for extra in range(0, 4):
        counts = [strong, medium, weak]
        counts[kind] += extra
        if dimension_is_positive(*counts):
            return extra
    return None


@dataclass(frozen=True, slots=True)
class Missing:
    """What a dimension still lacks: the fewest extra signals of a single strength.

    ``None`` means signals of that strength alone cannot make it positive.
    """

    strong: int | None
    medium: int | None
    weak: int | None


@dataclass(frozen=True, slots=True)
class DimensionProfile:
    """The weighing of one ILO dimension."""

    dimension: Dimension
    positive: bool
    strong: int
    medium: int
    weak: int
    signals: tuple[Signal, ...]
    counter_signals: tuple[Signal, ...]
    missing: Missing | None

    @property
    def counts(self) -> Mapping[str, int]:
        """Return the counts per strength."""
        return {"strong": self.strong, "medium": self.medium, "weak": self.weak}


@dataclass(frozen=True, slots=True)
class FormScore:
    """How much the signals point to one form of exploitation."""

    form: Form
    score: int
    signals: tuple[Signal, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """The transparent result of weighing a set of signals."""

    catalogue_version: str
    minor: bool
    signals: tuple[Signal, ...]
    counter_signals: tuple[Signal, ...]
    dimensions: Mapping[Dimension, DimensionProfile]
    elements: Mapping[Element, bool]
    ilo_indicated: bool
    level: Level
    forms: tuple[FormScore, ...]
    questions: tuple[Signal, ...]

    @property
    def general_signals(self) -> tuple[Signal, ...]:
        """Return the counted signals that belong to no ILO dimension."""
        return tuple(s for s in self.signals if s.dimension is None)

    @property
    def missing_elements(self) -> tuple[Element, ...]:
        """Return the elements of the combination rule that are not yet positive."""
        return tuple(element for element, positive in self.elements.items() if not positive)


def weigh(
    codes: Iterable[str], *, minor: bool = False, catalogue: Catalogue | None = None
) -> Profile:
    """Weigh the signals named by ``codes``; order and duplicates do not matter.

    Raises ``ValueError`` naming every unknown code.
    """
    catalogue = catalogue or load()
    index = _index(catalogue)
    wanted = set(codes)
    unknown = wanted.difference(catalogue.by_code)
    if unknown:
        raise ValueError(f"Unknown signal code(s): {', '.join(sorted(unknown))}.")
    # Catalogue order keeps the result independent of the order of ``codes``.
    chosen = [catalogue.by_code[code] for code in sorted(wanted, key=index.position.__getitem__)]
    counted = tuple(s for s in chosen if not s.counter)
    counters = tuple(s for s in chosen if s.counter)

    members: dict[Dimension | None, list[Signal]] = {d: [] for d in DIMENSIONS}
    for signal in counted:
        if signal.dimension is not None:
            members[signal.dimension].append(signal)
    opposing: dict[Dimension | None, list[Signal]] = {d: [] for d in DIMENSIONS}
    for signal in counters:
        if signal.dimension is not None:
            opposing[signal.dimension].append(signal)
    dimensions = {
        dimension: _weigh_dimension(dimension, members[dimension], opposing[dimension])
        for dimension in DIMENSIONS
    }
    elements: dict[Element, bool] = {
        "recruitment": any(dimensions[d].positive for d in RECRUITMENT),
        "exploitation": dimensions["exploitation"].positive,
    }
    if not minor:
        elements["destination"] = any(dimensions[d].positive for d in DESTINATION)
    ilo_indicated = all(elements.values())

    level: Level
    if ilo_indicated:
        level = "sterk_vermoeden"
    elif any(d.positive for d in dimensions.values()):
        level = "vermoeden"
    elif counted:
        level = "signalen"
    else:
        level = "geen"

    return Profile(
        catalogue_version=catalogue.version,
        minor=minor,
        signals=counted,
        counter_signals=counters,
        dimensions=dimensions,
        elements=elements,
        ilo_indicated=ilo_indicated,
        level=level,
        forms=_rank_forms(counted),
        questions=_suggest_questions(index, dimensions, elements, wanted, minor=minor),
    )


def _weigh_dimension(
    dimension: Dimension, members: list[Signal], counters: list[Signal]
) -> DimensionProfile:
    counts = {"strong": 0, "medium": 0, "weak": 0}
    for signal in members:
        counts[signal.strength or "weak"] += 1
    strong, medium, weak = counts["strong"], counts["medium"], counts["weak"]
    missing = _missing(strong, medium, weak)
    return DimensionProfile(
        dimension=dimension,
        positive=missing is None,
        strong=strong,
        medium=medium,
        weak=weak,
        signals=tuple(members),
        counter_signals=tuple(counters),
        missing=missing,
    )


def _rank_forms(counted: tuple[Signal, ...]) -> tuple[FormScore, ...]:
    ranked = []
    for form in FORMS:
        members = tuple(s for s in counted if form in s.forms)
        if members:
            score = sum(FORM_WEIGHT[s.strength] for s in members)
            ranked.append(FormScore(form=form, score=score, signals=members))
    # Highest score first; equal scores keep the canonical order of the forms.
    return tuple(sorted(ranked, key=lambda f: -f.score))


@dataclass(frozen=True, slots=True)
class _Index:
    """What weighing needs from a catalogue, worked out once per version."""

    position: Mapping[str, int]
    # Signals with a question, per (minor?, dimension), strongest first.
    askable: Mapping[tuple[bool, Dimension], tuple[Signal, ...]]


_INDEXES: dict[str, _Index] = {}


def _index(catalogue: Catalogue) -> _Index:
    """Return the index of ``catalogue``, building it on first use."""
    index = _INDEXES.get(catalogue.version)
    if index is None:
        rank = {"strong": 0, "medium": 1, "weak": 2}
        askable = [
            s
            for s in catalogue.signals
            if s.question is not None and not s.counter and s.dimension is not None
        ]
        # Strong indicators first, because one answer to them tells the most;
        # within a strength the catalogue order, so suggestions are stable.
        askable.sort(key=lambda s: rank[s.strength or "weak"])
        index = _Index(
            position={s.code: i for i, s in enumerate(catalogue.signals)},
            askable={
                (minor, dimension): tuple(
                    s for s in askable if s.dimension == dimension and s.applies_to(minor=minor)
                )
                for minor in (False, True)
                for dimension in DIMENSIONS
            },
        )
        _INDEXES[catalogue.version] = index
    return index


def _suggest_questions(
    index: _Index,
    dimensions: Mapping[Dimension, DimensionProfile],
    elements: Mapping[Element, bool],
    chosen: set[str],
    *,
    minor: bool,
) -> tuple[Signal, ...]:
    """Pick questions for the dimensions of the elements that are not yet positive."""
    open_dimensions: set[Dimension] = set()
    if not elements["recruitment"]:
        open_dimensions |= RECRUITMENT
    if not elements["exploitation"]:
        open_dimensions.add("exploitation")
    if not elements.get("destination", True):
        open_dimensions |= DESTINATION
    open_dimensions = {d for d in open_dimensions if not dimensions[d].positive}
    if not open_dimensions:
        return ()
    # Spread the questions over the open dimensions: the strongest question of
    # each dimension first, then the next of each, and so on.
    queues = [
        [s for s in index.askable[minor, dimension] if s.code not in chosen]
        for dimension in DIMENSIONS
        if dimension in open_dimensions
    ]
    picked: list[Signal] = []
    for round_ in range(MAX_QUESTIONS):
        for queue in queues:
            if round_ < len(queue):
                picked.append(queue[round_])
                if len(picked) == MAX_QUESTIONS:
                    return tuple(picked)
    return tuple(picked)
