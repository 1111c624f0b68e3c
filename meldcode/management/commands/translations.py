"""Update, compile or check the message catalogues with Babel (no GNU gettext needed)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meldcode import i18n


class Command(BaseCommand):
    """Manage the nl and en message catalogues."""

    help = "Update the catalogues from the source, compile them, or check them."

    def add_arguments(self, parser: CommandParser) -> None:
        """Take the action to perform."""
        parser.add_argument("action", choices=["update", "compile", "check"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        """Perform the action."""
        if action == "update":
            for language, count in i18n.update_catalogues().items():
                self.stdout.write(f"{language}: {count} untranslated")
        elif action == "compile":
            for path in i18n.compile_catalogues():
                self.stdout.write(f"compiled {path.relative_to(i18n.ROOT)}")
        else:
            problems = i18n.check_catalogues()
            for problem in problems:
                self.stderr.write(str(problem))
            if problems:
                raise CommandError(f"{len(problems)} problems in the catalogues.")
            self.stdout.write("The catalogues are complete.")
