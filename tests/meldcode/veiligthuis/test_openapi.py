"""The OpenAPI document of the Veilig Thuis API: valid, served, and true to the endpoints.

"True" runs both ways: every answer the endpoints give is documented for
its path (status, media type, body schema, required headers), and every
documented status is one the endpoint can really give.
"""

import copy
import io
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

# The official OpenAPI 3.1 meta-schema (2022-10-07), as Schemathesis bundles it.
from schemathesis.specs.openapi.definitions import OPENAPI_31

from meldcode.accounts.models import User
from meldcode.veiligthuis.intake import reports_view
from meldcode.veiligthuis.models import Delivery, Receiver, SenderKey
from meldcode.veiligthuis.openapi import document
from meldcode.veiligthuis.schema import FORMAT_CHECKER, validate_payload
from meldcode.veiligthuis.services import sender_key_issue
from meldcode.veiligthuis.terugkoppeling_api import terugkoppeling_view
from meldcode.veiligthuis.views import openapi_v1_view
from tests.meldcode.veiligthuis.test_intake import encode, melding, signed_headers
from tests.meldcode.veiligthuis.test_schema import MELDING

URL = "/api/veilig-thuis/v1/openapi.json"
REPORTS = "/api/veilig-thuis/v1/reports"
TERUGKOPPELING = "/api/veilig-thuis/v1/terugkoppeling"
DOCUMENT_URI = "urn:meldwijzer:openapi"
HEADERS = ("X-Meldwijzer-Key-Id", "X-Meldwijzer-Timestamp", "X-Meldwijzer-Signature")


def registry(doc: dict[str, Any]) -> Registry[Any]:
    """Return a registry holding the document, so its ``#/components/...`` refs resolve."""
    holding: Registry[Any] = Registry().with_resource(
        DOCUMENT_URI, DRAFT202012.create_resource(doc)
    )
    return holding


def validator(doc: dict[str, Any], pointer: str) -> Draft202012Validator:
    """Return a validator for the schema at ``pointer`` (``#/...``) of ``doc``."""
    return Draft202012Validator(
        {"$ref": DOCUMENT_URI + pointer},
        registry=registry(doc),
        format_checker=FORMAT_CHECKER,
    )


