"""The edge of every request: proxies, body size, private pages, logs, bounded input."""

import gc
import io
import logging
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings

from meldcode.accounts.models import User
from meldcode.logs import SECURITY_LOGGER
from meldcode.middleware import (
    ProxyHeadersMiddleware,
    release_free_memory,
    request_client_address,
    trusted_proxies,
)
from meldcode.network import address_key, client_address, parse_networks
from tests.helpers import PASSWORD
from tests.meldcode.test_access import ALL_URLS

TRUSTED = parse_networks(["10.0.0.0/8", "192.0.2.10"])


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # No trusted proxy in front: the header is the client's own words.
        ("203.0.113.5", "198.51.100.7", "203.0.113.5"),
        ("203.0.113.5", None, "203.0.113.5"),
        # Behind our proxy: the right-most address that is not ours.
        ("10.1.2.3", "198.51.100.7", "198.51.100.7"),
        ("10.1.2.3", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        ("10.1.2.3", "1.2.3.4, 198.51.100.7, 10.9.9.9", "198.51.100.7"),
        ("192.0.2.10", "198.51.100.7, 192.0.2.10", "198.51.100.7"),
        # A spoofed entry left of the real one changes nothing; garbage ends the walk.
        ("10.1.2.3", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        ("10.1.2.3", "not-an-address", "10.1.2.3"),
        ("10.1.2.3", "10.0.0.1, 10.0.0.2", "10.0.0.1"),
        ("10.1.2.3", "2001:db8::1", "2001:db8::1"),
        # An IPv4 proxy seen through an IPv6 socket is still our proxy.
        ("::ffff:10.1.2.3", "198.51.100.7", "198.51.100.7"),
    ],
)
def test_the_client_address_behind_trusted_proxies(
    remote: str, forwarded: str | None, expected: str
) -> None:
    assert client_address(remote_addr=remote, forwarded_for=forwarded, trusted=TRUSTED) == expected


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("nonsense", "unknown"),
    ],
)
def test_throttles_count_ipv6_clients_by_their_slash_64(address: str, key: str) -> None:
    assert address_key(address) == key


@pytest.fixture
def proxies(settings: Settings) -> Iterator[None]:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    trusted_proxies.cache_clear()
    yield
    trusted_proxies.cache_clear()


def run_proxy_middleware(**meta: Any) -> tuple[bool, str, dict[str, str]]:
    seen: dict[str, object] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["secure"] = request.is_secure()
        seen["client"] = request_client_address(request)
        seen["meta"] = dict(request.META)
        return HttpResponse()

    request = RequestFactory().get("/", **meta)
    ProxyHeadersMiddleware(view)(request)
    return seen["secure"], seen["client"], seen["meta"]  # type: ignore[return-value]


def test_forwarded_headers_from_strangers_are_dropped(proxies: None, settings: Settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    secure, client, meta = run_proxy_middleware(
        REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert secure is False
    assert client == "203.0.113.5"
    assert "HTTP_X_FORWARDED_FOR" not in meta
    secure, client, meta = run_proxy_middleware(
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert secure is True
    assert client == "1.1.1.1"


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test when anyone reads it."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the oversized body was read")

    def readline(self, size: int | None = -1) -> bytes:
        raise AssertionError("the oversized body was read")


@pytest.mark.django_db
def test_an_oversized_body_is_refused_unread_with_413(
    client: Client, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.MAX_REQUEST_BODY_BYTES = 1000
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        content_type="application/x-www-form-urlencoded",
        **cast(Any, {"CONTENT_LENGTH": "400000000", "wsgi.input": UnreadableBody()}),
    )
    assert response.status_code == 413
    assert "Te veel gegevens verstuurd" in response.content.decode()
    records = [r for r in caplog.records if r.name == "django.security.RequestDataTooBig"]
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.WARNING, None)]
    assert client.post(reverse("accounts:login"), {"username": "a@b.nl"}).status_code == 200


@pytest.mark.django_db
def test_a_foreign_host_is_one_warning_without_a_traceback(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert records
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in records)


