"""Fixtures of the trainer's pages: a trainer with a verified session and a cohort."""

from collections.abc import Callable

import pytest
from django.test import Client

from elearning import services
from elearning.models import Cohort, Module
from meldcode.accounts.models import Role, User
from tests.helpers import verify_session


@pytest.fixture
def trainer(make_user: Callable[..., User]) -> User:
    """Return a trainer with a confirmed authenticator device."""
    return make_user(roles=(Role.TRAINER,), with_device=True, full_name="Trainer Tineke")


@pytest.fixture
def trainer_client(client: Client, trainer: User) -> Client:
    """Return a client logged in as ``trainer`` with a verified second factor."""
    verify_session(client, trainer)
    return client


@pytest.fixture
def cohort(trainer: User, modules: dict[str, Module]) -> Cohort:
    """Return the trainer's cohort for all four modules, created now."""
    ordered = sorted(modules.values(), key=lambda m: m.order)
    return services.cohort_create(trainer=trainer, name="Kring Utrecht", modules=ordered)
