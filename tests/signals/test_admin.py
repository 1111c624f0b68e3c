"""Administrators browse catalogue versions and signals, but cannot change them."""

import pytest
from django.test import Client
from django.urls import reverse

from signals.catalogue import load
from signals.models import CatalogueSignal, CatalogueVersion
from tests.helpers import verify_session


@pytest.fixture
def admin_client(client: Client, make_user) -> Client:
    verify_session(client, make_user(roles=(), is_staff=True))
    return client


@pytest.mark.django_db
def test_versions_and_signals_can_be_browsed(admin_client: Client) -> None:
    version = CatalogueVersion.objects.get(version=load().version)
    response = admin_client.get(reverse("admin:signals_catalogueversion_changelist"))
    assert response.status_code == 200
    assert version.version in response.content.decode()
    signal = CatalogueSignal.objects.filter(catalogue=version).first()
    assert signal is not None
    listing = admin_client.get(
        reverse("admin:signals_cataloguesignal_changelist"), {"q": signal.code}
    )
    assert signal.label_nl in listing.content.decode()
    detail = admin_client.get(reverse("admin:signals_cataloguesignal_change", args=[signal.pk]))
    assert detail.status_code == 200


@pytest.mark.django_db
def test_nothing_can_be_added_changed_or_deleted(admin_client: Client) -> None:
    signal = CatalogueSignal.objects.first()
    assert signal is not None
    assert admin_client.get(reverse("admin:signals_cataloguesignal_add")).status_code == 403
    url = reverse("admin:signals_cataloguesignal_change", args=[signal.pk])
    admin_client.post(url, {"code": "changed"})
    signal.refresh_from_db()
    assert signal.code != "changed"
    delete = reverse("admin:signals_cataloguesignal_delete", args=[signal.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert CatalogueSignal.objects.filter(pk=signal.pk).exists()
