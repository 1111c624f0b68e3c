"""The public pages share one rate limit per client address, counted in the throttle store."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from elearning.models import Certificate
from elearning.public import ratelimit
from meldcode.accounts.models import ThrottleBucket

from .pages import verify_path

LIMIT = 3


@pytest.fixture
def low_limit(settings: Settings) -> None:
    """Allow three requests a minute."""
    settings.ELEARNING_VERIFY_LIMIT = LIMIT


def test_the_page_answers_429_with_retry_after_past_the_limit(
    low_limit: None, client: Client, certificate: Certificate
) -> None:
    path = verify_path(certificate.code)
    assert [client.get(path).status_code for _ in range(LIMIT)] == [200] * LIMIT
    refused = client.get(path)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]
    html = refused.content.decode()
    assert "data-state" not in html  # nothing of the certificate
    assert '<meta name="robots" content="noindex">' in html


def test_every_public_view_counts_and_the_json_ones_refuse_in_json(
    low_limit: None, client: Client, certificate: Certificate
) -> None:
    slug = certificate.module.slug
    code = certificate.code
    json_paths = [
        reverse("credentials:issuer"),
        reverse("credentials:badge_class", args=[slug]),
        reverse("credentials:badge_image", args=[slug]),
        reverse("credentials:assertion", args=[code]),
        reverse("credentials:assertion_png", args=[code]),
    ]
    # The three allowed requests, spread over the pages ...
    assert client.get(reverse("credentials:verify_form")).status_code == 200
    assert client.get(verify_path(code)).status_code == 200
    assert client.get(json_paths[0]).status_code == 200
    # ... and then every one of them is refused.
    assert client.get(reverse("credentials:verify_form")).status_code == 429
    assert client.get(verify_path("nonsense")).status_code == 429
    for path in json_paths:
        refused = client.get(path)
        assert refused.status_code == 429, path
        assert refused["Content-Type"] == "application/json"
        assert json.loads(refused.content) == {"error": "too many requests"}
        assert int(refused["Retry-After"]) >= 1
        assert refused["Access-Control-Allow-Origin"] == "*"


def test_another_address_has_its_own_count_and_an_ipv6_net_shares_one(
    low_limit: None, client: Client, certificate: Certificate
) -> None:
    path = verify_path(certificate.code)
    for _ in range(LIMIT):
        client.get(path, REMOTE_ADDR="2001:db8:1:2::10")
    assert client.get(path, REMOTE_ADDR="2001:db8:1:2:ffff::1").status_code == 429
    assert client.get(path, REMOTE_ADDR="2001:db8:1:3::10").status_code == 200
    assert client.get(path, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_the_store_keeps_a_keyed_hash_never_the_address(
    low_limit: None, client: Client, certificate: Certificate
) -> None:
    client.get(verify_path(certificate.code), REMOTE_ADDR="192.0.2.55")
    keys = list(ThrottleBucket.objects.values_list("key", flat=True))
    assert keys == [ratelimit.bucket_key("verify", "192.0.2.55")]
    assert "192.0.2.55" not in keys[0]


def test_the_count_starts_again_in_the_next_window(db: None) -> None:
    now = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    counted = [
        ratelimit.wait_seconds(scope="verify", address="192.0.2.1", limit=2, now=now)
        for _ in range(3)
    ]
    assert counted == [None, None, 60]
    later = now + timedelta(seconds=45)
    assert ratelimit.wait_seconds(scope="verify", address="192.0.2.1", limit=2, now=later) == 15
    next_window = now + timedelta(minutes=1, seconds=1)
    assert (
        ratelimit.wait_seconds(scope="verify", address="192.0.2.1", limit=2, now=next_window)
        is None
    )
