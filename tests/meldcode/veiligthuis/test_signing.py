"""The intake's signature rules: HMAC over "<timestamp>.<body>", five minutes either way."""

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from meldcode.veiligthuis.signing import WINDOW_SECONDS, signature, verify

# Non-ASCII, to show that the secret keys the HMAC as UTF-8.
SECRET = "s3cr3t-é"
NOW = 1_800_000_000
BODY = b'{"type": "advies"}'


def test_signature_is_the_hmac_of_timestamp_dot_body_keyed_with_the_utf8_secret() -> None:
    expected = hmac.new(SECRET.encode("utf-8"), b"1800000000." + BODY, hashlib.sha256)
    assert signature(SECRET, "1800000000", BODY) == "sha256=" + expected.hexdigest()


def check(*, timestamp: str = str(NOW), body: bytes = BODY, value: str | None = None, now=NOW):
    sent = signature(SECRET, timestamp, body) if value is None else value
    return verify(secret=SECRET, timestamp=timestamp, body=body, signature_value=sent, now=now)


def test_a_correct_signature_is_ok() -> None:
    assert check() == "ok"


def test_five_minutes_either_way_is_still_ok_a_second_more_is_stale() -> None:
    assert check(timestamp=str(NOW - WINDOW_SECONDS)) == "ok"
    assert check(timestamp=str(NOW + WINDOW_SECONDS)) == "ok"
    assert check(timestamp=str(NOW - WINDOW_SECONDS - 1)) == "stale"
    assert check(timestamp=str(NOW + WINDOW_SECONDS + 1)) == "stale"


def test_another_body_secret_or_timestamp_is_a_bad_signature() -> None:
    assert check(value=signature(SECRET, str(NOW), BODY + b" ")) == "bad_signature"
    assert check(value=signature("other", str(NOW), BODY)) == "bad_signature"
    assert check(value=signature(SECRET, str(NOW + 1), BODY)) == "bad_signature"


def test_odd_shapes_are_malformed() -> None:
    assert check(timestamp="") == "malformed"
    assert check(timestamp="-1") == "malformed"
    assert check(timestamp="1e9") == "malformed"
    assert check(timestamp="١٢٣") == "malformed"  # non-ASCII digits
    assert check(value="sha1=" + "0" * 64) == "malformed"
    assert check(value="sha256=" + "G" * 64) == "malformed"
    assert check(value=signature(SECRET, str(NOW), BODY).upper()) == "malformed"


@given(timestamp=st.text(max_size=20), body=st.binary(max_size=200), value=st.text(max_size=80))
def test_verify_answers_a_verdict_for_any_input(timestamp: str, body: bytes, value: str) -> None:
    assert check(timestamp=timestamp, body=body, value=value) in {
        "ok",
        "stale",
        "bad_signature",
        "malformed",
    }
