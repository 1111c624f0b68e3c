"""Writes to the audit trail: one function, called by every service that changes something."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from .chain import GENESIS, entry_hash
from .models import AuditEntry, AuditHead


def audit_record(
    *, actor_id: int | None, action: str, target: str = "", data: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry to the audit trail, in the caller's transaction.

    The head row is locked while the entry is chained, so parallel writers
    take their turn and the chain stays one line; the lock lasts only as
    long as the caller's transaction, which should be short.
    """
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            AuditHead.objects.bulk_create(
                [AuditHead(pk=1, last_hash=GENESIS)], ignore_conflicts=True
            )
            head = AuditHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            created_at=timezone.now(),
            actor_id=actor_id,
            action=action,
            target=target,
            data=data or {},
            previous=head.last_hash,
        )
        entry.hash = entry_hash(entry.previous, entry.chained_fields())
        entry.save()
        AuditHead.objects.filter(pk=1).update(last_hash=entry.hash)
    return entry
