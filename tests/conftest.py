"""Fixtures shared by the whole test suite."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from meldcode import i18n
from meldcode.accounts import services
from meldcode.accounts.models import Profession, Role, User
from tests.helpers import PASSWORD, verify_session


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave the benchmarks out unless they are asked for with ``--benchmark-only``."""
    if "bench" in collection_path.parts and not config.getoption("benchmark_only"):
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Compile the message catalogues, as ``demo`` does, before any test runs."""
    i18n.compile_catalogues()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Hash passwords cheaply: the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """Return a factory of users with a known password."""
    counter = iter(range(1, 10_000))

    def make(
        *,
        roles: tuple[Role, ...] = (Role.CLINICIAN,),
        email: str | None = None,
        with_device: bool = False,
        **extra: object,
    ) -> User:
        number = next(counter)
        user = services.user_create(
            email=email or f"user{number}@example.org",
            password=PASSWORD,
            full_name=extra.pop("full_name", f"Test User {number}"),  # type: ignore[arg-type]
            profession=extra.pop("profession", Profession.HUISARTS),  # type: ignore[arg-type]
            roles=roles,
            **extra,  # type: ignore[arg-type]
        )
        if with_device:
            services.totp_device_create(user=user)
        return user

    return make


@pytest.fixture
def clinician(make_user: Callable[..., User]) -> User:
    """Return a clinician with a confirmed authenticator device."""
    return make_user(with_device=True, full_name="Dr. Anouk de Vries")


@pytest.fixture
def verified_client(client: Client, clinician: User) -> Client:
    """Return a test client logged in as ``clinician`` with a verified second factor."""
    verify_session(client, clinician)
    return client
