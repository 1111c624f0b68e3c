"""Quiz rules (pure): draw an attempt, grade it, and decide whether another may start.

Each attempt draws a subset of the module's pool and shuffles the options,
so that learners who retake it, or sit next to each other, see another test.
A question counts as right only when exactly its correct options are chosen:
for a multiple-choice question, missing one or adding a wrong one is wrong.
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from .content import Module


@dataclass(frozen=True, slots=True)
class Drawn:
    """One question of an attempt, with its options in the order shown."""

    question: str
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """How one question of an attempt was answered."""

    question: str
    chosen: frozenset[str]
    correct: frozenset[str]

    @property
    def right(self) -> bool:
        """Tell whether exactly the correct options were chosen."""
        return self.chosen == self.correct


@dataclass(frozen=True, slots=True)
class Grade:
    """The outcome of an attempt."""

    results: tuple[Result, ...]
    percent: int
    passed: bool

    @property
    def right(self) -> int:
        """Return the number of questions answered right."""
        return sum(result.right for result in self.results)


def draw(module: Module, *, rng: random.Random) -> tuple[Drawn, ...]:
    """Draw ``questions_per_attempt`` questions from the pool, each with shuffled options."""
    questions = rng.sample(module.questions, module.questions_per_attempt)
    drawn = []
    for question in questions:
        options = [option.id for option in question.options]
        rng.shuffle(options)
        drawn.append(Drawn(question=question.id, options=tuple(options)))
    return tuple(drawn)


def grade(module: Module, drawn: Sequence[Drawn], answers: Mapping[str, frozenset[str]]) -> Grade:
    """Grade ``answers`` (the chosen option ids per question id) for the questions drawn.

    A question left unanswered is wrong; options that were not offered are
    ignored. The percentage is rounded down, so a pass is never rounded up.
    """
    results = []
    for item in drawn:
        question = module.question(item.question)
        if question is None:
            raise ValueError(f"question {item.question!r} is not in the pool of {module.slug}")
        offered = frozenset(item.options)
        chosen = frozenset(answers.get(item.question, frozenset())) & offered
        results.append(Result(question=question.id, chosen=chosen, correct=question.correct))
    total = len(results)
    right = sum(result.right for result in results)
    percent = right * 100 // total if total else 0
    return Grade(results=tuple(results), percent=percent, passed=percent >= module.pass_mark)


Verdict = Literal["ok", "passed", "limit", "cooldown"]


@dataclass(frozen=True, slots=True)
class MayStart:
    """Whether a new attempt may start, and if not, why and until when."""

    verdict: Verdict
    until: datetime | None = None


def may_start(
    *,
    finished: Sequence[datetime],
    passed: bool,
    limit: int | None,
    cooldown: timedelta,
    now: datetime,
    window: timedelta | None = None,
) -> MayStart:
    """Decide whether a learner may start another attempt at ``now``.

    No new attempt after a pass (the module is complete); none beyond
    ``limit`` attempts (None: no limit) within ``window`` (None: ever), so
    that guessing through the pool takes days, not minutes; and none within
    ``cooldown`` of the last finished attempt, so that a learner reads the
    feedback and the lessons before trying again.
    """
    if passed:
        return MayStart("passed")
    if limit is not None:
        counted = sorted(moment for moment in finished if window is None or moment > now - window)
        if len(counted) >= limit:
            # The window frees a place when the oldest attempt that fills it leaves it.
            until = counted[-limit] + window if window is not None else None
            return MayStart("limit", until=until)
    if finished:
        ready = max(finished) + cooldown
        if now < ready:
            return MayStart("cooldown", until=ready)
    return MayStart("ok")
