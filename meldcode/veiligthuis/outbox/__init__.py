"""The transactional outbox that delivers payloads to Veilig Thuis and terugkoppeling back."""

from .services import (
    deliveries_sweep,
    delivery_attempt,
    delivery_create,
    delivery_retry,
    terugkoppeling_receive,
    terugkoppeling_send,
)

__all__ = [
    "deliveries_sweep",
    "delivery_attempt",
    "delivery_create",
    "delivery_retry",
    "terugkoppeling_receive",
    "terugkoppeling_send",
]
