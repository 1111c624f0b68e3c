"""The figures of a cohort's dashboard, each from aggregate queries.

The database does the counting, so the number of queries is the same for
three learners as for five thousand, and no learner's rows are walked in
Python. The figures per module and the chart come from one grouped pass
over the members' certificates, attempts and lessons read
(:func:`cohort_figures`); the learners' table asks per *pair* of a member of
the page and a cohort module: joining the memberships with the cohort's
modules (``F("cohort__modules")``) gives one row per pair, and correlated
``EXISTS`` and scalar subqueries over the indexed progress tables answer
each question about it (:func:`progress_cells`).

Every function takes a cohort the caller got from
:func:`~elearning.trainer.selectors.cohort_get_for_user`: access is checked
there, once.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final, Literal

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from elearning import content
from elearning.models import (
    Attempt,
    AttemptAnswer,
    Certificate,
    Cohort,
    LessonView,
    Membership,
    Module,
)

from .selectors import language, member_ids, module_title

# The learners' table shows this many a page.
PAGE_SIZE: Final = 50
# A question is ranked among the hardest only once it was answered this often.
HARDEST_MIN_ANSWERS: Final = 5
HARDEST_COUNT: Final = 5
# The hardest questions are those of the members' latest attempts, this many (16,000
# answers): enough to rank a pool of questions, and a bound on the work for a cohort of
# thousands (a grouped count over every answer of 5,000 learners took half a second on
# SQLite).
HARDEST_SAMPLE: Final = 2000

State = Literal["not_started", "lessons", "passed", "valid", "expired", "revoked"]


def _pairs(cohort_id: int) -> QuerySet[Any]:
    """Return one row per member and cohort module, the module's id as ``module_ref``."""
    return (
        Membership.objects.filter(cohort_id=cohort_id)
        .annotate(module_ref=F("cohort__modules"))
        .filter(module_ref__isnull=False)
    )


def _pair_certificates() -> QuerySet[Certificate]:
    """Return the certificates of the pair in the enclosing query."""
    return Certificate.objects.filter(user_id=OuterRef("user_id"), module_id=OuterRef("module_ref"))


def _lesson_counts() -> dict[str, int]:
    """Return the number of lessons of each module's files, by slug."""
    return {item.slug: len(item.lessons) for item in content.modules()}


@dataclass(frozen=True, slots=True)
class ModuleFigures:
    """The dashboard's figures of one module of the cohort."""

    module: Module
    title: str
    members: int
    started: int
    # Members with a certificate of the module (any state), and with a valid one today.
    completed: int
    valid: int
    # The mean over members who took the quiz of their best percentage.
    average_best: float | None
    attempts: int
    passed_attempts: int

    @property
    def pass_rate(self) -> float | None:
        """Return the share of finished attempts that passed, or None without attempts."""
        return self.passed_attempts / self.attempts if self.attempts else None

    @property
    def pass_percent(self) -> int | None:
        """Return the pass rate as a whole percentage, or None without attempts."""
        rate = self.pass_rate
        return None if rate is None else round(rate * 100)

    @property
    def completed_percent(self) -> int:
        """Return the share of members with a certificate as a whole percentage."""
        return round(self.completed * 100 / self.members) if self.members else 0


# One pass over the members' progress rows of the cohort's modules. Each table is first
# grouped by (module, learner) pair, in the order of its (user, module, ...) index; the
# pairs are then folded and counted per module and per hour (in UTC, as text) of the
# pair's first completion. Correlated subqueries per pair took twice as long on SQLite
# and three times as long on PostgreSQL, whose executor pays for every subplan call;
# grouping is what both do well. The certificates are read from their index alone: on
# SQLite a column stored after the PDF costs a walk through the PDF's overflow pages.
_FIGURES_SQL = """
SELECT module_id, SUBSTR(CAST(first AS VARCHAR(40)), 1, 13) AS hour,
       COUNT(*) AS started, COUNT(first) AS completed,
       COUNT(best) AS tried, SUM(best) AS best_sum, SUM(graded) AS graded, SUM(passed) AS passed
FROM (
    SELECT module_id, user_id, MIN(first) AS first, MAX(best) AS best,
           SUM(graded) AS graded, SUM(passed) AS passed
    FROM (
        SELECT c.module_id, c.user_id, MIN(c.completed_at) AS first,
               NULL AS best, 0 AS graded, 0 AS passed
        FROM {certificate} c
        WHERE c.user_id IN (SELECT user_id FROM {membership} WHERE cohort_id = %(cohort)s)
          AND c.module_id IN (SELECT module_id FROM {modules} WHERE cohort_id = %(cohort)s)
        GROUP BY c.module_id, c.user_id
        UNION ALL
        SELECT a.module_id, a.user_id, NULL, MAX(a.percent), COUNT(a.percent),
               SUM(CASE WHEN a.passed THEN 1 ELSE 0 END)
        FROM {attempt} a
        WHERE a.user_id IN (SELECT user_id FROM {membership} WHERE cohort_id = %(cohort)s)
          AND a.module_id IN (SELECT module_id FROM {modules} WHERE cohort_id = %(cohort)s)
        GROUP BY a.module_id, a.user_id
        UNION ALL
        SELECT v.module_id, v.user_id, NULL, NULL, 0, 0
        FROM {lesson_view} v
        WHERE v.user_id IN (SELECT user_id FROM {membership} WHERE cohort_id = %(cohort)s)
          AND v.module_id IN (SELECT module_id FROM {modules} WHERE cohort_id = %(cohort)s)
        GROUP BY v.module_id, v.user_id
    ) AS progress
    GROUP BY module_id, user_id
) AS pairs
GROUP BY module_id, SUBSTR(CAST(first AS VARCHAR(40)), 1, 13)
"""


