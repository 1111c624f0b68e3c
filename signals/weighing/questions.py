"""Suggest what to ask next: open dimensions, the forms in view, the age group."""

from collections.abc import Mapping
from typing import Final

from ..vocabulary import (
    DESTINATION,
    DIMENSIONS,
    RECRUITMENT,
    Dimension,
    Form,
    ReadingKind,
    Signal,
)
from .index import Index
from .results import FormScore, Reading

MAX_QUESTIONS: Final = 6
# Criminal exploitation is forced labour in the ILO's terms: the labour lists read it.
LABOUR_FORMS: Final[frozenset[Form]] = frozenset({"arbeidsuitbuiting", "criminele_uitbuiting"})


def suggest_questions(
    index: Index,
    readings: Mapping[ReadingKind, Reading],
    headline: ReadingKind,
    counted: tuple[Signal, ...],
    forms: tuple[FormScore, ...],
    chosen: set[str],
    *,
    minor: bool,
) -> tuple[Signal, ...]:
    """Pick questions for the open dimensions, the forms in view and the age group.

    Only signals that point to the leading forms are asked (a labour case is
    not asked how a marriage came about), read on the list of those forms;
    only the dimensions of elements not yet positive there are asked about;
    an indicator already counted is not asked about again, since a second
    signal of it adds nothing.
    """
    if not forms:
        return ()
    top = forms[0].score
    in_view = {f.form for f in forms if f.score == top}
    sexual = "seksuele_uitbuiting" in in_view
    labour = bool(in_view & LABOUR_FORMS)
    reading = readings[
        "sexual" if sexual and not labour else "labour" if labour and not sexual else headline
    ]
    open_dimensions: set[Dimension] = set()
    if not reading.elements["recruitment"]:
        open_dimensions |= RECRUITMENT
    if not reading.elements["exploitation"]:
        open_dimensions.add("exploitation")
    if not reading.elements.get("destination", True):
        open_dimensions |= DESTINATION
    open_dimensions = {d for d in open_dimensions if not reading.dimensions[d].positive}
    if not open_dimensions:
        return ()
    counted_indicators = {s.indicator for s in counted}
    # Spread the questions over the open dimensions: the strongest question of
    # each dimension first, then the next of each, and so on.
    queues: list[list[Signal]] = []
    for dimension in DIMENSIONS:
        if dimension not in open_dimensions:
            continue
        queue: list[Signal] = []
        asked: set[str | None] = set(counted_indicators)
        for signal in index.askable[minor, reading.list, dimension]:
            if (
                signal.indicator not in asked
                and signal.code not in chosen
                and signal.forms & in_view
            ):
                queue.append(signal)
                # One question per indicator: two would ask the same thing.
                asked.add(signal.indicator)
        queues.append(queue)
    picked: list[Signal] = []
    for round_ in range(MAX_QUESTIONS):
        for queue in queues:
            if round_ < len(queue):
                picked.append(queue[round_])
                if len(picked) == MAX_QUESTIONS:
                    return tuple(picked)
    return tuple(picked)
