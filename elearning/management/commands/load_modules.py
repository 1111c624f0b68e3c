"""Check the e-learning modules' files and record their versions."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from elearning.content import ContentError
from elearning.services import modules_load


class Command(BaseCommand):
    """Load every module strictly and make its version current."""

    help = "Check the e-learning modules' files and record their versions."

    def handle(self, *args: Any, **options: Any) -> None:
        """Load, check and record."""
        try:
            loaded = modules_load()
        except ContentError as error:
            raise CommandError(str(error)) from None
        for item in loaded:
            state = "loaded" if item.created else "unchanged"
            self.stdout.write(f"Module {item.slug} {item.version}: {state}.")
