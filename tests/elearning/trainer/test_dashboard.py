"""The cohort's dashboard: figures per module, the chart, the hardest questions, the learners.

Every figure comes from aggregate queries, so the page makes as many
queries for thirty learners as for three.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from elearning import content, services
from elearning.models import (
    Attempt,
    AttemptAnswer,
    Certificate,
    Cohort,
    LessonView,
    Module,
    RevocationReason,
)
from elearning.trainer import dashboard
from meldcode.accounts.models import User
from tests.elearning import factories
from tests.elearning.trainer import builders


def dashboard_html(client: Client, cohort: Cohort, query: str = "") -> str:
    response = client.get(reverse("trainer:cohort", args=[cohort.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, slug: str) -> str:
    """Return the figures row of module ``slug``."""
    match = re.search(rf'<tr data-module="{slug}">(.*?)</tr>', html, re.S)
    assert match is not None
    return match.group(1)


def cell_states(html: str, user_id: int) -> list[str]:
    """Return the progress states of a learner's row, in module order."""
    match = re.search(rf'<tr data-learner="{user_id}">(.*?)</tr>', html, re.S)
    assert match is not None
    return re.findall(r'data-state="([a-z_]+)"', match.group(1))


@pytest.fixture
def known_cohort(cohort: Cohort, make_user, modules: dict[str, Module]) -> dict[str, User]:
    """Return a cohort of four: one completed module 1, one failed its quiz, one began module 2."""
    people = {
        name: make_user(full_name=name, with_device=False)
        for name in ("Anna Completed", "Bram Failed", "Cor Nothing", "Dirk Reading")
    }
    for user in people.values():
        services.cohort_join(user=user, code=cohort.join_code)
    first, second = modules["wat-is-mensenhandel"], modules["signalen-in-de-spreekkamer"]
    factories.complete(people["Anna Completed"], first)
    bram = people["Bram Failed"]
    factories.read_all(bram, first)
    attempt = services.attempt_start(user=bram, module=first)
    services.attempt_submit(
        user=bram,
        attempt_id=attempt.pk,
        answers=factories.wrong_answers(services.module_content(first), attempt),
    )
    lesson = services.module_content(second).lessons[0]
    services.lesson_view_record(user=people["Dirk Reading"], module=second, lesson=lesson.slug)
    return people


def test_figures_of_a_small_cohort(
    trainer_client: Client, cohort: Cohort, known_cohort: dict[str, User]
) -> None:
    bram_percent = Attempt.objects.get(user=known_cohort["Bram Failed"]).percent
    assert bram_percent is not None
    html = dashboard_html(trainer_client, cohort)
    first = row_of(html, "wat-is-mensenhandel")
    assert 'data-members="4"' in first
    assert 'data-started="2"' in first
    assert 'data-completed="1"' in first
    assert 'data-valid="1"' in first
    assert f'data-average-best="{round((100 + bram_percent) / 2)}"' in first
    assert 'data-attempts="2" data-passed="1"' in first
    second = row_of(html, "signalen-in-de-spreekkamer")
    assert 'data-started="1"' in second
    assert 'data-completed="0"' in second
    assert 'data-average-best=""' in second
    last = row_of(html, "routes-en-partners")
    assert 'data-started="0"' in last


def test_progress_per_learner(
    trainer_client: Client, cohort: Cohort, known_cohort: dict[str, User]
) -> None:
    html = dashboard_html(trainer_client, cohort)
    not_started = ["not_started"] * 3
    assert cell_states(html, known_cohort["Anna Completed"].pk) == ["valid", *not_started]
    assert cell_states(html, known_cohort["Bram Failed"].pk) == ["lessons", *not_started]
    assert cell_states(html, known_cohort["Cor Nothing"].pk) == ["not_started", *not_started]
    assert cell_states(html, known_cohort["Dirk Reading"].pk) == [
        "not_started",
        "lessons",
        "not_started",
        "not_started",
    ]
    # Sorted by name, each linking to the learner's page.
    order = [int(pk) for pk in re.findall(r'<tr data-learner="(\d+)">', html)]
    assert order == [known_cohort[name].pk for name in sorted(known_cohort)]
    for user in known_cohort.values():
        assert reverse("trainer:learner", args=[cohort.pk, user.pk]) in html


def test_lessons_read_are_counted(
    cohort: Cohort, known_cohort: dict[str, User], modules: dict[str, Module]
) -> None:
    modules_in_order = [modules[item.slug] for item in content.modules()]
    dirk = known_cohort["Dirk Reading"]
    cells = dashboard.progress_cells(
        cohort, modules_in_order, [dirk.pk], today=timezone.localdate()
    )
    cell = cells[dirk.pk][1]
    assert (cell.state, cell.lessons) == ("lessons", 1)
    assert cell.total_lessons == len(content.modules()[1].lessons)


