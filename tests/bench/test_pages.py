"""Server-side time of the pages every visit touches.

Run with ``uv run pytest tests/bench --benchmark-only``; the figures are
reported, not asserted.
"""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_healthz(benchmark, client: Client) -> None:
    response = benchmark(client.get, "/healthz")
    assert response.status_code == 200


@pytest.mark.django_db
def test_login_page(benchmark, client: Client) -> None:
    response = benchmark(client.get, reverse("accounts:login"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_home_page_verified(benchmark, verified_client: Client) -> None:
    response = benchmark(verified_client.get, reverse("home"))
    assert response.status_code == 200
