"""Write a certificate's PDF to a file."""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from elearning import services
from elearning.certificates import read_code
from elearning.public.selectors import certificate_by_code


def write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder, then rename.

    A reader never sees half a PDF, and a failure leaves any earlier file
    at ``path`` as it was.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    """Export the PDF of one certificate."""

    help = "Write the PDF of the certificate with code CODE to --output FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        """Take the code and the output file."""
        parser.add_argument("code", help="The certificate's code, for example 7K3P-9QX2-M4TD-H8VA.")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args: Any, code: str, output: str, **options: Any) -> None:
        """Write the PDF stored at issue, or drawn again from the frozen record."""
        canonical = read_code(code)
        if canonical is None:
            raise CommandError(
                f"{code!r} is not a certificate code: a code has 16 letters and digits, "
                "such as 7K3P-9QX2-M4TD-H8VA."
            )
        certificate = certificate_by_code(canonical)
        if certificate is None:
            raise CommandError(f"No certificate has the code {canonical}.")
        target = Path(output)
        if target.is_dir():
            raise CommandError(f"Could not write {output}: it is a folder.")
        pdf = services.certificate_pdf_bytes(certificate)
        try:
            write_atomically(target, pdf)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror or error}.") from error
        self.stdout.write(f"Wrote the certificate {canonical} to {output}.")
