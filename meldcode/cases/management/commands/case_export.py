"""Write a case's record for the patient file: the PDF or the SOEP entries."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import override

from meldcode.cases.models import Case
from meldcode.cases.record.pdf import record_pdf
from meldcode.cases.record.soep import soep_entries, soep_text
from meldcode.cases.services import case_export_log


class Command(BaseCommand):
    """Export the record of one case."""

    help = "Write the record of a case for the patient file: --format pdf or soep."

    def add_arguments(self, parser: CommandParser) -> None:
        """Take the reference, the format, the output file and the language."""
        parser.add_argument("reference")
        parser.add_argument("--format", choices=["pdf", "soep"], required=True)
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(
        self, *args: Any, reference: str, output: str, language: str, **options: Any
    ) -> None:
        """Build the record and write it; the export is logged in the audit trail."""
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            raise CommandError(f"No case with reference {reference}.")
        kind = options["format"]
        with override(language):
            if kind == "pdf":
                content = record_pdf(case, language=language)
            else:
                content = soep_text(soep_entries(case, language=language)).encode("utf-8")
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from error
        case_export_log(user=None, case=case, kind=kind, via="command")
        self.stdout.write(f"Wrote the {kind} record of {reference} to {output}.")
