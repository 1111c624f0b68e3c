"""The pure rules of the five steps: completeness, readiness for a melding, and the flags."""

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldcode.afwegingskader import QUESTIONS, decide
from meldcode.cases.steps import (
    SKIP_GROUNDS,
    STEPS,
    TRACKS,
    CaseState,
    Flags,
    Readiness,
    Step,
    Track,
    decision,
    flags,
    melding_ready,
    skipped_steps,
    step_complete,
    track_for,
)

Y, N, U = True, False, None

# Step 2: a colleague consulted without patient data, one consulted with it, Veilig Thuis.
ANONYMOUS = {"colleagues": [{"role": "huisarts", "anonymous": True}]}
NAMED = {"colleagues": [{"role": "aandachtsfunctionaris", "anonymous": False}]}
VEILIG_THUIS = {"vt_date": "2025-03-03", "vt_advice": "Melden; structurele onveiligheid."}
CONSULTED: dict[Track, dict[str, Any]] = {
    "knmg": {**ANONYMOUS, **VEILIG_THUIS},
    "vvn": NAMED,
}
# Step 3: held, or skipped on a ground.
HELD = {"status": "gevoerd", "date": "2025-03-04", "discussed": "De zorgen besproken."}


def skipped(ground: str | None, explanation: str = "Partner is altijd aanwezig.") -> dict[str, Any]:
    return {"status": "overgeslagen", "skip_ground": ground, "skip_explanation": explanation}


# Step 4.
WEIGHED = {"weighing": "Structurele onveiligheid; uitbuiting door de partner."}
# Step 1.
SIGNALS = {"signals": ["paspoort_ingenomen"], "children_count": 2}


def answered(*answers: object, **more: Any) -> dict[str, Any]:
    """Return a step 5 record with ``answers`` as q1, q2, ... and ``more`` next to them."""
    return {**{f"q{n}": a for n, a in enumerate(answers, start=1)}, **more}


REASONS = {"reasons": "Vermoeden van uitbuiting; hulp alleen is niet genoeg."}
HELP = {
    "help_what": "Traject bij het wijkteam",
    "help_by": "Wijkteam Noord",
    "help_evaluation": "2025-06-01",
}


def state(
    track: Track = "knmg",
    *,
    minor: bool = False,
    acute: dict[str, Any] | None = None,
    **record: Any,
) -> CaseState:
    return CaseState(track=track, minor=minor, record=record, acute=acute)


def complete(track: Track = "knmg", **record: Any) -> CaseState:
    """Return a case with steps 1-4 complete on ``track``, overridden by ``record``."""
    return state(
        track,
        **{
            "signalen": SIGNALS,
            "consultatie": CONSULTED[track],
            "gesprek": HELD,
            "wegen": WEIGHED,
            **record,
        },
    )


# --- melding_ready -----------------------------------------------------------------------------

