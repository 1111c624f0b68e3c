"""Logging helpers: quiet internet noise, and structured security events.

Security events are one line each, ``security_event=<name> key=value ...``,
with the user's id and never an e-mail address or a client address in clear:
addresses are given as a keyed hash, so events of one client can be linked
without the log holding personal data.
"""

import hashlib
import hmac
import logging
from typing import Final

from django.conf import settings

SECURITY_LOGGER: Final = "meldwijzer.security"
logger = logging.getLogger(SECURITY_LOGGER)


class InternetNoiseFilter(logging.Filter):
    """Turn an error record into a single warning line without its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Lower the level and drop the traceback; always let the record through."""
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


def pseudonym(value: str) -> str:
    """Return a short keyed hash of ``value`` (an address or an identifier) for the logs."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), value.encode("utf-8", "surrogatepass"), hashlib.sha256
    )
    return digest.hexdigest()[:16]


def security_event(
    name: str, *, user_id: int | None = None, level: int = logging.INFO, **fields: object
) -> None:
    """Log one security event as ``key=value`` pairs."""
    parts = [f"security_event={name}"]
    if user_id is not None:
        parts.append(f"user_id={user_id}")
    parts += [f"{key}={value}" for key, value in sorted(fields.items())]
    logger.log(level, " ".join(parts), extra={"security_event": name, "user_id": user_id})