@dataclass(frozen=True, slots=True)
class CohortFigures:
    """The figures of each cohort module, and the first completions for the chart."""

    modules: list[ModuleFigures]
    # How many member and module pairs were first completed on each local day.
    first_completions: dict[date, int]


def _figures_sql() -> str:
    """Return the figures' query with the tables' names, quoted for the database."""
    quote = connection.ops.quote_name
    return _FIGURES_SQL.format(
        certificate=quote(Certificate._meta.db_table),
        attempt=quote(Attempt._meta.db_table),
        lesson_view=quote(LessonView._meta.db_table),
        membership=quote(Membership._meta.db_table),
        modules=quote(Cohort.modules.through._meta.db_table),
    )


def _valid_counts(cohort: Cohort, *, today: date) -> dict[int, int]:
    """Return how many members hold a valid certificate today, per module (one query).

    Asked per pair with ``EXISTS``: with an index on (user, module,
    valid_until) of the certificates not revoked, each pair is one probe of
    that index and no certificate row is read.
    """
    valid = _pair_certificates().filter(revoked_at__isnull=True, valid_until__gte=today)
    return {
        row["module_ref"]: row["valid"]
        for row in _pairs(cohort.pk)
        .order_by()
        .values("module_ref")
        .annotate(valid=Count("pk", filter=Q(Exists(valid))))
    }


