"""Loading modules, completion in the request, frozen certificates, expiry, revocation, renewal."""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone, translation

from elearning import content, services
from elearning.frozen import FrozenCertificate
from elearning.models import (
    Attempt,
    AttemptAnswer,
    Certificate,
    LessonView,
    Module,
    ModuleVersion,
    Register,
    RevocationReason,
)
from meldcode.accounts.models import Role, User
from tests.helpers import run_together

from .factories import (
    accredit,
    complete,
    load,
    pass_quiz,
    read_all,
    right_answers,
    seed,
    wrong_answers,
)
from .modules import write_module


def test_loading_records_every_module_once_and_makes_it_current(modules: dict[str, Module]) -> None:
    shipped = content.modules()
    assert set(modules) == {item.slug for item in shipped}
    for item in shipped:
        module = modules[item.slug]
        assert module.current_version is not None
        assert module.current_version.version == item.version
        assert module.current_version.digest == item.digest
        assert module.current_version.minutes == item.minutes >= 30
    again = services.modules_load()
    assert not any(loaded.created for loaded in again)
    assert ModuleVersion.objects.count() == len(shipped)


def test_a_changed_module_needs_a_new_version(db: None, tmp_path: Path) -> None:
    directory = write_module(tmp_path)
    first = content.load_module(directory)
    services.modules_load(modules=[first])
    lesson = next((directory / "lessons").glob("*.nl.md"))
    lesson.write_text(lesson.read_text() + "\nEen extra zin.\n")
    changed = content.load_module(directory)
    with pytest.raises(content.ContentError, match="new version"):
        services.modules_load(modules=[changed])
    module = Module.objects.get(slug=first.slug)
    assert module.current_version is not None
    assert module.current_version.digest == first.digest
    toml = directory / "module.toml"
    toml.write_text(toml.read_text().replace(f'version = "{first.version}"', 'version = "9.0.0"'))
    bumped = content.load_module(directory)
    services.modules_load(modules=[bumped])
    module.refresh_from_db()
    assert module.current_version is not None
    assert module.current_version.version == "9.0.0"
    assert module.versions.count() == 2


def test_a_module_is_complete_when_every_lesson_is_read_and_the_quiz_passed(
    module: Module, learner: User
) -> None:
    lessons = services.module_content(module).lessons
    for lesson in lessons[:-1]:
        assert services.lesson_view_record(user=learner, module=module, lesson=lesson.slug) is None
    # Passing the quiz with a lesson unread does not complete the module ...
    assert pass_quiz(learner, module) is None
    assert not Certificate.objects.exists()
    # ... reading the last lesson does, in that same request.
    certificate = services.lesson_view_record(user=learner, module=module, lesson=lessons[-1].slug)
    assert certificate is not None
    assert certificate.completed_at <= timezone.now()
    assert LessonView.objects.filter(user=learner, module=module).count() == len(lessons)


def test_a_failed_attempt_completes_nothing_and_records_its_answers(
    module: Module, learner: User
) -> None:
    read_all(learner, module)
    attempt = services.attempt_start(user=learner, module=module)
    item = services.module_content(module)
    attempt, grade, certificate = services.attempt_submit(
        user=learner, attempt_id=attempt.pk, answers=wrong_answers(item, attempt)
    )
    assert (grade.passed, grade.percent, certificate) == (False, 0, None)
    assert attempt.passed is False
    assert AttemptAnswer.objects.filter(attempt=attempt, right=False).count() == len(attempt.drawn)
    assert not Certificate.objects.exists()


