"""Writes of the e-learning: loading modules, progress, attempts, certificates, cohorts.

Completion is decided here, in the request that meets its last requirement
(the last lesson read or the quiz passed), and the certificate is issued in
the same transaction; nothing waits for a scheduled job. Each decision locks
the row it depends on: the learner's row for a completion (two tabs finishing
at once issue one certificate), the attempt's row for a submission (a double
click grades once).
"""

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from meldcode.accounts.models import User
from meldcode.accounts.rules import BigNumberError, normalise_big_number
from meldcode.audit.services import audit_record
from meldcode.codes import normalise, random_code

from . import badges, content, grading
from .attendance import Completion
from .attendance import register_number as written_number
from .certificate_pdf import certificate_pdf
from .certificates import certificate_code
from .frozen import FrozenAccreditation, FrozenCertificate
from .links import verify_url
from .models import (
    Accreditation,
    Attempt,
    AttemptAnswer,
    Certificate,
    Cohort,
    LessonView,
    Membership,
    Module,
    ModuleVersion,
    Register,
    RegisterNumber,
    RevocationReason,
)


class ContentNotLoaded(Exception):
    """The module's files are at another version than the database has loaded."""


class AttemptRefused(Exception):
    """A new attempt may not start now; ``verdict`` and ``until`` say why and how long."""

    def __init__(self, outcome: grading.MayStart) -> None:
        """Keep the outcome of the rule."""
        super().__init__(outcome.verdict)
        self.outcome = outcome


class AttemptClosed(Exception):
    """The attempt was already submitted (another tab, a double click) or is out of date."""


class CohortClosed(Exception):
    """No open cohort has this join code."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """What loading one module did."""

    slug: str
    version: str
    created: bool


# --- modules ---------------------------------------------------------------


@transaction.atomic
def modules_load(*, modules: Sequence[content.Module] | None = None) -> list[Loaded]:
    """Record the shipped modules' versions in the database and make them current.

    Content has versions: a version once loaded is fixed, so files that
    changed without a new version number are refused rather than silently
    changing what earlier attempts and certificates were made against.
    """
    loaded = []
    for item in content.modules() if modules is None else modules:
        module, _ = Module.objects.select_for_update().get_or_create(
            slug=item.slug, defaults={"order": item.order}
        )
        version = ModuleVersion.objects.filter(module=module, version=item.version).first()
        created = version is None
        if version is None:
            version = ModuleVersion.objects.create(
                module=module,
                version=item.version,
                digest=item.digest,
                title_nl=item.title.nl,
                title_en=item.title.en,
                minutes=item.minutes,
            )
            audit_record(
                actor_id=None,
                action="elearning.module_loaded",
                target=f"module:{item.slug}",
                data={"version": item.version, "digest": item.digest},
            )
        elif version.digest != item.digest:
            raise content.ContentError(
                f"{item.slug}: the files of version {item.version} changed; "
                "give the module a new version number"
            )
        if module.current_version_id != version.pk or module.order != item.order:
            module.current_version = version
            module.order = item.order
            module.save(update_fields=["current_version", "order"])
        loaded.append(Loaded(slug=item.slug, version=item.version, created=created))
    return loaded


def module_content(module: Module) -> content.Module:
    """Return the files' content of ``module``; raise ContentNotLoaded when they differ."""
    for item in content.modules():
        if item.slug == module.slug:
            current = module.current_version
            if current is None or current.version != item.version:
                raise ContentNotLoaded(module.slug)
            return item
    raise ContentNotLoaded(module.slug)


# --- progress and completion ------------------------------------------------


