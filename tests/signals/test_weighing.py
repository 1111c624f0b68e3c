"""The ILO/EC rule over distinct indicators, on each of the four lists, for adults and minors."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.vocabulary import DIMENSIONS, LISTS, VULNERABILITY, ReadingKind
from signals.weighing import LEVEL_RANK, Missing, Profile, dimension_is_positive, missing_for, weigh
from tests.signals.factories import signal_codes as codes
from tests.signals.factories import synthetic_catalogue

CATALOGUE = synthetic_catalogue()
KIND = {name: name.split("_")[1] for name in LISTS}
OTHER = {"labour": "sexual", "sexual": "labour"}

# (strong, medium, weak) distinct indicators -> positive, per the ILO/EC rule.
ADULT_TABLE = [
    ((0, 0, 0), False),
    ((0, 0, 1), False),
    ((0, 0, 3), False),  # weak indicators alone never suffice
    ((0, 1, 0), False),
    ((0, 1, 1), False),
    ((0, 1, 3), False),
    ((0, 2, 0), False),
    ((0, 2, 1), True),  # two medium plus one weak
    ((0, 3, 0), True),  # three medium
    ((1, 0, 0), False),
    ((1, 0, 1), True),  # one strong plus one weak
    ((1, 1, 0), True),  # one strong plus one medium
    ((2, 0, 0), True),  # two strong
    ((3, 3, 3), True),
]
# The child lists have no weak grade.
CHILD_TABLE = [row for row in ADULT_TABLE if row[0][2] == 0]
LIST_TABLE = [
    (list_name, counts, positive)
    for list_name in LISTS
    for counts, positive in (CHILD_TABLE if list_name.startswith("child") else ADULT_TABLE)
]


@pytest.mark.parametrize("dimension", DIMENSIONS)
@pytest.mark.parametrize(("list_name", "counts", "positive"), LIST_TABLE)
def test_each_dimension_on_each_list_follows_the_rule(
    dimension: str, list_name: str, counts: tuple[int, int, int], positive: bool
) -> None:
    assert dimension_is_positive(*counts) is positive
    selected = codes(dimension, list_name, *counts)
    profile = weigh(selected, minor=list_name.startswith("child"), catalogue=CATALOGUE)
    reading = profile.readings[KIND[list_name]]  # type: ignore[index]
    assert reading.list == list_name
    result = reading.dimensions[dimension]  # type: ignore[index]
    assert result.positive is positive
    assert (result.strong, result.medium, result.weak) == counts
    assert list(result.indicators) == [code.replace("__", ".") for code in selected]
    assert [s.code for s in result.signals] == selected
    assert not any(r.positive for d, r in reading.dimensions.items() if d != dimension)
    # On the other list these indicators do not exist: nothing counts there.
    other = profile.readings[OTHER[KIND[list_name]]]  # type: ignore[index]
    assert other.dimensions[dimension].indicators == ()  # type: ignore[index]
    assert [s.code for s in other.dimensions[dimension].off_list] == selected  # type: ignore[index]


@pytest.mark.parametrize("list_name", LISTS)
def test_two_signals_of_one_indicator_count_once(list_name: str) -> None:
    minor = list_name.startswith("child")
    once = codes("coercion_at_destination", list_name, strong=1)
    twice = [*once, f"coercion_at_destination__{list_name}_strong1_again"]
    reading = weigh(twice, minor=minor, catalogue=CATALOGUE).readings[KIND[list_name]]  # type: ignore[index]
    result = reading.dimensions["coercion_at_destination"]
    assert (result.strong, result.positive) == (1, False)
    assert len(result.signals) == 2
    assert result.indicators == (f"coercion_at_destination.{list_name}_strong1",)


@pytest.mark.parametrize(
    ("counts", "missing"),
    [
        ((0, 0, 0), Missing(strong=2, medium=3, weak=None)),
        ((1, 0, 0), Missing(strong=1, medium=1, weak=1)),
        ((0, 1, 0), Missing(strong=1, medium=2, weak=None)),
        ((0, 2, 0), Missing(strong=1, medium=1, weak=1)),
        ((0, 0, 2), Missing(strong=1, medium=2, weak=None)),
        ((0, 1, 1), Missing(strong=1, medium=1, weak=None)),
        ((2, 0, 0), None),
    ],
)
def test_what_is_missing_is_the_fewest_indicators_of_each_grade(
    counts: tuple[int, int, int], missing: Missing | None
) -> None:
    assert missing_for(*counts) == missing
    profile = weigh(codes("exploitation", "adult_labour", *counts), catalogue=CATALOGUE)
    assert profile.readings["labour"].dimensions["exploitation"].missing == missing


def positive(dimension: str, list_name: str) -> list[str]:
    return codes(dimension, list_name, strong=2)


# Which dimensions are positive -> (level for an adult, level for a minor).
OVERALL_TABLE = [
    ((), "signalen", "signalen"),
    (("abuse_of_vulnerability_recruitment",), "signalen", "signalen"),
    (("abuse_of_vulnerability_at_destination",), "signalen", "signalen"),
    (tuple(VULNERABILITY), "signalen", "signalen"),
    (("deceptive_recruitment",), "elementen", "elementen"),
    (("exploitation",), "elementen", "elementen"),
    (("coercion_at_destination",), "elementen", "elementen"),
    (("deceptive_recruitment", "exploitation"), "elementen", "alle_elementen"),
    (("coercive_recruitment", "exploitation"), "elementen", "alle_elementen"),
    (("abuse_of_vulnerability_recruitment", "exploitation"), "elementen", "alle_elementen"),
    (("exploitation", "coercion_at_destination"), "elementen", "elementen"),
    (
        ("deceptive_recruitment", "exploitation", "coercion_at_destination"),
        "alle_elementen",
        "alle_elementen",
    ),
    (
        ("coercive_recruitment", "exploitation", "abuse_of_vulnerability_at_destination"),
        "alle_elementen",
        "alle_elementen",
    ),
    (
        (
            "abuse_of_vulnerability_recruitment",
            "exploitation",
            "abuse_of_vulnerability_at_destination",
        ),
        "alle_elementen",
        "alle_elementen",
    ),
    (
        ("deceptive_recruitment", "coercive_recruitment", "coercion_at_destination"),
        "elementen",
        "elementen",
    ),
    (tuple(DIMENSIONS), "alle_elementen", "alle_elementen"),
]


@pytest.mark.parametrize("kind", ["labour", "sexual"])
@pytest.mark.parametrize(("dimensions", "adult", "minor"), OVERALL_TABLE)
def test_the_combination_rule_and_the_levels(
    kind: str, dimensions: tuple[str, ...], adult: str, minor: str
) -> None:
    for is_minor, expected in ((False, adult), (True, minor)):
        list_name = f"{'child' if is_minor else 'adult'}_{kind}"
        # A general signal makes sure something is counted even with no dimension.
        selected = ["general_injury", *(c for d in dimensions for c in positive(d, list_name))]
        profile = weigh(selected, minor=is_minor, catalogue=CATALOGUE)
        reading = profile.readings[kind]  # type: ignore[index]
        assert reading.level == expected
        assert reading.ilo_indicated is (expected == "alle_elementen")
        assert profile.level == expected
        if dimensions:
            assert profile.list == list_name
        else:
            assert profile.headline == "labour"


def test_a_reading_counts_only_what_is_on_its_list() -> None:
    # One indicator that only the sexual list has: nothing counts on the labour list.
    only_sexual = codes("exploitation", "adult_sexual", medium=1)
    profile = weigh(only_sexual, catalogue=CATALOGUE)
    assert profile.readings["labour"].level == "geen"
    assert profile.readings["sexual"].level == "signalen"
    assert (profile.headline, profile.list) == ("sexual", "adult_sexual")
    # A general signal counts on both lists.
    both = weigh([*only_sexual, "general_injury"], catalogue=CATALOGUE)
    assert both.readings["labour"].level == both.readings["sexual"].level == "signalen"


def test_no_counted_signal_is_level_geen() -> None:
    assert weigh([], catalogue=CATALOGUE).level == "geen"
    assert weigh(["general_counter", "exploitation__counter"], catalogue=CATALOGUE).level == "geen"
    assert weigh(["adult_only"], minor=True, catalogue=CATALOGUE).level == "geen"
    assert weigh(["general_injury"], catalogue=CATALOGUE).level == "signalen"


def test_minors_need_no_destination_element() -> None:
    assert set(weigh([], minor=True, catalogue=CATALOGUE).elements) == {
        "recruitment",
        "exploitation",
    }
    assert set(weigh([], catalogue=CATALOGUE).elements) == {
        "recruitment",
        "exploitation",
        "destination",
    }


def test_the_headline_is_the_higher_reading_then_more_dimensions_then_labour() -> None:
    sexual = positive("exploitation", "adult_sexual")
    labour = positive("exploitation", "adult_labour")
    assert weigh(sexual, catalogue=CATALOGUE).headline == "sexual"
    assert weigh(labour, catalogue=CATALOGUE).headline == "labour"
    assert weigh([*sexual, *labour], catalogue=CATALOGUE).headline == "labour"
    more_sexual = [*sexual, *positive("coercion_at_destination", "adult_sexual")]
    assert weigh([*more_sexual, *labour], catalogue=CATALOGUE).headline == "sexual"
    higher_labour = [*labour, *positive("deceptive_recruitment", "adult_labour")]
    profile = weigh([*higher_labour, *more_sexual], minor=False, catalogue=CATALOGUE)
    # Labour: 2 dimensions, elementen; sexual: 2 dimensions, elementen -> labour on a tie.
    assert (profile.headline, profile.level) == ("labour", "elementen")
    minor = weigh(
        [
            *positive("exploitation", "child_labour"),
            *positive("deceptive_recruitment", "child_labour"),
        ],
        minor=True,
        catalogue=CATALOGUE,
    )
    assert (minor.headline, minor.level, minor.list) == ("labour", "alle_elementen", "child_labour")


def test_signals_for_another_age_group_are_listed_not_counted() -> None:
    adult = weigh(["minor_only", "minor_only_acute", "general_injury"], catalogue=CATALOGUE)
    assert [s.code for s in adult.not_applicable] == ["minor_only", "minor_only_acute"]
    assert [s.code for s in adult.signals] == ["general_injury"]
    assert adult.acute is False
    minor = weigh(["adult_only", "minor_only"], minor=True, catalogue=CATALOGUE)
    assert [s.code for s in minor.not_applicable] == ["adult_only"]
    assert minor.dimensions["exploitation"].indicators == ("exploitation.child_labour_medium1",)


def test_acute_follows_a_counted_acute_signal() -> None:
    assert weigh(["strangulation"], catalogue=CATALOGUE).acute is True
    assert weigh(["minor_only_acute"], minor=True, catalogue=CATALOGUE).acute is True
    assert weigh(["general_injury"], catalogue=CATALOGUE).acute is False


def test_forced_criminality_and_organ_removal_are_flagged() -> None:
    profile = weigh(["carries_drugs", "kidney_sold"], minor=True, catalogue=CATALOGUE)
    assert profile.forced_criminality is True
    assert profile.uncovered_forms == ("orgaanverwijdering",)
    # Organ removal never makes a dimension positive: it stands for no indicator.
    assert weigh(["kidney_sold"], catalogue=CATALOGUE).level == "signalen"
    assert weigh(["general_injury"], catalogue=CATALOGUE).forced_criminality is False


def test_counter_signals_are_listed_but_never_counted() -> None:
    profile = weigh(
        [
            *codes("exploitation", "adult_labour", strong=1),
            "exploitation__counter",
            "general_counter",
        ],
        catalogue=CATALOGUE,
    )
    result = profile.readings["labour"].dimensions["exploitation"]
    assert (result.strong, result.positive) == (1, False)
    assert [s.code for s in result.counter_signals] == ["exploitation__counter"]
    assert {s.code for s in profile.counter_signals} == {"exploitation__counter", "general_counter"}
    assert all(not s.counter for s in profile.signals)


def test_forms_are_ranked_by_the_number_of_signals() -> None:
    profile = weigh(
        ["general_injury", "adult_only", *codes("exploitation", "adult_labour", strong=3)],
        catalogue=CATALOGUE,
    )
    assert [(f.form, f.score) for f in profile.forms] == [
        ("arbeidsuitbuiting", 3),
        ("seksuele_uitbuiting", 2),
    ]


def test_questions_are_for_open_dimensions_the_leading_forms_and_the_age_group() -> None:
    selected = positive("exploitation", "adult_labour") + positive(
        "coercion_at_destination", "adult_labour"
    )
    profile = weigh(selected, catalogue=CATALOGUE)
    assert profile.reading.missing_elements == ("recruitment",)
    assert profile.questions
    assert {s.dimension for s in profile.questions} == {
        "deceptive_recruitment",
        "coercive_recruitment",
        "abuse_of_vulnerability_recruitment",
    }
    # Only labour questions for a labour case, strongest grade first, one per indicator.
    assert all(s.forms == {"arbeidsuitbuiting"} for s in profile.questions)
    assert all(s.indicator and "adult_labour" in s.indicator for s in profile.questions)
    assert "strong" in profile.questions[0].code
    indicators = [s.indicator for s in profile.questions]
    assert len(indicators) == len(set(indicators))
    assert not {s.code for s in profile.questions} & set(selected)


def test_a_counted_indicator_is_not_asked_again() -> None:
    selected = codes("deceptive_recruitment", "adult_labour", strong=1)
    asked = {s.indicator for s in weigh(selected, catalogue=CATALOGUE).questions}
    assert "deceptive_recruitment.adult_labour_strong1" not in asked


def test_minors_are_asked_minors_questions() -> None:
    profile = weigh(
        codes("exploitation", "child_sexual", strong=1), minor=True, catalogue=CATALOGUE
    )
    assert profile.questions
    assert all(s.question_for(minor=True) for s in profile.questions)
    assert all("child_sexual" in (s.indicator or "") for s in profile.questions)
    assert "adult_only" not in {s.code for s in profile.questions}


def test_no_questions_without_signals_or_once_the_rule_holds() -> None:
    assert weigh([], catalogue=CATALOGUE).questions == ()
    everything = [c for d in DIMENSIONS for c in positive(d, "adult_labour")]
    assert weigh(everything, catalogue=CATALOGUE).questions == ()


def test_unknown_codes_raise_a_value_error_naming_them() -> None:
    with pytest.raises(ValueError, match=r"nonsense, other_nonsense"):
        weigh(["general_injury", "nonsense", "other_nonsense"], catalogue=CATALOGUE)


ALL_CODES = [s.code for s in CATALOGUE.signals]
COUNTED_CODES = [s.code for s in CATALOGUE.signals if not s.counter]
COUNTER_CODES = [s.code for s in CATALOGUE.signals if s.counter]
VULNERABLE_CODES = [
    s.code for s in CATALOGUE.signals if s.dimension in VULNERABILITY and not s.counter
]
AGAIN = {
    s.code: s.code.removesuffix("_again") for s in CATALOGUE.signals if s.code.endswith("_again")
}
selections = st.lists(st.sampled_from(ALL_CODES), max_size=25)


def dimension_state(profile: Profile, kind: ReadingKind) -> dict[str, object]:
    return {
        d: (r.positive, r.indicators, r.counts)
        for d, r in profile.readings[kind].dimensions.items()
    }


@settings(max_examples=200, deadline=None)
@given(selections, st.sampled_from(COUNTED_CODES), st.booleans())
def test_adding_a_signal_never_lowers_the_level(codes_: list[str], extra: str, minor: bool) -> None:
    before = weigh(codes_, minor=minor, catalogue=CATALOGUE)
    after = weigh([*codes_, extra], minor=minor, catalogue=CATALOGUE)
    assert LEVEL_RANK[after.level] >= LEVEL_RANK[before.level]
    for kind in ("labour", "sexual"):
        assert LEVEL_RANK[after.readings[kind].level] >= LEVEL_RANK[before.readings[kind].level]
        for dimension in DIMENSIONS:
            assert (
                after.readings[kind].dimensions[dimension].positive
                >= before.readings[kind].dimensions[dimension].positive
            )


@settings(max_examples=200, deadline=None)
@given(selections, st.sampled_from(sorted(AGAIN)), st.booleans())
def test_a_second_signal_of_an_indicator_never_changes_a_dimension(
    codes_: list[str], again: str, minor: bool
) -> None:
    with_first = [*codes_, AGAIN[again]]
    before = weigh(with_first, minor=minor, catalogue=CATALOGUE)
    after = weigh([*with_first, again], minor=minor, catalogue=CATALOGUE)
    for kind in ("labour", "sexual"):
        assert dimension_state(before, kind) == dimension_state(after, kind)
    assert before.level == after.level


@settings(max_examples=200, deadline=None)
@given(selections, st.lists(st.sampled_from(COUNTER_CODES), min_size=1), st.booleans())
def test_counter_signals_never_change_any_dimension(
    codes_: list[str], counters: list[str], minor: bool
) -> None:
    plain = weigh([c for c in codes_ if c not in COUNTER_CODES], minor=minor, catalogue=CATALOGUE)
    with_counters = weigh([*codes_, *counters], minor=minor, catalogue=CATALOGUE)
    for kind in ("labour", "sexual"):
        assert dimension_state(plain, kind) == dimension_state(with_counters, kind)
    assert (plain.level, plain.ilo_indicated) == (with_counters.level, with_counters.ilo_indicated)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VULNERABLE_CODES), min_size=1, max_size=40), st.booleans())
def test_vulnerability_alone_stays_at_signals(codes_: list[str], minor: bool) -> None:
    profile = weigh(codes_, minor=minor, catalogue=CATALOGUE)
    assert profile.level in {"geen", "signalen"}
    assert all(r.level in {"geen", "signalen"} for r in profile.readings.values())
    assert not any(r.ilo_indicated for r in profile.readings.values())


@settings(max_examples=200, deadline=None)
@given(selections, st.randoms(use_true_random=False), st.booleans())
def test_order_and_duplicates_do_not_matter(
    codes_: list[str], rnd: random.Random, minor: bool
) -> None:
    shuffled = [*codes_, *codes_]
    rnd.shuffle(shuffled)
    assert weigh(codes_, minor=minor, catalogue=CATALOGUE) == weigh(
        shuffled, minor=minor, catalogue=CATALOGUE
    )


@given(selections, st.text(min_size=1).filter(lambda t: t not in ALL_CODES))
def test_any_unknown_code_is_named(codes_: list[str], unknown: str) -> None:
    with pytest.raises(ValueError, match="Unknown signal") as error:
        weigh([*codes_, unknown], catalogue=CATALOGUE)
    named = str(error.value).removeprefix("Unknown signal code(s): ").removesuffix(".")
    assert unknown in named.split(", ")


@pytest.mark.parametrize("value", [1, None, ("a",), ["nested"], b"general_injury"])
def test_values_that_are_not_codes_raise_a_value_error(value: object) -> None:
    with pytest.raises(ValueError, match="Unknown signal code"):
        weigh(["general_injury", value], catalogue=CATALOGUE)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="not as one string"):
        weigh("general_injury", catalogue=CATALOGUE)


def test_weigh_uses_the_current_catalogue_by_default() -> None:
    from signals.catalogue import load

    current = load()
    profile = weigh([current.signals[0].code])
    assert profile.catalogue_version == current.version
