"""The ILO/EC combination rule, per dimension and overall, for adults and minors."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.core import DIMENSIONS, Catalogue
from signals.weighing import Missing, dimension_is_positive, weigh
from tests.signals.conftest import synthetic_catalogue

CATALOGUE = synthetic_catalogue()


def codes(dimension: str, strong: int = 0, medium: int = 0, weak: int = 0) -> list[str]:
    return (
        [f"{dimension}__strong{n}" for n in range(1, strong + 1)]
        + [f"{dimension}__medium{n}" for n in range(1, medium + 1)]
        + [f"{dimension}__weak{n}" for n in range(1, weak + 1)]
    )


# (strong, medium, weak) -> positive, per the ILO/EC rule.
DIMENSION_TABLE = [
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


@pytest.mark.parametrize("dimension", DIMENSIONS)
@pytest.mark.parametrize(("counts", "positive"), DIMENSION_TABLE)
def test_each_dimension_follows_the_combination_rule(
    dimension: str, counts: tuple[int, int, int], positive: bool
) -> None:
    assert dimension_is_positive(*counts) is positive
    profile = weigh(codes(dimension, *counts), catalogue=CATALOGUE)
    result = profile.dimensions[dimension]  # type: ignore[index]
    assert result.positive is positive
    assert (result.strong, result.medium, result.weak) == counts
    assert [s.code for s in result.signals] == codes(dimension, *counts)
    others = [d for d in DIMENSIONS if d != dimension]
    assert not any(profile.dimensions[d].positive for d in others)


@pytest.mark.parametrize(
    ("counts", "missing"),
    [
        ((0, 0, 0), Missing(strong=2, medium=3, weak=None)),
        ((1, 0, 0), Missing(strong=1, medium=1, weak=1)),
        ((0, 1, 0), Missing(strong=1, medium=2, weak=None)),
        ((0, 2, 0), Missing(strong=1, medium=1, weak=1)),
        ((0, 0, 2), Missing(strong=1, medium=2, weak=None)),
        ((0, 1, 1), Missing(strong=1, medium=1, weak=None)),
    ],
)
def test_what_is_missing_is_the_fewest_signals_of_each_strength(
    counts: tuple[int, int, int], missing: Missing
) -> None:
    profile = weigh(codes("exploitation", *counts), catalogue=CATALOGUE)
    assert profile.dimensions["exploitation"].missing == missing


def test_a_positive_dimension_misses_nothing() -> None:
    assert (
        weigh(codes("exploitation", 2), catalogue=CATALOGUE).dimensions["exploitation"].missing
        is None
    )


POSITIVE: dict[str, list[str]] = {d: codes(d, 2) for d in DIMENSIONS}

# Which positive dimensions, for adult and minor -> (ilo_indicated adult, minor).
OVERALL_TABLE = [
    ((), False, False),
    (("deceptive_recruitment",), False, False),
    (("exploitation",), False, False),
    (("deceptive_recruitment", "exploitation"), False, True),
    (("coercive_recruitment", "exploitation"), False, True),
    (("abuse_of_vulnerability_recruitment", "exploitation"), False, True),
    (("exploitation", "coercion_at_destination"), False, False),
    (("deceptive_recruitment", "coercion_at_destination"), False, False),
    (("deceptive_recruitment", "exploitation", "coercion_at_destination"), True, True),
    (("coercive_recruitment", "exploitation", "abuse_of_vulnerability_at_destination"), True, True),
    (
        ("abuse_of_vulnerability_recruitment", "exploitation", "coercion_at_destination"),
        True,
        True,
    ),
    (("deceptive_recruitment", "coercive_recruitment", "coercion_at_destination"), False, False),
    (tuple(DIMENSIONS), True, True),
]


@pytest.mark.parametrize(("positive", "adult", "minor"), OVERALL_TABLE)
def test_the_overall_rule_for_adults_and_minors(
    positive: tuple[str, ...], adult: bool, minor: bool
) -> None:
    selected = [code for d in positive for code in POSITIVE[d]]
    for is_minor, expected in ((False, adult), (True, minor)):
        profile = weigh(selected, minor=is_minor, catalogue=CATALOGUE)
        assert profile.ilo_indicated is expected
        if expected:
            assert profile.level == "sterk_vermoeden"
        elif positive:
            assert profile.level == "vermoeden"
        else:
            assert profile.level == "geen"


def test_the_levels() -> None:
    assert weigh([], catalogue=CATALOGUE).level == "geen"
    assert weigh(["general_counter", "exploitation__counter"], catalogue=CATALOGUE).level == "geen"
    assert weigh(["general_injury"], catalogue=CATALOGUE).level == "signalen"
    assert weigh(codes("exploitation", 1), catalogue=CATALOGUE).level == "signalen"
    assert weigh(codes("exploitation", 2), catalogue=CATALOGUE).level == "vermoeden"


def test_minors_need_no_destination_element() -> None:
    profile = weigh([], minor=True, catalogue=CATALOGUE)
    assert set(profile.elements) == {"recruitment", "exploitation"}
    assert set(weigh([], catalogue=CATALOGUE).elements) == {
        "recruitment",
        "exploitation",
        "destination",
    }


def test_counter_signals_are_listed_but_never_counted() -> None:
    profile = weigh(
        [*codes("exploitation", 1), "exploitation__counter", "general_counter"],
        catalogue=CATALOGUE,
    )
    result = profile.dimensions["exploitation"]
    assert (result.strong, result.positive) == (1, False)
    assert [s.code for s in result.counter_signals] == ["exploitation__counter"]
    assert {s.code for s in profile.counter_signals} == {"exploitation__counter", "general_counter"}
    assert all(not s.counter for s in profile.signals)


def test_forms_are_ranked_by_weight() -> None:
    profile = weigh(
        ["general_injury", "adult_only", *codes("exploitation", 2)], catalogue=CATALOGUE
    )
    # arbeidsuitbuiting: 2 strong = 6; seksuele_uitbuiting: 1 general + 1 medium = 3.
    assert [(f.form, f.score) for f in profile.forms] == [
        ("arbeidsuitbuiting", 6),
        ("seksuele_uitbuiting", 3),
    ]


def test_questions_are_for_elements_not_yet_positive() -> None:
    selected = POSITIVE["exploitation"] + POSITIVE["coercion_at_destination"]
    profile = weigh(selected, catalogue=CATALOGUE)
    assert profile.missing_elements == ("recruitment",)
    assert profile.questions
    assert {s.dimension for s in profile.questions} <= {
        "deceptive_recruitment",
        "coercive_recruitment",
        "abuse_of_vulnerability_recruitment",
    }
    # Spread over the open dimensions, strong indicators first.
    assert len({s.dimension for s in profile.questions}) == 3
    assert profile.questions[0].strength == "strong"
    assert not {s.code for s in profile.questions} & set(selected)


def test_questions_respect_the_population() -> None:
    adult = weigh([], catalogue=CATALOGUE)
    minor = weigh([], minor=True, catalogue=CATALOGUE)
    all_adult = {s.code for s in adult.questions}
    all_minor = {s.code for s in minor.questions}
    assert "minor_only" not in all_adult
    assert "adult_only" not in all_minor


def test_no_questions_once_trafficking_is_indicated() -> None:
    selected = [c for d in DIMENSIONS for c in POSITIVE[d]]
    assert weigh(selected, catalogue=CATALOGUE).questions == ()


def test_unknown_codes_raise_a_value_error_naming_them() -> None:
    with pytest.raises(ValueError, match=r"nonsense, other_nonsense"):
        weigh(["exploitation__strong1", "nonsense", "other_nonsense"], catalogue=CATALOGUE)


ALL_CODES = [s.code for s in CATALOGUE.signals]
COUNTED_CODES = [s.code for s in CATALOGUE.signals if not s.counter]
COUNTER_CODES = [s.code for s in CATALOGUE.signals if s.counter]
LEVEL_ORDER = {"geen": 0, "signalen": 1, "vermoeden": 2, "sterk_vermoeden": 3}
selections = st.lists(st.sampled_from(ALL_CODES), max_size=25)


@settings(max_examples=200, deadline=None)
@given(selections, st.sampled_from(COUNTED_CODES), st.booleans())
def test_adding_a_signal_never_lowers_the_level(codes_: list[str], extra: str, minor: bool) -> None:
    before = weigh(codes_, minor=minor, catalogue=CATALOGUE)
    after = weigh([*codes_, extra], minor=minor, catalogue=CATALOGUE)
    assert LEVEL_ORDER[after.level] >= LEVEL_ORDER[before.level]
    for dimension in DIMENSIONS:
        assert after.dimensions[dimension].positive >= before.dimensions[dimension].positive


@settings(max_examples=200, deadline=None)
@given(selections, st.lists(st.sampled_from(COUNTER_CODES), min_size=1), st.booleans())
def test_counter_signals_never_change_any_dimension(
    codes_: list[str], counters: list[str], minor: bool
) -> None:
    plain = weigh([c for c in codes_ if c not in COUNTER_CODES], minor=minor, catalogue=CATALOGUE)
    with_counters = weigh([*codes_, *counters], minor=minor, catalogue=CATALOGUE)
    for dimension in DIMENSIONS:
        a = plain.dimensions[dimension]
        b = with_counters.dimensions[dimension]
        assert (a.positive, a.counts, a.signals) == (b.positive, b.counts, b.signals)
    assert plain.level == with_counters.level
    assert plain.ilo_indicated == with_counters.ilo_indicated


@settings(max_examples=200, deadline=None)
@given(selections, st.randoms(use_true_random=False), st.booleans())
def test_order_and_duplicates_do_not_matter(codes_: list[str], rnd, minor: bool) -> None:
    shuffled = [*codes_, *codes_]
    rnd.shuffle(shuffled)
    assert weigh(codes_, minor=minor, catalogue=CATALOGUE) == weigh(
        shuffled, minor=minor, catalogue=CATALOGUE
    )


@given(selections, st.text(min_size=1).filter(lambda t: t not in ALL_CODES))
def test_any_unknown_code_is_named(codes_: list[str], unknown: str) -> None:
    with pytest.raises(ValueError, match="Unknown signal") as error:
        weigh([*codes_, unknown], catalogue=CATALOGUE)
    assert unknown in str(error.value)


def test_weigh_uses_the_current_catalogue_by_default(catalogue: Catalogue) -> None:
    from signals.catalogue import load

    current = load()
    profile = weigh([current.signals[0].code])
    assert profile.catalogue_version == current.version