def test_the_certificate_freezes_its_data_at_issue(
    modules: dict[str, Module], learner: User
) -> None:
    module = modules["wat-is-mensenhandel"]
    accredit(module, "knmg-gaia", "ABC1-111")
    accredit(module, "kwaliteitsregister-vv", "VV-222", points="1.5")
    # An accreditation whose window has closed is not on the certificate.
    accredit(
        module,
        "knmg-gaia",
        "ABC1-OLD",
        valid_from=timezone.localdate() - timedelta(days=800),
        valid_until=timezone.localdate() - timedelta(days=400),
    )
    with translation.override("en"):
        certificate = complete(learner, module)
    frozen = FrozenCertificate.from_json(certificate.data)
    assert frozen.name == "Zoë Çelik"
    assert frozen.big_number == "09123456789"
    assert frozen.language == "en"
    assert frozen.module_version == module.current_version.version  # type: ignore[union-attr]
    assert [(a.accreditation_id, a.number) for a in frozen.accreditations] == [
        ("ABC1-111", "09123456789"),
        ("VV-222", "BIG-09123456789"),
    ]
    assert frozen.valid_until == certificate.valid_until
    assert certificate.pdf
    stored = bytes(certificate.pdf)

    # Everything it was made from changes afterwards ...
    learner.full_name = "Someone Else"
    learner.big_number = "11111111111"
    learner.save()
    module.validity_years = 5
    module.save()
    Register.objects.filter(code="knmg-gaia").update(name="Renamed register", prefix="BIG-")
    module.accreditations.update(points=9)
    ModuleVersion.objects.filter(module=module).update(title_en="Renamed")

    # ... and the certificate says the same, and regenerates to the same PDF.
    certificate.refresh_from_db()
    assert FrozenCertificate.from_json(certificate.data) == frozen
    assert bytes(certificate.pdf) == stored
    services.certificate_regenerate(certificate_id=certificate.pk, by=None)
    certificate.refresh_from_db()
    assert bytes(certificate.pdf) == stored


def test_a_register_that_keys_on_its_own_number_uses_it(module: Module, learner: User) -> None:
    register = Register.objects.get(code="kwaliteitsregister-vv")
    register.key = Register.Key.REGISTER
    register.prefix = ""
    register.save()
    accredit(module, "kwaliteitsregister-vv", "VV-9")
    services.register_number_set(user=learner, register=register, number=" 4711 ")
    frozen = FrozenCertificate.from_json(complete(learner, module).data)
    assert [a.number for a in frozen.accreditations] == ["4711"]


