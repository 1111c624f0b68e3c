"""Writes of the outbox: create a delivery, attempt it, retry it, sweep lost ones.

The delivery row and its task are written in the caller's transaction: the
task backend (django-tasks-db) keeps its queue in the same database, so a
submission either commits with its delivery and its task or not at all.

An attempt claims the row (status ``sending`` and a lease) in one short
transaction, posts outside any transaction, and records the answer in a
second one. Two workers cannot send the same delivery at once: the claim
locks the row and a live lease keeps others away. A worker killed
mid-attempt leaves an expired lease, and the sweeper enqueues the row again;
a second send of the same bytes is harmless because the receiver answers a
repeated payload id with the first receipt.
"""

import hashlib
import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meldcode.audit.services import audit_record
from meldcode.cases.models import Case
from meldcode.veiligthuis import delivery_policy as policy
from meldcode.veiligthuis.models import (
    CaseTerugkoppeling,
    Delivery,
    MeldingDetails,
    ReceivedReport,
    Receiver,
    Region,
    Terugkoppeling,
)
from meldcode.veiligthuis.schema import parse_date_time

from . import transport

Attempt = Literal["delivered", "retry", "failed", "skipped"]
TERUGKOPPELING_SCHEMA_VERSION: Final = "1"


def body_bytes(payload: dict[str, Any]) -> bytes:
    """Return the canonical bytes of a payload: the exact bytes that are signed and sent."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _enqueue(delivery: Delivery, *, run_after: datetime | None = None) -> None:
    # Imported here: the task module imports this one.
    from .tasks import deliver

    task = deliver if run_after is None else deliver.using(run_after=run_after)
    task.enqueue(delivery.pk)


@transaction.atomic
def delivery_create(
    *,
    kind: str,
    payload: dict[str, Any],
    url: str,
    actor_id: int | None,
    case: Case | None = None,
    region: Region | None = None,
    receiver: Receiver | None = None,
    report: ReceivedReport | None = None,
) -> Delivery:
    """Put a payload in the outbox and enqueue its task, in the caller's transaction."""
    body = body_bytes(payload)
    delivery = Delivery.objects.create(
        payload_id=uuid.UUID(str(payload["id"])),
        kind=kind,
        case=case,
        region=region,
        receiver=receiver,
        report=report,
        url=url,
        body=body.decode(),
        body_hash=hashlib.sha256(body).hexdigest(),
        created_by_id=actor_id,
    )
    audit_record(
        actor_id=actor_id,
        action="vt_delivery_created",
        target=f"delivery:{delivery.pk}",
        data={
            "kind": kind,
            "case": case.pk if case else None,
            "payload_id": str(delivery.payload_id),
            # NEN 7513: the user responsible for the data that leaves (the case's owner).
            "responsible": case.owner_id if case else actor_id,
        },
    )
    _enqueue(delivery)
    return delivery


def _signing_key(delivery: Delivery) -> tuple[str, str]:
    """Return the key id and secret that sign this delivery."""
    if delivery.report is not None:
        sender = delivery.report.sender
        return sender.key_id, sender.secret
    if delivery.receiver is None:
        raise ValueError(f"delivery {delivery.pk} has neither a receiver nor a report")
    return delivery.receiver.key_id, delivery.receiver.secret


def _claim(delivery_id: int, now: datetime) -> Delivery | None:
    """Take a due delivery for one attempt, or return None when it is not ours to send."""
    lease = timedelta(seconds=settings.VT_DELIVERY_LEASE_SECONDS)
    with transaction.atomic():
        delivery = (
            # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side
            # of the outer joins that select_related makes.
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("receiver", "report__sender")
            .filter(
                Q(lease_until__isnull=True) | Q(lease_until__lt=now),
                pk=delivery_id,
                status__in=(Delivery.Status.PENDING, Delivery.Status.SENDING),
                next_attempt_at__lte=now,
            )
            .first()
        )
        if delivery is None:
            return None
        delivery.status = Delivery.Status.SENDING
        delivery.attempts += 1
        delivery.lease_until = now + lease
        delivery.save(update_fields=("status", "attempts", "lease_until"))
    return delivery


def _erase_identifying(delivery: Delivery) -> None:
    """Delete what identifies anyone, once the receiver holds the report.

    The record lives in the HIS (the melding summary and SOEP note were
    offered first) and the report in Veilig Thuis's dossier; here stay the
    ids, the hashes, the times and the status.
    """
    Delivery.objects.filter(pk=delivery.pk).update(body="")
    if delivery.kind != Delivery.Kind.MELDING or delivery.case_id is None:
        return
    deleted, _by_model = MeldingDetails.objects.filter(case_id=delivery.case_id).delete()
    # Failed or superseded rows of the same case carry the same data.
    Delivery.objects.filter(case_id=delivery.case_id, kind=Delivery.Kind.MELDING).update(body="")
    Case.objects.filter(pk=delivery.case_id).update(initials="")
    # NEN 7513: a deletion of patient data is logged like any other access.
    audit_record(
        actor_id=None,
        action="vt_melding_data_deleted",
        target=f"case:{delivery.case_id}",
        data={"delivery": delivery.pk, "details_deleted": bool(deleted)},
    )


