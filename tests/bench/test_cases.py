"""Server time of the case wizard: each step's page and save, the summary, a whole case.

Run with ``uv run pytest tests/bench --benchmark-only``; the figures are
reported, not asserted (the aim is a median of at most 15 ms per step on
SQLite). Each response's status is asserted, so a broken page cannot look
fast, and the number of queries of one request is kept in the benchmark's
extra_info. The floor to read them against is the authenticated home page,
``tests/bench/test_pages.py::test_home_page_verified``.

The case is MW-DEMO-1 of the demo data (seven signals, three observations,
every step filled in); a save posts what the demo typed, as a clinician
pressing "Save" again would.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from meldcode.accounts.models import Profession, User
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.cases.steps import STEPS

Data = dict[str, Any]
POST_ROUNDS = 50
WHOLE_CASE_ROUNDS = 20


@pytest.fixture
def demo_case(clinician: User, make_user: Callable[..., User]) -> Case:
    """Return MW-DEMO-1, owned by ``clinician`` (the verified client's user)."""
    nurse = make_user(profession=Profession.VERPLEEGKUNDIGE, full_name="Sanne Bakker")
    demo_cases_ensure(owners=[clinician, nurse])
    return Case.objects.get(reference="MW-DEMO-1")


def step_url(case: Case, step: str) -> str:
    return reverse("cases:step", kwargs={"reference": case.reference, "step": step})


def current_revision(case: Case) -> int:
    return Case.objects.values_list("revision", flat=True).get(pk=case.pk)


def queries_of(call: Callable[[], Any]) -> int:
    """Return how many queries one call makes (counted outside the timing)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("step", STEPS)
def test_step_get(benchmark: Any, verified_client: Client, demo_case: Case, step: str) -> None:
    url = step_url(demo_case, step)
    benchmark.extra_info["queries"] = queries_of(lambda: verified_client.get(url))
    response = benchmark(verified_client.get, url)
    assert response.status_code == 200
    assert f'name="revision" value="{demo_case.revision}"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("step", STEPS)
def test_step_post(benchmark: Any, verified_client: Client, demo_case: Case, step: str) -> None:
    url = step_url(demo_case, step)
    answers: Data = {**demo_case.drafts[step], "nav": "stay"}
    statuses: list[int] = []

    def post(data: Data) -> None:
        statuses.append(verified_client.post(url, data).status_code)

    def setup() -> tuple[tuple[Data], dict[str, Any]]:
        # The revision a freshly loaded page would carry; the "Saved." message
        # of the last round is dropped, as the page after the redirect shows it.
        verified_client.cookies.pop("messages", None)
        return ({**answers, "revision": str(current_revision(demo_case))},), {}

    benchmark.extra_info["queries"] = queries_of(lambda: post(setup()[0][0]))
    before = current_revision(demo_case)
    benchmark.pedantic(post, setup=setup, rounds=POST_ROUNDS, warmup_rounds=1)
    assert set(statuses) == {302}
    # Every round saved: the revision rose once per post, warm-up included.
    assert current_revision(demo_case) == before + POST_ROUNDS + 1


@pytest.mark.django_db
def test_summary_get(benchmark: Any, verified_client: Client, demo_case: Case) -> None:
    url = reverse("cases:summary", kwargs={"reference": demo_case.reference})
    benchmark.extra_info["queries"] = queries_of(lambda: verified_client.get(url))
    response = benchmark(verified_client.get, url)
    assert response.status_code == 200
    assert demo_case.reference in response.content.decode()


def whole_case(client: Client, drafts: dict[str, Data]) -> str:
    """Open a case, save the five steps as MW-DEMO-1 was filled in, decide; return its reference.

    The revision is counted along, as the pages would carry it: 1 when the
    case is opened, one more after each save.
    """
    details = {
        "age_group": "minderjarige",
        "track": "knmg",
        "initials": "L.",
        "birth_year": str(timezone.localdate().year - 16),
    }
    response = client.post(reverse("cases:create"), details)
    assert response.status_code == 302
    reference: str = resolve(urlsplit(response["Location"]).path).kwargs["reference"]
    revision = 1
    for step in STEPS:
        url = reverse("cases:step", kwargs={"reference": reference, "step": step})
        response = client.post(url, {**drafts[step], "revision": str(revision), "nav": "next"})
        assert response.status_code == 302, (step, response.status_code)
        revision += 1
    response = client.post(
        reverse("cases:finish", kwargs={"reference": reference}), {"revision": str(revision)}
    )
    assert response.status_code == 302
    return reference


@pytest.mark.django_db
def test_whole_case_to_decision(benchmark: Any, verified_client: Client, demo_case: Case) -> None:
    drafts: dict[str, Data] = demo_case.drafts
    references: list[str] = []

    def run() -> None:
        verified_client.cookies.pop("messages", None)
        references.append(whole_case(verified_client, drafts))

    benchmark.extra_info["queries"] = queries_of(run)
    benchmark.extra_info["requests"] = 2 + len(STEPS)
    benchmark.pedantic(run, rounds=WHOLE_CASE_ROUNDS, warmup_rounds=1)
    decided = Case.objects.filter(reference__in=references)
    assert decided.count() == len(references) == WHOLE_CASE_ROUNDS + 2
    assert all(c.decision == demo_case.decision and c.decided_revision == 7 for c in decided)
