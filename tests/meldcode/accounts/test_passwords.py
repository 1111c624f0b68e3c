"""Passwords after NIST SP 800-63B, hashed with Argon2, older hashes upgraded."""

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from meldcode.accounts.models import User


def codes(password: str, user: User | None = None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}  # type: ignore[misc]
    return set()


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("kort1!", {"password_too_short"}),
        ("x" * 11, {"password_too_short"}),
        ("een paard dat door de sneeuw draaft", set()),
        ("Tr4-ghw!9kqs", set()),  # no composition rule refuses or requires anything
        ("293847561029384", set()),  # digits only are fine when long and not common
        ("paard " * 22, {"password_too_long"}),  # 132 characters
        ("Wachtwoord2026!", {"password_too_common"}),
        ("welkomwelkom", {"password_too_common"}),
        ("Feyenoord1908", {"password_too_common"}),
        ("huisartsenpraktijk", {"password_too_common"}),
        ("password1234", {"password_too_common"}),
        ("1q2w3e4r5t6y", {"password_too_common"}),
    ],
)
def test_the_password_rules(password: str, expected: set[str]) -> None:
    assert codes(password) == expected


def test_at_most_128_characters() -> None:
    assert "password_too_long" not in codes("a9" * 64)
    assert codes("a9" * 64 + "z") == {"password_too_long"}


@pytest.mark.django_db
def test_the_users_own_details_are_refused(make_user) -> None:
    user = make_user(email="anouk.devries@example.org", full_name="Anouk de Vries")
    assert "password_too_similar" in codes("anouk.devries@example", user)


@pytest.mark.django_db
def test_new_hashes_are_argon2_and_old_ones_are_upgraded_at_login(
    client: Client,
    make_user,
    settings: Settings,
) -> None:
    settings.PASSWORD_HASHERS = [
        "meldcode.accounts.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    fresh = make_user()
    fresh.set_password("een lange zin als wachtzin")
    assert fresh.password.startswith("argon2$")
    old = make_user(with_device=True)
    User.objects.filter(pk=old.pk).update(
        password=make_password("een oude lange wachtzin", hasher="pbkdf2_sha256")
    )
    response = client.post(
        reverse("accounts:login"), {"username": old.email, "password": "een oude lange wachtzin"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.password.startswith("argon2$")
