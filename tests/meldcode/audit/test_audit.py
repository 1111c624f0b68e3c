"""The audit trail: append-only, hash-chained, one entry for every write, safe in parallel."""

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meldcode.accounts import services
from meldcode.accounts.models import User
from meldcode.audit.chain import GENESIS, ChainEntry, entry_hash, verify_chain
from meldcode.audit.models import AuditEntry
from meldcode.audit.services import audit_record
from tests.helpers import verify_session


def chain(n: int) -> list[ChainEntry]:
    entries = []
    previous = GENESIS
    for number in range(1, n + 1):
        fields = {"action": f"a{number}", "data": {"n": number}}
        digest = entry_hash(previous, fields)
        entries.append(ChainEntry(number, fields, previous, digest))
        previous = digest
    return entries


def test_an_intact_chain_has_no_problems() -> None:
    entries = chain(5)
    assert verify_chain(entries, head=entries[-1].hash) == []
    assert verify_chain([], head=None) == []


def test_a_changed_entry_is_found() -> None:
    entries = chain(5)
    changed = ChainEntry(
        3, {"action": "a3", "data": {"n": 99}}, entries[2].previous, entries[2].hash
    )
    problems = verify_chain([*entries[:2], changed, *entries[3:]], head=entries[-1].hash)
    assert [(p.number, p.reason) for p in problems] == [(3, "its content was changed")]


def test_deleted_and_reordered_entries_are_found() -> None:
    entries = chain(5)
    deleted = verify_chain([*entries[:2], *entries[3:]], head=entries[-1].hash)
    assert [p.number for p in deleted] == [4]
    swapped = verify_chain(
        [entries[0], entries[2], entries[1], *entries[3:]], head=entries[-1].hash
    )
    assert {p.number for p in swapped} >= {3, 2}
    truncated = verify_chain(entries[:4], head=entries[-1].hash)
    assert [p.reason for p in truncated] == ["the trail ended after it (later entries deleted)"]


@pytest.mark.django_db
class TestTheStoredTrail:
    def fill(self) -> list[AuditEntry]:
        return [audit_record(actor_id=n, action="test", data={"n": n}) for n in range(1, 6)]

    def test_verify_audit_passes_on_an_intact_trail(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.fill()
        call_command("verify_audit")
        assert "intact" in capsys.readouterr().out

    def test_verify_audit_fails_on_a_changed_entry(self) -> None:
        entries = self.fill()
        AuditEntry.objects.filter(pk=entries[2].pk).update(data={"n": 42})
        with pytest.raises(CommandError, match="not intact"):
            call_command("verify_audit")

    def test_verify_audit_fails_on_a_deleted_entry(self) -> None:
        entries = self.fill()
        AuditEntry.objects.filter(pk=entries[1].pk).delete()
        with pytest.raises(CommandError):
            call_command("verify_audit")

    def test_verify_audit_fails_on_a_deleted_last_entry(self) -> None:
        entries = self.fill()
        AuditEntry.objects.filter(pk=entries[-1].pk).delete()
        with pytest.raises(CommandError):
            call_command("verify_audit")

    def test_verify_audit_fails_on_reordered_entries(self) -> None:
        entries = self.fill()
        first, second = entries[1], entries[2]
        # Swap the content of two entries, hashes and all, as a reordering would.
        for entry, other in ((first, second), (second, first)):
            AuditEntry.objects.filter(pk=entry.pk).update(
                created_at=other.created_at,
                actor_id=other.actor_id,
                action=other.action,
                data=other.data,
                previous=other.previous,
                hash=f"tmp{other.pk}",
            )
        AuditEntry.objects.filter(pk=first.pk).update(hash=second.hash)
        AuditEntry.objects.filter(pk=second.pk).update(hash=first.hash)
        with pytest.raises(CommandError):
            call_command("verify_audit")


@pytest.mark.django_db
def test_every_account_write_leaves_one_entry(make_user: Any) -> None:
    def actions() -> list[str]:
        return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))

    user: User = make_user(with_device=True)
    before = actions()
    assert "user_created" in before
    services.backup_codes_regenerate(user=user)
    assert actions()[len(before) :] == ["backup_codes_regenerated"]
    services.user_sessions_revoke(user=user)
    assert actions()[-1] == "sessions_ended_everywhere"
    call_command("verify_audit")


@pytest.mark.django_db
def test_a_login_leaves_its_entries_without_the_address(client: Client, clinician: User) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.helpers import PASSWORD

    client.post(reverse("accounts:login"), {"username": clinician.email, "password": PASSWORD})
    device = TOTPDevice.objects.get(user=clinician)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    client.post(reverse("accounts:verify"), {"token": code})
    entries = list(
        AuditEntry.objects.filter(target=f"user:{clinician.pk}").values_list("action", "data")
    )
    assert [a for a, _ in entries][-3:] == [
        "password_accepted",
        "second_factor_passed",
        "device_cookie_issued",
    ]
    text = str(list(AuditEntry.objects.values_list("target", "data")))
    assert clinician.email not in text
    assert "127.0.0.1" not in text


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_chain() -> None:
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        barrier.wait()
        for i in range(5):
            audit_record(actor_id=n, action="parallel", data={"i": i})
        connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert AuditEntry.objects.filter(action="parallel").count() == 40
    call_command("verify_audit")


@pytest.mark.django_db
def test_administrators_read_but_cannot_change_the_trail(client: Client, make_user: Any) -> None:
    audit_record(actor_id=None, action="test", data={}, target="user:1")
    verify_session(client, make_user(roles=(), is_staff=True))
    listing = client.get(reverse("admin:audit_auditentry_changelist"), {"action__exact": "test"})
    assert listing.status_code == 200
    assert "user:1" in listing.content.decode()
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    entry = AuditEntry.objects.get(action="test")
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert entry.created_at <= timezone.now()
