"""The outbox run by the real worker: ``manage.py db_worker`` processes on the test database.

Transactional tests, so that the worker processes see the committed rows.
A worker killed with SIGKILL mid-delivery loses nothing; two workers at
once send each delivery exactly once (on PostgreSQL and on SQLite alike).
"""

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meldcode.cases.models import Case
from meldcode.veiligthuis.models import Delivery, Receiver
from meldcode.veiligthuis.outbox import services
from meldcode.veiligthuis.outbox.tasks import deliver
from tests.meldcode.cases.factories import make_case

from .helpers import melding, seed_migrated_data, seed_regions, wait_for, workers
from .server import Behaviour
from .server import Receiver as Loopback

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True, scope="module")
def migrated_data_restored(django_db_blocker: Any) -> Iterator[None]:
    """Seed the migrations' data again after the last test here flushed the database.

    Module-scoped, so that its teardown runs after the flush of the last
    test, for the tests that come after these.
    """
    yield
    with django_db_blocker.unblock():
        seed_migrated_data()


@pytest.fixture(autouse=True)
def regions_seeded(django_db_blocker: Any) -> None:
    """Seed the regions (an earlier transactional test may have flushed them)."""
    with django_db_blocker.unblock():
        seed_regions()


@pytest.fixture
def send(vt_receiver: Receiver, case: Case) -> Callable[..., Delivery]:
    def send(of: Case | None = None) -> Delivery:
        return services.delivery_create(
            kind=Delivery.Kind.MELDING,
            payload=melding(),
            url=vt_receiver.url,
            actor_id=None,
            case=of or case,
            region=vt_receiver.region,
            receiver=vt_receiver,
        )

    return send


def status_of(delivery: Delivery) -> str:
    return Delivery.objects.values_list("status", flat=True).get(pk=delivery.pk)


def test_the_worker_delivers_a_pending_melding(
    loopback: Loopback, send: Callable[..., Delivery]
) -> None:
    delivery = send()
    task = DBTaskResult.objects.get(task_path=deliver.module_path)
    with workers(1) as (worker,):
        wait_for(
            lambda: DBTaskResult.objects.get(pk=task.pk).status == "SUCCESSFUL",
            timeout=15,
            what=worker.output,
        )
    task.refresh_from_db()
    assert (task.return_value, task.worker_ids) == ("delivered", [worker.worker_id])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.body) == ("delivered", 1, "")
    assert loopback.requests == {str(delivery.payload_id): 1}
    assert loopback.stored() == 1


def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_once(
    loopback: Loopback, send: Callable[..., Delivery]
) -> None:
    """SIGKILL the worker whose request the receiver holds open; the other one finishes."""
    lease = 2
    # The receiver holds the first request open until the test lets it go.
    loopback.script(Behaviour("hold"))
    delivery = send()
    payload_id = str(delivery.payload_id)
    task = DBTaskResult.objects.get(task_path=deliver.module_path)
    with workers(2, env={"VT_DELIVERY_LEASE_SECONDS": str(lease)}) as pair:
        assert loopback.held.wait(timeout=15), [w.output() for w in pair]
        assert status_of(delivery) == "sending"
        (holder,) = DBTaskResult.objects.get(pk=task.pk).worker_ids
        killed, survivor = sorted(pair, key=lambda w: w.worker_id != holder)
        killed.kill()
        # The request of the dead worker arrives after all; no receipt reaches the outbox.
        loopback.release.set()
        loopback.wait_idle()
        assert loopback.stored() == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("sending", 1)
        assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"  # lost with its worker
        # Nothing is swept while the lease holds; once it ran out, the sweeper
        # (the vt_outbox_sweep command, run here as its service) enqueues it again.
        assert services.deliveries_sweep() == 0
        lease_until = delivery.lease_until
        assert lease_until is not None
        wait_for(lambda: timezone.now() > lease_until, timeout=lease + 2, what="the lease")
        assert services.deliveries_sweep() == 1
        wait_for(lambda: status_of(delivery) == "delivered", timeout=15, what=survivor.output)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    # Sent twice (the second a duplicate the receiver recognised), stored once.
    assert loopback.requests == {payload_id: 2}
    assert loopback.stored() == 1


def test_two_workers_send_each_of_30_deliveries_exactly_once(
    loopback: Loopback, send: Callable[..., Delivery], case: Case
) -> None:
    """Two workers at once; every delivery has two tasks, so both workers race for each.

    On PostgreSQL the claim's row lock (skip locked) and the lease keep the
    second worker out; on SQLite the writes take turns, with the same outcome.
    """
    loopback.delay = 0.02  # long enough that the two workers' posts overlap
    # The first two requests are held open together: proof that both workers post at once.
    loopback.script(Behaviour("hold"), Behaviour("hold"))
    # One melding per case, as the preparation allows at most one on its way per case.
    deliveries = [send(make_case(case.owner)) for _ in range(30)]
    for delivery in deliveries:
        deliver.enqueue(delivery.pk)  # a second task, as a sweep run at the wrong time makes
    with workers(2) as pair:
        wait_for(
            lambda: loopback.holding == 2,
            timeout=15,
            what=lambda: "\n---\n".join(w.output() for w in pair),
        )
        loopback.release.set()
        wait_for(
            lambda: Delivery.objects.filter(status="delivered").count() == 30,
            timeout=20,
            what=lambda: "\n---\n".join(w.output() for w in pair),
        )
        wait_for(
            lambda: not DBTaskResult.objects.filter(status__in=("READY", "RUNNING")).exists(),
            timeout=10,
            what="the remaining tasks",
        )
    sent = {str(d.payload_id) for d in deliveries}
    assert set(loopback.requests) == sent
    assert set(loopback.requests.values()) == {1}
    assert loopback.stored() == 30
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    outcomes = list(DBTaskResult.objects.values_list("return_value", flat=True))
    assert outcomes.count("delivered") == 30
    assert outcomes.count("skipped") == 30
    workers_used = {w for t in DBTaskResult.objects.all() for w in t.worker_ids}
    assert workers_used == {w.worker_id for w in pair}


def test_a_retry_waits_in_the_queue_until_its_time(
    loopback: Loopback, send: Callable[..., Delivery]
) -> None:
    """A 503 makes the worker enqueue the next attempt to run after the backoff."""
    loopback.script(Behaviour("status", status=503))
    delivery = send()
    env = {"VT_DELIVERY_BACKOFF_SECONDS": "2", "VT_DELIVERY_MAX_BACKOFF_SECONDS": "2"}
    with workers(1, env=env) as (worker,):
        wait_for(
            lambda: loopback.total_requests() == 1 and status_of(delivery) == "pending",
            timeout=15,
            what=worker.output,
        )
        delivery.refresh_from_db()
        assert delivery.next_attempt_at - timezone.now() <= timedelta(seconds=2)
        wait_for(lambda: status_of(delivery) == "delivered", timeout=15, what=worker.output)
    assert loopback.requests == {str(delivery.payload_id): 2}
    assert loopback.stored() == 1
