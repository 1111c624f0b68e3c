"""Throughput and latency of the Veilig Thuis intake, under gunicorn, on the test database.

Signed advies payloads, each with its own id, posted by concurrent clients to
``POST /api/veilig-thuis/v1/reports`` of a gunicorn server with three sync
workers (the production server), on the loopback address. Each request does
the whole intake: two rate-limit counts in the shared throttle table, the
HMAC check, JSON Schema validation, the encrypted insert and the audit entry.
Run on SQLite by default and on PostgreSQL with ``DATABASE_URL``.

Run with ``uv run pytest tests/bench/test_vt_intake.py --benchmark-only -s``;
requests per second and p50/p99 latency are printed and kept in the
benchmark's extra_info, not asserted. Every answer must be a 201 and every
report stored, so a broken intake cannot look fast.
"""

import json
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from django.db import connection

from meldcode.accounts.models import Profession, User
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.veiligthuis.models import ReceivedReport
from meldcode.veiligthuis.payload import advies_payload
from meldcode.veiligthuis.services import sender_key_issue
from meldcode.veiligthuis.signing import signature
from tests.meldcode.veiligthuis.outbox.helpers import seed_regions
from tests.meldcode.veiligthuis.test_schema import NOW, QUESTION
from tests.servers.gunicorn import gunicorn

URL = "/api/veilig-thuis/v1/reports"
REQUESTS = 600
CLIENTS = 6
WARM_UP = 20


def percentile(values: list[float], share: float) -> float:
    """Return the value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def advies_template(make_user: Callable[..., User]) -> dict[str, Any]:
    """Return the advies of a demo case, as the wizard builds it."""
    huisarts = make_user(profession=Profession.HUISARTS)
    demo_cases_ensure(owners=[huisarts, make_user(profession=Profession.VERPLEEGKUNDIGE)])
    return advies_payload(
        Case.objects.get(reference="MW-DEMO-1"),
        question=QUESTION,
        profession="huisarts",
        organisation="Huisartsenpraktijk de Linde",
        anonymous=True,
        region="utrecht",
        payload_id=uuid.uuid4(),
        now=NOW,
    )


@pytest.mark.django_db(transaction=True)
def test_intake_throughput(benchmark: Any, make_user: Callable[..., User]) -> None:
    seed_regions()
    template = advies_template(make_user)
    key, secret = sender_key_issue(sender_name="Huisartsenpraktijk De Linde")
    bodies = [
        json.dumps({**template, "id": str(uuid.uuid4())}).encode()
        for _ in range(WARM_UP + REQUESTS)
    ]
    connection.close()
    env = {"VT_INTAKE_ADDRESS_LIMIT": "1000000", "VT_INTAKE_KEY_LIMIT": "1000000"}
    with gunicorn(workers=3, env=env) as server:
        local = threading.local()  # one keep-alive session per client thread

        def post(body: bytes) -> tuple[int, float]:
            if not hasattr(local, "session"):
                local.session = requests.Session()
            session: requests.Session = local.session
            timestamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "X-Meldwijzer-Key-Id": key.key_id,
                "X-Meldwijzer-Timestamp": timestamp,
                "X-Meldwijzer-Signature": signature(secret, timestamp, body),
            }
            start = time.perf_counter()
            response = session.post(server.url + URL, data=body, headers=headers, timeout=30)
            return response.status_code, time.perf_counter() - start

        results: list[tuple[int, float]] = []

        def run() -> float:
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                results.extend(pool.map(post, bodies[WARM_UP:]))
            return time.perf_counter() - start

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            assert {status for status, _ in pool.map(post, bodies[:WARM_UP])} == {201}
        elapsed = benchmark.pedantic(run, rounds=1, iterations=1)
    statuses = {status for status, _ in results}
    assert statuses == {201}, statuses
    assert ReceivedReport.objects.count() == WARM_UP + REQUESTS
    times = [seconds for _, seconds in results]
    figures = {
        "database": connection.vendor,
        "requests": REQUESTS,
        "clients": CLIENTS,
        "requests_per_second": round(REQUESTS / elapsed, 1),
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p99_ms": round(percentile(times, 0.99) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
    }
    benchmark.extra_info.update(figures)
    print(f"\nVeilig Thuis intake: {figures}")
