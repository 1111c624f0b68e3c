"""Time to make the record of the largest demo case: the PDF, the SOEP entries, the pages.

Run with ``uv run pytest tests/bench --benchmark-only``; the figures are
reported, not asserted. Each result is checked, so a broken record cannot
look fast; the benchmark's extra_info keeps the case measured, the size of
its record and, for the pages, the number of queries of one request.

The case is the demo case with the largest record (``json.dumps`` of
``Case.record``), chosen when the benchmark runs, so that a demo case that
grows is measured without editing this file. The pages are requested by the
case's owner, as the verified client.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meldcode.accounts.models import Profession, User
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.cases.record.colleague import colleague_summary
from meldcode.cases.record.pdf import record_pdf
from meldcode.cases.record.soep import soep_entries, soep_text
from tests.helpers import verify_session

LANGUAGE = "nl"
# A PDF takes tens of milliseconds: the default calibration gives it few rounds.
PDF_ROUNDS = 30


def record_size(case: Case) -> int:
    return len(json.dumps(case.record))


@pytest.fixture
def largest_case(clinician: User, make_user: Callable[..., User]) -> Case:
    """Return the demo case with the largest record."""
    nurse = make_user(profession=Profession.VERPLEEGKUNDIGE, full_name="Sanne Bakker")
    demo_cases_ensure(owners=[clinician, nurse])
    cases = Case.objects.filter(reference__startswith="MW-DEMO-").select_related("owner")
    return max(cases, key=lambda case: (record_size(case), case.reference))


@pytest.fixture
def owner_client(verified_client: Client, clinician: User, largest_case: Case) -> Client:
    """Return the verified client, logged in as the owner of ``largest_case``."""
    if largest_case.owner_id != clinician.pk:
        verify_session(verified_client, largest_case.owner)
    return verified_client


def describe(benchmark: Any, case: Case) -> None:
    benchmark.extra_info["case"] = case.reference
    benchmark.extra_info["record_chars"] = record_size(case)


def queries_of(call: Callable[[], Any]) -> int:
    """Return how many queries one call makes (counted outside the timing)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_record_pdf(benchmark: Any, largest_case: Case) -> None:
    describe(benchmark, largest_case)
    content = benchmark.pedantic(
        record_pdf,
        args=(largest_case,),
        kwargs={"language": LANGUAGE},
        rounds=PDF_ROUNDS,
        warmup_rounds=1,
    )
    assert content.startswith(b"%PDF")
    benchmark.extra_info["bytes"] = len(content)


@pytest.mark.django_db
def test_soep_text(benchmark: Any, largest_case: Case) -> None:
    describe(benchmark, largest_case)

    def make() -> str:
        return soep_text(soep_entries(largest_case, language=LANGUAGE))

    text = benchmark(make)
    assert text.strip()
    benchmark.extra_info["chars"] = len(text)


@pytest.mark.django_db
def test_colleague_summary(benchmark: Any, largest_case: Case) -> None:
    describe(benchmark, largest_case)
    summary = benchmark(colleague_summary, largest_case, language=LANGUAGE)
    assert summary.lines


@pytest.mark.django_db
def test_record_page(benchmark: Any, owner_client: Client, largest_case: Case) -> None:
    describe(benchmark, largest_case)
    url = reverse("cases:record", kwargs={"reference": largest_case.reference})
    benchmark.extra_info["queries"] = queries_of(lambda: owner_client.get(url))
    response = benchmark(owner_client.get, url)
    assert response.status_code == 200
    assert largest_case.reference in response.content.decode()


@pytest.mark.django_db
def test_record_pdf_download(benchmark: Any, owner_client: Client, largest_case: Case) -> None:
    describe(benchmark, largest_case)
    url = reverse("cases:record_pdf", kwargs={"reference": largest_case.reference})
    benchmark.extra_info["queries"] = queries_of(lambda: owner_client.get(url))
    response = benchmark.pedantic(owner_client.get, args=(url,), rounds=PDF_ROUNDS, warmup_rounds=1)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
