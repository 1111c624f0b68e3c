"""Weigh selected signals into a transparent profile, after the ILO/EC indicators.

The ILO/EC operational indicators (2009) sort indicators into six dimensions
and grade each strong, medium or weak, on four lists: adults and children,
labour and sexual exploitation. The weighing counts *indicators*, not signals:
several signals that stand for one indicator count once, and an indicator
that is not on a list does not count on it. A dimension is *positive* with at
least two strong indicators, one strong plus one medium or weak, three medium,
or two medium plus one weak; weak indicators alone never suffice. For an
adult the ILO rule holds when a recruitment dimension, exploitation and a
destination dimension are positive; for a minor, no means are needed, so a
recruitment dimension and exploitation suffice.

A selection is read twice, against the labour and the sexual list of the
patient's age group; criminal exploitation is forced labour in the ILO's
terms and is read with the labour list. The headline is the reading with the
higher level, then the more positive dimensions, then labour.

The profile supports the clinician's judgement and never replaces it: it shows
what counted, on which list, what is missing and what to ask next. Its levels
are our own and deliberately avoid the words of the afwegingskader. Counter-
signals are shown but never counted. No Django imports here.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from ..catalogue import load
from ..vocabulary import (
    CHILD_LISTS,
    DESTINATION,
    DIMENSIONS,
    FORMS,
    READINGS,
    RECRUITMENT,
    VULNERABILITY,
    Catalogue,
    Dimension,
    Form,
    Grade,
    ListName,
    ReadingKind,
    Signal,
    list_for,
)
from .index import Index, index_for
from .questions import suggest_questions
from .results import FORCED_CRIMINALITY, DimensionResult, FormScore, Profile, Reading
from .rule import LEVEL_RANK, Element, Level, Missing, dimension_is_positive, missing_for

__all__ = [
    "FORCED_CRIMINALITY",
    "LEVEL_RANK",
    "DimensionResult",
    "Element",
    "FormScore",
    "Level",
    "Missing",
    "Profile",
    "Reading",
    "dimension_is_positive",
    "missing_for",
    "weigh",
]


def weigh(
    codes: Iterable[str], *, minor: bool = False, catalogue: Catalogue | None = None
) -> Profile:
    """Weigh the signals named by ``codes``; order and duplicates do not matter.

    Raises ``ValueError`` naming every unknown code (or value that is not a code).
    """
    if isinstance(codes, str):
        raise ValueError("Pass the signal codes as a collection, not as one string.")
    catalogue = catalogue or load()
    index = index_for(catalogue)
    try:
        wanted = set(codes)
    except TypeError:
        raise ValueError("Unknown signal code(s): values that are not codes.") from None
    unknown = wanted.difference(catalogue.by_code)
    if unknown:
        names = sorted(c if isinstance(c, str) else repr(c) for c in unknown)
        raise ValueError(f"Unknown signal code(s): {', '.join(names)}.")
    # Catalogue order keeps the result independent of the order of ``codes``.
    chosen = [index.by_position[i] for i in sorted(index.position[code] for code in wanted)]
    fits = index.fits[minor]
    counted = tuple(s for s in chosen if s.code in fits and not s.counter)
    counters = tuple(s for s in chosen if s.code in fits and s.counter)
    readings = _read_both(index, counted, counters, minor=minor)
    # The higher level, then the more positive dimensions; labour wins a tie.
    headline = max(
        READINGS,
        key=lambda kind: (
            LEVEL_RANK[readings[kind].level],
            readings[kind].positive_count,
            kind == "labour",
        ),
    )
    forms = _rank_forms(index, counted)
    return Profile(
        catalogue_version=catalogue.version,
        minor=minor,
        signals=counted,
        counter_signals=counters,
        not_applicable=tuple(s for s in chosen if s.code not in fits),
        readings=readings,
        headline=headline,
        acute=any(s.acute for s in counted),
        forms=forms,
        questions=suggest_questions(index, readings, headline, counted, forms, wanted, minor=minor),
    )


def _read_both(
    index: Index, counted: tuple[Signal, ...], counters: tuple[Signal, ...], *, minor: bool
) -> dict[ReadingKind, Reading]:
    """Read the counted signals against the labour and the sexual list of the age group.

    Both readings are gathered in one pass; a dimension whose indicators have
    the same grades on both lists (most do) gets one result, shared by both
    readings: weighing runs on every click in the picker.
    """
    placement = index.placement[minor]
    gathered: dict[Dimension, list[tuple[Signal, Grade | None, Grade | None]]] = {}
    for signal in counted:
        place = placement.get(signal.code)
        if place is not None:
            gathered.setdefault(place[0], []).append((signal, place[1], place[2]))
    opposing: dict[Dimension, list[Signal]] = {}
    for signal in counters:
        place = placement.get(signal.code)
        if place is not None:
            opposing.setdefault(place[0], []).append(signal)
    # A reading counts a general signal, or an indicator that is on its list.
    general = any(signal.code not in placement for signal in counted)
    on_labour = general or any(g for items in gathered.values() for _, g, _ in items)
    on_sexual = general or any(g for items in gathered.values() for _, _, g in items)
    # Dimensions nothing points to share one empty result each.
    labour = dict(EMPTY)
    sexual = dict(EMPTY)
    for d in gathered.keys() | opposing.keys():
        items = gathered.get(d, [])
        against = tuple(opposing.get(d, ()))
        labour[d] = _weigh_dimension(d, items, 1, against)
        if all(on_labour == on_sexual for _, on_labour, on_sexual in items):
            sexual[d] = labour[d]
        else:
            sexual[d] = _weigh_dimension(d, items, 2, against)
    return {
        "labour": _reading(list_for(minor=minor, reading="labour"), labour, counted=on_labour),
        "sexual": _reading(list_for(minor=minor, reading="sexual"), sexual, counted=on_sexual),
    }


def _reading(
    list_name: ListName, results: dict[Dimension, "DimensionResult"], *, counted: bool
) -> Reading:
    """Apply the combination rule and the levels to the dimensions of one list."""
    # ``results`` starts as a copy of EMPTY, so it is in the canonical order.
    dimensions = results
    positive = {d for d, result in dimensions.items() if result.positive}
    elements: dict[Element, bool] = {
        "recruitment": not positive.isdisjoint(RECRUITMENT),
        "exploitation": "exploitation" in positive,
    }
    if list_name not in CHILD_LISTS:
        elements["destination"] = not positive.isdisjoint(DESTINATION)
    ilo_indicated = all(elements.values())
    level: Level
    if ilo_indicated:
        level = "alle_elementen"
    elif positive - VULNERABILITY:
        level = "elementen"
    elif counted:
        level = "signalen"
    else:
        level = "geen"
    return Reading(
        kind="sexual" if list_name.endswith("sexual") else "labour",
        list=list_name,
        dimensions=dimensions,
        elements=elements,
        ilo_indicated=ilo_indicated,
        level=level,
    )


def _weigh_dimension(
    dimension: Dimension,
    items: Sequence[tuple[Signal, Grade | None, Grade | None]],
    column: int,
    counters: tuple[Signal, ...],
) -> DimensionResult:
    """Weigh one dimension; ``column`` picks the labour (1) or the sexual (2) grade of each item.

    Written as one plain loop: this is the innermost step of the weighing.
    """
    distinct: dict[str, Grade] = {}
    signals: list[Signal] = []
    off_list: list[Signal] = []
    for item in items:
        signal = item[0]
        grade: Grade | None = item[column]  # type: ignore[assignment]
        if grade is None:
            off_list.append(signal)
            continue
        signals.append(signal)
        # A second signal of an indicator adds nothing: the rule counts indicators.
        if signal.indicator not in distinct:
            distinct[signal.indicator or ""] = grade
    grades = tuple(distinct.values())
    return DimensionResult(
        dimension=dimension,
        positive=dimension_is_positive(
            grades.count("strong"), grades.count("medium"), grades.count("weak")
        ),
        indicators=tuple(distinct),
        grades=grades,
        signals=tuple(signals),
        off_list=tuple(off_list),
        counter_signals=counters,
    )


EMPTY: Final[Mapping[Dimension, DimensionResult]] = {
    d: _weigh_dimension(d, (), 1, ()) for d in DIMENSIONS
}


def _rank_forms(index: Index, counted: tuple[Signal, ...]) -> tuple[FormScore, ...]:
    members: dict[Form, list[Signal]] = {form: [] for form in FORMS}
    forms = index.forms
    for signal in counted:
        for form in forms[signal.code]:
            members[form].append(signal)
    ranked = [
        FormScore(form=form, score=len(found), signals=tuple(found))
        for form, found in members.items()
        if found
    ]
    # Most signals first; equal scores keep the canonical order of the forms.
    return tuple(sorted(ranked, key=lambda f: -f.score))
