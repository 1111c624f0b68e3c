"""Check the signal catalogue files and record their version."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signals.catalogue import CatalogueError, load
from signals.services import catalogue_version_record


class Command(BaseCommand):
    """Load the catalogue strictly and keep its version in the database."""

    help = "Check the signal catalogue files and record their version."

    def add_arguments(self, parser: CommandParser) -> None:
        """Take an optional directory."""
        parser.add_argument("--directory", type=Path, help="Catalogue directory to load.")

    def handle(self, *args: Any, directory: Path | None, **options: Any) -> None:
        """Load, check and record."""
        try:
            catalogue = load(directory)
        except CatalogueError as error:
            raise CommandError(str(error)) from None
        record = catalogue_version_record(catalogue=catalogue)
        self.stdout.write(f"Catalogue {record.version}: {record.signal_count} signals.")
