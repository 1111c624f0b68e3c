"""Delete login throttles and device cookies that no longer matter."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from meldcode.accounts.device_cookies import device_cookies_purge
from meldcode.accounts.throttle import throttles_purge


class Command(BaseCommand):
    """Purge old throttle buckets and expired device cookies (run daily)."""

    help = "Delete login throttles and device cookies that no longer matter."

    def handle(self, *args: Any, **options: Any) -> None:
        """Purge and say how much."""
        now = timezone.now()
        buckets = throttles_purge(now=now)
        cookies = device_cookies_purge(now=now)
        self.stdout.write(f"Purged {buckets} login throttles and {cookies} device cookies.")
