"""Administrators revoke and regenerate certificates, and set accreditations, in the admin."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from elearning.models import Certificate, Module, RevocationReason
from meldcode.accounts.models import User
from tests.helpers import verify_session

from .factories import complete


@pytest.fixture
def admin_client(client: Client, make_user: Callable[..., User]) -> Client:
    verify_session(client, make_user(roles=(), is_staff=True))
    return client


def test_every_elearning_admin_page_opens(admin_client: Client, module: Module) -> None:
    for model in ["module", "register", "accreditation", "certificate", "cohort"]:
        response = admin_client.get(reverse(f"admin:elearning_{model}_changelist"))
        assert response.status_code == 200, model
    change = admin_client.get(reverse("admin:elearning_module_change", args=[module.pk]))
    assert change.status_code == 200


def test_an_administrator_revokes_with_a_reason_and_cannot_delete(
    admin_client: Client, module: Module, learner: User
) -> None:
    certificate = complete(learner, module)
    changelist = reverse("admin:elearning_certificate_changelist")
    response = admin_client.post(
        changelist,
        {"action": "revoke_wrong_person", "_selected_action": [certificate.pk]},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_reason == RevocationReason.WRONG_PERSON
    assert certificate.revoked_at is not None
    delete = reverse("admin:elearning_certificate_delete", args=[certificate.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_regenerating_in_the_admin_renders_from_the_frozen_data(
    admin_client: Client, module: Module, learner: User
) -> None:
    certificate = complete(learner, module)
    assert certificate.pdf is not None
    original = bytes(certificate.pdf)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=None)
    learner.full_name = "Changed Afterwards"
    learner.save()
    admin_client.post(
        reverse("admin:elearning_certificate_changelist"),
        {"action": "regenerate", "_selected_action": [certificate.pk]},
    )
    certificate.refresh_from_db()
    assert certificate.pdf is not None
    assert bytes(certificate.pdf) == original
