"""``case_export``: the record for the patient file from the command line."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.cases.record.soep import soep_entries, soep_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_case(clinician: User, make_user) -> Case:
    demo_cases_ensure(owners=[clinician, make_user(profession="verpleegkundige")])
    return Case.objects.get(reference="MW-DEMO-1")


def test_the_soep_export_is_the_text_of_the_record_page(demo_case: Case, tmp_path: Path) -> None:
    output = tmp_path / "record.txt"
    call_command(
        "case_export",
        demo_case.reference,
        "--format",
        "soep",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    text = output.read_text(encoding="utf-8")
    assert text == soep_text(soep_entries(demo_case, language="nl"))
    entries = text.strip().split("\n\n")
    assert len(entries) > 1
    for entry in entries:
        head, *lines = entry.splitlines()
        assert re.match(r"\d\d-\d\d-\d{4} ", head)
        assert lines
        assert all(line[:3] in ("S: ", "O: ", "E: ", "P: ") for line in lines), lines
    exported = AuditEntry.objects.get(action="case_exported")
    assert exported.data == {"kind": "soep", "via": "command"}
    assert exported.target == f"case:{demo_case.pk}"


def test_the_pdf_export_writes_a_pdf(demo_case: Case, tmp_path: Path) -> None:
    output = tmp_path / "record.pdf"
    call_command(
        "case_export",
        demo_case.reference,
        "--format",
        "pdf",
        "--output",
        str(output),
        "--language",
        "en",
        stdout=io.StringIO(),
    )
    assert output.read_bytes().startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="case_exported", data__kind="pdf").exists()


def test_an_unknown_case_or_an_unwritable_file_is_a_clear_error(
    demo_case: Case, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="No case with reference MW-NOPE"):
        call_command("case_export", "MW-NOPE", "--format", "soep", "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="Could not write"):
        call_command(
            "case_export",
            demo_case.reference,
            "--format",
            "soep",
            "--output",
            str(tmp_path / "missing" / "x.txt"),
        )
    assert not AuditEntry.objects.filter(action="case_exported").exists()