# (track, consultatie, gesprek, wegen) -> (ready, missing)
READINESS = [
    pytest.param("knmg", CONSULTED["knmg"], HELD, WEIGHED, True, (), id="knmg-everything-done"),
    pytest.param(
        "knmg",
        {"colleagues": [NAMED["colleagues"][0], ANONYMOUS["colleagues"][0]], **VEILIG_THUIS},
        HELD,
        WEIGHED,
        True,
        (),
        id="knmg-one-of-two-colleagues-anonymous",
    ),
    pytest.param(
        "knmg",
        {**NAMED, **VEILIG_THUIS},
        HELD,
        WEIGHED,
        False,
        ("collega",),
        id="knmg-named-colleague-is-not-enough",
    ),
    pytest.param(
        "knmg",
        {"colleagues": [{"role": "huisarts"}], **VEILIG_THUIS},
        HELD,
        WEIGHED,
        False,
        ("collega",),
        id="knmg-colleague-not-marked-anonymous",
    ),
    pytest.param(
        "knmg",
        VEILIG_THUIS,
        HELD,
        WEIGHED,
        False,
        ("collega",),
        id="knmg-veilig-thuis-without-colleague",
    ),
    pytest.param(
        "knmg",
        ANONYMOUS,
        HELD,
        WEIGHED,
        False,
        ("veilig_thuis",),
        id="knmg-colleague-without-veilig-thuis",
    ),
    pytest.param(
        "knmg",
        {**ANONYMOUS, "vt_date": "2025-03-03"},
        HELD,
        WEIGHED,
        False,
        ("veilig_thuis",),
        id="knmg-veilig-thuis-date-without-advice",
    ),
    pytest.param(
        "knmg",
        {**ANONYMOUS, "vt_advice": "Melden."},
        HELD,
        WEIGHED,
        False,
        ("veilig_thuis",),
        id="knmg-veilig-thuis-advice-without-date",
    ),
    pytest.param(
        "knmg",
        {**ANONYMOUS, "vt_date": "2025-03-03", "vt_advice": "   "},
        HELD,
        WEIGHED,
        False,
        ("veilig_thuis",),
        id="knmg-veilig-thuis-blank-advice",
    ),
    pytest.param(
        "knmg",
        {},
        HELD,
        WEIGHED,
        False,
        ("collega", "veilig_thuis"),
        id="knmg-nobody-consulted",
    ),
    pytest.param(
        "knmg",
        None,
        None,
        None,
        False,
        ("collega", "veilig_thuis", "gesprek", "wegen"),
        id="knmg-nothing-saved",
    ),
    pytest.param("vvn", NAMED, HELD, WEIGHED, True, (), id="vvn-named-colleague"),
    pytest.param("vvn", ANONYMOUS, HELD, WEIGHED, True, (), id="vvn-anonymous-colleague"),
    pytest.param("vvn", VEILIG_THUIS, HELD, WEIGHED, True, (), id="vvn-veilig-thuis-only"),
    pytest.param(
        "vvn", CONSULTED["knmg"], HELD, WEIGHED, True, (), id="vvn-colleague-and-veilig-thuis"
    ),
    pytest.param(
        "vvn",
        {},
        HELD,
        WEIGHED,
        False,
        ("collega_of_veilig_thuis",),
        id="vvn-nobody-consulted",
    ),
    pytest.param(
        "vvn",
        {"colleagues": [], "vt_date": "2025-03-03"},
        HELD,
        WEIGHED,
        False,
        ("collega_of_veilig_thuis",),
        id="vvn-no-colleague-and-veilig-thuis-without-advice",
    ),
    pytest.param(
        "vvn",
        None,
        None,
        None,
        False,
        ("collega_of_veilig_thuis", "gesprek", "wegen"),
        id="vvn-nothing-saved",
    ),
]

# gesprek -> settled, on either track
CONVERSATIONS = [
    pytest.param(HELD, True, id="held"),
    *(pytest.param(skipped(g), True, id=f"skipped-{g}") for g in sorted(SKIP_GROUNDS)),
    pytest.param(skipped("te_druk"), False, id="skipped-on-an-unknown-ground"),
    pytest.param(skipped(None), False, id="skipped-without-a-ground"),
    pytest.param(skipped("geen_contact", ""), False, id="skipped-without-explanation"),
    pytest.param(skipped("geen_contact", "  "), False, id="skipped-with-blank-explanation"),
    pytest.param({**HELD, "date": None}, False, id="held-without-date"),
    pytest.param({**HELD, "discussed": " "}, False, id="held-with-blank-discussion"),
    pytest.param({"status": "gevoerd"}, False, id="held-and-nothing-recorded"),
    pytest.param({**HELD, "status": "gepland"}, False, id="planned"),
    pytest.param({k: v for k, v in HELD.items() if k != "status"}, False, id="no-status"),
    pytest.param(None, False, id="never-saved"),
]

# wegen -> done
WEIGHINGS = [
    pytest.param(WEIGHED, True, id="weighed"),
    pytest.param({"weighing": "   "}, False, id="blank-weighing"),
    pytest.param({"weighing": None}, False, id="no-weighing"),
    pytest.param({}, False, id="saved-empty"),
    pytest.param(None, False, id="never-saved"),
]


def saved(**steps: dict[str, Any] | None) -> dict[str, Any]:
    """Return the steps that were saved, leaving out those given as None."""
    return {name: data for name, data in steps.items() if data is not None}


