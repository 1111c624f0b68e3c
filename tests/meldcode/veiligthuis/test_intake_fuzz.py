"""Fuzz the Veilig Thuis endpoints from the OpenAPI document they serve.

Schemathesis loads the document from the project's WSGI application and
generates requests from it: bodies that fit the schemas and bodies that
break them. Signed with a real key, they get past authentication into
validation and storage; unsigned or wrongly signed, they must stop at 401.
Every answer is checked against the document (status, media type, headers,
body schema) and none may be a 5xx.
"""

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from schemathesis import Case as SchemathesisCase
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NotSet
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import OpenApiSchema

from meldcode.veiligthuis.models import (
    CaseTerugkoppeling,
    Delivery,
    ReceivedReport,
    Receiver,
    SenderKey,
)
from meldcode.veiligthuis.schema import validate_payload
from meldcode.veiligthuis.services import sender_key_issue
from meldcode.veiligthuis.signing import signature

# A request Schemathesis generated.
Generated = SchemathesisCase[Any]

DOCUMENT = "/api/veilig-thuis/v1/openapi.json"
REPORTS = "/api/veilig-thuis/v1/reports"
TERUGKOPPELING = "/api/veilig-thuis/v1/terugkoppeling"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def fuzz(examples: int) -> settings:
    """Return the Hypothesis settings of a fuzz test of ``examples`` requests.

    Bounded so that the module runs in well under a minute: generating a
    payload from the schema costs most of each example.
    """
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@contextmanager
def connections_kept() -> Iterator[None]:
    """Keep the database connection open across WSGI requests.

    A WSGI handler closes old connections around each request, which would
    end a test's transaction; Django's test client stops that, and so does
    this.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api() -> OpenApiSchema:
    """Load the document the way a client would: from the running application."""
    with connections_kept():
        return schemathesis.openapi.from_wsgi(DOCUMENT, WSGIHandler())


@pytest.fixture(autouse=True)
def in_test_transaction(db: None, settings: Any) -> Iterator[None]:
    """Send each test's requests inside its transaction, without rate limits."""
    settings.VT_INTAKE_ADDRESS_LIMIT = settings.VT_INTAKE_KEY_LIMIT = 10**9
    with connections_kept():
        yield


# Stand-ins for the headers a signed request sets itself once its body is known.
# Fixed, they are neither generated nor broken, so every request that breaks
# the document breaks it in the body.
SIGNED_LATER = {
    "X-Meldwijzer-Key-Id": "set-when-sent",
    "X-Meldwijzer-Timestamp": "0",
    "X-Meldwijzer-Signature": "set-when-sent",
    "Idempotency-Key": str(uuid.UUID(int=0)),
}


