"""Administrators manage users; the BIG-nummer and region rules hold there."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from meldcode.accounts.models import User
from meldcode.veiligthuis.models import Region
from tests.helpers import verify_session


@pytest.fixture
def admin_client(client: Client, make_user) -> Client:
    admin = make_user(roles=(), is_staff=True)
    verify_session(client, admin)
    return client


def add_user(client: Client, **fields: object):
    data = {
        "email": "nieuw@example.org",
        "full_name": "Nieuwe Collega",
        "profession": "verpleegkundige",
        "big_number": "",
        "organisation": "",
        "region": "",
        "password1": "een lang wachtwoord 2026",
        "password2": "een lang wachtwoord 2026",
        **fields,
    }
    return client.post(reverse("admin:accounts_user_add"), data)


@pytest.mark.django_db
def test_a_short_big_number_is_stored_with_leading_zeros(admin_client: Client) -> None:
    response = add_user(admin_client, big_number="123456789")
    assert response.status_code == 302
    assert User.objects.get(email="nieuw@example.org").big_number == "00123456789"


@pytest.mark.django_db
def test_a_malformed_big_number_is_a_clear_error_and_creates_nothing(
    admin_client: Client,
) -> None:
    response = add_user(admin_client, big_number="12-345")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "big_number" in errors
    assert not User.objects.filter(email="nieuw@example.org").exists()


@pytest.mark.django_db
def test_veilig_thuis_staff_need_a_region(admin_client: Client, make_user) -> None:
    staff = make_user(roles=())
    group = Group.objects.get(name="veilig_thuis")
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key not in {"password", "groups", "user_permissions", "region", "last_login"}
        and value is not None
    }
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "09:00:00"
    data["groups"] = [group.pk]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    data["region"] = Region.objects.get(code="utrecht").pk
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    staff.refresh_from_db()
    assert staff.region is not None
    assert staff.groups.filter(name="veilig_thuis").exists()


@pytest.mark.django_db
def test_the_regions_of_veilig_thuis_are_loaded() -> None:
    assert Region.objects.count() == 26
    assert all(region.phone == "0800-2000" for region in Region.objects.all())
