"""Fixtures of the learner's pages: a learner logged in with both factors."""

import pytest
from django.test import Client

from meldcode.accounts.models import User
from tests.helpers import verify_session


@pytest.fixture
def learner_client(client: Client, learner: User) -> Client:
    """Return a test client of ``learner`` with a verified second factor."""
    verify_session(client, learner)
    return client
