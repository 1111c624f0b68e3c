"""Drain rate of the Veilig Thuis outbox: 200 meldingen to a receiver on the loopback address.

The receiver is the outbox tests' loopback server (it checks each signature
and stores each report in memory), so the figures are the sending side's
cost: claim, sign, post, record the receipt, erase the body, audit. Two ways
of draining: :func:`delivery_attempt` called in a loop in this process, and
``manage.py db_worker`` processes (one, then two) as in production, timed
from the moment 200 waiting tasks fall due to the last receipt. Real
commits (a transactional test) on SQLite by default, PostgreSQL with
``DATABASE_URL``.

Run with ``uv run pytest tests/bench/test_vt_outbox.py --benchmark-only -s``;
deliveries per second are printed and kept in extra_info, not asserted.
Every delivery must end delivered and stored exactly once.
"""

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meldcode.accounts.models import User
from meldcode.veiligthuis.models import Delivery, Receiver, Region
from meldcode.veiligthuis.outbox import services
from tests.meldcode.cases.factories import make_case
from tests.meldcode.veiligthuis.outbox.helpers import (
    KEY_ID,
    REGION,
    SECRET,
    melding,
    seed_regions,
    wait_for,
    workers,
)
from tests.meldcode.veiligthuis.outbox.server import Receiver as Loopback
from tests.meldcode.veiligthuis.outbox.server import loopback_receiver

DELIVERIES = 200


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    with loopback_receiver({KEY_ID: SECRET}) as server:
        yield server


@pytest.fixture
def fill(loopback: Loopback, make_user: Callable[..., User]) -> Callable[[int], list[Delivery]]:
    """Return a function that puts meldingen of as many cases in the outbox."""
    seed_regions()
    receiver = Receiver.objects.create(
        region=Region.objects.get(code=REGION), url=loopback.url, key_id=KEY_ID, secret=SECRET
    )
    owner = make_user()

    def fill(count: int) -> list[Delivery]:
        return [
            services.delivery_create(
                kind=Delivery.Kind.MELDING,
                payload=melding(),
                url=receiver.url,
                actor_id=None,
                case=make_case(owner),
                region=receiver.region,
                receiver=receiver,
            )
            for _ in range(count)
        ]

    return fill


def report(benchmark: Any, label: str, elapsed: float, loopback: Loopback) -> None:
    assert Delivery.objects.exclude(status="delivered").count() == 0
    assert loopback.stored() == Delivery.objects.count()
    assert loopback.refusals == []
    assert set(loopback.requests.values()) == {1}
    figures = {
        "database": connection.vendor,
        "deliveries": DELIVERIES,
        "deliveries_per_second": round(DELIVERIES / elapsed, 1),
        "ms_per_delivery": round(elapsed / DELIVERIES * 1000, 2),
    }
    benchmark.extra_info.update(figures)
    print(f"\nVeilig Thuis outbox, {label}: {figures}")


@pytest.mark.django_db(transaction=True)
def test_drain_in_a_loop(
    benchmark: Any, loopback: Loopback, fill: Callable[[int], list[Delivery]]
) -> None:
    deliveries = fill(DELIVERIES)

    def drain() -> float:
        start = time.perf_counter()
        for delivery in deliveries:
            assert services.delivery_attempt(delivery_id=delivery.pk) == "delivered"
        return time.perf_counter() - start

    elapsed = benchmark.pedantic(drain, rounds=1, iterations=1)
    report(benchmark, "delivery_attempt in a loop", elapsed, loopback)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("count", [1, 2])
def test_drain_by_db_workers(
    benchmark: Any, loopback: Loopback, fill: Callable[[int], list[Delivery]], count: int
) -> None:
    """Time from the moment 200 waiting tasks become due to the last receipt."""
    with workers(count) as started:
        # Warm up: every worker delivers a few first (Django has started, connections are open).
        warm = count * 3
        fill(warm)
        wait_for(
            lambda: Delivery.objects.filter(status="delivered").count() == warm,
            timeout=60,
            what=lambda: "\n---\n".join(w.output() for w in started),
        )

        def drain() -> float:
            # Written in one transaction and due at one moment, so that the
            # workers find all 200 at once, as after a receiver came back.
            with transaction.atomic():
                fill(DELIVERIES)
                due = timezone.now() + timedelta(seconds=1)
                DBTaskResult.objects.filter(status="READY").update(run_after=due)
            wait_for(
                lambda: Delivery.objects.filter(status="delivered").count() == warm + DELIVERIES,
                timeout=300,
                what=lambda: "\n---\n".join(w.output() for w in started),
            )
            last = Delivery.objects.aggregate(last=Max("delivered_at"))["last"]
            return float((last - due).total_seconds())

        elapsed = benchmark.pedantic(drain, rounds=1, iterations=1)
    report(benchmark, f"{count} db_worker", elapsed, loopback)
