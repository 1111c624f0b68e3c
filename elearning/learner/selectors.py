"""Reads of the learner's pages, each limited to the learner's own records.

Attempts and certificates are looked up together with their owner, so
another learner's attempt or certificate answers 404 exactly like one that
does not exist. Progress is put together from a few queries per module; the
site has a handful of modules, not hundreds.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from elearning import content, services
from elearning.certificates import read_code
from elearning.models import Accreditation, Attempt, Certificate, Cohort, Module, Register
from meldcode.accounts.models import User
from meldcode.codes import normalise

QuizState = Literal["completed", "open", "passed", "failed", "none"]


# --- modules -------------------------------------------------------------------


def modules_listed() -> QuerySet[Module]:
    """Return the modules that have a loaded version, in their order."""
    return Module.objects.select_related("current_version").filter(current_version__isnull=False)


def module_get(*, slug: str) -> Module:
    """Return the module with ``slug``; 404 when there is none or it was never loaded."""
    module = modules_listed().filter(slug=slug).first()
    if module is None:
        raise Http404("No such module.")
    return module


def lesson_get(item: content.Module, slug: str) -> content.Lesson:
    """Return the lesson ``slug`` of a module's content; 404 when it has none."""
    lesson = next((lesson for lesson in item.lessons if lesson.slug == slug), None)
    if lesson is None:
        raise Http404("No such lesson.")
    return lesson


def accreditations_current(module: Module, *, today: date) -> QuerySet[Accreditation]:
    """Return the module's accreditations whose window holds ``today``, by register."""
    return (
        Accreditation.objects.filter(module=module, valid_from__lte=today, valid_until__gte=today)
        .select_related("register")
        .order_by("register__name", "accreditation_id")
    )


# --- attempts -------------------------------------------------------------------


def attempts_of(*, user: User, module: Module) -> QuerySet[Attempt]:
    """Return the learner's attempts at the module's quiz, newest first."""
    return Attempt.objects.filter(user=user, module=module).order_by("-started_at", "-pk")


def attempt_get_for_user(*, user: User, module: Module, attempt_id: int) -> Attempt:
    """Return the learner's attempt at ``module``; 404 alike for missing and foreign ones."""
    attempt = (
        attempts_of(user=user, module=module)
        .select_related("module_version")
        .filter(pk=attempt_id)
        .first()
    )
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def attempt_open(*, user: User, module: Module) -> Attempt | None:
    """Return the open attempt that starting the quiz would continue, if there is one.

    This is the attempt :func:`elearning.services.attempt_start` reuses: one
    of the current version that was not submitted.
    """
    return (
        attempts_of(user=user, module=module)
        .filter(finished_at__isnull=True, module_version_id=module.current_version_id)
        .first()
    )


# --- certificates -------------------------------------------------------------------


def certificates_of(user: User) -> QuerySet[Certificate]:
    """Return every certificate of the learner, by module and newest first, without the PDF."""
    return (
        Certificate.objects.filter(user=user)
        .select_related("module", "renews")
        .defer("pdf", "renews__pdf", "renews__data")
        .order_by("module__order", "module__slug", "-completed_at", "-pk")
    )


def certificate_of_attempt(attempt: Attempt) -> Certificate | None:
    """Return the certificate a passed attempt completed, if it did."""
    return Certificate.objects.filter(attempt=attempt).defer("pdf").first()


def certificate_get_for_user(*, user: User, code: str) -> Certificate:
    """Return the learner's certificate with ``code``; 404 alike for bad, missing and foreign."""
    canonical = read_code(code)
    certificate = (
        Certificate.objects.filter(user=user, code=canonical).first() if canonical else None
    )
    if certificate is None:
        raise Http404("No such certificate.")
    return certificate


# --- progress -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LessonMark:
    """A lesson in a module's list, and whether the learner read it."""

    slug: str
    number: int
    title: str
    minutes: int
    read: bool
    url: str


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the learner stands in one module.

    ``content`` is None when the module's files are at another version than
    the database (it is being updated); the rest then says what it can.
    """

    module: Module
    content: content.Module | None
    title: str
    summary: str
    minutes: int
    lessons: tuple[LessonMark, ...]
    vignettes: int
    quiz: QuizState
    last_percent: int | None
    open_attempt: Attempt | None
    current: Certificate | None
    latest: Certificate | None
    # "valid" with a valid certificate, else the latest one's "expired" or "revoked", or "none".
    certificate_state: str

    @property
    def read(self) -> int:
        """Return how many lessons were read since the last completion."""
        return sum(lesson.read for lesson in self.lessons)

    @property
    def unread(self) -> tuple[LessonMark, ...]:
        """Return the lessons still to read."""
        return tuple(lesson for lesson in self.lessons if not lesson.read)

    @property
    def renewable(self) -> bool:
        """Tell whether the learner had a certificate that is no longer valid."""
        return self.current is None and self.latest is not None


def lesson_marks(
    *, module: Module, item: content.Module, viewed: set[str], language: str
) -> tuple[LessonMark, ...]:
    """Return the module's lessons in order, each marked read when it is in ``viewed``."""
    return tuple(
        LessonMark(
            slug=lesson.slug,
            number=lesson.number,
            title=lesson.title.get(language),
            minutes=lesson.minutes,
            read=lesson.slug in viewed,
            url=reverse("elearning:lesson", args=[module.slug, lesson.slug]),
        )
        for lesson in item.lessons
    )


