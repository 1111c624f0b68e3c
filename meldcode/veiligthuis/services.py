"""Writes of the Veilig Thuis intake: issuing sender keys and receiving reports."""

import secrets
import uuid
from dataclasses import dataclass
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone

from meldcode.audit.services import audit_record

from .models import ReceivedReport, Region, SenderKey
from .working_days import assessment_due

KEY_ID_PREFIX: Final = "vtk_"


class TooManyActiveKeys(ValueError):
    """The sender already has the most active keys it may have."""


class ReportConflict(Exception):
    """A payload id that was received before with another body (or from another sender)."""


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the intake answers for a delivery: the same for the first and any repeat."""

    payload_id: uuid.UUID
    status: str
    created: bool

    def answer(self) -> dict[str, str]:
        """Return the JSON body of the answer."""
        return {"id": str(self.payload_id), "status": self.status}


@transaction.atomic
def sender_key_issue(*, sender_name: str) -> tuple[SenderKey, str]:
    """Issue a new key to a sending installation; return it with its secret.

    The secret is returned only here, to be handed to the sender once. Raise
    :class:`TooManyActiveKeys` when the sender already has two active keys:
    rotation means issuing the second, then retiring the first.
    """
    name = sender_name.strip()
    if not name:
        raise ValueError("A sender key needs the name of the sending installation.")
    active = list(
        SenderKey.objects.select_for_update().filter(sender_name=name, active=True).values("pk")
    )
    if len(active) >= SenderKey.MAX_ACTIVE_KEYS:
        raise TooManyActiveKeys(
            f"{name} already has {SenderKey.MAX_ACTIVE_KEYS} active keys; retire one first."
        )
    secret = secrets.token_urlsafe(32)
    key = SenderKey.objects.create(
        key_id=KEY_ID_PREFIX + secrets.token_hex(8), secret=secret, sender_name=name
    )
    audit_record(actor_id=None, action="vt_sender_key_issued", target=f"sender_key:{key.pk}")
    return key, secret


def _repeat(existing: ReceivedReport, *, sender: SenderKey, body_hash: str) -> Receipt:
    """Answer a payload id seen before: the same receipt, or a conflict."""
    same_sender = existing.sender.sender_name == sender.sender_name
    if not same_sender or existing.body_hash != body_hash:
        raise ReportConflict
    return Receipt(existing.payload_id, ReceivedReport.Status.ONTVANGEN, created=False)


def report_receive(
    *, sender: SenderKey, region: Region, payload: dict[str, Any], body_hash: str
) -> Receipt:
    """Store a validated, signed delivery once; answer a repeat as the first time.

    Two identical deliveries at the same moment store one row: the unique
    payload id makes the loser's insert fail, after which it reads the
    winner's row. Raise :class:`ReportConflict` for a payload id received
    before with another body or from another sending installation.
    """
    payload_id = uuid.UUID(str(payload["id"]))
    existing = ReceivedReport.objects.select_related("sender").filter(payload_id=payload_id).first()
    if existing is not None:
        return _repeat(existing, sender=sender, body_hash=body_hash)
    received_at = timezone.now()
    # Only a melding gets a veiligheidsbeoordeling; an advies is answered by phone.
    due = assessment_due(received_at) if payload["type"] == ReceivedReport.Type.MELDING else None
    try:
        with transaction.atomic():
            report = ReceivedReport.objects.create(
                payload_id=payload_id,
                region=region,
                type=payload["type"],
                body_hash=body_hash,
                payload=payload,
                sender=sender,
                received_at=received_at,
                assessment_due=due,
            )
            # Metadata only: the content of a report never enters the audit trail.
            audit_record(
                actor_id=None,
                action="vt_report_received",
                target=f"report:{report.pk}",
                data={"type": report.type, "region": region.code, "key_id": sender.key_id},
            )
    except IntegrityError:
        existing = ReceivedReport.objects.select_related("sender").get(payload_id=payload_id)
        return _repeat(existing, sender=sender, body_hash=body_hash)
    return Receipt(payload_id, report.status, created=True)
