"""The trainer's dashboard and CSV export with 5,000 learners and 100,000 completions.

Run with ``uv run pytest tests/bench/test_trainer.py --benchmark-only -s``.
Targets: the dashboard's 95th percentile under 300 ms with a bounded number
of queries, and the CSV of 100,000 rows streamed in bounded memory. The
query count and the CSV's peak memory are asserted; the times are reported
(extra_info holds the 95th percentile, the queries, the rows).

The data is built once for the module, with ``bulk_create`` and without
PDFs: 5,000 learners in one cohort of the four modules, each completing
every module five times (renewals two years apart: 100,000 certificates),
each completion with its passed attempt, a quarter of the pairs with a
failed one too, and eight answers an attempt (about 840,000 answers). It is
committed and analysed, as a live database holds its rows (PostgreSQL reads
rows of an open transaction the slow way: no index-only scans), and deleted
when the module's benchmarks are done.
"""

import time
import tracemalloc
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elearning import services
from elearning.models import (
    Attempt,
    AttemptAnswer,
    Certificate,
    Cohort,
    LessonView,
    Membership,
    Module,
)
from meldcode.accounts import services as accounts
from meldcode.accounts.models import Role, User
from tests.elearning import factories
from tests.elearning.trainer import builders
from tests.helpers import verify_session

LEARNERS = int(__import__("os").environ.get("BENCH_LEARNERS", "5000"))
PER_PAIR = 5  # 5,000 learners x 4 modules x 5 = 100,000 certificates
DASHBOARD_ROUNDS = 40
MAX_QUERIES = 20
CSV_PEAK_LIMIT = 50 * 1024 * 1024


def analyse() -> None:
    """Give the planner statistics and mark the new rows visible, as a live database has."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def remove(cohort: Cohort) -> None:
    """Delete the cohort and everything built for it, children first."""
    # Raw deletes: the ORM would load the rows to cascade them one by one. The tables'
    # names are our own models', quoted; the only value is a parameter.
    quote = connection.ops.quote_name
    members = f"SELECT user_id FROM {quote(Membership._meta.db_table)} WHERE cohort_id = %s"  # noqa: S608
    attempts = f"SELECT id FROM {quote(Attempt._meta.db_table)} WHERE user_id IN ({members})"  # noqa: S608
    answers = quote(AttemptAnswer._meta.db_table)
    users = list(Membership.objects.filter(cohort=cohort).values_list("user_id", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {answers} WHERE attempt_id IN ({attempts})", [cohort.pk])  # noqa: S608
        for model in (Certificate, Attempt, LessonView):
            table = quote(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE user_id IN ({members})", [cohort.pk])  # noqa: S608
        trainer = cohort.trainer
        cohort.delete()
        User.objects.filter(pk__in=[*users, trainer.pk]).delete()


@pytest.fixture(scope="module")
def large(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[User, Cohort]]:
    """Build the cohort once, committed as a live database holds it; delete it afterwards."""
    with django_db_blocker.unblock():
        started = time.perf_counter()
        factories.seed()
        factories.load()
        trainer = accounts.user_create(
            email="bench-trainer@example.org",
            password="bench trainer password",
            full_name="Bench Trainer",
            roles=(Role.TRAINER,),
        )
        modules = list(Module.objects.select_related("current_version").order_by("order"))
        cohort = services.cohort_create(trainer=trainer, name="Bench", modules=modules)
        try:
            made = builders.large_cohort(cohort, modules, learner_count=LEARNERS, per_pair=PER_PAIR)
            analyse()
            elapsed = time.perf_counter() - started
            print(f"\nbuilt {LEARNERS} learners and {made} certificates in {elapsed:.0f} s")
            yield trainer, cohort
        finally:
            remove(cohort)


@pytest.fixture
def trainer_client(db: None, client: Client, large: tuple[User, Cohort]) -> Client:
    verify_session(client, large[0])
    return client


def p95(benchmark: Any) -> float:
    """Return the 95th percentile of the rounds, in milliseconds."""
    data: list[float] = sorted(benchmark.stats.stats.data)
    return round(data[min(len(data) - 1, int(len(data) * 0.95))] * 1000, 1)


def test_dashboard(benchmark: Any, trainer_client: Client, large: tuple[User, Cohort]) -> None:
    _, cohort = large
    url = reverse("trainer:cohort", args=[cohort.pk])
    trainer_client.get(url)  # the module files are read once per process
    with CaptureQueriesContext(connection) as queries:
        response = trainer_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr data-learner=") == min(50, LEARNERS)
    assert f'data-members="{LEARNERS}"' in html
    assert f'data-completed="{LEARNERS}"' in html
    benchmark.extra_info["learners"] = LEARNERS
    benchmark.extra_info["certificates"] = Certificate.objects.count()
    # Counted now: each request of the benchmark empties the connection's query log.
    count = len(queries.captured_queries)
    benchmark.extra_info["queries"] = count
    assert count <= MAX_QUERIES
    benchmark.pedantic(trainer_client.get, args=(url,), rounds=DASHBOARD_ROUNDS, warmup_rounds=2)
    benchmark.extra_info["p95_ms"] = p95(benchmark)
    print(f"\ndashboard: {count} queries, p95 {p95(benchmark)} ms")


def consume(client: Client, url: str) -> tuple[int, int]:
    """Download the CSV to the end, keeping nothing; return its bytes and lines."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    size = lines = 0
    # The test client closes the response once its content is read to the end.
    for piece in cast(Iterator[bytes], cast(StreamingHttpResponse, response).streaming_content):
        size += len(piece)
        lines += piece.count(b"\n")
    return size, lines


def test_csv_export(benchmark: Any, trainer_client: Client, large: tuple[User, Cohort]) -> None:
    _, cohort = large
    url = reverse("trainer:export_csv", args=[cohort.pk])
    tracemalloc.start()
    try:
        size, lines = consume(trainer_client, url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rows = LEARNERS * 4 * PER_PAIR
    assert lines == rows + 1
    benchmark.extra_info["rows"] = rows
    benchmark.extra_info["bytes"] = size
    benchmark.extra_info["peak_memory_mb"] = round(peak / 1024 / 1024, 1)
    print(f"\ncsv: {rows} rows, {size / 1e6:.1f} MB, peak memory {peak / 1024 / 1024:.1f} MB")
    assert peak < CSV_PEAK_LIMIT
    result = benchmark.pedantic(consume, args=(trainer_client, url), rounds=3, warmup_rounds=0)
    assert result == (size, lines)