@pytest.mark.django_db
def test_every_page_for_a_logged_in_user_is_no_store(verified_client: Client) -> None:
    checked = 0
    for path, name, _ in ALL_URLS:
        if name in {"accounts:logout", "accounts:logout_everywhere"}:
            continue
        response = verified_client.get(path)
        assert response.status_code < 500, f"{path} ({name}) answered {response.status_code}"
        assert "no-store" in response.get("Cache-Control", ""), f"{path} ({name}) may be cached"
        checked += 1
    assert checked > 30
    # Including the pages that echo what a clinician chose.
    weighed = verified_client.post(reverse("signals:weigh"), {"signals": ["repeated_stis"]})
    assert "no-store" in weighed["Cache-Control"]


@pytest.mark.django_db
def test_a_token_of_only_dashes_asks_for_a_code(client: Client, clinician: User) -> None:
    client.post(reverse("accounts:login"), {"username": clinician.email, "password": PASSWORD})
    response = client.post(reverse("accounts:verify"), {"token": "- - --"})
    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "Vul de code uit uw authenticator-app in, of een back-upcode."
    ]


@pytest.mark.django_db
def test_security_events_name_the_user_id_and_never_the_address(
    client: Client, clinician: User, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=SECURITY_LOGGER)
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 2):
        client.post(reverse("accounts:login"), {"username": clinician.email, "password": "x!"})
    events = [r.getMessage() for r in caplog.records if r.name == SECURITY_LOGGER]
    throttled = [e for e in events if e.startswith("security_event=login_throttled")]
    assert len(throttled) == 1  # once per window, not per attempt
    assert "kind=account" in throttled[0]
    assert not any(clinician.email in e or "127.0.0.1" in e for e in events)


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    import resource

    return pages * resource.getpagesize()


@pytest.mark.django_db
def test_huge_filter_texts_do_not_grow_the_process(
    verified_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    # pytest keeps every log record of a test, and Django's warning records
    # hold the request with its body: that is the harness, not us. A real log
    # handler writes the line and lets the record go.
    caplog.set_level(logging.ERROR, logger="django.request")
    caplog.set_level(logging.ERROR, logger="django.security.RequestDataTooBig")
    url = reverse("signals:weigh")
    verified_client.post(url, {"q": "warm-up"})
    gc.collect()
    before = rss_bytes()
    for n in range(50):
        text = f"{n:02d}" + "x" * (2 * 1024 * 1024)
        assert verified_client.post(url, {"q": text}).status_code == 413
    # The test client builds each 2 MB body in this same process; what it
    # left is freed memory, not growth (the server never read the bodies).
    gc.collect()
    release_free_memory()
    grown = rss_bytes() - before
    assert grown < 20 * 1024 * 1024, f"the process grew by {grown // 1024} KiB"


@pytest.mark.django_db
def test_filter_texts_the_form_refuses_do_not_accumulate(
    verified_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="django.request")
    url = reverse("signals:weigh")
    size = 900 * 1024  # under the body limit: the form itself refuses these
    verified_client.post(url, {"q": "y" * size})
    gc.collect()
    before = rss_bytes()
    for n in range(50):
        response = verified_client.post(url, {"q": f"{n:02d}" + "x" * size})
        assert response.status_code == 400
        assert "100" in response.content.decode()
    del response
    gc.collect()  # what is garbage now is not growth
    grown = rss_bytes() - before
    assert grown < 20 * 1024 * 1024, f"the process grew by {grown // 1024} KiB"


@pytest.mark.django_db
def test_a_file_sent_where_none_is_expected_is_refused(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    upload = io.BytesIO(b"%PDF-1.4 not wanted")
    upload.name = "brief.pdf"
    response = client.post(reverse("accounts:login"), {"username": "a@b.nl", "file": upload})
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.UploadNotExpected"]
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.WARNING, None)]
    # Ordinary forms (without files) still work.
    assert client.post(reverse("accounts:login"), {"username": "a@b.nl"}).status_code == 200