def refs(node: Any) -> Iterator[str]:
    """Yield every ``$ref`` in ``node``."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def follow(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a document-local ``$ref`` (such as a response's) to what it names."""
    while "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def text(node: Any) -> str:
    """Return all the strings of ``node`` joined, to search the prose."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return "\n".join(text(value) for value in node.values())
    if isinstance(node, list):
        return "\n".join(text(item) for item in node)
    return ""


class TestTheDocument:
    def test_is_valid_openapi_3_1(self) -> None:
        doc = document()
        assert doc["openapi"] == "3.1.0"
        errors = [e.message for e in Draft202012Validator(OPENAPI_31).iter_errors(doc)]
        assert errors == []

    def test_every_schema_is_a_valid_draft_2020_12_schema(self) -> None:
        for component in document()["components"]["schemas"].values():
            Draft202012Validator.check_schema(component)

    def test_every_ref_resolves_within_the_document(self) -> None:
        doc = document()
        found = set(refs(doc))
        assert "#/components/schemas/Payload_melding" in found
        resolver = registry(doc).resolver(DOCUMENT_URI)
        for ref in found:
            assert ref.startswith("#/"), ref
            resolver.lookup(ref)

    def test_every_path_is_a_url_of_the_site_and_every_operation_has_responses(self) -> None:
        doc = document()
        views = {REPORTS: reports_view, TERUGKOPPELING: terugkoppeling_view}
        assert set(doc["paths"]) == set(views)
        for path, item in doc["paths"].items():
            assert resolve(path).func is views[path]
            assert set(item) == {"post"}
            responses = item["post"]["responses"]
            assert {"201", "401", "413", "422", "429"} <= set(responses), path
            assert item["post"]["requestBody"]["required"] is True

    def test_every_request_is_signed_with_the_three_headers(self) -> None:
        doc = document()
        schemes = doc["components"]["securitySchemes"]
        assert doc["security"] == [{name: [] for name in schemes}]
        assert sorted((s["type"], s["in"], s["name"]) for s in schemes.values()) == sorted(
            ("apiKey", "header", name) for name in HEADERS
        )

    def test_says_how_to_sign_and_the_limits(self) -> None:
        info = document()["info"]["description"]
        for needle in (
            "HMAC-SHA256",
            '"<timestamp>.<raw body>"',
            "5 minuten",
            "Idempotency-Key",
            "1048576 bytes",
            "300 verzoeken per minuut per clientadres",
            "120 per minuut per sleutel",
            "Bijlagen",
        ):
            assert needle in info, needle

    def test_leaves_no_placeholder_unfilled(self) -> None:
        prose = text(document())
        for name in (
            "schema_url",
            "max_body_bytes",
            "address_limit",
            "key_limit",
            "window_minutes",
        ):
            assert "{" + name + "}" not in prose

    def test_the_server_and_schema_links_follow_site_url(self, settings: Any) -> None:
        settings.SITE_URL = "https://meldwijzer.example.nl/"
        doc = document()
        assert doc["servers"] == [{"url": "https://meldwijzer.example.nl"}]
        schema_url = "https://meldwijzer.example.nl/schemas/veilig-thuis/v1.json"
        assert doc["components"]["schemas"]["Payload"]["externalDocs"] == {"url": schema_url}
        assert schema_url in doc["info"]["description"]

    def test_the_limits_follow_the_settings(self, settings: Any) -> None:
        settings.MAX_REQUEST_BODY_BYTES = 5000
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4000
        settings.VT_INTAKE_ADDRESS_LIMIT = 7
        settings.VT_INTAKE_KEY_LIMIT = 3
        doc = document()
        assert doc["info"]["x-limits"] == {
            "max_body_bytes": 4000,
            "address_limit": 7,
            "key_limit": 3,
            "rate_window_seconds": 60,
            "signature_window_seconds": 300,
        }
        assert "4000 bytes" in doc["info"]["description"]
        assert "7 verzoeken per minuut" in doc["info"]["description"]

    def test_is_a_fresh_copy_each_time(self) -> None:
        first = document()
        first["components"]["schemas"]["Payload"]["type"] = "array"
        assert document()["components"]["schemas"]["Payload"]["type"] == "object"


class TestTheEmbeddedSchemas:
    """The embedded schemas accept and refuse exactly what the published ones do."""

    def test_payload_carries_no_id_of_its_own(self) -> None:
        # An $id would make the rewritten refs resolve against the schema's URL.
        payload = document()["components"]["schemas"]["Payload"]
        assert "$id" not in payload
        assert "$defs" not in payload

    @pytest.mark.parametrize(
        "change",
        [
            lambda p: None,
            lambda p: p.pop("melder"),
            lambda p: p.update(region="atlantis"),
            lambda p: p["melder"].update(phone=""),
            lambda p: p.update(created_at="2026-11-24 10:30"),
            lambda p: p.update(type="advies"),
            lambda p: p.update(id="not-a-uuid"),
        ],
        ids=["valid", "no melder", "region", "phone", "date-time", "type", "id"],
    )
    def test_payload_agrees_with_validate_payload(self, change: Callable[..., Any]) -> None:
        payload = copy.deepcopy(MELDING)
        change(payload)
        embedded = validator(document(), "#/components/schemas/Payload")
        assert embedded.is_valid(payload) == (validate_payload(payload) == [])

    def test_terugkoppeling_accepts_a_terugkoppeling_and_refuses_extras(self) -> None:
        embedded = validator(document(), "#/components/schemas/Terugkoppeling")
        body = terugkoppeling(uuid.uuid4())
        assert embedded.is_valid(body)
        assert not embedded.is_valid({**body, "extra": 1})
        assert not embedded.is_valid({**body, "stage": "later"})


class TestServed:
    def test_at_its_url(self) -> None:
        assert reverse("vt_openapi_v1") == URL
        assert resolve(URL).func is openapi_v1_view

    def test_as_json_equal_to_the_document(self, client: Client) -> None:
        response = client.get(URL)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.oai.openapi+json"
        assert json.loads(response.content) == document()

    def test_publicly_without_session_or_database(
        self, client: Client, clinician: User, django_assert_num_queries: Any
    ) -> None:
        from tests.helpers import verify_session

        with django_assert_num_queries(0):
            anonymous = client.get(URL)
        verify_session(client, clinician)
        with django_assert_num_queries(0):
            logged_in = client.get(URL)
        for response in (anonymous, logged_in):
            assert response.status_code == 200
            assert not response.cookies

    def test_refuses_writes(self, client: Client) -> None:
        assert client.post(URL).status_code == 405


# --- The endpoints' answers, each checked against the document ---------------


def terugkoppeling(report_id: uuid.UUID, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schema_version": "1",
        "id": str(uuid.uuid4()),
        "type": "terugkoppeling",
        "report_id": str(report_id),
        "created_at": "2026-11-30T09:00:00+01:00",
        "stage": "veiligheidsbeoordeling",
        "decision": "onderzoek",
        "vervolgtraject": True,
        "text": "Wij starten een onderzoek.",
    }
    body.update(changes)
    return body


def check_documented(path: str, response: Any) -> None:
    """Assert that ``response`` is an answer the document gives for POST ``path``."""
    doc = document()
    responses = doc["paths"][path]["post"]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{path} answered the undocumented {status}"
    documented = follow(doc, responses[status])
    media_type = response["Content-Type"].split(";")[0].strip()
    assert media_type in documented["content"], f"{path} {status} answered {media_type}"
    for name, header in documented.get("headers", {}).items():
        if follow(doc, header).get("required"):
            assert response.has_header(name), f"{path} {status} lacks {name}"
    if media_type == "application/json":
        pointer = documented["content"][media_type]["schema"]["$ref"]
        errors = [e.message for e in validator(doc, pointer).iter_errors(response.json())]
        assert errors == [], f"{path} {status}: {errors}"


class BrokenStream(io.RawIOBase):
    """A request body that breaks off while it is read."""

    def read(self, size: int = -1) -> bytes:
        raise OSError("connection reset")


@pytest.fixture
def sender(db: None) -> tuple[SenderKey, str]:
    return sender_key_issue(sender_name="Huisartsenpraktijk De Linde")


def post(client: Client, path: str, body: bytes, key_id: str, secret: str, **options: Any) -> Any:
    headers = signed_headers(key_id, secret, body, **options)
    return client.post(path, data=body, content_type="application/json", headers=headers)


def drive_reports(client: Client, sender: tuple[SenderKey, str], settings: Any) -> set[int]:
    """Make the intake give each of its answers; check each against the document."""
    key, secret = sender
    answers: list[Any] = []

    def send(body: bytes, **options: Any) -> None:
        answers.append(post(client, REPORTS, body, key.key_id, secret, **options))

    payload = melding()
    send(encode(payload))  # 201
    send(encode(payload))  # 201 again
    send(encode({**payload, "language": "Engels"}))  # 409
    send(encode(melding()), skew=-3600)  # 401
    answers.append(client.post(REPORTS, data=b"{}", content_type="application/json"))  # 401
    send(b"{")  # 422
    send(encode(melding(region="atlantis")))  # 422
    send(encode(melding(melder={})))  # 422
    answers.append(unreadable(client, REPORTS, key.key_id, secret))  # 400
    settings.VT_INTAKE_KEY_LIMIT = 0
    send(encode(melding()))  # 429
    settings.VT_INTAKE_KEY_LIMIT = 10**9
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    send(encode(melding()))  # 413, JSON: Django refuses as the view reads
    settings.MAX_REQUEST_BODY_BYTES = 500
    send(encode(melding()))  # 413, HTML: the middleware refuses unread
    for response in answers:
        check_documented(REPORTS, response)
    return {response.status_code for response in answers}


def unreadable(client: Client, path: str, key_id: str, secret: str) -> Any:
    """Post a signed request whose body breaks off while the view reads it."""
    headers = signed_headers(key_id, secret, b"{}")
    environ: dict[str, Any] = {"wsgi.input": BrokenStream()}
    return client.post(
        path, data=b"{}", content_type="application/json", headers=headers, **environ
    )


class TestTheAnswersAreDocumented:
    def test_of_the_intake(
        self, client: Client, sender: tuple[SenderKey, str], settings: Any
    ) -> None:
        reached = drive_reports(client, sender, settings)
        documented = document()["paths"][REPORTS]["post"]["responses"]
        assert reached == {int(status) for status in documented}

    def test_of_the_terugkoppeling(
        self, client: Client, receiver: Receiver, sent_melding: Delivery, settings: Any
    ) -> None:
        key_id, secret = receiver.key_id, receiver.secret
        answers: list[Any] = []

        def send(body: bytes, **options: Any) -> None:
            answers.append(post(client, TERUGKOPPELING, body, key_id, secret, **options))

        body = terugkoppeling(sent_melding.payload_id)
        send(encode(body))  # 201
        send(encode(body))  # 201 again
        send(encode({**body, "text": "Anders."}))  # 409
        send(encode(terugkoppeling(uuid.uuid4())))  # 404
        send(encode(body), skew=3600)  # 401
        send(encode({**body, "stage": "later"}))  # 422
        answers.append(unreadable(client, TERUGKOPPELING, key_id, secret))  # 400
        settings.VT_INTAKE_ADDRESS_LIMIT = 0
        send(encode(body))  # 429
        settings.VT_INTAKE_ADDRESS_LIMIT = 10**9
        settings.MAX_REQUEST_BODY_BYTES = 100
        send(encode(body))  # 413
        for response in answers:
            check_documented(TERUGKOPPELING, response)
        documented = document()["paths"][TERUGKOPPELING]["post"]["responses"]
        assert {r.status_code for r in answers} == {int(status) for status in documented}
