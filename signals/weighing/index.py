"""What weighing needs from a catalogue, worked out once per catalogue version."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from ..vocabulary import (
    DIMENSIONS,
    FORMS,
    LISTS,
    READINGS,
    Catalogue,
    Dimension,
    Form,
    Grade,
    ListName,
    Signal,
    list_for,
)

GRADE_RANK: Final[Mapping[Grade, int]] = {"strong": 0, "medium": 1, "weak": 2}


@dataclass(frozen=True, slots=True)
class Index:
    """What weighing needs from a catalogue, worked out once per version."""

    position: Mapping[str, int]
    by_position: tuple[Signal, ...]
    # Per age group (minor?): the codes of the signals that apply to it.
    fits: Mapping[bool, frozenset[str]]
    # Per signal code: its forms in canonical order.
    forms: Mapping[str, tuple[Form, ...]]
    # Per age group (minor?): signal code -> the dimension of its indicator and
    # the indicator's grades on the labour and the sexual list of that age
    # group (None: not on it). General signals are absent.
    placement: Mapping[bool, Mapping[str, tuple[Dimension, Grade | None, Grade | None]]]
    # Per (minor?, list, dimension): the signals with a question in the right
    # form of address whose indicator is on that list, strongest grade first.
    askable: Mapping[tuple[bool, ListName, Dimension], tuple[Signal, ...]]


_INDEXES: dict[str, Index] = {}
MAX_INDEXES: Final = 8


def index_for(catalogue: Catalogue) -> Index:
    """Return the index of ``catalogue``, building it on first use."""
    index = _INDEXES.get(catalogue.version)
    if index is not None:
        return index
    grades: dict[ListName, dict[str, Grade | None]] = {
        name: {key: i.grades[name] for key, i in catalogue.indicators.items()} for name in LISTS
    }
    askable: dict[tuple[bool, ListName, Dimension], tuple[Signal, ...]] = {}
    for minor in (False, True):
        for kind in READINGS:
            name = list_for(minor=minor, reading=kind)
            graded: list[tuple[int, int, Signal]] = []
            for position, s in enumerate(catalogue.signals):
                grade = grades[name].get(s.indicator) if s.indicator else None
                if grade and s.question_for(minor=minor) and s.applies_to(minor=minor):
                    graded.append((GRADE_RANK[grade], position, s))
            # Strong indicators first, because one answer to them tells the
            # most; within a grade the catalogue order, so suggestions are stable.
            graded.sort(key=lambda item: item[:2])
            for dimension in DIMENSIONS:
                askable[minor, name, dimension] = tuple(
                    s for _, _, s in graded if s.dimension == dimension
                )
    index = Index(
        position={s.code: i for i, s in enumerate(catalogue.signals)},
        by_position=catalogue.signals,
        fits={
            minor: frozenset(s.code for s in catalogue.signals if s.applies_to(minor=minor))
            for minor in (False, True)
        },
        forms={s.code: tuple(f for f in FORMS if f in s.forms) for s in catalogue.signals},
        placement={
            minor: {
                s.code: (
                    catalogue.indicators[s.indicator].dimension,
                    grades[list_for(minor=minor, reading="labour")][s.indicator],
                    grades[list_for(minor=minor, reading="sexual")][s.indicator],
                )
                for s in catalogue.signals
                if s.indicator is not None
            }
            for minor in (False, True)
        },
        askable=askable,
    )
    # Few versions are ever weighed in one process; keep the store small all the same.
    if len(_INDEXES) >= MAX_INDEXES:
        _INDEXES.clear()
    _INDEXES[catalogue.version] = index
    return index
