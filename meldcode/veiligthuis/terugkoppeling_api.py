"""``POST /api/veilig-thuis/v1/terugkoppeling``: terugkoppeling arriving at the sending side.

A receiving installation signs it with the key it issued to this
installation (the one this side signs its meldingen with), so the same
headers and rules as the intake apply. It is attached to the case whose
melding it answers.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from meldcode.security import stateless

from .intake import answer, signed_json, unprocessable
from .models import Receiver
from .outbox.services import TerugkoppelingConflict, terugkoppeling_receive
from .schema import validate_terugkoppeling


def _receiver_key(key_id: str) -> tuple[Receiver, str] | None:
    receiver = Receiver.objects.filter(key_id=key_id, active=True).first()
    return None if receiver is None else (receiver, receiver.secret)


@stateless
@csrf_exempt
@never_cache
@require_POST
def terugkoppeling_view(request: HttpRequest) -> HttpResponse:
    """Receive one signed terugkoppeling on a melding this installation sent."""
    signed = signed_json(request, _receiver_key)
    if isinstance(signed, JsonResponse):
        return signed
    errors = validate_terugkoppeling(signed.payload)
    if errors:
        return unprocessable(*errors)
    assert isinstance(signed.payload, dict)  # noqa: S101 - the schema requires an object
    try:
        # One receiving installation may serve several regions with the same key.
        known = terugkoppeling_receive(key_id=signed.key_id, payload=signed.payload)
    except TerugkoppelingConflict:
        return answer(409, {"error": "this terugkoppeling id was received with other content"})
    if not known:
        return answer(404, {"error": "unknown report"})
    return answer(201, {"id": signed.payload["id"], "status": "ontvangen"})