def _since(user: User, module: Module) -> datetime | None:
    """Return when the learner's last certificate of ``module`` was completed, if any.

    Progress counts from there: a renewal asks for the lessons and the quiz
    again, as the accreditation of a new completion does.
    """
    last = (
        Certificate.objects.filter(user=user, module=module)
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    return last


def lessons_viewed(user: User, module: Module) -> set[str]:
    """Return the slugs of the lessons read since the last completion."""
    return _viewed_since(user, module, _since(user, module))


def _viewed_since(user: User, module: Module, since: datetime | None) -> set[str]:
    """Return the slugs of the lessons read after ``since`` (None: ever)."""
    views = LessonView.objects.filter(user=user, module=module)
    if since is not None:
        views = views.filter(viewed_at__gt=since)
    return set(views.values_list("lesson", flat=True))


def current_certificate(user: User, module: Module, *, today: date) -> Certificate | None:
    """Return the learner's valid certificate of ``module`` on ``today``, if there is one."""
    return (
        Certificate.objects.filter(
            user=user, module=module, revoked_at__isnull=True, valid_until__gte=today
        )
        .order_by("-completed_at")
        .first()
    )


@transaction.atomic
def lesson_view_record(*, user: User, module: Module, lesson: str) -> Certificate | None:
    """Record that the learner read ``lesson`` now; issue the certificate if that completes."""
    now = timezone.now()
    LessonView.objects.update_or_create(
        user=user, module=module, lesson=lesson, defaults={"viewed_at": now}
    )
    return _complete(user=user, module=module, now=now)


def _complete(*, user: User, module: Module, now: datetime) -> Certificate | None:
    """Issue a certificate when every lesson is read and an unused passed attempt exists.

    The learner's row is locked first, so that two requests that complete at
    once (the last lesson in one tab, the quiz in another) issue one certificate.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()
    item = module_content(module)
    # The last issue, if any: progress counts from its completion, and a new one renews it.
    previous = (
        Certificate.objects.filter(user=user, module=module)
        .defer("pdf", "data")
        .order_by("-completed_at")
        .first()
    )
    since = previous.completed_at if previous is not None else None
    if not {lesson.slug for lesson in item.lessons} <= _viewed_since(user, module, since):
        return None
    attempts = Attempt.objects.filter(
        user=user, module=module, passed=True, certificate__isnull=True
    )
    if since is not None:
        attempts = attempts.filter(finished_at__gt=since)
    attempt = attempts.order_by("-finished_at").first()
    if attempt is None:
        return None
    return _issue(user=user, module=module, attempt=attempt, previous=previous, now=now)


def _number_for(user: User, register: Register, numbers: Mapping[int, str]) -> str:
    """Return the learner's number as ``register`` writes it, or "" when there is none."""
    completion = Completion(
        accreditation_id="",
        completed_on=date.min,
        big_number=user.big_number,
        register_number=numbers.get(register.pk, ""),
    )
    return written_number(completion, register.number_format()) or ""


def _valid_until(completed_on: date, years: int) -> date:
    """Return the last day a certificate completed on ``completed_on`` is valid."""
    try:
        end = completed_on.replace(year=completed_on.year + years)
    except ValueError:  # 29 February
        end = completed_on.replace(year=completed_on.year + years, day=28)
    return end - timedelta(days=1)


def _issue(
    *,
    user: User,
    module: Module,
    attempt: Attempt,
    previous: Certificate | None,
    now: datetime,
) -> Certificate:
    """Freeze the certificate's data, render its PDF and store both."""
    version = attempt.module_version
    completed_on = timezone.localdate(now)
    numbers = dict(RegisterNumber.objects.filter(user=user).values_list("register_id", "number"))
    accreditations = [
        FrozenAccreditation(
            register=accreditation.register.name,
            accreditation_id=accreditation.accreditation_id,
            points=accreditation.points,
            number=_number_for(user, accreditation.register, numbers),
        )
        for accreditation in Accreditation.objects.filter(
            module=module, valid_from__lte=completed_on, valid_until__gte=completed_on
        )
        .select_related("register")
        .order_by("register__name", "accreditation_id")
    ]
    try:
        big = normalise_big_number(user.big_number) if user.big_number else ""
    except BigNumberError:
        big = ""
    salt = secrets.token_hex(16)
    # Printed in the language the learner took the module in; Dutch unless English.
    language = content.content_language(translation.get_language())
    for _ in range(5):
        code = certificate_code()
        frozen = FrozenCertificate(
            code=code,
            name=user.full_name,
            big_number=big,
            module_slug=module.slug,
            module_title=version.title,
            module_version=version.version,
            minutes=version.minutes,
            completed_on=completed_on,
            valid_until=_valid_until(completed_on, module.validity_years),
            language=language,
            accreditations=tuple(accreditations),
        )
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=code,
                    user=user,
                    module=module,
                    module_version=version,
                    attempt=attempt,
                    renews=previous,
                    completed_at=now,
                    valid_until=frozen.valid_until,
                    data=frozen.to_json(),
                    pdf=certificate_pdf(frozen, verify_url=verify_url(code)),
                    badge_salt=salt,
                    badge_identity=badges.recipient(user.email, salt=salt)["identity"],
                )
        except IntegrityError:
            # A code collision at 80 bits is next to impossible; draw again rather than fail.
            continue
        audit_record(
            actor_id=user.pk,
            action="elearning.certificate_issued",
            target=f"certificate:{certificate.pk}",
            data={"module": module.slug, "version": version.version},
        )
        return certificate
    raise RuntimeError("could not draw a free certificate code")


