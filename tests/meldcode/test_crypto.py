"""Encryption at rest: values are stored as tokens, and keys rotate without losing data."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from meldcode import crypto
from meldcode.veiligthuis.models import Receiver, Region


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


@given(st.text())
def test_any_text_survives_encryption(text: str) -> None:
    assert crypto.decrypt(crypto.encrypt(text)) == text


def test_a_token_of_an_unknown_key_is_refused(settings: pytest.FixtureRequest) -> None:
    token = crypto.encrypt("geheim")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # type: ignore[attr-defined]
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(token)


@pytest.mark.django_db
def test_rotation_re_encrypts_with_the_new_key_and_loses_nothing(settings: object) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]  # type: ignore[attr-defined]
    receiver = Receiver.objects.create(
        region=Region.objects.get(code="utrecht"),
        url="https://vt.example.nl/api/veilig-thuis/v1/reports",
        key_id="vtk_rotate",
        secret="Ştefan's geheim",
    )
    before = raw("veiligthuis_receiver", "secret", receiver.pk)
    assert "geheim" not in before
    settings.FIELD_ENCRYPTION_KEYS = [new, old]  # type: ignore[attr-defined]
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "Re-encrypted" in out.getvalue()
    after = raw("veiligthuis_receiver", "secret", receiver.pk)
    assert after != before
    settings.FIELD_ENCRYPTION_KEYS = [new]  # type: ignore[attr-defined]
    assert Receiver.objects.get(pk=receiver.pk).secret == "Ştefan's geheim"


def test_new_key_prints_a_usable_key() -> None:
    out = StringIO()
    call_command("rotate_field_keys", new_key=True, stdout=out)
    key = out.getvalue().strip()
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"x")) == b"x"
