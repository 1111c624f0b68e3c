"""Run the site under gunicorn with several sync workers, on the test database.

For tests and benchmarks that need real processes: the production server,
its workers, and a database shared with the test that set it up.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).resolve().parent / "gunicorn_counting.py"


def free_port() -> int:
    """Return a TCP port on the loopback address that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url() -> str:
    """Return the URL of the test database this test process uses."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@contextmanager
def gunicorn(*, workers: int = 3, env: dict[str, str] | None = None) -> Iterator["Server"]:
    """Start gunicorn on a free port; stop it on leaving."""
    server = Server(workers=workers, env=env or {})
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Server:
    """One gunicorn master with its workers."""

    def __init__(self, *, workers: int, env: dict[str, str]) -> None:
        """Prepare a server on a free port, with ``env`` on top of ours."""
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.hash_log = Path(tempfile.gettempdir()) / f"meldwijzer-hashes-{self.port}.log"
        self.hash_log.unlink(missing_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "meldcode.settings",
            "DATABASE_URL": database_url(),
            "DEBUG": "true",
            "MELDWIJZER_HASH_LOG": str(self.hash_log),
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start gunicorn and wait until /healthz answers."""
        connection.close()  # let the server have the database (SQLite locks)
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "meldcode.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--config",
                str(CONFIG),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        """Stop gunicorn and its workers."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def hashes(self) -> int:
        """Return how many password hashes the workers ran so far."""
        if not self.hash_log.exists():
            return 0
        return len(self.hash_log.read_text("ascii").splitlines())

    def login_session(self) -> tuple[requests.Session, str]:
        """Return an HTTP session with the login page's CSRF token."""
        session = requests.Session()
        page = session.get(f"{self.url}/accounts/login/", timeout=10)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if match is None:
            raise RuntimeError("no CSRF token on the login page")
        return session, match.group(1)
