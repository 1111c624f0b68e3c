"""What the learner's templates show, in the page's language (no queries of its own).

The content holds every text in both languages; templates cannot pick a
language from a :class:`~elearning.content.Text`, so the views hand them
these small records instead.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from elearning import content, grading, links
from elearning.markdown import render
from elearning.models import Accreditation, Certificate
from elearning.services import frozen_of


@dataclass(frozen=True, slots=True)
class Option:
    """An option as shown: its id and its text."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Shown:
    """A drawn question as shown: its id, kind, text and options in the drawn order."""

    id: str
    kind: content.Kind
    text: str
    options: tuple[Option, ...]


def shown_questions(
    item: content.Module, drawn: Sequence[grading.Drawn], language: str
) -> tuple[Shown, ...] | None:
    """Return the drawn questions with their options in the drawn order.

    None when a drawn question or option is not in the content: the attempt
    was drawn from other files and cannot be shown any more.
    """
    shown = []
    for entry in drawn:
        question = item.question(entry.question)
        if question is None:
            return None
        by_id = {option.id: option for option in question.options}
        if any(option not in by_id for option in entry.options):
            return None
        shown.append(
            Shown(
                id=question.id,
                kind=question.kind,
                text=question.text.get(language),
                options=tuple(
                    Option(id=option, text=by_id[option].text.get(language))
                    for option in entry.options
                ),
            )
        )
    return tuple(shown)


@dataclass(frozen=True, slots=True)
class Explained:
    """An option with what it teaches: its text, explanation and whether it is right."""

    id: str
    text: str
    explanation: str
    right: bool
    chosen: bool = False


@dataclass(frozen=True, slots=True)
class Answered:
    """One question of a graded attempt: right or wrong, and every option explained."""

    number: int
    id: str
    kind: content.Kind
    text: str
    right: bool
    options: tuple[Explained, ...]

    @property
    def chosen(self) -> tuple[Explained, ...]:
        """Return the options the learner chose."""
        return tuple(option for option in self.options if option.chosen)

    @property
    def correct(self) -> tuple[Explained, ...]:
        """Return the correct options."""
        return tuple(option for option in self.options if option.right)


def answered_questions(
    item: content.Module,
    drawn: Sequence[grading.Drawn],
    answers: Mapping[str, frozenset[str]],
    language: str,
) -> tuple[Answered, ...] | None:
    """Return the graded questions of an attempt, or None when the content changed since."""
    if shown_questions(item, drawn, language) is None:
        return None
    result = grading.grade(item, drawn, answers)
    answered = []
    for number, (entry, outcome) in enumerate(zip(drawn, result.results, strict=True), start=1):
        question = item.question(entry.question)
        if question is None:  # checked by shown_questions already; for the type checker
            return None
        by_id = {option.id: option for option in question.options}
        answered.append(
            Answered(
                number=number,
                id=question.id,
                kind=question.kind,
                text=question.text.get(language),
                right=outcome.right,
                options=tuple(
                    Explained(
                        id=option,
                        text=by_id[option].text.get(language),
                        explanation=by_id[option].explanation.get(language),
                        right=by_id[option].right,
                        chosen=option in outcome.chosen,
                    )
                    for option in entry.options
                ),
            )
        )
    return tuple(answered)


def answers_of(stored: object) -> dict[str, frozenset[str]]:
    """Read an attempt's stored answers ({question: [options]}) back as the grader takes them."""
    if not isinstance(stored, Mapping):
        return {}
    return {
        str(question): frozenset(str(option) for option in chosen)
        for question, chosen in stored.items()
        if isinstance(chosen, list)
    }


# --- lessons and vignettes ---------------------------------------------------------


def markdown_html(text: str) -> SafeString:
    """Return Markdown as HTML for a template; :func:`render` has sanitised it already."""
    return mark_safe(render(text))  # noqa: S308 - cleaned against an allow-list by render()


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the learner chose at a vignette step, and what every option teaches."""

    chosen: Explained
    others: tuple[Explained, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a vignette: its question and options, and feedback once answered."""

    number: int
    question: str
    options: tuple[Option, ...]
    feedback: Feedback | None = None
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    """A vignette as shown after its lesson."""

    slug: str
    title: str
    story: SafeString
    steps: tuple[Step, ...]