def cohort_figures(
    cohort: Cohort, modules: Sequence[Module], *, members: int, today: date
) -> CohortFigures:
    """Return the figures of each cohort module and the chart's first completions (two queries).

    Per module: the members who started (read a lesson, took the quiz or
    hold a certificate), who completed (hold a certificate in any state),
    who hold a valid one today, the mean of the best scores of those who
    took the quiz, and the graded attempts and how many passed. The first
    completions are grouped by the hour in UTC, which both databases write
    as text natively, and read as local days here: every offset of the
    site's time zone is whole hours, so the local day of the hour is exact.
    """
    names = ("started", "completed", "tried", "best_sum", "graded", "passed")
    totals: dict[int, dict[str, float]] = {}
    days: dict[date, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(_figures_sql(), {"cohort": cohort.pk})
        for module_id, hour, *counts in cursor.fetchall():
            into = totals.setdefault(module_id, dict.fromkeys(names, 0.0))
            for name, value in zip(names, counts, strict=True):
                into[name] += float(value or 0)
            if hour is not None:
                moment = datetime.strptime(str(hour), "%Y-%m-%d %H").replace(tzinfo=UTC)
                day = timezone.localdate(moment)
                days[day] = days.get(day, 0) + int(counts[1])
    valid = _valid_counts(cohort, today=today)
    figures = []
    for item in modules:
        row = totals.get(item.pk, {})
        tried = int(row.get("tried", 0))
        figures.append(
            ModuleFigures(
                module=item,
                title=module_title(item),
                members=members,
                started=int(row.get("started", 0)),
                completed=int(row.get("completed", 0)),
                valid=valid.get(item.pk, 0),
                average_best=row["best_sum"] / tried if tried else None,
                attempts=int(row.get("graded", 0)),
                passed_attempts=int(row.get("passed", 0)),
            )
        )
    return CohortFigures(modules=figures, first_completions=days)


@dataclass(frozen=True, slots=True)
class HardQuestion:
    """A question the members answered wrong most often."""

    module: Module
    module_name: str
    question: str
    text: str
    answers: int
    wrong: int

    @property
    def share(self) -> float:
        """Return the share of answers that were wrong."""
        return self.wrong / self.answers

    @property
    def percent(self) -> int:
        """Return the share wrong as a whole percentage."""
        return round(self.share * 100)


def hardest_questions(
    cohort: Cohort, modules: Sequence[Module], *, count: int = HARDEST_COUNT
) -> list[HardQuestion]:
    """Return the questions most often answered wrong by members (one grouped query).

    The answers counted are those of the cohort's modules in the members'
    latest :data:`HARDEST_SAMPLE` attempts. A question counts once it has
    :data:`HARDEST_MIN_ANSWERS` answers, so one unlucky learner does not put
    it on top; one nobody got wrong is no hard question.
    """
    by_id = {m.pk: m for m in modules}
    # The members' latest attempts by id, which grows as attempts start. Filtered by
    # member only: with the module too, SQLite reads each member's attempts of each
    # module by the (user, module) index and sorts them all, ten times slower.
    attempts = Attempt.objects.filter(user_id__in=member_ids(cohort)).order_by("-pk")
    latest = attempts.values("pk")[:HARDEST_SAMPLE]
    rows = (
        AttemptAnswer.objects.filter(attempt_id__in=latest, module_id__in=list(by_id))
        .order_by()
        .values("module_id", "question")
        .annotate(answers=Count("pk"), wrong=Count("pk", filter=Q(right=False)))
        .filter(answers__gte=HARDEST_MIN_ANSWERS, wrong__gt=0)
        .annotate(share=Cast("wrong", FloatField()) / Cast("answers", FloatField()))
        .order_by("-share", "-answers", "module_id", "question")[:count]
    )
    files = {item.slug: item for item in content.modules()}
    lang = language()
    hardest = []
    for row in rows:
        module = by_id[row["module_id"]]
        item = files.get(module.slug)
        question = item.question(row["question"]) if item is not None else None
        hardest.append(
            HardQuestion(
                module=module,
                module_name=module_title(module),
                question=row["question"],
                # A question since dropped from the files is shown by its id.
                text=question.text.get(lang) if question is not None else row["question"],
                answers=row["answers"],
                wrong=row["wrong"],
            )
        )
    return hardest


# --- progress per learner -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One learner's progress in one module."""

    module: Module
    state: State
    lessons: int
    total_lessons: int


@dataclass(frozen=True, slots=True)
class LearnerRow:
    """A learner's line of the progress table."""

    user_id: int
    name: str
    email: str
    cells: tuple[Cell, ...]


def _state(row: Mapping[str, Any]) -> State:
    """Return a pair's state from its annotated row, the certificate's before the rest."""
    if row["has_valid"]:
        return "valid"
    if row["latest_certificate"] is not None:
        return "revoked" if row["latest_revoked"] is not None else "expired"
    if row["passed"]:
        return "passed"
    if row["lessons"] or row["attempted"]:
        return "lessons"
    return "not_started"


def progress_cells(
    cohort: Cohort, modules: Sequence[Module], user_ids: Sequence[int], *, today: date
) -> dict[int, tuple[Cell, ...]]:
    """Return each listed member's cells, one per cohort module (one query)."""
    user, module = OuterRef("user_id"), OuterRef("module_ref")
    certificates = _pair_certificates()
    # Ordered as the (user, module, -completed_at) index is, so no sort is needed.
    latest = certificates.order_by("-completed_at")
    lesson_count = (
        LessonView.objects.filter(user_id=user, module_id=module)
        .order_by()
        .values("module_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        _pairs(cohort.pk)
        .filter(user_id__in=list(user_ids))
        .annotate(
            has_valid=Exists(certificates.filter(revoked_at__isnull=True, valid_until__gte=today)),
            latest_certificate=Subquery(latest.values("pk")[:1]),
            latest_revoked=Subquery(latest.values("revoked_at")[:1]),
            passed=Exists(Attempt.objects.filter(user_id=user, module_id=module, passed=True)),
            attempted=Exists(Attempt.objects.filter(user_id=user, module_id=module)),
            lessons=Coalesce(Subquery(lesson_count, output_field=IntegerField()), Value(0)),
        )
        .order_by()
        .values(
            "user_id",
            "module_ref",
            "has_valid",
            "latest_certificate",
            "latest_revoked",
            "passed",
            "attempted",
            "lessons",
        )
    )
    found = {(row["user_id"], row["module_ref"]): row for row in rows}
    totals = _lesson_counts()
    cells: dict[int, tuple[Cell, ...]] = {}
    for user_id in user_ids:
        line = []
        for item in modules:
            row = found.get((user_id, item.pk))
            total = totals.get(item.slug, 0)
            if row is None:
                line.append(Cell(module=item, state="not_started", lessons=0, total_lessons=total))
                continue
            # A lesson of an earlier version may be counted: never show more than there are.
            read = min(int(row["lessons"]), total)
            line.append(Cell(module=item, state=_state(row), lessons=read, total_lessons=total))
        cells[user_id] = tuple(line)
    return cells


def progress_page(
    cohort: Cohort, modules: Sequence[Module], page_number: object, *, today: date
) -> tuple[Page[Membership], list[LearnerRow]]:
    """Return a page of the members, sorted by name, with their cells (three queries)."""
    memberships = (
        Membership.objects.filter(cohort=cohort)
        .select_related("user")
        .only("pk", "user_id", "user__full_name", "user__email")
        .order_by("user__full_name", "user__email", "pk")
    )
    page = Paginator(memberships, PAGE_SIZE).get_page(
        page_number if isinstance(page_number, (int, str)) else None
    )
    members = list(page.object_list)
    cells = progress_cells(cohort, modules, [m.user_id for m in members], today=today)
    rows = [
        LearnerRow(
            user_id=m.user_id,
            name=m.user.full_name,
            email=m.user.email,
            cells=cells[m.user_id],
        )
        for m in members
    ]
    return page, rows