def _record(delivery: Delivery, answer: policy.Answer, now: datetime) -> Attempt:
    """Store the outcome of the attempt that claimed ``delivery``."""
    outcome = policy.classify(answer, payload_id=str(delivery.payload_id))
    with transaction.atomic():
        current = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if current.status != Delivery.Status.SENDING or current.attempts != delivery.attempts:
            # Our lease ran out and another attempt took over; it records its own outcome.
            return "skipped"
        current.lease_until = None
        error = answer.error or (f"HTTP {answer.status}" if outcome != "delivered" else "")
        current.last_error = error[:200]
        result: Attempt
        if outcome == "delivered":
            current.status = Delivery.Status.DELIVERED
            current.delivered_at = now
            result = "delivered"
        elif outcome == "retry" and current.attempts < settings.VT_DELIVERY_MAX_ATTEMPTS:
            wait = policy.retry_after_seconds(answer.retry_after)
            if wait is None:
                wait = round(
                    policy.backoff_seconds(
                        current.attempts,
                        base=settings.VT_DELIVERY_BACKOFF_SECONDS,
                        cap=settings.VT_DELIVERY_MAX_BACKOFF_SECONDS,
                        jitter=random.random(),  # noqa: S311 - spreading retries, not a secret
                    )
                )
            current.status = Delivery.Status.PENDING
            current.next_attempt_at = now + timedelta(seconds=wait)
            result = "retry"
        else:
            current.status = Delivery.Status.FAILED
            result = "failed"
        current.save(
            update_fields=("status", "lease_until", "last_error", "delivered_at", "next_attempt_at")
        )
        if result == "delivered":
            _erase_identifying(current)
        if result == "retry":
            _enqueue(current, run_after=current.next_attempt_at)
        if result != "retry":
            audit_record(
                actor_id=None,
                action=f"vt_delivery_{result}",
                target=f"delivery:{current.pk}",
                data={
                    "kind": current.kind,
                    "attempts": current.attempts,
                    "error": error[:80],
                    # The worker transfers on behalf of whoever sent it (NEN 7513).
                    "responsible": current.created_by_id,
                },
            )
    return result


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> Attempt:
    """Make one attempt to deliver, if the delivery is due and no one else holds it."""
    moment = now or timezone.now()
    delivery = _claim(delivery_id, moment)
    if delivery is None:
        return "skipped"
    key_id, secret = _signing_key(delivery)
    answer = transport.post_signed(
        url=delivery.url,
        body=delivery.body.encode(),
        key_id=key_id,
        secret=secret,
        payload_id=str(delivery.payload_id),
        connect_timeout=settings.VT_DELIVERY_CONNECT_TIMEOUT,
        read_timeout=settings.VT_DELIVERY_READ_TIMEOUT,
    )
    # The answer's time: the clock after the post, or the caller's ``now`` (tests).
    return _record(delivery, answer, timezone.now() if now is None else now)


@transaction.atomic
def delivery_retry(*, actor_id: int | None, delivery: Delivery) -> None:
    """Send a failed delivery again, from a clinician's or admin's retry button."""
    current = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if current.status != Delivery.Status.FAILED:
        raise ValueError("only a failed delivery can be retried")
    if not current.body:
        # Emptied when another melding of the case was delivered: nothing left to send.
        raise ValueError("this delivery holds nothing to send any more")
    current.status = Delivery.Status.PENDING
    current.attempts = 0
    current.next_attempt_at = timezone.now()
    current.lease_until = None
    current.save(update_fields=("status", "attempts", "next_attempt_at", "lease_until"))
    audit_record(actor_id=actor_id, action="vt_delivery_retried", target=f"delivery:{current.pk}")
    _enqueue(current)


def _queued_ids() -> set[int]:
    """Return the ids of deliveries that have a task waiting to run."""
    from .tasks import deliver

    waiting = DBTaskResult.objects.filter(
        task_path=deliver.module_path, status="READY"
    ).values_list("args_kwargs", flat=True)
    ids: set[int] = set()
    for args_kwargs in waiting:
        args = args_kwargs.get("args") or []
        if args and isinstance(args[0], int):
            ids.add(args[0])
    return ids


