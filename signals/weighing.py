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
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

from .catalogue import load
from .vocabulary import (
    CHILD_LISTS,
    DESTINATION,
    DIMENSIONS,
    FORMS,
    LISTS,
    READINGS,
    RECRUITMENT,
    UNCOVERED_FORMS,
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

Level = Literal["geen", "signalen", "elementen", "alle_elementen"]
Element = Literal["recruitment", "exploitation", "destination"]

LEVEL_RANK: Final[Mapping[Level, int]] = {
    "geen": 0,
    "signalen": 1,
    "elementen": 2,
    "alle_elementen": 3,
}
GRADE_RANK: Final[Mapping[Grade, int]] = {"strong": 0, "medium": 1, "weak": 2}
# Dutch law (art. 273f Sr) counts forced criminality as exploitation itself,
# while the ILO lists place it under coercion at destination.
FORCED_CRIMINALITY: Final = "coercion_at_destination.forced_into_illicit_activities"
MAX_QUESTIONS: Final = 6
# Criminal exploitation is forced labour in the ILO's terms: the labour lists read it.
LABOUR_FORMS: Final[frozenset[Form]] = frozenset({"arbeidsuitbuiting", "criminele_uitbuiting"})


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
        questions=_suggest_questions(
            index, readings, headline, counted, forms, wanted, minor=minor
        ),
    )


def _read_both(
    index: "_Index", counted: tuple[Signal, ...], counters: tuple[Signal, ...], *, minor: bool
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
        "labour": _reading(list_for(minor=minor, reading="labour"), labour, counted=bool(counted)),
        "sexual": _reading(list_for(minor=minor, reading="sexual"), sexual, counted=bool(counted)),
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


def _rank_forms(index: "_Index", counted: tuple[Signal, ...]) -> tuple[FormScore, ...]:
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


@dataclass(frozen=True, slots=True)
class _Index:
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


_INDEXES: dict[str, _Index] = {}


def _index(catalogue: Catalogue) -> _Index:
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
    index = _Index(
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
    _INDEXES[catalogue.version] = index
    return index


def _suggest_questions(
    index: _Index,
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