@pytest.mark.parametrize(
    ("track", "consultatie", "gesprek", "wegen", "ready", "missing"), READINESS
)
def test_consultation_is_what_the_track_asks(
    track: Track,
    consultatie: dict[str, Any] | None,
    gesprek: dict[str, Any] | None,
    wegen: dict[str, Any] | None,
    ready: bool,
    missing: tuple[str, ...],
) -> None:
    case = state(track, **saved(consultatie=consultatie, gesprek=gesprek, wegen=wegen))
    result = melding_ready(case)
    assert result.ready is ready
    assert result.missing == missing
    assert result == Readiness(ready=ready, missing=missing, acute=False)  # type: ignore[arg-type]


@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize(("gesprek", "settled"), CONVERSATIONS)
def test_the_conversation_must_be_held_or_skipped_on_a_valid_ground(
    track: Track, gesprek: dict[str, Any] | None, settled: bool
) -> None:
    case = state(track, **saved(consultatie=CONSULTED[track], gesprek=gesprek, wegen=WEIGHED))
    result = melding_ready(case)
    assert result.ready is settled
    assert result.missing == (() if settled else ("gesprek",))


@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize(("wegen", "done"), WEIGHINGS)
def test_the_weighing_must_be_written(
    track: Track, wegen: dict[str, Any] | None, done: bool
) -> None:
    case = state(track, **saved(consultatie=CONSULTED[track], gesprek=HELD, wegen=wegen))
    result = melding_ready(case)
    assert result.ready is done
    assert result.missing == (() if done else ("wegen",))


NOTHING_MISSING: dict[Track, tuple[Any, ...]] = {
    "knmg": ("collega", "veilig_thuis", "gesprek", "wegen"),
    "vvn": ("collega_of_veilig_thuis", "gesprek", "wegen"),
}


@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize(
    "acute",
    [
        pytest.param(
            {"kind": "acute_onveiligheid", "reason": "Mensenhandel; vandaag gebeld."},
            id="acute-unsafety",
        ),
        pytest.param({"kind": "direct_gevaar", "reason": "112 gebeld."}, id="direct-danger"),
        pytest.param({"reason": "Direct gevaar."}, id="reason-only"),
    ],
)
def test_the_acute_path_with_a_reason_is_exempt_even_with_nothing_else(
    track: Track, acute: dict[str, Any]
) -> None:
    assert melding_ready(state(track, acute=acute)) == Readiness(ready=True, missing=(), acute=True)


@pytest.mark.parametrize("track", TRACKS)
def test_the_acute_path_is_exempt_when_the_steps_are_done_too(track: Track) -> None:
    case = complete(track)
    acute = {"kind": "direct_gevaar", "reason": "112 gebeld."}
    exempt = CaseState(track=case.track, minor=case.minor, record=case.record, acute=acute)
    assert melding_ready(exempt) == Readiness(ready=True, missing=(), acute=True)


@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize(
    "acute",
    [
        pytest.param({"kind": "direct_gevaar", "reason": "   "}, id="blank-reason"),
        pytest.param({"kind": "direct_gevaar", "reason": ""}, id="empty-reason"),
        pytest.param({"kind": "direct_gevaar", "reason": None}, id="reason-none"),
        pytest.param({"kind": "direct_gevaar"}, id="no-reason"),
        pytest.param({}, id="empty-acute-record"),
        pytest.param(None, id="not-acute"),
    ],
)
def test_the_acute_path_without_a_reason_is_not_exempt(
    track: Track, acute: dict[str, Any] | None
) -> None:
    assert melding_ready(state(track, acute=acute)) == Readiness(
        ready=False, missing=NOTHING_MISSING[track], acute=False
    )


# --- step_complete ----------------------------------------------------------------------------