def test_after_a_pass_no_new_attempt_until_the_certificate_expires_then_a_renewal(
    module: Module, learner: User
) -> None:
    first = complete(learner, module)
    with pytest.raises(services.AttemptRefused) as refused:
        services.attempt_start(user=learner, module=module)
    assert refused.value.outcome.verdict == "passed"
    # The certificate expires.
    Certificate.objects.filter(pk=first.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    first.refresh_from_db()
    assert first.state(timezone.localdate()) == "expired"
    # A renewal asks for the lessons again: passing alone does not issue it.
    assert pass_quiz(learner, module) is None
    renewal = read_all(learner, module)
    assert renewal is not None
    assert renewal.renews == first
    assert renewal.code != first.code
    assert renewal.state(timezone.localdate()) == "valid"
    assert list(Certificate.objects.filter(user=learner).order_by("completed_at")) == [
        first,
        renewal,
    ]


def test_revocation_keeps_the_first_reason_and_refuses_an_unknown_one(
    module: Module, learner: User, make_user: Callable[..., User]
) -> None:
    certificate = complete(learner, module)
    trainer = make_user(roles=(Role.TRAINER,))
    with pytest.raises(ValueError, match="reason"):
        services.certificate_revoke(certificate_id=certificate.pk, by=trainer, reason="bored")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    services.certificate_revoke(
        certificate_id=certificate.pk, by=trainer, reason=RevocationReason.MISCONDUCT
    )
    services.certificate_revoke(
        certificate_id=certificate.pk, by=trainer, reason=RevocationReason.OTHER
    )
    certificate.refresh_from_db()
    assert certificate.revoked_reason == RevocationReason.MISCONDUCT
    assert certificate.revoked_by == trainer
    assert certificate.state(timezone.localdate()) == "revoked"


def test_attempts_stop_at_the_limit_and_wait_for_the_cooldown(
    module: Module, learner: User, settings: object
) -> None:
    settings.ELEARNING_ATTEMPT_LIMIT = 2  # type: ignore[attr-defined]
    settings.ELEARNING_COOLDOWN = timedelta(minutes=5)  # type: ignore[attr-defined]
    item = services.module_content(module)
    attempt = services.attempt_start(user=learner, module=module)
    # A second tab gets the same open attempt, not a fresh draw.
    assert services.attempt_start(user=learner, module=module) == attempt
    services.attempt_submit(
        user=learner, attempt_id=attempt.pk, answers=wrong_answers(item, attempt)
    )
    with pytest.raises(services.AttemptRefused) as refused:
        services.attempt_start(user=learner, module=module)
    assert refused.value.outcome.verdict == "cooldown"
    Attempt.objects.update(finished_at=timezone.now() - timedelta(minutes=6))
    second = services.attempt_start(user=learner, module=module)
    services.attempt_submit(user=learner, attempt_id=second.pk, answers=wrong_answers(item, second))
    Attempt.objects.update(finished_at=timezone.now() - timedelta(minutes=6))
    with pytest.raises(services.AttemptRefused) as refused:
        services.attempt_start(user=learner, module=module)
    assert refused.value.outcome.verdict == "limit"
    assert refused.value.outcome.until is not None


def test_a_submitted_or_foreign_attempt_is_closed(
    module: Module, learner: User, make_user: Callable[..., User]
) -> None:
    attempt = services.attempt_start(user=learner, module=module)
    item = services.module_content(module)
    other = make_user(roles=(Role.LEARNER,))
    with pytest.raises(services.AttemptClosed):
        services.attempt_submit(user=other, attempt_id=attempt.pk, answers={})
    services.attempt_submit(
        user=learner, attempt_id=attempt.pk, answers=right_answers(item, attempt)
    )
    with pytest.raises(services.AttemptClosed):
        services.attempt_submit(
            user=learner, attempt_id=attempt.pk, answers=wrong_answers(item, attempt)
        )
    attempt.refresh_from_db()
    assert attempt.passed is True


@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_attempt_at_once_grade_it_once(
    make_user: Callable[..., User],
) -> None:
    seed()
    module = load()["wat-is-mensenhandel"]
    learner = make_user(roles=(Role.LEARNER,), big_number="00123456789")
    read_all(learner, module)
    attempt = services.attempt_start(user=learner, module=module)
    answers = right_answers(services.module_content(module), attempt)
    results = run_together(
        4,
        lambda: services.attempt_submit(user=learner, attempt_id=attempt.pk, answers=answers),
    )
    graded = [r for r in results if isinstance(r, tuple)]
    closed = [r for r in results if isinstance(r, services.AttemptClosed)]
    assert (len(graded), len(closed)) == (1, 3), results
    assert Certificate.objects.filter(user=learner).count() == 1
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(attempt.drawn)


@pytest.mark.django_db(transaction=True)
def test_the_last_lesson_in_two_tabs_at_once_issues_one_certificate(
    make_user: Callable[..., User],
) -> None:
    seed()
    module = load()["wat-is-mensenhandel"]
    learner = make_user(roles=(Role.LEARNER,))
    lessons = services.module_content(module).lessons
    for lesson in lessons[:-1]:
        services.lesson_view_record(user=learner, module=module, lesson=lesson.slug)
    assert pass_quiz(learner, module) is None
    results = run_together(
        4,
        lambda: services.lesson_view_record(user=learner, module=module, lesson=lessons[-1].slug),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len([r for r in results if isinstance(r, Certificate)]) == 1
    assert Certificate.objects.filter(user=learner).count() == 1
    assert connection.vendor in {"sqlite", "postgresql"}


def test_joining_a_cohort_needs_an_open_cohort_and_is_harmless_twice(
    modules: dict[str, Module], learner: User, make_user: Callable[..., User]
) -> None:
    trainer = make_user(roles=(Role.TRAINER,))
    cohort = services.cohort_create(
        trainer=trainer, name="Regio Utrecht", modules=list(modules.values())
    )
    typed = cohort.join_code.lower().replace("-", " ")
    assert services.cohort_join(user=learner, code=typed) == cohort
    assert services.cohort_join(user=learner, code=cohort.join_code) == cohort
    assert cohort.memberships.count() == 1
    for bad in ["", "nonsense", "0000-0000-0000", "x" * 5000]:
        with pytest.raises(services.CohortClosed):
            services.cohort_join(user=learner, code=bad)
    cohort.open = False
    cohort.save()
    with pytest.raises(services.CohortClosed):
        services.cohort_join(user=make_user(roles=(Role.LEARNER,)), code=cohort.join_code)
