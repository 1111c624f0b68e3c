"""Post one signed body to a receiver with ``requests``.

Connect and read timeouts, TLS verification always on, no redirects (a
redirect would send a melding somewhere nobody configured), and the
signature headers of design §4.4 plus an ``Idempotency-Key`` equal to the
payload id. Whatever happens comes back as a :class:`~.policy.Answer`;
nothing here raises for a network problem.
"""

import json
import time
from typing import Final

import requests

from meldcode.veiligthuis import signing
from meldcode.veiligthuis.delivery_policy import Answer

USER_AGENT: Final = "Meldwijzer outbox"
# A receipt is a small JSON object; never read more than this from an answer.
MAX_ANSWER_BYTES: Final = 64 * 1024


def post_signed(
    *,
    url: str,
    body: bytes,
    key_id: str,
    secret: str,
    payload_id: str,
    connect_timeout: float,
    read_timeout: float,
) -> Answer:
    """Sign ``body`` with the key and post it to ``url``; return what came back."""
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Idempotency-Key": payload_id,
        "X-Meldwijzer-Key-Id": key_id,
        "X-Meldwijzer-Timestamp": timestamp,
        "X-Meldwijzer-Signature": signing.signature(secret, timestamp, body),
    }
    try:
        with requests.post(
            url,
            data=body,
            headers=headers,
            timeout=(connect_timeout, read_timeout),
            allow_redirects=False,
            verify=True,
            stream=True,
        ) as response:
            status = response.status_code
            # iter_content, not raw.read: it turns an answer that breaks off
            # (urllib3's ProtocolError, ReadTimeoutError) into a RequestException.
            raw = b""
            for chunk in response.iter_content(chunk_size=16 * 1024):
                raw += chunk
                if len(raw) > MAX_ANSWER_BYTES:
                    break
            retry_after = response.headers.get("Retry-After")
    except requests.Timeout:
        return Answer(status=None, error="timeout")
    except requests.ConnectionError:
        return Answer(status=None, error="connection failed")
    except requests.RequestException as error:
        return Answer(status=None, error=type(error).__name__)
    if len(raw) > MAX_ANSWER_BYTES:
        return Answer(status=status, retry_after=retry_after, error="answer too large")
    try:
        parsed: object = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        parsed = None
    return Answer(status=status, body=parsed, retry_after=retry_after)
