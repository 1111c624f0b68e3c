"""Helpers of the outbox tests and benchmarks: a melding, attempts, the table walk, workers."""

import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone
from hypothesis import strategies as st

from meldcode.veiligthuis.models import Delivery, Region
from meldcode.veiligthuis.outbox import services
from meldcode.veiligthuis.schema import validate_payload
from tests.meldcode.veiligthuis.payload_examples import full_melding
from tests.servers.gunicorn import database_url

REGION = "utrecht"
KEY_ID = "vtk_outbox_test"
SECRET = "s3cret-issued-to-this-practice"


@dataclass(frozen=True)
class Identity:
    """What identifies the person concerned in one melding."""

    name: str
    bsn: str
    street: str
    phone: str
    birth_date: date

    def values(self) -> list[str]:
        """Return the strings that must not outlive the receipt, name parts included."""
        return [
            self.name,
            *self.name.split(),
            self.bsn,
            self.street,
            self.phone,
            self.birth_date.isoformat(),
        ]


def elfproef(digits: str) -> bool:
    """Tell whether nine digits pass the BSN eleven-test."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


def _bsn(first_eight: str) -> str | None:
    total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), first_eight, strict=True))
    last = total % 11
    return None if last == 10 else first_eight + str(last)


# Distinctive on purpose: a word of five or more letters, some outside ASCII,
# is found in no other row by chance, so the table walk cannot pass by luck.
WORD = st.from_regex(r"[A-ZÇŁŞÖ][a-zçłşëïöüé]{5,10}", fullmatch=True)
BSNS = (
    st.from_regex(r"[1-9][0-9]{7}", fullmatch=True)
    .map(_bsn)
    .filter(lambda bsn: bsn is not None)
    .map(str)
)
IDENTITIES = st.builds(
    Identity,
    name=st.builds(lambda first, last: f"{first} {last}", WORD, WORD),
    bsn=BSNS,
    street=st.builds(lambda word, kind: word + kind, WORD, st.sampled_from(["straat", "laan"])),
    phone=st.from_regex(r"06-[1-9][0-9]{7}", fullmatch=True),
    birth_date=st.dates(min_value=date(1931, 1, 1), max_value=date(2005, 12, 31)),
)
# The other identifying values of the example melding, fixed but distinctive.
OTHER_IDENTIFIERS = ("Łukasz Wiśniewski", "Ana Popescu", "Havenweg", "2019-06-15")


def melding(
    identity: Identity | None = None, *, payload_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """Return a valid melding payload for region Utrecht about ``identity``."""
    payload = full_melding()
    payload["id"] = str(payload_id or uuid.uuid4())
    payload["region"] = REGION
    if identity is not None:
        person = payload["persons"][0]
        person.update(
            name=identity.name,
            bsn=identity.bsn,
            phone=identity.phone,
            birth_date=identity.birth_date.isoformat(),
        )
        person["address"]["street"] = identity.street
    errors = validate_payload(payload)
    if errors:
        raise AssertionError(errors)
    return payload


def details_of(payload: dict[str, Any]) -> dict[str, Any]:
    """Return melding details as the preparation page stores them: the identifying parts."""
    return {
        "melder": payload["melder"],
        "persons": payload["persons"],
        "children": payload["children"],
        "veilig_thuis_only": payload["veilig_thuis_only"],
    }


def attempt_until(
    delivery: Delivery, *, done: tuple[str, ...] = ("delivered", "failed"), limit: int = 20
) -> list[str]:
    """Attempt ``delivery`` with the clock moved past each next attempt; return the outcomes.

    No real waiting: each call's ``now`` lies just past the row's
    ``next_attempt_at``.
    """
    outcomes: list[str] = []
    now = timezone.now()
    for _ in range(limit):
        delivery.refresh_from_db()
        now = max(now, delivery.next_attempt_at) + timedelta(seconds=1)
        outcomes.append(services.delivery_attempt(delivery_id=delivery.pk, now=now))
        if outcomes[-1] in done:
            return outcomes
    raise AssertionError(f"not done after {limit} attempts: {outcomes}")


def text_columns() -> Iterator[tuple[str, str, str]]:
    """Yield (table, column, text) for every text, char and JSON column of every row.

    Read through the models, so encrypted fields give their decrypted value.
    """
    textual = {"CharField", "TextField", "JSONField", "SlugField", "BinaryField"}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if f.get_internal_type() in textual]
        if not fields:
            continue
        names = [f.attname for f in fields]
        for row in model._base_manager.values_list(*names):
            for name, value in zip(names, row, strict=True):
                if value is None:
                    continue
                if isinstance(value, bytes | memoryview):
                    text = bytes(value).decode("utf-8", "replace")
                elif isinstance(value, str):
                    text = value
                else:
                    text = json.dumps(value, ensure_ascii=False, default=str)
                yield model._meta.db_table, name, text


def found_anywhere(values: list[str] | tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Return (table, column, value) for each value some text column of some row holds."""
    return [
        (table, column, value)
        for table, column, text in text_columns()
        for value in values
        if value in text
    ]


def now_plus(seconds: float) -> datetime:
    """Return the time ``seconds`` from now."""
    return timezone.now() + timedelta(seconds=seconds)


ROOT = Path(__file__).resolve().parents[4]


class Worker:
    """One ``manage.py db_worker`` process on the test database."""

    def __init__(self, worker_id: str, env: dict[str, str] | None = None) -> None:
        """Start the worker with ``env`` on top of ours; its output goes to a file."""
        self.worker_id = worker_id
        self.log = Path(tempfile.mkstemp(prefix="meldwijzer-worker-", suffix=".log")[1])
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "meldcode.settings",
            "DATABASE_URL": database_url(),
            "DEBUG": "true",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        connection.close()  # hold no lock the worker would wait for (SQLite)
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--no-startup-delay",
                    "--skip-checks",  # the suite checks; this saves seconds per start
                    "--interval",
                    "0.1",
                    "--worker-id",
                    worker_id,
                ],
                cwd=ROOT,
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """Kill the worker at once, as the OOM killer or a pulled plug would (SIGKILL)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def output(self) -> str:
        """Return what the worker printed, for a failing test's message."""
        return self.log.read_text(errors="replace")[-3000:]


@contextmanager
def workers(count: int = 1, env: dict[str, str] | None = None) -> Iterator[list[Worker]]:
    """Run ``count`` workers for the duration of the block; kill them on leaving."""
    started: list[Worker] = []
    try:
        for number in range(count):
            started.append(Worker(f"test-worker-{number}", env))
        yield started
    finally:
        for worker in started:
            worker.kill()
            worker.log.unlink(missing_ok=True)


def wait_for(
    condition: Callable[[], bool], *, timeout: float, what: str | Callable[[], str]
) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds, saying ``what``.

    ``what`` may be a function, called only on failure (a worker's output).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    message = what() if callable(what) else what
    raise AssertionError(f"timed out after {timeout} s waiting for: {message}")


def seed_regions() -> None:
    """Create the 26 regions of the data migration again (a transactional test flushes them)."""
    module = importlib.import_module("meldcode.veiligthuis.migrations.0002_regions")
    for code, name in module.REGIONS:
        Region.objects.get_or_create(code=code, defaults={"name": name})


def seed_migrated_data() -> None:
    """Create again what the data migrations made: the regions and the role groups.

    A transactional test flushes every table; the tests that run after it
    expect this data, as a migrated database has it.
    """
    seed_regions()
    roles = importlib.import_module("meldcode.accounts.migrations.0002_roles")
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