# (step, case) -> complete
STEP_TABLE = [
    # signalen
    pytest.param("signalen", state(signalen=SIGNALS), True, id="signalen-adult-signals-kindcheck"),
    pytest.param(
        "signalen",
        state(signalen={"observations": [{"what": "Blauwe plekken"}], "children_count": 0}),
        True,
        id="signalen-adult-observation-no-children",
    ),
    pytest.param(
        "signalen",
        state(signalen={"signals": ["paspoort_ingenomen"], "children_count": None}),
        False,
        id="signalen-adult-kindcheck-unanswered",
    ),
    pytest.param(
        "signalen",
        state(signalen={"signals": ["paspoort_ingenomen"]}),
        False,
        id="signalen-adult-kindcheck-absent",
    ),
    pytest.param(
        "signalen",
        state(minor=True, signalen={"signals": ["paspoort_ingenomen"]}),
        True,
        id="signalen-minor-needs-no-kindcheck",
    ),
    pytest.param(
        "signalen",
        state(minor=True, signalen={"observations": [{"what": "Angstig"}]}),
        True,
        id="signalen-minor-observation",
    ),
    pytest.param(
        "signalen",
        state(signalen={"children_count": 0}),
        False,
        id="signalen-kindcheck-without-signals",
    ),
    pytest.param(
        "signalen",
        state(minor=True, signalen={"signals": [], "observations": []}),
        False,
        id="signalen-minor-empty-lists",
    ),
    pytest.param(
        "signalen",
        state(signalen={"signals": "  ", "observations": None, "children_count": 1}),
        False,
        id="signalen-blank-signals",
    ),
    pytest.param("signalen", state(), False, id="signalen-never-saved"),
    # consultatie
    pytest.param(
        "consultatie", state("knmg", consultatie=CONSULTED["knmg"]), True, id="consultatie-knmg"
    ),
    pytest.param(
        "consultatie",
        state("knmg", consultatie=ANONYMOUS),
        False,
        id="consultatie-knmg-without-veilig-thuis",
    ),
    pytest.param(
        "consultatie",
        state("knmg", consultatie={**NAMED, **VEILIG_THUIS}),
        False,
        id="consultatie-knmg-named-colleague",
    ),
    pytest.param(
        "consultatie", state("vvn", consultatie=NAMED), True, id="consultatie-vvn-colleague"
    ),
    pytest.param(
        "consultatie",
        state("vvn", consultatie=VEILIG_THUIS),
        True,
        id="consultatie-vvn-veilig-thuis",
    ),
    pytest.param(
        "consultatie",
        state("vvn", consultatie={"colleagues": []}),
        False,
        id="consultatie-vvn-nobody",
    ),
    pytest.param("consultatie", state("vvn"), False, id="consultatie-vvn-never-saved"),
    # gesprek
    pytest.param("gesprek", state(gesprek=HELD), True, id="gesprek-held"),
    *(
        pytest.param("gesprek", state(gesprek=skipped(g)), True, id=f"gesprek-skipped-{g}")
        for g in sorted(SKIP_GROUNDS)
    ),
    pytest.param(
        "gesprek", state(gesprek=skipped("te_druk")), False, id="gesprek-skipped-unknown-ground"
    ),
    pytest.param(
        "gesprek",
        state(gesprek=skipped("risico_patient", "")),
        False,
        id="gesprek-skipped-without-explanation",
    ),
    pytest.param(
        "gesprek", state(gesprek={**HELD, "date": ""}), False, id="gesprek-held-without-date"
    ),
    pytest.param("gesprek", state(), False, id="gesprek-never-saved"),
    # wegen
    pytest.param("wegen", state(wegen=WEIGHED), True, id="wegen-weighed"),
    pytest.param("wegen", state(wegen={"weighing": " \n "}), False, id="wegen-blank"),
    pytest.param("wegen", state(), False, id="wegen-never-saved"),
    # beslissen
    pytest.param(
        "beslissen", state(beslissen=answered(N, **REASONS)), True, id="beslissen-afsluiten"
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, Y, **REASONS)),
        True,
        id="beslissen-melden-unsafe",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, N, N, **REASONS)),
        True,
        id="beslissen-melden-no-help-possible",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, N, Y, N, **REASONS)),
        True,
        id="beslissen-melden-help-refused",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, Y)),
        False,
        id="beslissen-melden-without-reasons",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, Y, reasons="  ")),
        False,
        id="beslissen-melden-blank-reasons",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, **REASONS)),
        False,
        id="beslissen-onvolledig-with-reasons",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, N, U, Y, Y, **REASONS, **HELP)),
        False,
        id="beslissen-onvolledig-gap-at-q3",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered("ja", "ja", **REASONS)),
        False,
        id="beslissen-non-bool-answers-are-unanswered",
    ),
    pytest.param("beslissen", state(), False, id="beslissen-never-saved"),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, N, Y, Y, **REASONS, **HELP)),
        True,
        id="beslissen-hulp-with-help-recorded",
    ),
    *(
        pytest.param(
            "beslissen",
            state(beslissen=answered(Y, N, Y, Y, **REASONS, **{**HELP, key: value})),
            False,
            id=f"beslissen-hulp-{key}-{label}",
        )
        for key in HELP
        for value, label in ((None, "missing"), ("  ", "blank"))
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, N, Y, Y, **HELP)),
        False,
        id="beslissen-hulp-without-reasons",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, N, Y, Y, N, **REASONS)),
        True,
        id="beslissen-opnieuw-melden",
    ),
    pytest.param(
        "beslissen",
        state(beslissen=answered(Y, N, Y, Y, Y, **REASONS)),
        True,
        id="beslissen-afsluiten-monitoren",
    ),
]


