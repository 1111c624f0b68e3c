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


def _answer(status: int, body: dict[str, Any], **headers: str) -> JsonResponse:
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _unauthorized(reason: str, request: HttpRequest) -> JsonResponse:
    # The log keeps the reason (for the operator); the answer does not.
    security_event(
        "vt_intake_unauthorized",
        reason=reason,
        address=pseudonym(request_client_address(request)),
    )
    return _answer(401, {"error": "unauthorized"})


def _too_many(retry_after: int) -> JsonResponse:
    return _answer(429, {"error": "too many requests"}, Retry_After=str(retry_after))


def _unprocessable(*errors: str) -> JsonResponse:
    return _answer(422, {"errors": list(errors)})


def _authenticate(request: HttpRequest, body: bytes) -> SenderKey | str:
    """Return the active key that signed the request, or why it cannot be trusted."""
    key_id = str(request.META.get(KEY_ID_HEADER, ""))
    timestamp = str(request.META.get(TIMESTAMP_HEADER, ""))
    signature_value = str(request.META.get(SIGNATURE_HEADER, ""))
    if not (key_id and timestamp and signature_value):
        return "missing_headers"
    key = None
    if KEY_ID_SHAPE.fullmatch(key_id):
        key = SenderKey.objects.filter(key_id=key_id, active=True).first()
    verdict = signing.verify(
        secret=key.secret if key is not None else _UNKNOWN_KEY_SECRET,
        timestamp=timestamp,
        body=body,
        signature_value=signature_value,
        now=time.time(),
    )
    if key is None:
        return "unknown_key"
    if verdict != "ok":
        return verdict
    return key


def _storable(value: object) -> bool:
    """Tell whether every string (and key) in a parsed JSON value can be stored as JSON."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is None
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    return True


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


def _parse(body: bytes) -> tuple[object, str | None]:
    """Return the parsed body, or why it is not acceptable JSON."""
    try:
        payload = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, "$: the body is not valid UTF-8 JSON"
    if not _storable(payload):
        return None, "$: a string holds a NUL or an unpaired surrogate"
    return payload, None


@stateless
@csrf_exempt
@never_cache
@require_POST
def reports_view(request: HttpRequest) -> HttpResponse:
    """Receive one signed advies or melding."""
    now = timezone.now()
    wait = ratelimit.request_count(scope="address", value=request_client_address(request), now=now)
    if wait is not None:
        return _too_many(wait)
    try:
        body = request.body
    except RequestDataTooBig:
        return _answer(413, {"error": "request body too large"})
    except UnreadablePostError:
        return _answer(400, {"error": "unreadable request body"})
    key = _authenticate(request, body)
    if isinstance(key, str):
        return _unauthorized(key, request)
    wait = ratelimit.request_count(scope="key", value=key.key_id, now=now)
    if wait is not None:
        return _too_many(wait)
    payload, problem = _parse(body)
    if problem is not None:
        return _unprocessable(problem)
    errors = validate_payload(payload)
    if errors:
        return _unprocessable(*errors)
    assert isinstance(payload, dict)  # noqa: S101 - the schema requires an object
    try:
        uuid.UUID(str(payload["id"]))
    except ValueError:
        return _unprocessable("$.id: is not a valid uuid")
    region = Region.objects.filter(code=payload["region"]).first()
    if region is None:
        return _unprocessable("$.region: is not a region of this receiver")
    try:
        receipt = report_receive(
            sender=key,
            region=region,
            payload=payload,
            body_hash=hashlib.sha256(body).hexdigest(),
        )
    except ReportConflict:
        return _answer(409, {"error": "this payload id was received with another body"})
    return _answer(201, receipt.answer())
