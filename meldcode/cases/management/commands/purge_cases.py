"""Purge cases whose record reached the HIS and whose retention has passed."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from meldcode.cases.models import Case
from meldcode.cases.retention import purge_verdict
from meldcode.cases.services import case_purge

REASONS = {
    "open": "the case is still open",
    "unconfirmed": "the transfer to the HIS was not confirmed",
    "retained": "the retention after closing has not passed",
}


class Command(BaseCommand):
    """List (by default) or purge the cases that may go."""

    help = (
        "Purge closed cases whose owner confirmed the transfer to the HIS and whose retention "
        "(CASE_RETENTION_DAYS after closing) has passed. Dry run unless --apply is given. "
        "A case whose transfer was not confirmed is never purged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Take --apply and --reference."""
        parser.add_argument("--apply", action="store_true", help="Purge; without it, only list.")
        parser.add_argument(
            "--reference",
            action="append",
            default=[],
            help="Only this case (repeatable); refused with the reason when it may not go.",
        )

    def handle(self, *args: Any, apply: bool, reference: list[str], **options: Any) -> None:
        """Decide per case, say what happens, and purge with --apply."""
        now = timezone.now()
        retention = timedelta(days=settings.CASE_RETENTION_DAYS)
        cases = Case.objects.filter(closed_at__isnull=False).order_by("closed_at")
        if reference:
            found = {c.reference: c for c in Case.objects.filter(reference__in=reference)}
            missing = sorted(set(reference) - set(found))
            if missing:
                raise CommandError(f"No case with reference {', '.join(missing)}.")
            cases = Case.objects.filter(pk__in=[c.pk for c in found.values()])
        refused: list[str] = []
        purged = 0
        for case in cases.only("pk", "reference", "closed_at", "his_transferred_on"):
            verdict = purge_verdict(
                closed_at=case.closed_at,
                his_transferred_on=case.his_transferred_on,
                now=now,
                retention=retention,
            )
            if verdict != "purge":
                if verdict == "unconfirmed" or reference:
                    refused.append(f"{case.reference}: {REASONS[verdict]}")
                continue
            if not apply:
                self.stdout.write(f"Would purge {case.reference}.")
                continue
            if case_purge(case=case, now=now, retention=retention):
                purged += 1
                self.stdout.write(f"Purged {case.reference}.")
        for line in refused:
            self.stderr.write(f"Not purged: {line}.")
        if apply:
            self.stdout.write(f"Purged {purged} case(s).")
        else:
            self.stdout.write("Dry run: nothing was purged. Use --apply to purge.")
        if reference and refused:
            raise CommandError(f"Refused to purge {len(refused)} case(s); see above.")