@pytest.mark.parametrize(("step", "case", "done"), STEP_TABLE)
def test_step_complete(step: Step, case: CaseState, done: bool) -> None:
    assert step_complete(step, case) is done


def test_the_step_table_covers_every_step() -> None:
    assert {p.values[0] for p in STEP_TABLE} == set(STEPS)


@pytest.mark.parametrize("track", TRACKS)
def test_a_complete_case_has_every_step_complete(track: Track) -> None:
    case = complete(track, beslissen=answered(Y, Y, **REASONS))
    assert all(step_complete(step, case) for step in STEPS)


# --- flags ------------------------------------------------------------------------------------


@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param({}, Flags(False, False, False), id="nothing"),
        pytest.param(
            {"consultatie": VEILIG_THUIS}, Flags(True, False, False), id="veilig-thuis-advies"
        ),
        pytest.param(
            {"consultatie": {"vt_date": "2025-03-03"}},
            Flags(False, False, False),
            id="veilig-thuis-date-without-advice",
        ),
        pytest.param(
            {"consultatie": NAMED}, Flags(False, False, False), id="colleague-is-no-advies"
        ),
        pytest.param(
            {"beslissen": {"help_what": "Wijkteam"}}, Flags(False, True, False), id="help"
        ),
        pytest.param(
            {"beslissen": {"help_what": "  "}}, Flags(False, False, False), id="blank-help"
        ),
        pytest.param(
            {"beslissen": {"melding_date": "2025-03-05"}},
            Flags(False, False, True),
            id="melding",
        ),
        pytest.param(
            {"beslissen": {"melding_date": ""}}, Flags(False, False, False), id="blank-melding"
        ),
    ],
)
def test_flags(track: Track, record: dict[str, Any], expected: Flags) -> None:
    assert flags(state(track, **record)) == expected


@pytest.mark.parametrize("track", TRACKS)
def test_a_melding_and_help_can_both_be_true(track: Track) -> None:
    beslissen = answered(Y, Y, **REASONS, **HELP, melding_date="2025-03-05")
    assert flags(state(track, beslissen=beslissen)) == Flags(
        advies_gevraagd=False, hulp=True, gemeld=True
    )
    both = state(track, consultatie=VEILIG_THUIS, beslissen=beslissen)
    assert flags(both) == Flags(advies_gevraagd=True, hulp=True, gemeld=True)


# --- skipped_steps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param(state(), ["signalen", "consultatie", "gesprek", "wegen"], id="nothing"),
        pytest.param(complete(), [], id="steps-1-4-complete"),
        pytest.param(complete(gesprek=skipped("te_druk")), ["gesprek"], id="invalid-skip"),
        pytest.param(
            complete(signalen={"signals": ["x"]}, wegen={}),
            ["signalen", "wegen"],
            id="kindcheck-and-weighing-missing-in-order",
        ),
        pytest.param(
            complete("knmg", consultatie=NAMED), ["consultatie"], id="knmg-named-colleague"
        ),
        pytest.param(complete("vvn", consultatie=NAMED), [], id="vvn-named-colleague"),
        pytest.param(
            state(beslissen=answered(Y, Y, **REASONS)),
            ["signalen", "consultatie", "gesprek", "wegen"],
            id="step-5-alone",
        ),
        pytest.param(complete(beslissen={}), [], id="step-5-is-never-skipped"),
    ],
)
def test_skipped_steps_are_the_incomplete_first_four_in_order(
    case: CaseState, expected: list[Step]
) -> None:
    assert skipped_steps(case) == expected


