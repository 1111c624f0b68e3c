"""The start page leads every professional to the e-learning, and trainers to their cohorts."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from meldcode.accounts.models import Role, User
from tests.helpers import verify_session


def test_the_home_page_links_the_elearning_and_for_trainers_the_cohorts(
    client: Client, make_user: Callable[..., User]
) -> None:
    verify_session(client, make_user(roles=(Role.LEARNER,)))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("elearning:index")}" data-link="elearning"' in page
    assert 'data-link="trainer"' not in page
    client.logout()
    verify_session(client, make_user(roles=(Role.TRAINER,)))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("trainer:cohorts")}" data-link="trainer"' in page
