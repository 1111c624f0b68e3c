"""The certificate_pdf command, and the QR code on the PDF that opens a verification page."""

import io
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2  # type: ignore[import-untyped]
import pytest
import zxingcpp
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from pypdf import PdfReader

from elearning import links, services
from elearning.models import Certificate

from .pages import attribute

ROOT = Path(__file__).resolve().parents[3]


def pdf_text(pdf: bytes) -> str:
    """Return the text of every page of ``pdf``."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_command_writes_the_certificate_pdf(certificate: Certificate, tmp_path: Path) -> None:
    output = tmp_path / "certificate.pdf"
    out = io.StringIO()
    call_command("certificate_pdf", certificate.code, output=str(output), stdout=out)
    written = output.read_bytes()
    assert written.startswith(b"%PDF-")
    assert written == services.certificate_pdf_bytes(certificate)
    text = pdf_text(written)
    assert certificate.code in text
    assert services.frozen_of(certificate).name in text
    assert certificate.code in out.getvalue()
    # Written through a temporary file that is gone afterwards.
    assert [path.name for path in tmp_path.iterdir()] == ["certificate.pdf"]


def test_the_command_reads_a_code_typed_another_way_and_replaces_a_file(
    certificate: Certificate, tmp_path: Path
) -> None:
    output = tmp_path / "certificate.pdf"
    output.write_bytes(b"old")
    typed = certificate.code.lower().replace("-", "")
    call_command("certificate_pdf", typed, output=str(output), stdout=io.StringIO())
    assert output.read_bytes() == services.certificate_pdf_bytes(certificate)


def test_the_command_draws_a_missing_pdf_from_the_frozen_data(
    certificate: Certificate, tmp_path: Path
) -> None:
    Certificate.objects.filter(pk=certificate.pk).update(pdf=None)
    output = tmp_path / "certificate.pdf"
    call_command("certificate_pdf", certificate.code, output=str(output), stdout=io.StringIO())
    assert certificate.code in pdf_text(output.read_bytes())


@pytest.mark.parametrize("code", ["0000-0000-0000-0000", "nonsense", "", "7K3P-9QX2-M4TD"])
def test_an_unknown_or_malformed_code_writes_nothing(
    certificate: Certificate, tmp_path: Path, code: str
) -> None:
    output = tmp_path / "certificate.pdf"
    with pytest.raises(CommandError, match="certificate"):
        call_command("certificate_pdf", code, output=str(output), stdout=io.StringIO())
    assert not output.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_is_a_clear_error(certificate: Certificate, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Could not write"):
        call_command(
            "certificate_pdf",
            certificate.code,
            output=str(tmp_path / "missing" / "c.pdf"),
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="Could not write"):
        call_command("certificate_pdf", certificate.code, output=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_the_output_option_is_required(certificate: Certificate) -> None:
    with pytest.raises(CommandError, match="--output"):
        call_command("certificate_pdf", certificate.code)


def test_a_malformed_code_exits_non_zero(tmp_path: Path) -> None:
    output = tmp_path / "certificate.pdf"
    # A malformed code is refused before the database is asked anything.
    finished = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "certificate_pdf", "not-a-code!", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode != 0
    assert "CommandError" in finished.stderr
    assert "not a certificate code" in finished.stderr
    assert not output.exists()


def test_the_qr_code_on_the_pdf_opens_a_valid_verification_page(
    certificate: Certificate,
) -> None:
    assert certificate.pdf is not None
    stored = bytes(certificate.pdf)
    page = pypdfium2.PdfDocument(stored)[0]
    image = page.render(scale=3).to_pil()
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    assert len(decoded) == 1
    url = decoded[0]
    assert url.startswith(settings.SITE_URL)
    assert url == links.verify_url(certificate.code)
    # The URL printed next to the QR code is the same one.
    assert url in pdf_text(stored).replace("\n", "")
    anonymous = Client()
    response = anonymous.get(urlsplit(url).path)
    assert response.status_code == 200
    html = response.content.decode()
    assert attribute(html, "data-state") == ["valid"]
    assert services.frozen_of(certificate).name in html
