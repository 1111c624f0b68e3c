"""Remove received reports past the receiving side's retention (dry run unless --apply).

Only an advies, or a melding whose handling is completed (afgerond), is
removed; a melding still in assessment or onderzoek stays whatever its age.
The audit trail keeps that the report existed and when it was purged.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meldcode.audit.services import audit_record
from meldcode.veiligthuis.models import ReceivedReport


class Command(BaseCommand):
    """Purge received reports past VT_REPORT_RETENTION_DAYS."""

    help = "Remove received Veilig Thuis reports past their retention. Dry run unless --apply."

    def add_arguments(self, parser: CommandParser) -> None:
        """Take --apply."""
        parser.add_argument("--apply", action="store_true", help="Really remove them.")

    def handle(self, *args: Any, apply: bool, **options: Any) -> None:
        """List, and with --apply remove, what is past its retention."""
        cutoff = timezone.now() - timedelta(days=settings.VT_REPORT_RETENTION_DAYS)
        due = ReceivedReport.objects.filter(received_at__lt=cutoff).filter(
            Q(type=ReceivedReport.Type.ADVIES) | Q(status=ReceivedReport.Status.AFGEROND)
        )
        ids = list(due.values_list("pk", "payload_id"))
        kept = ReceivedReport.objects.filter(received_at__lt=cutoff).count() - len(ids)
        for _pk, payload_id in ids:
            self.stdout.write(f"{'removed' if apply else 'would remove'}: report {payload_id}")
        if kept:
            self.stdout.write(f"kept {kept} older meldingen whose handling is not completed")
        if not apply:
            return
        with transaction.atomic():
            for pk, payload_id in ids:
                ReceivedReport.objects.filter(pk=pk).delete()
                audit_record(
                    actor_id=None,
                    action="vt_report_purged",
                    target=f"report:{pk}",
                    data={"payload_id": str(payload_id)},
                )