def lessons_read(*, user: User, module: Module, item: content.Module, today: date) -> set[str]:
    """Return the lessons to mark read: those read since the last completion, or all of them.

    Reading counts from the last completion, so that a renewal asks for the
    lessons again; while a certificate is valid, every lesson was read for it.
    """
    if services.current_certificate(user, module, today=today) is not None:
        return {lesson.slug for lesson in item.lessons}
    return services.lessons_viewed(user, module)


def progress_of(
    *,
    user: User,
    module: Module,
    language: str,
    today: date,
    certificates: Sequence[Certificate],
    attempts: Sequence[Attempt],
) -> Progress:
    """Put together the learner's progress in ``module``.

    ``certificates`` and ``attempts`` are the learner's own of this module,
    newest first; the caller fetches them, once for all modules on the index.
    The quiz counts from the last completion, as the services do: a renewal
    asks for a new pass.
    """
    try:
        item: content.Module | None = services.module_content(module)
    except services.ContentNotLoaded:
        item = None
    latest = certificates[0] if certificates else None
    since = latest.completed_at if latest else None
    current = next((c for c in certificates if c.state(today) == "valid"), None)
    open_attempt = next(
        (
            a
            for a in attempts
            if a.finished_at is None and a.module_version_id == module.current_version_id
        ),
        None,
    )
    finished = [
        a
        for a in attempts
        if a.finished_at is not None and (since is None or a.finished_at > since)
    ]
    quiz: QuizState
    if current is not None:
        quiz = "completed"
    elif open_attempt is not None:
        quiz = "open"
    elif any(a.passed for a in finished):
        quiz = "passed"
    elif finished:
        quiz = "failed"
    else:
        quiz = "none"
    version = module.current_version
    lessons: tuple[LessonMark, ...] = ()
    if item is not None:
        # As lessons_read(), with the certificates the caller fetched.
        viewed = (
            {lesson.slug for lesson in item.lessons}
            if current is not None
            else services.lessons_viewed(user, module)
        )
        lessons = lesson_marks(module=module, item=item, viewed=viewed, language=language)
    return Progress(
        module=module,
        content=item,
        title=item.title.get(language) if item else version.title.get(language) if version else "",
        summary=item.summary.get(language) if item else "",
        minutes=item.minutes if item else version.minutes if version else 0,
        lessons=lessons,
        vignettes=len(item.vignettes) if item else 0,
        quiz=quiz,
        last_percent=finished[0].percent if finished else None,
        open_attempt=open_attempt,
        current=current,
        latest=latest,
        certificate_state="valid" if current else latest.state(today) if latest else "none",
    )


def progress_get(*, user: User, module: Module, language: str, today: date) -> Progress:
    """Return the learner's progress in one module."""
    certificates = list(certificates_of(user).filter(module=module))
    attempts = list(attempts_of(user=user, module=module))
    return progress_of(
        user=user,
        module=module,
        language=language,
        today=today,
        certificates=certificates,
        attempts=attempts,
    )


def progress_all(
    *, user: User, language: str, today: date, certificates: Sequence[Certificate]
) -> list[Progress]:
    """Return the learner's progress in every module, fetching the attempts once.

    ``certificates`` are all of the learner's, from :func:`certificates_of`.
    """
    attempts = list(
        Attempt.objects.filter(user=user)
        .only("module_id", "module_version_id", "started_at", "finished_at", "percent", "passed")
        .order_by("-started_at", "-pk")
    )
    return [
        progress_of(
            user=user,
            module=module,
            language=language,
            today=today,
            certificates=[c for c in certificates if c.module_id == module.pk],
            attempts=[a for a in attempts if a.module_id == module.pk],
        )
        for module in modules_listed()
    ]


# --- numbers and cohorts -------------------------------------------------------------


def registers_by_own_number() -> QuerySet[Register]:
    """Return the registers that key on their own number (the learner types it in)."""
    return Register.objects.filter(key=Register.Key.REGISTER).order_by("name")


def registers_by_big_number() -> QuerySet[Register]:
    """Return the registers that key on the BIG-nummer."""
    return Register.objects.filter(key=Register.Key.BIG).order_by("name")


def register_numbers_of(user: User) -> dict[int, str]:
    """Return the learner's register numbers by register id."""
    return dict(user.register_numbers.values_list("register_id", "number"))


def cohort_open_by_code(code: str) -> Cohort | None:
    """Return the open cohort a typed join code names, or None (unknown and closed alike)."""
    canonical = normalise(code, groups=services.JOIN_GROUPS, size=services.JOIN_SIZE)
    if canonical is None:
        return None
    return Cohort.objects.select_related("trainer").filter(join_code=canonical, open=True).first()


def cohorts_of(user: User) -> QuerySet[Cohort]:
    """Return the cohorts the learner joined, with their trainers."""
    return (
        Cohort.objects.filter(memberships__user=user)
        .select_related("trainer")
        .order_by("-memberships__joined_at")
    )


def is_member(*, user: User, cohort: Cohort) -> bool:
    """Tell whether the learner is already in ``cohort``."""
    return cohort.memberships.filter(user=user).exists()