def vignette_cases(
    vignettes: Sequence[content.Vignette],
    language: str,
    *,
    answered: tuple[str, int, content.Choice | None] | None = None,
    errors: Sequence[str] = (),
) -> tuple[Case, ...]:
    """Return the lesson's vignettes; ``answered`` (slug, step, choice) gets feedback or errors."""
    cases = []
    for vignette in vignettes:
        steps = []
        for number, step in enumerate(vignette.steps, start=1):
            here = answered is not None and answered[:2] == (vignette.slug, number)
            choice = answered[2] if answered is not None and here else None
            feedback = None
            if choice is not None:
                explained = [
                    Explained(
                        id=option.id,
                        text=option.text.get(language),
                        explanation=option.explanation.get(language),
                        right=option.right,
                        chosen=option.id == choice.id,
                    )
                    for option in step.options
                ]
                feedback = Feedback(
                    chosen=next(option for option in explained if option.chosen),
                    others=tuple(option for option in explained if not option.chosen),
                )
            steps.append(
                Step(
                    number=number,
                    question=step.question.get(language),
                    options=tuple(Option(o.id, o.text.get(language)) for o in step.options),
                    feedback=feedback,
                    errors=tuple(errors) if here else (),
                )
            )
        cases.append(
            Case(
                slug=vignette.slug,
                title=vignette.title.get(language),
                story=markdown_html(vignette.story.get(language)),
                steps=tuple(steps),
            )
        )
    return tuple(cases)


# --- certificates -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CertificateRow:
    """A certificate in the learner's list, with its state and where to get or check it."""

    certificate: Certificate
    title: str
    state: str
    pdf_url: str
    verify_url: str
    badge_url: str


def certificate_rows(
    certificates: Sequence[Certificate], language: str, today: date
) -> tuple[CertificateRow, ...]:
    """Return the certificates as listed, titled as frozen at issue."""
    rows = []
    for certificate in certificates:
        try:
            title = frozen_of(certificate).module_title.get(language)
        except ValueError:
            title = certificate.module.slug
        rows.append(
            CertificateRow(
                certificate=certificate,
                title=title,
                state=certificate.state(today),
                pdf_url=reverse("elearning:certificate_pdf", args=[certificate.code]),
                verify_url=links.verify_url(certificate.code),
                badge_url=reverse("credentials:assertion_png", args=[certificate.code]),
            )
        )
    return tuple(rows)


# --- accreditation -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccreditationRow:
    """A register's current accreditation of a module, as the learner reads it."""

    register: str
    points: str
    accreditation_id: str


def points_text(points: Decimal) -> str:
    """Return points without trailing zeros, in the page's number format: 1, 1,5 or 1.5."""
    return formats.number_format(Decimal(format(points.normalize(), "f")))


def accreditation_rows(accreditations: Sequence[Accreditation]) -> tuple[AccreditationRow, ...]:
    """Return the accreditations with their registers' names and readable points."""
    return tuple(
        AccreditationRow(
            register=accreditation.register.name,
            points=points_text(accreditation.points),
            accreditation_id=accreditation.accreditation_id,
        )
        for accreditation in accreditations
    )


# --- the quiz's start ---------------------------------------------------------------


def local_time(moment: datetime) -> str:
    """Return a moment as the learner reads it: local date and time in their language."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def refusal_message(outcome: grading.MayStart) -> str:
    """Say why no attempt may start now, and from when it may."""
    if outcome.verdict == "passed":
        return _("You have passed this quiz; no new attempt is needed.")
    if outcome.verdict == "limit":
        if outcome.until is None:
            return _("You have used all your attempts at this quiz.")
        return _("You have used all your attempts for now. From %(time)s you can try again.") % {
            "time": local_time(outcome.until)
        }
    if outcome.verdict == "cooldown" and outcome.until is not None:
        return _(
            "Take a moment to read the feedback and the lessons. "
            "From %(time)s you can start a new attempt."
        ) % {"time": local_time(outcome.until)}
    return _("You cannot start a new attempt now.")
