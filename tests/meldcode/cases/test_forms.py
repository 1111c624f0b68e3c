"""The step forms: what they accept, what they refuse, and the answers they keep."""

from typing import Any

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from meldcode.afwegingskader import decide
from meldcode.cases.forms import BeslissenForm, GesprekForm, SignalenForm
from meldcode.cases.forms.signalen import parse_ages
from meldcode.cases.models import Case
from meldcode.cases.steps import CaseState, decision
from signals.catalogue import load

from .factories import rows

CATALOGUE = load()
ANSWER = st.sampled_from(["ja", "nee", "", "misschien"])


def bound(form_class: Any, data: dict[str, Any], *, minor: bool = False) -> Any:
    return form_class(data=data, case=Case(minor=minor, track="knmg"), catalogue=CATALOGUE)


@settings(max_examples=200, deadline=None)
@given(st.lists(ANSWER, min_size=5, max_size=5))
def test_step_five_keeps_exactly_the_answers_decide_needs(answers: list[str]) -> None:
    data = {f"q{n}": a for n, a in enumerate(answers, start=1) if a}
    form = bound(BeslissenForm, data)
    if "misschien" in answers:
        assert not form.is_valid()
        return
    assert form.is_valid(), form.errors
    record = form.record()
    expected = decide({n: {"ja": True, "nee": False}.get(a) for n, a in enumerate(answers, 1)})
    kept = {n for n in range(1, 6) if record[f"q{n}"] is not None}
    assert kept == set(expected.path)
    state = CaseState(track="knmg", minor=False, record={"beslissen": record})
    assert decision(state) == expected
    shown = form.visible_questions()
    assert shown[: len(expected.path)] == expected.path
    assert len(shown) == len(expected.path) + (expected.next_question is not None)


@pytest.mark.parametrize(
    ("text", "ages"),
    [("", []), ("3, 7 en 12", [3, 7, 12]), ("4; 9", [4, 9]), ("6 jaar", [6])],
)
def test_children_ages_are_read_as_numbers(text: str, ages: list[int]) -> None:
    assert parse_ages(text) == ages


@pytest.mark.parametrize("text", ["drie", "3, 19", "12 maanden", "-2"])
def test_children_ages_that_are_not_minors_ages_are_refused(text: str) -> None:
    with pytest.raises(forms.ValidationError):
        parse_ages(text)


def test_an_observation_by_a_third_party_needs_its_role() -> None:
    data = rows(
        "observations", [{"what": "Buurvrouw hoorde geschreeuw", "kind": "feit", "source": "derde"}]
    )
    form = bound(SignalenForm, data)
    assert not form.is_valid()
    assert "role" in form.formsets["observations"].forms[0].errors
    data["observations-0-role"] = "buurvrouw"
    form = bound(SignalenForm, data)
    assert form.is_valid(), form.errors
    assert form.record()["observations"][0]["role"] == "buurvrouw"


def test_an_empty_extra_row_is_not_an_observation() -> None:
    data = {**rows("observations", [], extra_empty=1), "observations-0-kind": "feit"}
    form = bound(SignalenForm, data)
    assert form.is_valid(), form.errors
    assert form.record()["observations"] == []


def test_more_ages_than_children_is_refused() -> None:
    form = bound(SignalenForm, {"children_count": "1", "children_ages": "3, 5"})
    assert not form.is_valid()
    assert "children_ages" in form.errors


@pytest.mark.parametrize(
    ("who", "warned"), [("begeleider", True), ("kind", True), ("familie", False)]
)
def test_the_companion_or_a_child_as_interpreter_is_warned_about(who: str, warned: bool) -> None:
    data = {
        "status": "gevoerd",
        "date": "2026-11-01",
        "discussed": "zorgen",
        "interpreter": "informeel",
        "interpreter_who": who,
    }
    form = bound(GesprekForm, data)
    assert form.interpreter_warning is warned
    assert form.is_valid(), form.errors
    assert form.interpreter_warning is warned


def test_a_professional_interpreter_forgets_an_informal_one() -> None:
    data = {
        "status": "gevoerd",
        "date": "2026-11-01",
        "discussed": "zorgen",
        "interpreter": "professioneel_telefoon",
        "interpreter_who": "kind",
    }
    form = bound(GesprekForm, data)
    assert form.is_valid()
    assert form.record()["interpreter_who"] == ""


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "overgeslagen", "skip_explanation": "x"}, "skip_ground"),
        (
            {"status": "overgeslagen", "skip_ground": "geen_zin", "skip_explanation": "x"},
            "skip_ground",
        ),
        ({"status": "overgeslagen", "skip_ground": "geen_contact"}, "skip_explanation"),
        ({"status": "gevoerd", "discussed": "x"}, "date"),
        ({"status": "gevoerd", "date": "2026-11-01"}, "discussed"),
        (
            {
                "status": "gevoerd",
                "date": "2026-11-01",
                "discussed": "x",
                "interpreter": "informeel",
            },
            "interpreter_who",
        ),
    ],
)
def test_the_conversation_asks_for_what_the_situation_needs(
    data: dict[str, str], field: str
) -> None:
    form = bound(GesprekForm, data)
    assert not form.is_valid()
    assert field in form.errors


def test_an_open_melding_names_who_was_told_and_an_exception_its_ground() -> None:
    base = {"q1": "ja", "q2": "ja", "reasons": "x"}
    assert "informed_who" in bound(BeslissenForm, {**base, "informed": "ja"}).errors
    errors = bound(BeslissenForm, {**base, "informed": "nee"}).errors
    assert {"exception_ground", "exception_reason"} <= set(errors)
    help_dates = {**base, "help_until": "2026-12-01", "help_evaluation": "2026-11-01"}
    assert "help_evaluation" in bound(BeslissenForm, help_dates).errors