# --- quiz -------------------------------------------------------------------


def attempt_policy() -> tuple[int | None, timedelta, timedelta | None]:
    """Return the attempt limit, the cool-down and the limit's window from the settings."""
    limit = settings.ELEARNING_ATTEMPT_LIMIT
    window = settings.ELEARNING_ATTEMPT_WINDOW
    return limit, settings.ELEARNING_COOLDOWN, window


def may_start(user: User, module: Module, *, now: datetime) -> grading.MayStart:
    """Decide whether the learner may start an attempt at ``now`` (a read, no lock)."""
    since = _since(user, module)
    finished = Attempt.objects.filter(user=user, module=module, finished_at__isnull=False)
    if since is not None:
        finished = finished.filter(finished_at__gt=since)
    limit, cooldown, window = attempt_policy()
    return grading.may_start(
        finished=[m for m in finished.values_list("finished_at", flat=True) if m is not None],
        passed=current_certificate(user, module, today=timezone.localdate(now)) is not None
        or finished.filter(passed=True).exists(),
        limit=limit,
        cooldown=cooldown,
        now=now,
        window=window,
    )


@transaction.atomic
def attempt_start(*, user: User, module: Module) -> Attempt:
    """Return the learner's open attempt, or draw a new one if the rules allow it.

    An open attempt of the current version is reused, so a second tab or a
    reload shows the same questions instead of drawing a fresh set to skim.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()
    item = module_content(module)
    version = module.current_version
    if version is None:
        raise ContentNotLoaded(module.slug)
    open_attempt = (
        Attempt.objects.filter(
            user=user,
            module=module,
            finished_at__isnull=True,
            module_version=version,
        )
        .order_by("-started_at")
        .first()
    )
    if open_attempt is not None:
        return open_attempt
    now = timezone.now()
    outcome = may_start(user, module, now=now)
    if outcome.verdict != "ok":
        raise AttemptRefused(outcome)
    drawn = grading.draw(item, rng=random.SystemRandom())
    attempt = Attempt.objects.create(
        user=user,
        module=module,
        module_version=version,
        started_at=now,
        drawn=[{"question": d.question, "options": list(d.options)} for d in drawn],
    )
    audit_record(
        actor_id=user.pk,
        action="elearning.attempt_started",
        target=f"attempt:{attempt.pk}",
        data={"module": module.slug},
    )
    return attempt


def drawn_of(attempt: Attempt) -> tuple[grading.Drawn, ...]:
    """Return the attempt's questions as the grading rules take them."""
    return tuple(
        grading.Drawn(question=str(item["question"]), options=tuple(item["options"]))
        for item in attempt.drawn
    )


@transaction.atomic
def attempt_submit(
    *, user: User, attempt_id: int, answers: Mapping[str, frozenset[str]]
) -> tuple[Attempt, grading.Grade, Certificate | None]:
    """Grade the learner's open attempt; on a pass, complete the module if the lessons are read.

    The attempt's row is locked, so a double submission grades once; the
    second finds it closed.
    """
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("module", "module__current_version", "module_version")
        .filter(pk=attempt_id, user=user)
        .first()
    )
    if attempt is None or attempt.finished_at is not None:
        raise AttemptClosed
    if attempt.module.current_version_id != attempt.module_version_id:
        # The module changed while the learner answered: its questions may differ now.
        raise AttemptClosed
    item = module_content(attempt.module)
    result = grading.grade(item, drawn_of(attempt), answers)
    now = timezone.now()
    attempt.finished_at = now
    attempt.answers = {question: sorted(chosen) for question, chosen in answers.items()}
    attempt.percent = result.percent
    attempt.passed = result.passed
    attempt.save(update_fields=["finished_at", "answers", "percent", "passed"])
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(attempt=attempt, module=attempt.module, question=r.question, right=r.right)
        for r in result.results
    )
    audit_record(
        actor_id=user.pk,
        action="elearning.attempt_finished",
        target=f"attempt:{attempt.pk}",
        data={"percent": result.percent, "passed": result.passed},
    )
    certificate = _complete(user=user, module=attempt.module, now=now) if result.passed else None
    return attempt, result, certificate


