"""Fixtures of the e-learning tests."""

from collections.abc import Callable

import pytest

from elearning.models import Module
from meldcode.accounts.models import Profession, Role, User

from .factories import load, seed


@pytest.fixture
def modules(db: None) -> dict[str, Module]:
    """Seed the registers and load the shipped modules."""
    seed()
    return load()


@pytest.fixture
def module(modules: dict[str, Module]) -> Module:
    """Return the first module."""
    return modules["wat-is-mensenhandel"]


@pytest.fixture
def learner(make_user: Callable[..., User]) -> User:
    """Return a verified-capable learner with a BIG-nummer and a name that needs a real font."""
    return make_user(
        roles=(Role.LEARNER,),
        with_device=True,
        full_name="Zoë Çelik",
        profession=Profession.VERPLEEGKUNDIGE,
        big_number="09123456789",
    )
