"""The outbox against a real HTTP receiver on the loopback address.

Every scenario ends with exactly one report stored at the receiver: 5xx
answers, timeouts, a connection closed without an answer, an answer broken
off, a refused connection, a 200 that is no receipt. Attempts are driven by
calling :func:`delivery_attempt` with ``now`` moved past the row's next
attempt, so nothing waits for a backoff.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldcode.audit.models import AuditEntry
from meldcode.cases.models import Case
from meldcode.veiligthuis.delivery_policy import Answer
from meldcode.veiligthuis.models import Delivery, MeldingDetails, Receiver, Region
from meldcode.veiligthuis.outbox import services
from meldcode.veiligthuis.outbox.tasks import deliver
from tests.meldcode.cases.factories import make_case

from .helpers import (
    IDENTITIES,
    KEY_ID,
    OTHER_IDENTIFIERS,
    SECRET,
    Identity,
    attempt_until,
    details_of,
    found_anywhere,
    melding,
)
from .server import Behaviour, free_port, loopback_receiver
from .server import Receiver as Loopback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_timeouts")]

SERVICE_UNAVAILABLE = Behaviour("status", status=503)


@pytest.fixture
def send(vt_receiver: Receiver, case: Case) -> Callable[..., Delivery]:
    """Return a function that puts a melding of ``case`` in the outbox to the receiver."""

    def send(payload: dict[str, Any] | None = None, *, url: str | None = None) -> Delivery:
        return services.delivery_create(
            kind=Delivery.Kind.MELDING,
            payload=payload or melding(),
            url=url or vt_receiver.url,
            actor_id=case.owner_id,
            case=case,
            region=vt_receiver.region,
            receiver=vt_receiver,
        )

    return send


def waiting_tasks(delivery: Delivery) -> list[DBTaskResult[Any, Any]]:
    """Return the outbox tasks that wait to run for ``delivery``, oldest first."""
    waiting = DBTaskResult.objects.filter(task_path=deliver.module_path, status="READY").order_by(
        "enqueued_at"
    )
    return [t for t in waiting if t.args_kwargs["args"] == [delivery.pk]]


def ready_tasks(delivery: Delivery) -> int:
    """Return how many outbox tasks wait to run for ``delivery``."""
    return len(waiting_tasks(delivery))


def assert_delivered_once(loopback: Loopback, delivery: Delivery, payload: dict[str, Any]) -> None:
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.delivered_at is not None
    assert delivery.lease_until is None
    assert loopback.stored() == 1
    assert loopback.stored_payload(payload["id"]) == payload


class TestDelivered:
    def test_the_first_attempt_delivers_a_melding_signed_with_the_practice_key(
        self, loopback: Loopback, send: Callable[..., Delivery]
    ) -> None:
        payload = melding()
        delivery = send(payload)
        assert delivery.status == Delivery.Status.PENDING
        assert ready_tasks(delivery) == 1  # enqueued with the row, in the same transaction
        now = timezone.now() + timedelta(seconds=1)
        assert services.delivery_attempt(delivery_id=delivery.pk, now=now) == "delivered"
        assert_delivered_once(loopback, delivery, payload)
        assert (delivery.attempts, delivery.delivered_at, delivery.last_error) == (1, now, "")
        assert loopback.requests == {payload["id"]: 1}
        assert loopback.refusals == []
        entry = AuditEntry.objects.get(action="vt_delivery_delivered")
        assert entry.target == f"delivery:{delivery.pk}"
        # The worker is no user; the entry names who is responsible (NEN 7513).
        assert delivery.case is not None
        assert (entry.actor_id, entry.data["responsible"]) == (None, delivery.case.owner_id)

    def test_a_delivered_row_is_never_sent_again(
        self, loopback: Loopback, send: Callable[..., Delivery]
    ) -> None:
        delivery = send()
        assert attempt_until(delivery) == ["delivered"]
        later = timezone.now() + timedelta(days=1)
        assert services.delivery_attempt(delivery_id=delivery.pk, now=later) == "skipped"
        assert loopback.total_requests() == 1

    def test_a_slow_answer_within_the_read_timeout_delivers_at_once(
        self, loopback: Loopback, send: Callable[..., Delivery]
    ) -> None:
        payload = melding()
        delivery = send(payload)
        loopback.script(Behaviour("slow", seconds=0.4))
        assert attempt_until(delivery) == ["delivered"]
        assert_delivered_once(loopback, delivery, payload)


TRANSIENT = {
    "503 three times": ([SERVICE_UNAVAILABLE] * 3, "HTTP 503"),
    "a 500": ([Behaviour("status", status=500)], "HTTP 500"),
    "429 without Retry-After": ([Behaviour("status", status=429)], "HTTP 429"),
    # The receiver stores the report but answers after the read timeout:
    # the second attempt is a duplicate and gets the first receipt.
    "answer after the read timeout": ([Behaviour("slow", seconds=1.6)], "timeout"),
    "connection closed without an answer": ([Behaviour("close")], "connection failed"),
    # The receiver stored it, then the answer broke off mid-body.
    "answer broken off": ([Behaviour("stall_body")], "ChunkedEncodingError"),
    "a proxy's 200 page": ([Behaviour("not_receipt")], "HTTP 200"),
    "a 201 naming another id": (
        [Behaviour("status", status=201, body=b'{"id": "0", "status": "ontvangen"}')],
        "HTTP 201",
    ),
}


class TestTransientFailures:
    @pytest.mark.parametrize("scenario", TRANSIENT)
    def test_each_ends_in_exactly_one_stored_report(
        self, loopback: Loopback, send: Callable[..., Delivery], scenario: str
    ) -> None:
        behaviours, error = TRANSIENT[scenario]
        payload = melding()
        delivery = send(payload)
        loopback.script(*behaviours)
        now = timezone.now()
        errors = []
        for number, _ in enumerate(behaviours, start=2):
            now = max(now, delivery.next_attempt_at) + timedelta(seconds=1)
            assert services.delivery_attempt(delivery_id=delivery.pk, now=now) == "retry"
            delivery.refresh_from_db()
            assert delivery.status == Delivery.Status.PENDING
            assert delivery.next_attempt_at > now
            # Each retry has its own task, to run after the wait.
            tasks = waiting_tasks(delivery)
            assert len(tasks) == number
            assert any(t.run_after == delivery.next_attempt_at for t in tasks)
            errors.append(delivery.last_error)
            loopback.wait_idle()  # a late answer has been stored before the retry
        assert set(errors) == {error}
        assert attempt_until(delivery) == ["delivered"]
        assert_delivered_once(loopback, delivery, payload)
        assert delivery.attempts == len(behaviours) + 1
        assert loopback.requests[payload["id"]] == len(behaviours) + 1

    def test_the_wait_grows_with_jitter_up_to_the_cap(
        self, loopback: Loopback, send: Callable[..., Delivery], settings: Any
    ) -> None:
        settings.VT_DELIVERY_BACKOFF_SECONDS = 30
        settings.VT_DELIVERY_MAX_BACKOFF_SECONDS = 100
        delivery = send()
        loopback.script(*[SERVICE_UNAVAILABLE] * 4)
        now = timezone.now()
        waits = []
        for _ in range(4):
            now = max(now, delivery.next_attempt_at) + timedelta(seconds=1)
            services.delivery_attempt(delivery_id=delivery.pk, now=now)
            delivery.refresh_from_db()
            waits.append((delivery.next_attempt_at - now).total_seconds())
        for wait, full in zip(waits, (30, 60, 100, 100), strict=True):
            assert full / 2 <= wait <= full, waits
        assert attempt_until(delivery) == ["delivered"]

    def test_a_refused_connection_is_retried_until_the_receiver_is_up(
        self, vt_receiver: Receiver, send: Callable[..., Delivery]
    ) -> None:
        port = free_port()  # nothing listens here yet
        url = f"http://127.0.0.1:{port}/api/veilig-thuis/v1/reports"
        payload = melding()
        delivery = send(payload, url=url)
        assert attempt_until(delivery, done=("retry",)) == ["retry"]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.last_error) == ("pending", "connection failed")
        with loopback_receiver({KEY_ID: SECRET}, port=port) as revived:
            assert attempt_until(delivery) == ["delivered"]
            assert_delivered_once(revived, delivery, payload)

    def test_retry_after_is_honoured(
        self, loopback: Loopback, send: Callable[..., Delivery]
    ) -> None:
        payload = melding()
        delivery = send(payload)
        loopback.script(Behaviour("status", status=429, headers={"Retry-After": "120"}))
        now = timezone.now()
        assert services.delivery_attempt(delivery_id=delivery.pk, now=now) == "retry"
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == now + timedelta(seconds=120)
        early = now + timedelta(seconds=119)
        assert services.delivery_attempt(delivery_id=delivery.pk, now=early) == "skipped"
        assert loopback.total_requests() == 1
        on_time = now + timedelta(seconds=120)
        assert services.delivery_attempt(delivery_id=delivery.pk, now=on_time) == "delivered"
        assert_delivered_once(loopback, delivery, payload)


class TestFailed:
    @pytest.mark.parametrize(
        ("behaviour", "error"),
        [
            (Behaviour("status", status=422, body=b'{"errors": ["$.region: ..."]}'), "HTTP 422"),
            (Behaviour("status", status=409), "HTTP 409"),
            (Behaviour("status", status=413), "HTTP 413"),
            (Behaviour("status", status=404), "HTTP 404"),
        ],
    )
    def test_a_permanent_refusal_fails_at_once_and_waits_for_a_person(
        self,
        loopback: Loopback,
        send: Callable[..., Delivery],
        behaviour: Behaviour,
        error: str,
    ) -> None:
        payload = melding()
        delivery = send(payload)
        loopback.script(behaviour)
        assert attempt_until(delivery) == ["failed"]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 1, error)
        assert delivery.body  # kept: nothing reached Veilig Thuis
        tasks = ready_tasks(delivery)  # the first one's, run here by hand; no new one
        assert tasks == 1
        later = timezone.now() + timedelta(days=30)
        assert services.delivery_attempt(delivery_id=delivery.pk, now=later) == "skipped"
        assert services.deliveries_sweep(now=later) == 0
        assert loopback.total_requests() == 1
        assert AuditEntry.objects.filter(action="vt_delivery_failed").count() == 1
        # The retry button: sent again, and this time the receiver takes it.
        services.delivery_retry(actor_id=None, delivery=delivery)
        assert ready_tasks(delivery) == tasks + 1
        assert attempt_until(delivery) == ["delivered"]
        assert_delivered_once(loopback, delivery, payload)
        assert AuditEntry.objects.filter(action="vt_delivery_retried").count() == 1

    def test_a_wrong_key_fails_with_401(
        self, loopback: Loopback, send: Callable[..., Delivery], vt_receiver: Receiver
    ) -> None:
        vt_receiver.secret = "not-the-secret-this-receiver-issued"
        vt_receiver.save()
        delivery = send()
        assert attempt_until(delivery) == ["failed"]
        delivery.refresh_from_db()
        assert delivery.last_error == "HTTP 401"
        assert loopback.stored() == 0
        assert "bad_signature" in loopback.refusals[0]

    def test_after_the_most_attempts_it_fails_and_a_retry_delivers_it(
        self, loopback: Loopback, send: Callable[..., Delivery], settings: Any
    ) -> None:
        settings.VT_DELIVERY_MAX_ATTEMPTS = 3
        payload = melding()
        delivery = send(payload)
        loopback.script(*[SERVICE_UNAVAILABLE] * 3)
        assert attempt_until(delivery) == ["retry", "retry", "failed"]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("failed", 3)
        assert delivery.last_error == "HTTP 503"
        later = timezone.now() + timedelta(days=30)
        assert services.delivery_attempt(delivery_id=delivery.pk, now=later) == "skipped"
        assert loopback.total_requests() == 3
        assert loopback.stored() == 0
        services.delivery_retry(actor_id=None, delivery=delivery)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("pending", 0)
        assert attempt_until(delivery) == ["delivered"]
        assert_delivered_once(loopback, delivery, payload)
        assert delivery.attempts == 1

    def test_only_a_failed_delivery_can_be_retried(
        self, loopback: Loopback, send: Callable[..., Delivery]
    ) -> None:
        delivery = send()
        with pytest.raises(ValueError, match="failed"):
            services.delivery_retry(actor_id=None, delivery=delivery)
        attempt_until(delivery)
        with pytest.raises(ValueError, match="failed"):
            services.delivery_retry(actor_id=None, delivery=delivery)


class TestLeaseAndSweep:
    def test_a_due_row_whose_task_was_lost_is_enqueued_again(
        self, loopback: Loopback, send: Callable[..., Delivery]
    ) -> None:
        payload = melding()
        delivery = send(payload)
        DBTaskResult.objects.all().delete()
        assert services.deliveries_sweep(now=timezone.now() + timedelta(seconds=1)) == 1
        assert ready_tasks(delivery) == 1
        assert attempt_until(delivery) == ["delivered"]
        assert_delivered_once(loopback, delivery, payload)

    def test_a_row_whose_task_waits_is_left_alone(self, send: Callable[..., Delivery]) -> None:
        delivery = send()
        assert services.deliveries_sweep(now=timezone.now() + timedelta(seconds=1)) == 0
        assert ready_tasks(delivery) == 1

    def test_a_row_that_is_not_due_is_left_alone(self, send: Callable[..., Delivery]) -> None:
        delivery = send()
        DBTaskResult.objects.all().delete()
        Delivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=timezone.now() + timedelta(minutes=5)
        )
        assert services.deliveries_sweep(now=timezone.now()) == 0
        assert services.deliveries_sweep(now=timezone.now() + timedelta(minutes=6)) == 1

    def test_a_row_held_by_a_killed_worker_is_sent_again_after_its_lease(
        self, loopback: Loopback, send: Callable[..., Delivery], settings: Any
    ) -> None:
        payload = melding()
        delivery = send(payload)
        now = timezone.now()
        # A worker took the task and claimed the row, then died mid-post.
        DBTaskResult.objects.update(status="RUNNING")
        lease = settings.VT_DELIVERY_LEASE_SECONDS
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SENDING, attempts=1, lease_until=now + timedelta(seconds=lease)
        )
        assert services.deliveries_sweep(now=now + timedelta(seconds=lease - 1)) == 0
        assert services.delivery_attempt(delivery_id=delivery.pk, now=now) == "skipped"
        assert loopback.total_requests() == 0
        assert services.deliveries_sweep(now=now + timedelta(seconds=lease + 1)) == 1
        assert ready_tasks(delivery) == 1
        after = now + timedelta(seconds=lease + 2)
        assert services.delivery_attempt(delivery_id=delivery.pk, now=after) == "delivered"
        assert_delivered_once(loopback, delivery, payload)
        assert delivery.attempts == 2

    def test_the_late_outcome_of_an_attempt_whose_lease_ran_out_is_ignored(
        self, loopback: Loopback, send: Callable[..., Delivery], settings: Any
    ) -> None:
        delivery = send()
        now = timezone.now()
        slow = services._claim(delivery.pk, now)
        assert slow is not None
        later = now + timedelta(seconds=settings.VT_DELIVERY_LEASE_SECONDS + 1)
        assert services.delivery_attempt(delivery_id=delivery.pk, now=later) == "delivered"
        # The first worker's answer arrives at last; it must not overwrite the outcome.
        refused = Answer(status=422)
        assert services._record(slow, refused, later) == "skipped"
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("delivered", 2)


HYPOTHESIS = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class TestNothingIdentifyingStays:
    @HYPOTHESIS
    @given(identity=IDENTITIES, initials=st.from_regex(r"[A-Z]\.[A-Z]\.", fullmatch=True))
    def test_after_the_receipt_no_table_holds_the_melding_s_identifiers(
        self,
        loopback: Loopback,
        vt_receiver: Receiver,
        make_user: Callable[..., Any],
        identity: Identity,
        initials: str,
    ) -> None:
        case = make_case(make_user(), initials=initials)
        region = Region.objects.get(code="utrecht")

        def send(payload: dict[str, Any]) -> Delivery:
            return services.delivery_create(
                kind=Delivery.Kind.MELDING,
                payload=payload,
                url=vt_receiver.url,
                actor_id=case.owner_id,
                case=case,
                region=region,
                receiver=vt_receiver,
            )

        # A first melding was refused (a failed row carries the same data) ...
        loopback.script(Behaviour("status", status=422))
        assert attempt_until(send(melding(identity))) == ["failed"]
        # ... the details were corrected and it was sent again.
        payload = melding(identity)
        MeldingDetails.objects.create(case=case, region=region, data=details_of(payload))
        delivery = send(payload)
        identifiers = [*identity.values(), *OTHER_IDENTIFIERS]
        before = {table for table, _column, _value in found_anywhere(identifiers)}
        assert {"veiligthuis_delivery", "veiligthuis_meldingdetails"} <= before

        assert attempt_until(delivery) == ["delivered"]

        assert loopback.stored_payload(payload["id"]) == payload  # Veilig Thuis has it
        assert not MeldingDetails.objects.filter(case=case).exists()
        assert set(Delivery.objects.filter(case=case).values_list("body", flat=True)) == {""}
        case.refresh_from_db()
        assert case.initials == ""
        assert found_anywhere(identifiers) == []
        # What stays: the ids, the body's hash, the times and the status.
        delivery.refresh_from_db()
        body_hash = hashlib.sha256(services.body_bytes(payload)).hexdigest()
        assert (str(delivery.payload_id), delivery.body_hash) == (payload["id"], body_hash)
        # The deletion is logged (NEN 7513), naming the case by its id only.
        assert AuditEntry.objects.filter(
            action="vt_melding_data_deleted", target=f"case:{case.pk}"
        ).exists()
        # The refused first row was emptied too: retrying it would send nothing.
        failed = Delivery.objects.get(case=case, status=Delivery.Status.FAILED)
        with pytest.raises(ValueError, match="nothing to send"):
            services.delivery_retry(actor_id=None, delivery=failed)


def test_the_signature_is_the_one_the_receiver_checks(
    loopback: Loopback, send: Callable[..., Delivery]
) -> None:
    """The receiver stores byte for byte the canonical bytes of the payload, as signed."""
    payload = melding()
    delivery = send(payload)
    body = services.body_bytes(payload)
    assert delivery.body.encode() == body
    attempt_until(delivery)
    assert loopback.reports[payload["id"]] == body