def test_a_revoked_certificate_counts_as_completed_not_valid(
    trainer_client: Client, trainer: User, cohort: Cohort, known_cohort: dict[str, User]
) -> None:
    certificate = Certificate.objects.get(user=known_cohort["Anna Completed"])
    services.certificate_revoke(
        certificate_id=certificate.pk, by=trainer, reason=RevocationReason.ISSUED_IN_ERROR
    )
    html = dashboard_html(trainer_client, cohort)
    first = row_of(html, "wat-is-mensenhandel")
    assert 'data-completed="1"' in first
    assert 'data-valid="0"' in first
    assert cell_states(html, known_cohort["Anna Completed"].pk)[0] == "revoked"


def test_an_expired_certificate_and_a_passed_quiz(
    trainer_client: Client, cohort: Cohort, modules: dict[str, Module]
) -> None:
    first = modules["wat-is-mensenhandel"]
    expired, passed = builders.learners(2)
    builders.join(cohort, [expired, passed])
    long_ago = timezone.now() - timedelta(days=800)
    builders.bulk(
        Certificate,
        [builders.certificate(expired, first, code=builders.code(1), completed_at=long_ago)],
    )
    builders.bulk(
        Attempt,
        [builders.attempt(passed, first, finished_at=timezone.now(), percent=90, passed=True)],
    )
    html = dashboard_html(trainer_client, cohort)
    assert cell_states(html, expired.pk)[0] == "expired"
    assert cell_states(html, passed.pk)[0] == "passed"
    row = row_of(html, "wat-is-mensenhandel")
    assert 'data-completed="1"' in row
    assert 'data-valid="0"' in row


def test_the_chart_is_an_accessible_svg_with_a_table(
    trainer_client: Client, cohort: Cohort, known_cohort: dict[str, User]
) -> None:
    html = dashboard_html(trainer_client, cohort)
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    assert 'aria-labelledby="chart-title chart-desc"' in svg.group(0)
    assert '<title id="chart-title">' in svg.group(0)
    assert '<desc id="chart-desc">' in svg.group(0)
    assert "style=" not in svg.group(0)
    assert "<polyline" in svg.group(0)
    # The same figures for screen readers: one pair of 16 completed.
    assert re.search(r'<tr data-week="0" data-completed="1">', html)


def test_the_chart_counts_first_completions_week_by_week(
    trainer_client: Client, cohort: Cohort, modules: dict[str, Module]
) -> None:
    now = timezone.now()
    Cohort.objects.filter(pk=cohort.pk).update(created_at=now - timedelta(days=21))
    first, second = modules["wat-is-mensenhandel"], modules["signalen-in-de-spreekkamer"]
    early, mid, late = builders.learners(3)
    builders.join(cohort, [early, mid, late])
    builders.bulk(
        Certificate,
        [
            # Before the cohort was created: counts from its start.
            builders.certificate(
                early, first, code=builders.code(1), completed_at=now - timedelta(days=30)
            ),
            # In its first week, and renewed later: the pair counts once, from the first.
            builders.certificate(
                mid, first, code=builders.code(2), completed_at=now - timedelta(days=19)
            ),
            builders.certificate(
                mid, first, code=builders.code(3), completed_at=now - timedelta(days=2)
            ),
            # In its second week.
            builders.certificate(
                late, second, code=builders.code(4), completed_at=now - timedelta(days=10)
            ),
        ],
    )
    html = dashboard_html(trainer_client, cohort)
    weeks = re.findall(r'<tr data-week="(\d+)" data-completed="(\d+)">', html)
    assert weeks == [("0", "1"), ("1", "2"), ("2", "3"), ("3", "3")]


def test_first_completions_fall_on_the_local_day(
    cohort: Cohort, modules: dict[str, Module]
) -> None:
    [user] = builders.learners(1)
    builders.join(cohort, [user])
    # 23:30 UTC on 1 March is 00:30 on 2 March in Amsterdam.
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    builders.bulk(
        Certificate,
        [
            builders.certificate(
                user, modules["wat-is-mensenhandel"], code=builders.code(1), completed_at=late
            )
        ],
    )
    modules_in_order = sorted(modules.values(), key=lambda m: m.order)
    figures = dashboard.cohort_figures(cohort, modules_in_order, members=1, today=late.date())
    assert figures.first_completions == {timezone.localdate(late): 1}
    assert timezone.localdate(late).day == 2


def answer_rows(attempt: Attempt, question: str, *, right: int, wrong: int) -> list[AttemptAnswer]:
    return [
        AttemptAnswer(attempt=attempt, module_id=attempt.module_id, question=question, right=True)
        for _ in range(right)
    ] + [
        AttemptAnswer(attempt=attempt, module_id=attempt.module_id, question=question, right=False)
        for _ in range(wrong)
    ]