def generated(
    api: OpenApiSchema, path: str, *, headers: dict[str, str] | None = None
) -> st.SearchStrategy[Generated]:
    """Return requests to POST ``path``, fitting the document or breaking it."""
    operation = api[path]["POST"]
    return st.one_of(
        [
            operation.as_strategy(mode, headers=headers)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
    )


Requests = dict[tuple[str, bool], st.SearchStrategy[Generated]]


@pytest.fixture(scope="module")
def requests_to(api: OpenApiSchema) -> Requests:
    """Return the generated requests per (path, signed later), built once for the module."""
    return {
        (path, signed): generated(api, path, headers=SIGNED_LATER if signed else None)
        for path in (REPORTS, TERUGKOPPELING)
        for signed in (True, False)
    }


def raw_body(case: Generated, *, ascii_only: bool) -> bytes:
    """Return the bytes to send for the case's body, as the signature must cover them."""
    body = case.body
    if isinstance(body, NotSet):
        return b""
    if isinstance(body, bytes):
        return body
    # Not ASCII-escaped, an unpaired surrogate becomes bytes that are not UTF-8.
    return json.dumps(body, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def signed(key_id: str, secret: str, body: bytes, *, skew: int = 0) -> dict[str, str]:
    timestamp = str(int(time.time()) + skew)
    return {
        "X-Meldwijzer-Key-Id": key_id,
        "X-Meldwijzer-Timestamp": timestamp,
        "X-Meldwijzer-Signature": signature(secret, timestamp, body),
    }


# RFC 3339 date-times that fit the schema but are easy to mishandle: lower-case
# separators, the first and last years with an offset that crosses them, and
# more fractional digits than Python keeps.
EDGE_DATE_TIMES = [
    "2026-11-30t09:00:00z",
    "2026-11-30T09:00:00z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-23:59",
    "2026-11-30T09:00:00.1234567891+01:00",
]


def vary(case: Generated, data: st.DataObject, *, dates: bool) -> None:
    """Change a generated object body where generation rarely goes on its own.

    A fresh id, so that more bodies are stored rather than conflicting with
    an earlier one under the same generated id; and, with ``dates``, an
    edge-case ``created_at``.
    """
    body = case.body
    if not isinstance(body, dict):
        return
    if data.draw(st.booleans(), label="fresh id"):
        body["id"] = str(data.draw(st.uuids(), label="id"))
    if dates and data.draw(st.booleans(), label="edge date"):
        body["created_at"] = data.draw(st.sampled_from(EDGE_DATE_TIMES), label="created_at")


def idempotency_key(body: object) -> dict[str, str]:
    """Return the ``Idempotency-Key`` a sender sends: the body's id, when it has one."""
    if isinstance(body, dict) and isinstance(body.get("id"), str):
        return {"Idempotency-Key": body["id"]}
    return {}


def send(case: Generated, body: bytes, headers: dict[str, str] | None) -> Response:
    """Send ``body`` as the case's request and check the answer against the document."""
    response = case.call(data=body, headers=headers)
    case.validate_response(response, checks=CHECKS)
    assert response.headers["content-type"] == ["application/json"]
    mode = "none" if case.meta is None else case.meta.generation.mode.value
    event(f"{mode} -> {response.status_code}")
    return response


@pytest.fixture
def sender(db: None) -> tuple[SenderKey, str]:
    return sender_key_issue(sender_name="Huisartsenpraktijk De Linde")


@fuzz(80)
@given(data=st.data())
def test_signed_reports_are_answered_as_documented(
    requests_to: Requests, sender: tuple[SenderKey, str], data: st.DataObject
) -> None:
    key, secret = sender
    case = data.draw(requests_to[REPORTS, True], label="case")
    vary(case, data, dates=True)
    body = raw_body(case, ascii_only=data.draw(st.booleans(), label="ascii_only"))
    headers = signed(key.key_id, secret, body) | idempotency_key(case.body)
    response = send(case, body, headers)
    assert response.status_code in {201, 409, 422}
    if response.status_code == 201:
        payload = json.loads(body)
        assert validate_payload(payload) == []
        assert ReceivedReport.objects.get(payload_id=payload["id"]).payload == payload


WRONG_SIGNATURES = ["generated", "no headers", "wrong secret", "stale", "other body", "unknown key"]


@fuzz(50)
@given(data=st.data())
def test_unsigned_and_wrongly_signed_reports_get_401(
    requests_to: Requests, sender: tuple[SenderKey, str], data: st.DataObject
) -> None:
    key, secret = sender
    case = data.draw(requests_to[REPORTS, False], label="case")
    body = raw_body(case, ascii_only=True)
    how = data.draw(st.sampled_from(WRONG_SIGNATURES), label="how")
    # "generated": what Schemathesis made up for the security headers, if anything.
    headers: dict[str, str] | None = None
    if how == "no headers":
        case.headers.clear()
    elif how == "wrong secret":
        headers = signed(key.key_id, secret + "x", body)
    elif how == "stale":
        skew = data.draw(st.sampled_from([-301, 305, -86400]), label="skew")
        headers = signed(key.key_id, secret, body, skew=skew)
    elif how == "other body":
        headers = signed(key.key_id, secret, body + b" ")
    elif how == "unknown key":
        unknown = "vtk_" + data.draw(st.uuids(), label="key").hex[:16]
        headers = signed(unknown, secret, body)
    response = send(case, body, headers)
    assert response.status_code == 401
    assert response.json() == {"error": "unauthorized"}
    assert not ReceivedReport.objects.exists()


@fuzz(80)
@given(data=st.data())
def test_signed_terugkoppeling_is_answered_as_documented(
    requests_to: Requests, receiver: Receiver, sent_melding: Delivery, data: st.DataObject
) -> None:
    case = data.draw(requests_to[TERUGKOPPELING, True], label="case")
    vary(case, data, dates=True)
    if isinstance(case.body, dict) and data.draw(st.booleans(), label="known report"):
        # A generated report id is unknown here (404); half go to a melding sent from here.
        case.body["report_id"] = str(sent_melding.payload_id)
    body = raw_body(case, ascii_only=data.draw(st.booleans(), label="ascii_only"))
    headers = signed(receiver.key_id, receiver.secret, body) | idempotency_key(case.body)
    response = send(case, body, headers)
    assert response.status_code in {201, 404, 409, 422}
    if response.status_code == 201:
        stored = CaseTerugkoppeling.objects.get(id=json.loads(body)["id"])
        assert stored.delivery == sent_melding
