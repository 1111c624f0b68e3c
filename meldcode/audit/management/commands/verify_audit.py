"""Check the audit trail's hash chain; exit non-zero when anything was changed or deleted."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from meldcode.audit.chain import ChainEntry, verify_chain
from meldcode.audit.models import AuditEntry, AuditHead


class Command(BaseCommand):
    """Verify every entry and the links between them."""

    help = "Check the audit trail; exit non-zero when an entry was changed, deleted or reordered."

    def handle(self, *args: Any, **options: Any) -> None:
        """Walk the chain in order and report."""
        entries = (
            ChainEntry(number=e.pk, fields=e.chained_fields(), previous=e.previous, hash=e.hash)
            for e in AuditEntry.objects.order_by("id").iterator()
        )
        head = AuditHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
        problems = verify_chain(entries, head=head)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"The audit trail is not intact: {len(problems)} problem(s).")
        count = AuditEntry.objects.count()
        self.stdout.write(f"The audit trail is intact: {count} entries.")