# --- certificates -------------------------------------------------------------


@transaction.atomic
def certificate_revoke(
    *, certificate_id: int, by: User, reason: RevocationReason | str
) -> Certificate:
    """Revoke a certificate with a reason category; revoking twice keeps the first."""
    if reason not in RevocationReason.values:
        raise ValueError(f"unknown revocation reason {reason!r}")
    certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
    if certificate.revoked_at is not None:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = str(reason)
    certificate.revoked_by = by
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit_record(
        actor_id=by.pk,
        action="elearning.certificate_revoked",
        target=f"certificate:{certificate.pk}",
        data={"reason": str(reason)},
    )
    return certificate


def frozen_of(certificate: Certificate) -> FrozenCertificate:
    """Return the certificate's frozen record."""
    return FrozenCertificate.from_json(certificate.data)


@transaction.atomic
def certificate_regenerate(*, certificate_id: int, by: User | None) -> Certificate:
    """Render the certificate's PDF again from its frozen data (never from live data)."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
    certificate.pdf = certificate_pdf(
        frozen_of(certificate), verify_url=verify_url(certificate.code)
    )
    certificate.save(update_fields=["pdf"])
    audit_record(
        actor_id=by.pk if by else None,
        action="elearning.certificate_regenerated",
        target=f"certificate:{certificate.pk}",
    )
    return certificate


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """Return the PDF stored at issue, or render it from the frozen data if it is missing."""
    stored = certificate.pdf
    if stored:
        return bytes(stored)
    return certificate_pdf(frozen_of(certificate), verify_url=verify_url(certificate.code))


# --- learners' numbers and cohorts ---------------------------------------------


@transaction.atomic
def register_number_set(*, user: User, register: Register, number: str) -> None:
    """Keep (or, when empty, remove) the learner's number in a register."""
    number = number.strip()
    if not number:
        RegisterNumber.objects.filter(user=user, register=register).delete()
    else:
        RegisterNumber.objects.update_or_create(
            user=user, register=register, defaults={"number": number}
        )
    audit_record(
        actor_id=user.pk,
        action="elearning.register_number_set",
        target=f"user:{user.pk}",
        data={"register": register.code, "removed": not number},
    )


JOIN_GROUPS = 3
JOIN_SIZE = 4


@transaction.atomic
def cohort_create(*, trainer: User, name: str, modules: Sequence[Module]) -> Cohort:
    """Create a cohort with a fresh join code (60 bits: not guessable, easy to pass on)."""
    while True:
        code = random_code(JOIN_GROUPS, JOIN_SIZE)
        if not Cohort.objects.filter(join_code=code).exists():
            break
    cohort = Cohort.objects.create(name=name, trainer=trainer, join_code=code)
    cohort.modules.set(modules)
    audit_record(
        actor_id=trainer.pk,
        action="elearning.cohort_created",
        target=f"cohort:{cohort.pk}",
        data={"modules": [m.slug for m in modules]},
    )
    return cohort


@transaction.atomic
def cohort_join(*, user: User, code: str) -> Cohort:
    """Add the learner to the open cohort with join code ``code``; joining twice is harmless."""
    canonical = normalise(code, groups=JOIN_GROUPS, size=JOIN_SIZE)
    cohort = Cohort.objects.filter(join_code=canonical, open=True).first() if canonical else None
    if cohort is None:
        raise CohortClosed
    _, created = Membership.objects.get_or_create(cohort=cohort, user=user)
    if created:
        audit_record(
            actor_id=user.pk, action="elearning.cohort_joined", target=f"cohort:{cohort.pk}"
        )
    return cohort