def deliveries_sweep(*, now: datetime | None = None) -> int:
    """Enqueue again every due delivery whose task was lost; return how many.

    A task is lost when the worker that ran it was killed (its lease ran
    out while the row still says ``sending``) or when a due row has no task
    waiting. Enqueueing one too many is harmless: the claim lets only one
    attempt through.
    """
    moment = now or timezone.now()
    due = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING)
        & (Q(lease_until__isnull=True) | Q(lease_until__lt=moment))
        | Q(status=Delivery.Status.SENDING, lease_until__lt=moment),
        next_attempt_at__lte=moment,
    )
    waiting = _queued_ids()
    count = 0
    with transaction.atomic():
        for delivery in due:
            lost_lease = delivery.status == Delivery.Status.SENDING
            if lost_lease or delivery.pk not in waiting:
                _enqueue(delivery)
                count += 1
    return count


def terugkoppeling_payload(terugkoppeling: Terugkoppeling) -> dict[str, Any]:
    """Return the JSON body of a terugkoppeling, as the sending installation receives it."""
    payload: dict[str, Any] = {
        "schema_version": TERUGKOPPELING_SCHEMA_VERSION,
        "id": str(terugkoppeling.id),
        "type": "terugkoppeling",
        "report_id": str(terugkoppeling.report.payload_id),
        "created_at": terugkoppeling.created_at.isoformat(),
        "stage": terugkoppeling.stage,
        "vervolgtraject": terugkoppeling.vervolgtraject,
    }
    for name in ("decision", "handed_to", "safety_conditions", "melder_role", "text"):
        value = getattr(terugkoppeling, name)
        if value:
            payload[name] = value
    return payload


TERUGKOPPELING_FIELDS: Final = (
    "stage",
    "decision",
    "vervolgtraject",
    "handed_to",
    "safety_conditions",
    "melder_role",
    "text",
)


def _attach(*, delivery: Delivery, payload: dict[str, Any]) -> bool:
    """Store terugkoppeling on the case of ``delivery``; return False for a conflicting repeat."""
    values = {name: payload.get(name, "") for name in TERUGKOPPELING_FIELDS}
    values["vervolgtraject"] = bool(payload["vervolgtraject"])
    existing = CaseTerugkoppeling.objects.filter(id=payload["id"]).first()
    if existing is not None:
        same = all(getattr(existing, name) == value for name, value in values.items())
        return same and existing.delivery_id == delivery.pk
    if delivery.case_id is None:
        return True
    received = CaseTerugkoppeling.objects.create(
        id=uuid.UUID(str(payload["id"])),
        case_id=delivery.case_id,
        delivery=delivery,
        # In UTC: PostgreSQL refuses offsets beyond 15:59, which RFC 3339 allows.
        created_at=parse_date_time(payload["created_at"]).astimezone(UTC),
        **values,
    )
    audit_record(
        actor_id=None,
        action="vt_terugkoppeling_received",
        target=f"case:{delivery.case_id}",
        data={"terugkoppeling": str(received.id), "delivery": delivery.pk},
    )
    return True


class TerugkoppelingConflict(Exception):
    """A terugkoppeling id received before with other content."""


@transaction.atomic
def terugkoppeling_receive(*, key_id: str, payload: dict[str, Any]) -> bool:
    """Attach a validated, signed terugkoppeling to the case whose melding it answers.

    Return False when the melding is not one this installation sent to a
    receiver holding that key (one receiving installation may serve several
    regions with one key). Raise :class:`TerugkoppelingConflict` for a
    repeated id with other content.
    """
    delivery = Delivery.objects.filter(
        payload_id=payload["report_id"],
        kind=Delivery.Kind.MELDING,
        receiver__key_id=key_id,
        receiver__active=True,
    ).first()
    if delivery is None:
        return False
    if not _attach(delivery=delivery, payload=payload):
        raise TerugkoppelingConflict
    return True


Sent = Literal["local", "queued", "phone"]


@transaction.atomic
def terugkoppeling_send(*, terugkoppeling: Terugkoppeling, actor_id: int | None) -> Sent:
    """Send terugkoppeling to the melder's installation, or show it on the case here.

    ``local`` when the melding came from this installation (it is attached
    to the case at once), ``queued`` when it goes through the signed outbox
    to the sender's terugkoppeling address, ``phone`` when the sender has no
    such address and Veilig Thuis tells the melder by phone.
    """
    report = terugkoppeling.report
    payload = terugkoppeling_payload(terugkoppeling)
    local = Delivery.objects.filter(
        payload_id=report.payload_id, kind=Delivery.Kind.MELDING
    ).first()
    if local is not None:
        _attach(delivery=local, payload=payload)
        return "local"
    callback = report.sender.callback_url
    if not callback:
        audit_record(
            actor_id=actor_id,
            action="vt_terugkoppeling_by_phone",
            target=f"report:{report.pk}",
        )
        return "phone"
    delivery_create(
        kind=Delivery.Kind.TERUGKOPPELING,
        payload=payload,
        url=callback,
        actor_id=actor_id,
        region=report.region,
        report=report,
    )
    return "queued"
