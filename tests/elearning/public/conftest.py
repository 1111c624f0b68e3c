"""Fixtures of the public certificate pages' tests."""

import pytest
from pytest_django.fixtures import Settings

from elearning.models import Certificate, Module
from meldcode.accounts.models import User
from tests.elearning.factories import complete


@pytest.fixture(autouse=True)
def generous_limit(settings: Settings) -> None:
    """Lift the rate limit, so that tests making many requests are not refused by it.

    The rate limit's own tests set it low again.
    """
    settings.ELEARNING_VERIFY_LIMIT = 10**6


@pytest.fixture
def certificate(module: Module, learner: User) -> Certificate:
    """Return the certificate the learner earned by completing the first module."""
    return complete(learner, module)
