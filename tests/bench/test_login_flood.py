"""A login flood against gunicorn: attempts per second and /healthz p95, with and without throttle.

Three sync workers on the loopback address, the real Argon2 hasher.

Run with ``uv run pytest tests/bench --benchmark-only -s``; the figures are
printed and stored in the benchmark's extra_info, not asserted.
"""

import statistics
import threading
import time
from typing import Any

import pytest

from tests.meldcode.accounts.test_flood import flood, healthz_times
from tests.servers.gunicorn import gunicorn


def measure(env: dict[str, str], attempts: int) -> dict[str, float]:
    with gunicorn(workers=3, env=env) as server:
        stop = threading.Event()
        times: list[float] = []
        probe = threading.Thread(target=healthz_times, args=(server, stop, times))
        probe.start()
        start = time.perf_counter()
        statuses = flood(server, attempts)
        elapsed = time.perf_counter() - start
        stop.set()
        probe.join()
        return {
            "attempts_per_second": len(statuses) / elapsed,
            "refused": statuses.count(429),
            "healthz_p95_ms": statistics.quantiles(times, n=20)[-1] * 1000,
            "hashes": server.hashes(),
        }


@pytest.mark.django_db(transaction=True)
def test_login_flood(benchmark: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["meldcode.accounts.hashers.Argon2PasswordHasher"]
    unthrottled = measure({"LOGIN_ADDRESS_LIMIT": "100000", "LOGIN_FAILURE_LIMIT": "100000"}, 60)
    throttled = measure({"LOGIN_ADDRESS_LIMIT": "1"}, 600)
    benchmark.extra_info.update(
        {f"unthrottled_{k}": v for k, v in unthrottled.items()}
        | {f"throttled_{k}": v for k, v in throttled.items()}
    )
    print(f"\nunthrottled: {unthrottled}\nthrottled:   {throttled}")
    benchmark.pedantic(lambda: None, rounds=1)
    assert throttled["refused"] >= 590
