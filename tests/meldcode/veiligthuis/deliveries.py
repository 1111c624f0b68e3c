"""Deliveries as this installation leaves them after a confirmed send, for tests."""

import uuid

from meldcode.cases.models import Case
from meldcode.veiligthuis.models import Delivery, Receiver


def delivered(case: Case, receiver: Receiver, kind: str = Delivery.Kind.MELDING) -> Delivery:
    """Return a delivery this installation sent to ``receiver`` and that was confirmed."""
    return Delivery.objects.create(
        payload_id=uuid.uuid4(),
        kind=kind,
        case=case,
        region=receiver.region,
        receiver=receiver,
        url=receiver.url,
        body_hash="0" * 64,
        status=Delivery.Status.DELIVERED,
    )
