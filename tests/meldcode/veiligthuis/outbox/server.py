"""A Veilig Thuis receiver on the loopback address, for the outbox tests and benchmarks.

A real HTTP server (``ThreadingHTTPServer`` in a thread, an ephemeral port),
not a mock: the outbox's ``requests`` call crosses a real socket. It checks
what the real intake checks that matters to delivery — the signature headers
(with :func:`meldcode.veiligthuis.signing.verify`), an ``Idempotency-Key``
equal to the body's ``id`` — and stores reports by payload id in memory,
answering a repeat of the same body with the same 201 receipt and another
body under the same id with 409, as the intake does.

A test scripts misbehaviour: :meth:`Receiver.script` queues one behaviour per
coming request (answer 503, sleep past the client's read timeout, close the
connection without an answer, hold the request until the test releases it,
...); when the script is empty, requests are stored and answered normally.
Every request is counted per payload id, whatever was answered.
"""

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from meldcode.veiligthuis import signing

Action = Literal[
    "store",  # verify, store, answer 201 with the receipt
    "status",  # answer `status` (with `headers` and `body`) without storing
    "slow",  # sleep `seconds`, then store and answer anyway
    "close",  # read the request, close the connection without an answer
    "hold",  # wait until the test releases it, then store and answer
    "not_receipt",  # store nothing, answer 200 with a body that is no receipt
    "stall_body",  # send the headers of a 201, then close before the promised body
]


@dataclass(frozen=True)
class Behaviour:
    """What the server does with one request."""

    action: Action = "store"
    status: int = 201
    seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def free_port() -> int:
    """Return a loopback TCP port on which nothing listens now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Receiver:
    """The state shared by the handler threads: keys, script, stored reports, counts."""

    def __init__(self, keys: dict[str, str]) -> None:
        """Accept requests signed with any of ``keys`` (key id → secret)."""
        self.keys = dict(keys)
        self.lock = threading.Lock()
        self.reports: dict[str, bytes] = {}
        self.requests: Counter[str] = Counter()
        self.refusals: list[str] = []
        self._script: list[Behaviour] = []
        # Seconds each unscripted request takes, so that concurrent senders overlap.
        self.delay = 0.0
        self.release = threading.Event()
        self.held = threading.Event()
        self.holding = 0  # requests held open right now
        self._busy = 0
        self._idle = threading.Condition(self.lock)
        self.server: ThreadingHTTPServer | None = None
        self.url = ""

    # --- what the test uses -------------------------------------------------

    def script(self, *behaviours: Behaviour) -> None:
        """Queue behaviours for the next requests, one each, in order."""
        with self.lock:
            self._script.extend(behaviours)

    def stored(self) -> int:
        """Return how many reports are stored."""
        with self.lock:
            return len(self.reports)

    def stored_payload(self, payload_id: str) -> dict[str, Any]:
        """Return the stored report of ``payload_id``, parsed."""
        with self.lock:
            parsed: dict[str, Any] = json.loads(self.reports[payload_id])
            return parsed

    def total_requests(self) -> int:
        """Return how many requests arrived, whatever was answered."""
        with self.lock:
            return sum(self.requests.values())

    def wait_idle(self, timeout: float = 10) -> None:
        """Wait until no request is being handled (a slow one finished storing)."""
        with self._idle:
            if not self._idle.wait_for(lambda: self._busy == 0, timeout=timeout):
                raise TimeoutError("the receiver is still handling a request")

    # --- what the handler uses ----------------------------------------------

    def next_behaviour(self) -> Behaviour:
        with self.lock:
            return self._script.pop(0) if self._script else Behaviour()

    def enter(self) -> None:
        with self.lock:
            self._busy += 1

    def leave(self) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def store(self, payload_id: str, body: bytes) -> tuple[int, dict[str, str]]:
        """Store a report once; answer a repeat as the first time, another body with 409."""
        with self.lock:
            existing = self.reports.setdefault(payload_id, body)
        if existing != body:
            return 409, {"error": "this payload id was received with another body"}
        return 201, {"id": payload_id, "status": "ontvangen"}


class Handler(BaseHTTPRequestHandler):
    """One request to the loopback receiver."""

    server: "LoopbackServer"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def _answer(
        self, status: int, body: bytes | dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)
        except OSError:
            # The client gave up (timed out, or its worker was killed): nothing to answer.
            self.close_connection = True

    def _check(self, body: bytes) -> tuple[int, dict[str, Any]] | str:
        """Return the payload id of a well-signed request, or the refusal to answer."""
        receiver = self.server.receiver
        key_id = self.headers.get("X-Meldwijzer-Key-Id", "")
        secret = receiver.keys.get(key_id)
        verdict = signing.verify(
            secret=secret or "",
            timestamp=self.headers.get("X-Meldwijzer-Timestamp", ""),
            body=body,
            signature_value=self.headers.get("X-Meldwijzer-Signature", ""),
            now=time.time(),
        )
        if secret is None or verdict != "ok":
            return 401, {"error": "unauthorized", "verdict": verdict}
        try:
            payload = json.loads(body)
            payload_id = str(payload["id"])
        except (ValueError, KeyError, TypeError):
            return 422, {"errors": ["$: not a payload"]}
        if self.headers.get("Idempotency-Key") != payload_id:
            return 400, {"error": "Idempotency-Key differs from the payload id"}
        return payload_id

    def do_POST(self) -> None:
        """Read, count and check the request, then behave as scripted."""
        receiver = self.server.receiver
        receiver.enter()
        try:
            self._handle(receiver)
        finally:
            receiver.leave()

    def _handle(self, receiver: Receiver) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        checked = self._check(body)
        with receiver.lock:
            receiver.requests[checked if isinstance(checked, str) else "?"] += 1
        if not isinstance(checked, str):
            with receiver.lock:
                receiver.refusals.append(json.dumps(checked[1]))
            self._answer(*checked)
            return
        payload_id = checked
        behaviour = receiver.next_behaviour()
        match behaviour.action:
            case "status":
                self._answer(behaviour.status, behaviour.body or b"{}", behaviour.headers)
            case "not_receipt":
                self._answer(200, behaviour.body or b"<html>Welcome to the proxy</html>")
            case "close":
                self.close_connection = True
            case "stall_body":
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self.wfile.write(b'{"id": "')
                self.wfile.flush()
                self.close_connection = True
            case "slow":
                time.sleep(behaviour.seconds)
                self._answer(*receiver.store(payload_id, body))
            case "hold":
                with receiver.lock:
                    receiver.holding += 1
                receiver.held.set()
                receiver.release.wait(timeout=30)
                with receiver.lock:
                    receiver.holding -= 1
                self._answer(*receiver.store(payload_id, body))
            case "store":
                time.sleep(receiver.delay)
                self._answer(*receiver.store(payload_id, body))


class LoopbackServer(ThreadingHTTPServer):
    """The HTTP server, carrying the shared :class:`Receiver`."""

    daemon_threads = True

    allow_reuse_address = True

    def __init__(self, receiver: Receiver, port: int = 0) -> None:
        """Listen on ``port`` of the loopback address (0: an ephemeral one)."""
        super().__init__(("127.0.0.1", port), Handler)
        self.receiver = receiver


@contextmanager
def loopback_receiver(keys: dict[str, str], *, port: int = 0) -> Iterator[Receiver]:
    """Run a receiver accepting ``keys`` on 127.0.0.1 for the duration of the block."""
    receiver = Receiver(keys)
    server = LoopbackServer(receiver, port)
    receiver.server = server
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/api/veilig-thuis/v1/reports"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()  # never leave a held handler behind
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
