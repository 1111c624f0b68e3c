"""Re-enqueue outbox deliveries whose task was lost (a killed worker, a lost queue row).

Run it from cron or a timer, or with ``--every SECONDS`` as a long-running
process beside ``db_worker``.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from meldcode.veiligthuis.outbox.services import deliveries_sweep


class Command(BaseCommand):
    """Sweep the outbox once, or every few seconds."""

    help = "Enqueue again every due Veilig Thuis delivery whose task was lost."

    def add_arguments(self, parser: CommandParser) -> None:
        """Take --every."""
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Sweep again every this many seconds until stopped (default: once).",
        )

    def handle(self, *args: Any, every: int, **options: Any) -> None:
        """Sweep, and keep sweeping when asked to."""
        while True:
            count = deliveries_sweep()
            if count or every == 0:
                self.stdout.write(f"Re-enqueued {count} deliveries.")
            if every <= 0:
                return
            close_old_connections()
            time.sleep(every)
