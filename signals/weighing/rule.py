"""The ILO/EC combination rule for one dimension, and the levels of a profile."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

Level = Literal["geen", "signalen", "elementen", "alle_elementen"]
Element = Literal["recruitment", "exploitation", "destination"]


LEVEL_RANK: Final[Mapping[Level, int]] = {
    "geen": 0,
    "signalen": 1,
    "elementen": 2,
    "alle_elementen": 3,
}


def dimension_is_positive(strong: int, medium: int, weak: int) -> bool:
    """Apply the ILO/EC rule for one dimension to counts of distinct indicators."""
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )


@dataclass(frozen=True, slots=True)
class Missing:
    """What a dimension still lacks: the fewest extra indicators of a single grade.

    ``None`` means indicators of that grade alone cannot make it positive.
    """

    strong: int | None
    medium: int | None
    weak: int | None


@cache
def missing_for(strong: int, medium: int, weak: int) -> Missing | None:
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
    """Return the fewest extra indicators of one grade (0 strong, 1 medium, 2 weak) needed."""
    for extra in range(0, 4):
        counts = [strong, medium, weak]
        counts[kind] += extra
        if dimension_is_positive(*counts):
            return extra
    return None
