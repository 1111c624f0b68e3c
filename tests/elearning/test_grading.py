"""Quiz grading: draws, all-or-nothing answers, the pass mark, attempt limits and cool-down."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elearning.content import Module, load_module
from elearning.grading import Drawn, draw, grade, may_start

from .modules import write_module

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def rng(seed: int) -> random.Random:
    """Return a seeded generator: a repeatable quiz draw, not a secret."""
    return random.Random(seed)  # noqa: S311


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> Module:
    return load_module(write_module(tmp_path_factory.mktemp("modules")))


def perfect(module: Module, drawn: tuple[Drawn, ...]) -> dict[str, frozenset[str]]:
    return {d.question: module.question(d.question).correct for d in drawn}  # type: ignore[union-attr]


@given(seed=st.integers())
def test_a_draw_takes_distinct_questions_and_shuffles_all_their_options(
    module: Module, seed: int
) -> None:
    drawn = draw(module, rng=rng(seed))
    assert len(drawn) == module.questions_per_attempt
    assert len({d.question for d in drawn}) == len(drawn)
    for item in drawn:
        question = module.question(item.question)
        assert question is not None
        assert sorted(item.options) == sorted(o.id for o in question.options)


def test_draws_differ_between_attempts(module: Module) -> None:
    draws = {draw(module, rng=rng(seed)) for seed in range(20)}
    assert len(draws) > 1


@given(seed=st.integers(), wrong=st.sets(st.integers(0, 7), max_size=8))
def test_the_grade_counts_exactly_the_right_answers(
    module: Module, seed: int, wrong: set[int]
) -> None:
    drawn = draw(module, rng=rng(seed))
    answers = perfect(module, drawn)
    for index in wrong:
        item = drawn[index]
        correct = answers[item.question]
        # Wrong: add an incorrect option, or leave one correct option out.
        extra = next(o for o in item.options if o not in correct)
        answers[item.question] = correct | {extra} if index % 2 else correct - {min(correct)}
    result = grade(module, drawn, answers)
    assert result.right == len(drawn) - len(wrong)
    assert result.percent == (len(drawn) - len(wrong)) * 100 // len(drawn)
    assert result.passed == (result.percent >= module.pass_mark)


def test_unanswered_and_unoffered_options_count_as_wrong(module: Module) -> None:
    drawn = draw(module, rng=rng(1))
    answers = perfect(module, drawn)
    del answers[drawn[0].question]
    answers[drawn[1].question] = frozenset({"z"})
    assert grade(module, drawn, answers).right == len(drawn) - 2


def test_the_pass_mark_is_not_rounded_up(module: Module) -> None:
    drawn = draw(module, rng=rng(2))
    answers = perfect(module, drawn)
    for item in drawn[:3]:  # 5 of 8 right: 62.5 %, below 70
        answers[item.question] = frozenset()
    result = grade(module, drawn, answers)
    assert (result.percent, result.passed) == (62, False)
    answers[drawn[0].question] = module.question(drawn[0].question).correct  # type: ignore[union-attr]
    assert grade(module, drawn, answers).passed  # 6 of 8: 75 %


def test_a_new_attempt_waits_for_the_cooldown_and_stops_at_the_limit() -> None:
    hour = timedelta(hours=1)
    assert may_start(finished=[], passed=False, limit=3, cooldown=hour, now=NOW).verdict == "ok"
    last = NOW - timedelta(minutes=10)
    waiting = may_start(finished=[last], passed=False, limit=3, cooldown=hour, now=NOW)
    assert (waiting.verdict, waiting.until) == ("cooldown", last + hour)
    later = NOW + hour
    assert (
        may_start(finished=[last], passed=False, limit=3, cooldown=hour, now=later).verdict == "ok"
    )
    three = [NOW - 3 * hour, NOW - 2 * hour, NOW - hour]
    assert (
        may_start(finished=three, passed=False, limit=3, cooldown=hour, now=NOW).verdict == "limit"
    )
    assert (
        may_start(finished=three, passed=False, limit=None, cooldown=hour, now=NOW).verdict == "ok"
    )
    assert (
        may_start(finished=[last], passed=True, limit=None, cooldown=hour, now=NOW).verdict
        == "passed"
    )


def test_the_limit_counts_only_attempts_inside_the_window() -> None:
    day = timedelta(days=1)
    three = [NOW - 20 * timedelta(hours=1), NOW - 5 * timedelta(hours=1), NOW - timedelta(hours=2)]
    blocked = may_start(
        finished=three, passed=False, limit=3, cooldown=timedelta(0), now=NOW, window=day
    )
    # The oldest of the three leaves the window a day after it finished.
    assert (blocked.verdict, blocked.until) == ("limit", three[0] + day)
    after = three[0] + day + timedelta(seconds=1)
    assert (
        may_start(
            finished=three, passed=False, limit=3, cooldown=timedelta(0), now=after, window=day
        ).verdict
        == "ok"
    )


@given(
    ages=st.lists(st.integers(min_value=0, max_value=72 * 60), max_size=12),
    limit=st.integers(min_value=1, max_value=5),
)
def test_a_refusal_for_the_limit_always_ends_and_never_before_now(
    ages: list[int], limit: int
) -> None:
    day = timedelta(days=1)
    finished = [NOW - timedelta(minutes=age) for age in ages]
    outcome = may_start(
        finished=finished, passed=False, limit=limit, cooldown=timedelta(0), now=NOW, window=day
    )
    inside = [moment for moment in finished if moment > NOW - day]
    assert (outcome.verdict == "limit") == (len(inside) >= limit)
    if outcome.verdict == "limit":
        assert outcome.until is not None
        assert outcome.until > NOW
        # At that moment, one place is free.
        assert (
            may_start(
                finished=finished,
                passed=False,
                limit=limit,
                cooldown=timedelta(0),
                now=outcome.until,
                window=day,
            ).verdict
            == "ok"
        )
