"""The outbox's pure rules: what an answer means, and how long to wait before the next attempt."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldcode.veiligthuis.delivery_policy import (
    MAX_RETRY_AFTER_SECONDS,
    RETRY_STATUSES,
    Answer,
    backoff_seconds,
    classify,
    retry_after_seconds,
)

PAYLOAD_ID = "5f0c6a53-2b7e-4a8e-9a71-1c3f0e9a2b44"
RECEIPT = {"id": PAYLOAD_ID, "status": "ontvangen"}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


class TestClassify:
    @pytest.mark.parametrize("status", [200, 201])
    def test_a_receipt_naming_the_payload_id_is_a_delivery(self, status: int) -> None:
        assert classify(Answer(status=status, body=RECEIPT), payload_id=PAYLOAD_ID) == "delivered"

    @pytest.mark.parametrize(
        "body",
        [
            None,  # an HTML page of a proxy: not JSON at all
            {},
            {"status": "ontvangen"},
            {"id": str(uuid.uuid4()), "status": "ontvangen"},  # someone else's receipt
            [RECEIPT],
            PAYLOAD_ID,
            {"id": PAYLOAD_ID.upper()},
        ],
    )
    @pytest.mark.parametrize("status", [200, 201])
    def test_a_2xx_that_is_no_receipt_of_this_payload_is_retried(
        self, status: int, body: object
    ) -> None:
        assert classify(Answer(status=status, body=body), payload_id=PAYLOAD_ID) == "retry"

    @pytest.mark.parametrize("status", [202, 204, 206, 299])
    def test_other_2xx_even_naming_the_id_are_no_receipt(self, status: int) -> None:
        assert classify(Answer(status=status, body=RECEIPT), payload_id=PAYLOAD_ID) == "permanent"

    @pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504, 507, 599])
    def test_a_busy_or_failing_receiver_is_retried(self, status: int) -> None:
        assert classify(Answer(status=status, body=RECEIPT), payload_id=PAYLOAD_ID) == "retry"

    @pytest.mark.parametrize("error", ["timeout", "connection failed", "ChunkedEncodingError"])
    def test_transport_errors_are_retried(self, error: str) -> None:
        assert classify(Answer(status=None, error=error), payload_id=PAYLOAD_ID) == "retry"

    @pytest.mark.parametrize("status", [301, 302, 400, 401, 403, 404, 409, 410, 413, 422])
    def test_answers_that_the_same_bytes_cannot_change_are_permanent(self, status: int) -> None:
        assert classify(Answer(status=status, body=RECEIPT), payload_id=PAYLOAD_ID) == "permanent"

    @given(status=st.integers(100, 599), body=JSON, payload_id=st.uuids().map(str))
    def test_only_a_200_or_201_naming_the_id_counts_as_delivered(
        self, status: int, body: object, payload_id: str
    ) -> None:
        outcome = classify(Answer(status=status, body=body), payload_id=payload_id)
        receipt = isinstance(body, dict) and body.get("id") == payload_id
        assert (outcome == "delivered") == (status in (200, 201) and receipt)

    @given(status=st.integers(100, 599), body=JSON)
    def test_every_answer_has_exactly_one_meaning(self, status: int, body: object) -> None:
        outcome = classify(Answer(status=status, body=body), payload_id=PAYLOAD_ID)
        if status >= 500 or status in RETRY_STATUSES:
            assert outcome == "retry"
        elif status not in (200, 201):
            assert outcome == "permanent"
        else:
            assert outcome in ("delivered", "retry")


class TestBackoff:
    def test_the_wait_doubles_from_the_base_until_the_cap(self) -> None:
        waits = [backoff_seconds(n, base=30, cap=3600, jitter=0.999999) for n in range(1, 10)]
        assert [round(w) for w in waits] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]

    def test_no_jitter_waits_half(self) -> None:
        assert backoff_seconds(3, base=30, cap=3600, jitter=0.0) == 60

    def test_a_huge_attempt_number_stays_at_the_cap(self) -> None:
        assert backoff_seconds(10_000, base=30, cap=3600, jitter=0.5) == 2700

    @pytest.mark.parametrize("attempt", [0, -1])
    def test_attempts_count_from_one(self, attempt: int) -> None:
        with pytest.raises(ValueError, match="attempt"):
            backoff_seconds(attempt, base=30, cap=3600, jitter=0.5)

    @pytest.mark.parametrize("jitter", [-0.1, 1.0, 2.0])
    def test_jitter_lies_in_zero_to_one(self, jitter: float) -> None:
        with pytest.raises(ValueError, match="jitter"):
            backoff_seconds(1, base=30, cap=3600, jitter=jitter)

    @given(
        attempt=st.integers(1, 200),
        base=st.floats(0.1, 600),
        cap=st.floats(1, 86_400),
        jitter=st.floats(0, 1, exclude_max=True),
    )
    def test_jitter_keeps_the_wait_between_half_and_all_of_it(
        self, attempt: int, base: float, cap: float, jitter: float
    ) -> None:
        wait = min(cap, base * 2 ** min(attempt - 1, 32))
        got = backoff_seconds(attempt, base=base, cap=cap, jitter=jitter)
        assert wait / 2 <= got <= wait
        assert got <= cap

    @given(
        attempt=st.integers(1, 100),
        base=st.floats(0.1, 600),
        cap=st.floats(1, 86_400),
        jitter=st.floats(0, 1, exclude_max=True),
    )
    def test_the_wait_never_shrinks_from_one_attempt_to_the_next(
        self, attempt: int, base: float, cap: float, jitter: float
    ) -> None:
        now = backoff_seconds(attempt, base=base, cap=cap, jitter=jitter)
        later = backoff_seconds(attempt + 1, base=base, cap=cap, jitter=jitter)
        assert later >= now

    @given(jitter=st.floats(0, 1, exclude_max=True), other=st.floats(0, 1, exclude_max=True))
    def test_more_jitter_never_waits_less(self, jitter: float, other: float) -> None:
        low, high = sorted((jitter, other))
        assert backoff_seconds(4, base=30, cap=3600, jitter=low) <= backoff_seconds(
            4, base=30, cap=3600, jitter=high
        )


class TestRetryAfter:
    @pytest.mark.parametrize(
        ("value", "seconds"),
        [("0", 0), ("120", 120), (" 7 ", 7), ("3600", 3600), ("3601", 3600), ("99999999", 3600)],
    )
    def test_seconds_are_read_and_capped(self, value: str, seconds: int) -> None:
        assert retry_after_seconds(value) == seconds

    @pytest.mark.parametrize(
        "value",
        [
            *(None, "", " ", "-5", "1.5", "soon", "Wed, 21 Oct 2026 07:28:00 GMT", "1e3", "+10"),
            # Digits to str.isdigit() but not HTTP's: "²" is a Latin-1 header byte (0xB2).
            *("²", "1²", "\u0661\u0662", "\uff15"),  # Arabic-Indic 12, fullwidth 5
        ],
    )
    def test_anything_but_plain_seconds_is_ignored(self, value: str | None) -> None:
        assert retry_after_seconds(value) is None

    @given(seconds=st.integers(0, 10**12))
    def test_a_receiver_cannot_park_a_delivery_for_more_than_an_hour(self, seconds: int) -> None:
        assert retry_after_seconds(str(seconds)) == min(seconds, MAX_RETRY_AFTER_SECONDS)

    @given(
        value=st.text(max_size=30)
        | st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=4)
    )
    def test_any_header_value_gives_none_or_a_wait_within_the_cap(self, value: str) -> None:
        got = retry_after_seconds(value)
        assert got is None or 0 <= got <= MAX_RETRY_AFTER_SECONDS
