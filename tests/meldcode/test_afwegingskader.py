"""The afwegingskader: every row of the domain notes' table, and its properties."""

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldcode.afwegingskader import QUESTIONS, decide

Y, N, U = True, False, None

# (answers 1-5) -> (decision, next question, path, together with Veilig Thuis)
TABLE = [
    ((U, U, U, U, U), ("onvolledig", 1, [], False)),
    ((N, U, U, U, U), ("afsluiten", None, [1], False)),
    ((Y, U, U, U, U), ("onvolledig", 2, [1], False)),
    ((Y, Y, U, U, U), ("melden", None, [1, 2], True)),
    ((Y, N, U, U, U), ("onvolledig", 3, [1, 2], False)),
    ((Y, N, N, U, U), ("melden", None, [1, 2, 3], False)),
    ((Y, N, Y, U, U), ("onvolledig", 4, [1, 2, 3], False)),
    ((Y, N, Y, N, U), ("melden", None, [1, 2, 3, 4], False)),
    ((Y, N, Y, Y, U), ("hulp", 5, [1, 2, 3, 4], False)),
    ((Y, N, Y, Y, N), ("opnieuw_melden", None, [1, 2, 3, 4, 5], False)),
    ((Y, N, Y, Y, Y), ("afsluiten_monitoren", None, [1, 2, 3, 4, 5], False)),
    # Answers after the decisive one are ignored.
    ((N, Y, Y, Y, Y), ("afsluiten", None, [1], False)),
    ((Y, Y, N, N, N), ("melden", None, [1, 2], True)),
    ((Y, N, N, Y, Y), ("melden", None, [1, 2, 3], False)),
    # A gap: question 3 unanswered, 4 and 5 answered.
    ((Y, N, U, Y, Y), ("onvolledig", 3, [1, 2], False)),
]


@pytest.mark.parametrize(("answers", "expected"), TABLE)
def test_every_row_of_the_table(
    answers: tuple[bool | None, ...], expected: tuple[Any, ...]
) -> None:
    outcome = decide(dict(zip(QUESTIONS, answers, strict=True)))
    assert (
        outcome.decision,
        outcome.next_question,
        outcome.path,
        outcome.together_with_veilig_thuis,
    ) == expected


def test_unanswered_questions_may_be_left_out() -> None:
    assert decide({1: True, 2: False, 3: True}).next_question == 4
    assert decide({}).decision == "onvolledig"


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ({0: True}, "0"),
        ({6: True}, "6"),
        ({"1": True}, "'1'"),
        ({True: True}, "True"),
        ({1: "ja"}, "'ja'"),
        ({1: 1}, "1"),
        ({2: 0}, "0"),
    ],
)
def test_bad_keys_and_values_raise_a_value_error_naming_them(answers: Any, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        decide(answers)


answers_strategy = st.fixed_dictionaries(
    {}, optional={q: st.sampled_from([Y, N, U]) for q in QUESTIONS}
)


@given(answers_strategy)
def test_the_path_is_the_answered_prefix_and_final_decisions_ask_nothing(
    answers: dict[int, bool | None],
) -> None:
    outcome = decide(answers)
    assert outcome.path == list(range(1, len(outcome.path) + 1))
    assert all(answers.get(q) is not None for q in outcome.path)
    if outcome.decision in ("onvolledig", "hulp"):
        assert outcome.next_question == len(outcome.path) + 1
        assert answers.get(outcome.next_question) is None
    else:
        assert outcome.next_question is None
    assert outcome.together_with_veilig_thuis == (outcome.path[:2] == [1, 2] and answers[2] is True)


@given(answers_strategy, st.sampled_from([Y, N, U]))
def test_answers_after_the_decisive_one_change_nothing(
    answers: dict[int, bool | None], later: bool | None
) -> None:
    outcome = decide(answers)
    # The decisive question, or the one asked next, and everything before it matter.
    beyond = len(outcome.path) + (1 if outcome.decision in ("onvolledig", "hulp") else 0)
    for question in QUESTIONS:
        if question > beyond:
            assert decide({**answers, question: later}) == outcome


def test_every_combination_is_decided() -> None:
    seen = set()
    for combo in itertools.product([Y, N, U], repeat=5):
        seen.add(decide(dict(zip(QUESTIONS, combo, strict=True))).decision)
    assert seen == {
        "onvolledig",
        "afsluiten",
        "melden",
        "hulp",
        "opnieuw_melden",
        "afsluiten_monitoren",
    }
