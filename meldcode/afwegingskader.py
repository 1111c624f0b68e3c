"""The afwegingskader of the Meldcode: five questions, one decision.

A pure rule after the table of the domain notes. Question 1 (is there a
suspicion?) is the professional's own judgement; a tool's profile informs it
and never answers it. Question 2 = yes means a melding in every case, and
questions 3-5 are then answered together with Veilig Thuis; help may go on
next to the melding. Question 5 can be answered "no" at any moment of the
help, not only at the end of the agreed period. No Django imports here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

Decision = Literal[
    "onvolledig", "afsluiten", "melden", "hulp", "opnieuw_melden", "afsluiten_monitoren"
]
QUESTIONS: Final = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where the answers lead, and how they got there."""

    decision: Decision
    # The next question that must be answered; None when the decision is final for now.
    next_question: int | None
    # The questions that led to the decision, in order.
    path: list[int] = field(default_factory=list)
    # True when question 2 led to a melding: 3-5 are then answered with Veilig Thuis.
    together_with_veilig_thuis: bool = False


def _check(answers: Mapping[int, bool | None]) -> None:
    """Refuse keys outside 1-5 and values that are not yes, no or unanswered."""
    for key, value in answers.items():
        if isinstance(key, bool) or not isinstance(key, int) or key not in QUESTIONS:
            raise ValueError(f"Afwegingsvraag {key!r} does not exist; the questions are 1 to 5.")
        if value is not None and not isinstance(value, bool):
            raise ValueError(
                f"The answer to afwegingsvraag {key} must be True, False or None, not {value!r}."
            )


def decide(answers: Mapping[int, bool | None]) -> Outcome:
    """Return the decision the answers to afwegingsvragen 1-5 lead to.

    Answers after the decisive one are ignored. Raises ``ValueError`` naming
    a key outside 1-5 or a value that is not a bool or None.
    """
    _check(answers)
    path: list[int] = []

    def ask(question: int) -> bool | None:
        answer = answers.get(question)
        if answer is not None:
            path.append(question)
        return answer

    suspicion = ask(1)
    if suspicion is None:
        return Outcome("onvolledig", 1, path)
    if not suspicion:
        return Outcome("afsluiten", None, path)
    unsafe = ask(2)
    if unsafe is None:
        return Outcome("onvolledig", 2, path)
    if unsafe:
        # Acute or structural unsafety is always reported (the KNMG meldnormen).
        return Outcome("melden", None, path, together_with_veilig_thuis=True)
    help_possible = ask(3)
    if help_possible is None:
        return Outcome("onvolledig", 3, path)
    if not help_possible:
        return Outcome("melden", None, path)
    help_accepted = ask(4)
    if help_accepted is None:
        return Outcome("onvolledig", 4, path)
    if not help_accepted:
        return Outcome("melden", None, path)
    result = ask(5)
    if result is None:
        # Help is given or organised; question 5 follows after the agreed
        # period, or earlier when the unsafety continues or returns.
        return Outcome("hulp", 5, path)
    if not result:
        return Outcome("opnieuw_melden", None, path)
    return Outcome("afsluiten_monitoren", None, path)