# --- track_for --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profession", "track"),
    [
        ("huisarts", "knmg"),
        ("other_physician", "knmg"),
        ("verpleegkundige", "vvn"),
        ("praktijkondersteuner", "vvn"),
        ("doktersassistent", "vvn"),
        ("other", "vvn"),
    ],
)
def test_physicians_follow_the_knmg_and_everyone_else_the_vvn(
    profession: str, track: Track
) -> None:
    assert track_for(profession) == track


# --- decision ---------------------------------------------------------------------------------

COMBINATIONS = list(itertools.product([Y, N, U], repeat=5))


def _name(answers: tuple[bool | None, ...]) -> str:
    return "".join({Y: "Y", N: "N", U: "U"}[a] for a in answers)


@pytest.mark.parametrize("answers", COMBINATIONS, ids=[_name(c) for c in COMBINATIONS])
def test_decision_agrees_with_decide(answers: tuple[bool | None, ...]) -> None:
    case = state(beslissen=answered(*answers))
    assert decision(case) == decide(dict(zip(QUESTIONS, answers, strict=True)))


def test_the_decision_without_step_5_waits_for_question_1() -> None:
    assert decision(state()) == decide({})


# --- properties -------------------------------------------------------------------------------

_texts = st.sampled_from([None, "", "  ", "2025-03-03", "Iets"])
# Keys the rules read; the extra keys are anything else.
_READ = {
    "signals",
    "observations",
    "children_count",
    "colleagues",
    "vt_date",
    "vt_advice",
    "status",
    "date",
    "discussed",
    "skip_ground",
    "skip_explanation",
    "weighing",
    "reason",
    *(f"q{n}" for n in QUESTIONS),
}
_extra = st.dictionaries(
    st.text(max_size=12).filter(lambda k: k not in _READ),
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    max_size=4,
)


def _with_extra(known: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Return ``known`` answers next to arbitrary extra keys that never replace them."""
    return st.builds(lambda extra, data: {**extra, **data}, _extra, known)


_KNOWN_STEPS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "signalen": st.fixed_dictionaries(
        {},
        optional={
            "signals": st.lists(st.text(max_size=4), max_size=2),
            "children_count": st.one_of(st.none(), st.integers(0, 5)),
        },
    ),
    "consultatie": st.fixed_dictionaries(
        {},
        optional={
            "colleagues": st.lists(
                st.fixed_dictionaries({}, optional={"anonymous": st.booleans()}), max_size=2
            ),
            "vt_date": _texts,
            "vt_advice": _texts,
        },
    ),
    "gesprek": st.fixed_dictionaries(
        {},
        optional={
            "status": st.sampled_from([None, "gevoerd", "overgeslagen", "gepland"]),
            "date": _texts,
            "discussed": _texts,
            "skip_ground": st.sampled_from([None, "te_druk", *sorted(SKIP_GROUNDS)]),
            "skip_explanation": _texts,
        },
    ),
    "wegen": st.fixed_dictionaries({}, optional={"weighing": _texts}),
    "beslissen": st.fixed_dictionaries(
        {}, optional={f"q{n}": st.sampled_from([Y, N, U]) for n in QUESTIONS}
    ),
}
# The steps, each with extra keys, next to records of steps that do not exist.
_records = st.builds(
    lambda extra, steps: {**extra, **steps},
    st.dictionaries(st.text(max_size=12).filter(lambda k: k not in STEPS), _extra, max_size=2),
    st.fixed_dictionaries(
        {}, optional={name: _with_extra(known) for name, known in _KNOWN_STEPS.items()}
    ),
)
_acute = st.one_of(
    st.none(),
    _with_extra(st.fixed_dictionaries({}, optional={"reason": _texts})),
)


@given(
    track=st.sampled_from(TRACKS),
    minor=st.booleans(),
    record=_records,
    acute=_acute,
)
def test_ready_exactly_when_nothing_is_missing(
    track: Track, minor: bool, record: dict[str, dict[str, Any]], acute: dict[str, Any] | None
) -> None:
    result = melding_ready(CaseState(track=track, minor=minor, record=record, acute=acute))
    assert result.ready is (result.missing == ())
    if result.acute:
        assert result.ready
