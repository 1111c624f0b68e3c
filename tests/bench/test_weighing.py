"""Speed of weigh() with 20 signals (target: median under 50 microseconds) and of the page.

Run with ``uv run pytest tests/bench --benchmark-only``.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from signals.catalogue import load
from signals.weighing import weigh

FORM_ENCODED = "application/x-www-form-urlencoded"


def twenty_codes() -> list[str]:
    """Return 20 signals spread over the dimensions, as a busy clinician might pick."""
    catalogue = load()
    adult = [s for s in catalogue.signals if s.applies_to(minor=False)]
    with_dimension = [s.code for s in adult if s.indicator and not s.counter]
    general = [s.code for s in adult if not s.indicator and not s.counter]
    counters = [s.code for s in adult if s.counter]
    return (with_dimension[::3][:15] + general[:3] + counters[:2])[:20]


def test_weigh_twenty_signals(benchmark) -> None:
    codes = twenty_codes()
    assert len(codes) == 20
    load()  # read the files outside the measurement, as a running server has
    profile = benchmark(weigh, codes)
    assert len(profile.signals) + len(profile.counter_signals) == 20


def form_body(codes: list[str]) -> str:
    """Encode the selection as a browser submits the form (application/x-www-form-urlencoded)."""
    return urlencode({"signals": codes}, doseq=True)


@pytest.mark.django_db
def test_weigh_page_with_twenty_signals(benchmark, verified_client: Client) -> None:
    body = form_body(twenty_codes())
    response = benchmark(
        verified_client.post, reverse("signals:weigh"), body, content_type=FORM_ENCODED
    )
    assert response.status_code == 200
    assert response.content.count(b" checked") >= 20


@pytest.mark.django_db
def test_weigh_page_partial_profile(benchmark, verified_client: Client) -> None:
    body = form_body(twenty_codes())
    response = benchmark(
        verified_client.post,
        reverse("signals:weigh"),
        body,
        content_type=FORM_ENCODED,
        headers={"X-Meldwijzer-Partial": "profile"},
    )
    assert response.status_code == 200
    assert b'data-part="profile"' in response.content
