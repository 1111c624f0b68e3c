"""Issue a signing key to a sending installation and print it once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meldcode.veiligthuis.services import TooManyActiveKeys, sender_key_issue


class Command(BaseCommand):
    """Print ``<key id> <secret>`` of a new key; the secret is never shown again."""

    help = "Issue a key with which a sending installation signs its deliveries to this intake."

    def add_arguments(self, parser: CommandParser) -> None:
        """Take the name of the sending installation."""
        parser.add_argument("sender_name", help="The practice or organisation that sends.")

    def handle(self, *args: Any, sender_name: str, **options: Any) -> None:
        """Issue the key and print it."""
        try:
            key, secret = sender_key_issue(sender_name=sender_name)
        except (TooManyActiveKeys, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{key.key_id} {secret}")
