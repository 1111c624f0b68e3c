"""Helpers of the e-learning tests: load modules, seed registers, complete a module."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group

from elearning import services
from elearning.content import Module as Content
from elearning.models import Accreditation, Attempt, Certificate, Module, Register
from elearning.registers_data import REGISTERS
from meldcode.accounts.models import Role, User


def seed() -> None:
    """Restore the rows the data migrations made; an earlier transactional test flushes them."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    for row in REGISTERS:
        Register.objects.get_or_create(code=row["code"], defaults=row)


def load() -> dict[str, Module]:
    """Load the shipped modules and return them by slug."""
    services.modules_load()
    return {module.slug: module for module in Module.objects.select_related("current_version")}


def accredit(
    module: Module,
    register_code: str,
    accreditation_id: str,
    *,
    points: str = "1",
    valid_from: date = date(2026, 1, 1),
    valid_until: date = date(2027, 12, 31),
    deadline_days: int = 42,
) -> Accreditation:
    """Accredit ``module`` in a register."""
    return Accreditation.objects.create(
        module=module,
        register=Register.objects.get(code=register_code),
        accreditation_id=accreditation_id,
        points=Decimal(points),
        valid_from=valid_from,
        valid_until=valid_until,
        entry_deadline_days=deadline_days,
        course_id=f"C-{accreditation_id}",
        webservice_module_id="1",
    )


def right_answers(content: Content, attempt: Attempt) -> dict[str, frozenset[str]]:
    """Return the correct options of every question the attempt drew."""
    answers = {}
    for item in attempt.drawn:
        question = content.question(item["question"])
        assert question is not None
        answers[question.id] = question.correct
    return answers


def wrong_answers(content: Content, attempt: Attempt) -> dict[str, frozenset[str]]:
    """Return a wrong option for every question the attempt drew."""
    answers = {}
    for item in attempt.drawn:
        question = content.question(item["question"])
        assert question is not None
        wrong = next(o.id for o in question.options if not o.right)
        answers[question.id] = frozenset({wrong})
    return answers


def read_all(user: User, module: Module) -> Certificate | None:
    """Read every lesson of ``module``; return the certificate if that completed it."""
    certificate = None
    for lesson in services.module_content(module).lessons:
        certificate = services.lesson_view_record(user=user, module=module, lesson=lesson.slug)
    return certificate


def pass_quiz(user: User, module: Module) -> Certificate | None:
    """Start an attempt and answer everything right; return the certificate, if issued."""
    attempt = services.attempt_start(user=user, module=module)
    content = services.module_content(module)
    _, _, certificate = services.attempt_submit(
        user=user, attempt_id=attempt.pk, answers=right_answers(content, attempt)
    )
    return certificate


def complete(user: User, module: Module) -> Certificate:
    """Read every lesson and pass the quiz; return the certificate."""
    read_all(user, module)
    certificate = pass_quiz(user, module)
    assert certificate is not None
    return certificate
