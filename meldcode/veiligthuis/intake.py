"""The Veilig Thuis intake: ``POST /api/veilig-thuis/v1/reports`` (design §4.4).

Self-authenticating, so outside the login and second-factor rule: each
request carries its sender's key id, a timestamp and an HMAC signature
(:mod:`meldcode.veiligthuis.signing`). Every refusal is a small JSON answer;
no input leads to a 500. A 401 says only "unauthorized", the same for an
unknown key, a retired key, an old timestamp and a wrong signature, so the
answer does not tell whether a key id exists.
"""

import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import UnreadablePostError
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from meldcode.logs import pseudonym, security_event
from meldcode.middleware import request_client_address
from meldcode.security import stateless

from . import ratelimit, signing
from .models import Region, SenderKey
from .schema import validate_payload
from .services import ReportConflict, report_receive

KEY_ID_HEADER: Final = "HTTP_X_MELDWIJZER_KEY_ID"
TIMESTAMP_HEADER: Final = "HTTP_X_MELDWIJZER_TIMESTAMP"
SIGNATURE_HEADER: Final = "HTTP_X_MELDWIJZER_SIGNATURE"
KEY_ID_SHAPE: Final = re.compile(r"[A-Za-z0-9_-]{1,40}")
# Checked against when the key id is unknown, so that an unknown key costs
# the same HMAC as a known one.
_UNKNOWN_KEY_SECRET: Final = "unknown-key-" + "0" * 32
# Strings PostgreSQL's jsonb cannot hold: NUL and unpaired surrogates.
_UNSTORABLE: Final = re.compile("[\x00\ud800-\udfff]")


def answer(status: int, body: dict[str, Any], **headers: str) -> JsonResponse:
    """Return a small JSON answer; ``Retry_After=`` becomes the header ``Retry-After``."""
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def unauthorized(reason: str, request: HttpRequest) -> JsonResponse:
    """Log why a request was refused and answer 401 without saying why."""
    # The log keeps the reason (for the operator); the answer does not.
    security_event(
        "vt_intake_unauthorized",
        reason=reason,
        address=pseudonym(request_client_address(request)),
    )
    return answer(401, {"error": "unauthorized"})


def too_many(retry_after: int) -> JsonResponse:
    """Answer 429 with the seconds to wait."""
    return answer(429, {"error": "too many requests"}, Retry_After=str(retry_after))


def unprocessable(*errors: str) -> JsonResponse:
    """Answer 422 with the list of errors."""
    return answer(422, {"errors": list(errors)})


def authenticate[K](
    request: HttpRequest, body: bytes, find: Callable[[str], tuple[K, str] | None]
) -> K | str:
    """Return the key that signed the request, or why it cannot be trusted.

    ``find`` looks up an active key by its id and returns it with its secret.
    """
    key_id = str(request.META.get(KEY_ID_HEADER, ""))
    timestamp = str(request.META.get(TIMESTAMP_HEADER, ""))
    signature_value = str(request.META.get(SIGNATURE_HEADER, ""))
    if not (key_id and timestamp and signature_value):
        return "missing_headers"
    found = find(key_id) if KEY_ID_SHAPE.fullmatch(key_id) else None
    verdict = signing.verify(
        secret=found[1] if found is not None else _UNKNOWN_KEY_SECRET,
        timestamp=timestamp,
        body=body,
        signature_value=signature_value,
        now=time.time(),
    )
    if found is None:
        return "unknown_key"
    if verdict != "ok":
        return verdict
    return found[0]


def _sender_key(key_id: str) -> tuple[SenderKey, str] | None:
    key = SenderKey.objects.filter(key_id=key_id, active=True).first()
    return None if key is None else (key, key.secret)


def storable(value: object) -> bool:
    """Tell whether every string (and key) in a parsed JSON value can be stored as JSON."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is None
    if isinstance(value, list):
        return all(storable(item) for item in value)
    if isinstance(value, dict):
        return all(storable(k) and storable(v) for k, v in value.items())
    return True


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


def parse_body(body: bytes) -> tuple[object, str | None]:
    """Return the parsed body, or why it is not acceptable JSON."""
    try:
        payload = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, "$: the body is not valid UTF-8 JSON"
    if not storable(payload):
        return None, "$: a string holds a NUL or an unpaired surrogate"
    return payload, None


@dataclass(frozen=True, slots=True)
class SignedRequest[K]:
    """A request that passed the rate limits and the signature check, with its parsed body."""

    key: K
    key_id: str
    body: bytes
    payload: object


def signed_json[K](
    request: HttpRequest, find: Callable[[str], tuple[K, str] | None]
) -> SignedRequest[K] | JsonResponse:
    """Check a signed JSON request up to parsing: rate, size, signature, JSON.

    Return the refusal to answer, or the request's key and parsed body. The
    rate per client address is counted before anything else, the rate per
    key only once the key is proven.
    """
    now = timezone.now()
    wait = ratelimit.request_count(scope="address", value=request_client_address(request), now=now)
    if wait is not None:
        return too_many(wait)
    try:
        body = request.body
    except RequestDataTooBig:
        return answer(413, {"error": "request body too large"})
    except UnreadablePostError:
        return answer(400, {"error": "unreadable request body"})
    key = authenticate(request, body, find)
    if isinstance(key, str):
        return unauthorized(key, request)
    key_id = str(request.META.get(KEY_ID_HEADER, ""))
    wait = ratelimit.request_count(scope="key", value=key_id, now=now)
    if wait is not None:
        return too_many(wait)
    payload, problem = parse_body(body)
    if problem is not None:
        return unprocessable(problem)
    return SignedRequest(key=key, key_id=key_id, body=body, payload=payload)


@stateless
@csrf_exempt
@never_cache
@require_POST
def reports_view(request: HttpRequest) -> HttpResponse:
    """Receive one signed advies or melding."""
    signed = signed_json(request, _sender_key)
    if isinstance(signed, JsonResponse):
        return signed
    payload = signed.payload
    errors = validate_payload(payload)
    if errors:
        return unprocessable(*errors)
    assert isinstance(payload, dict)  # noqa: S101 - the schema requires an object
    try:
        uuid.UUID(str(payload["id"]))
    except ValueError:
        return unprocessable("$.id: is not a valid uuid")
    region = Region.objects.filter(code=payload["region"]).first()
    if region is None:
        return unprocessable("$.region: is not a region of this receiver")
    try:
        receipt = report_receive(
            sender=signed.key,
            region=region,
            payload=payload,
            body_hash=hashlib.sha256(signed.body).hexdigest(),
        )
    except ReportConflict:
        return answer(409, {"error": "this payload id was received with another body"})
    return answer(201, receipt.answer())