def test_the_hardest_questions(
    trainer_client: Client, cohort: Cohort, modules: dict[str, Module]
) -> None:
    first = modules["wat-is-mensenhandel"]
    member, stranger = builders.learners(2)
    builders.join(cohort, [member])
    now = timezone.now()
    mine, theirs = builders.bulk(
        Attempt,
        [
            builders.attempt(member, first, finished_at=now, percent=50, passed=False),
            builders.attempt(stranger, first, finished_at=now, percent=0, passed=False),
        ],
    )
    builders.bulk(
        AttemptAnswer,
        [
            *answer_rows(mine, "q01", right=1, wrong=4),  # 80% wrong
            *answer_rows(mine, "q02", right=3, wrong=3),  # 50% of 6
            *answer_rows(mine, "q05", right=5, wrong=5),  # 50% of 10: ranked above q02
            *answer_rows(mine, "q03", right=0, wrong=4),  # too few answers
            *answer_rows(mine, "q04", right=5, wrong=0),  # nobody got it wrong
            *answer_rows(theirs, "q06", right=0, wrong=10),  # not a member
        ],
    )
    ranked = dashboard.hardest_questions(cohort, [first])
    assert [(q.question, q.wrong, q.answers) for q in ranked] == [
        ("q01", 4, 5),
        ("q05", 5, 10),
        ("q02", 3, 6),
    ]
    pool = services.module_content(first)
    question = pool.question("q01")
    assert question is not None
    assert ranked[0].text == question.text.get("nl")
    html = dashboard_html(trainer_client, cohort)
    shown = re.findall(r'data-question="wat-is-mensenhandel/(q\d+)"', html)
    assert shown == ["q01", "q05", "q02"]


def test_at_most_five_hardest_questions(cohort: Cohort, modules: dict[str, Module]) -> None:
    first = modules["wat-is-mensenhandel"]
    [member] = builders.learners(1)
    builders.join(cohort, [member])
    [attempt] = builders.bulk(
        Attempt,
        [builders.attempt(member, first, finished_at=timezone.now(), percent=0, passed=False)],
    )
    rows = []
    for number in range(1, 9):
        rows += answer_rows(attempt, f"q{number:02d}", right=number, wrong=5)
    builders.bulk(AttemptAnswer, rows)
    ranked = dashboard.hardest_questions(cohort, [first])
    assert [q.question for q in ranked] == ["q01", "q02", "q03", "q04", "q05"]


def fill(cohort: Cohort, modules: list[Module], count: int, start: int) -> None:
    """Give ``count`` new members progress of every kind in every module."""
    users = builders.learners(count, start=start)
    builders.join(cohort, users)
    now = timezone.now()
    certificates, attempts, views = [], [], []
    for n, user in enumerate(users):
        for m, module in enumerate(modules):
            certificates.append(
                builders.certificate(
                    user, module, code=builders.code(start * 100 + n * 10 + m), completed_at=now
                )
            )
            attempts.append(
                builders.attempt(user, module, finished_at=now, percent=80, passed=True)
            )
            views.append(LessonView(user=user, module=module, lesson="les-1"))
    builders.bulk(Certificate, certificates)
    builders.bulk(AttemptAnswer, builders.answers(builders.bulk(Attempt, attempts)))
    builders.bulk(LessonView, views)


def test_the_number_of_queries_does_not_grow_with_the_learners(
    trainer_client: Client, cohort: Cohort, modules: dict[str, Module]
) -> None:
    ordered = sorted(modules.values(), key=lambda m: m.order)
    url = reverse("trainer:cohort", args=[cohort.pk])
    fill(cohort, ordered, 3, start=0)
    trainer_client.get(url)  # warm the content cache
    with CaptureQueriesContext(connection) as few:
        assert trainer_client.get(url).status_code == 200
    fill(cohort, ordered, 27, start=1000)
    with CaptureQueriesContext(connection) as many:
        html = trainer_client.get(url).content.decode()
    assert html.count("<tr data-learner=") == 30
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 20, len(many.captured_queries)


def test_the_learners_are_paged_by_fifty(trainer_client: Client, cohort: Cohort) -> None:
    users = builders.learners(51)
    builders.join(cohort, users)
    first = dashboard_html(trainer_client, cohort)
    assert first.count("<tr data-learner=") == 50
    second = dashboard_html(trainer_client, cohort, "?page=2")
    assert re.findall(r'<tr data-learner="(\d+)">', second) == [str(users[-1].pk)]
    # Anything else shows a page rather than an error.
    for page in ("x", "0", "999", "9" * 50):
        assert "<tr data-learner=" in dashboard_html(trainer_client, cohort, f"?page={page}")


def test_an_empty_cohort(trainer_client: Client, cohort: Cohort) -> None:
    html = dashboard_html(trainer_client, cohort)
    assert "data-no-members" in html
    assert "data-no-hardest" in html
    assert 'role="img"' in html
