"""One member's page: progress, attempts and certificates per cohort module, and revocation."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from elearning import services
from elearning.models import Attempt, Certificate, Cohort, Module, RevocationReason
from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from tests.elearning import factories
from tests.elearning.trainer import builders


@pytest.fixture
def member(cohort: Cohort, learner: User) -> User:
    services.cohort_join(user=learner, code=cohort.join_code)
    return learner


def learner_html(client: Client, cohort: Cohort, user: User) -> str:
    response = client.get(reverse("trainer:learner", args=[cohort.pk, user.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_attempts_and_certificates_per_module(
    trainer_client: Client, cohort: Cohort, member: User, module: Module
) -> None:
    content = services.module_content(module)
    factories.read_all(member, module)
    failed = services.attempt_start(user=member, module=module)
    services.attempt_submit(
        user=member, attempt_id=failed.pk, answers=factories.wrong_answers(content, failed)
    )
    Attempt.objects.filter(pk=failed.pk).update(finished_at=timezone.now() - timedelta(days=1))
    certificate = factories.pass_quiz(member, module)
    assert certificate is not None
    html = learner_html(trainer_client, cohort, member)
    section = re.search(
        r'<section[^>]*data-module="wat-is-mensenhandel">(.*?)</section>', html, re.S
    )
    assert section is not None
    assert 'data-state="valid"' in section.group(1)
    attempts = re.findall(r'data-attempt="(\d+)" data-percent="(\d+)"', section.group(1))
    assert len(attempts) == 2
    assert {int(pk) for pk, _ in attempts} == set(
        Attempt.objects.filter(user=member).values_list("pk", flat=True)
    )
    assert f'data-code="{certificate.code}" data-certificate-state="valid"' in section.group(1)
    assert reverse("credentials:verify", args=[certificate.code]) in section.group(1)
    assert reverse("trainer:revoke", args=[cohort.pk, certificate.pk]) in section.group(1)
    # The other modules are listed, without attempts or certificates.
    assert html.count("data-certificate=") == 1


def test_only_certificates_of_the_cohorts_modules(
    trainer_client: Client, trainer: User, member: User, modules: dict[str, Module]
) -> None:
    first, second = modules["wat-is-mensenhandel"], modules["signalen-in-de-spreekkamer"]
    narrow = services.cohort_create(trainer=trainer, name="One module", modules=[first])
    services.cohort_join(user=member, code=narrow.join_code)
    mine, other = builders.bulk(
        Certificate,
        [
            builders.certificate(member, first, code=builders.code(1), completed_at=timezone.now()),
            builders.certificate(
                member, second, code=builders.code(2), completed_at=timezone.now()
            ),
        ],
    )
    html = learner_html(trainer_client, narrow, member)
    assert f'data-code="{mine.code}"' in html
    assert f'data-code="{other.code}"' not in html


def test_revoke_forms_only_for_valid_certificates(
    trainer_client: Client, cohort: Cohort, member: User, module: Module
) -> None:
    long_ago = timezone.now() - timedelta(days=900)
    valid, expired, revoked = builders.bulk(
        Certificate,
        [
            builders.certificate(
                member, module, code=builders.code(1), completed_at=timezone.now()
            ),
            builders.certificate(member, module, code=builders.code(2), completed_at=long_ago),
            builders.certificate(
                member,
                module,
                code=builders.code(3),
                completed_at=timezone.now(),
                revoked_reason=RevocationReason.WRONG_PERSON,
            ),
        ],
    )
    html = learner_html(trainer_client, cohort, member)
    assert f'data-code="{expired.code}" data-certificate-state="expired"' in html
    assert f'data-code="{revoked.code}" data-certificate-state="revoked"' in html
    assert html.count("data-revoke") == 1
    assert reverse("trainer:revoke", args=[cohort.pk, valid.pk]) in html
    assert f'id="reason-{valid.pk}"' in html
    assert f'<label for="reason-{valid.pk}">' in html


def test_revoking_through_the_page(
    trainer_client: Client, trainer: User, cohort: Cohort, member: User, module: Module
) -> None:
    certificate = factories.complete(member, module)
    response = trainer_client.post(
        reverse("trainer:revoke", args=[cohort.pk, certificate.pk]),
        {"reason": RevocationReason.MISCONDUCT},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("trainer:learner", args=[cohort.pk, member.pk])
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == RevocationReason.MISCONDUCT
    assert certificate.revoked_by == trainer
    assert AuditEntry.objects.filter(
        action="elearning.certificate_revoked",
        target=f"certificate:{certificate.pk}",
        actor_id=trainer.pk,
    ).exists()
    # Revoking again keeps the first reason.
    trainer_client.post(
        reverse("trainer:revoke", args=[cohort.pk, certificate.pk]),
        {"reason": RevocationReason.OTHER},
    )
    certificate.refresh_from_db()
    assert certificate.revoked_reason == RevocationReason.MISCONDUCT


@pytest.mark.parametrize("data", [{}, {"reason": ""}, {"reason": "bored"}, {"reason": "x" * 5000}])
def test_a_bad_reason_is_400_and_changes_nothing(
    trainer_client: Client, cohort: Cohort, member: User, module: Module, data: dict[str, str]
) -> None:
    [certificate] = builders.bulk(
        Certificate,
        [builders.certificate(member, module, code=builders.code(1), completed_at=timezone.now())],
    )
    response = trainer_client.post(
        reverse("trainer:revoke", args=[cohort.pk, certificate.pk]), data
    )
    assert response.status_code == 400
    assert f'id="reason-{certificate.pk}-error"' in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoke_takes_no_get(
    trainer_client: Client, cohort: Cohort, member: User, module: Module
) -> None:
    [certificate] = builders.bulk(
        Certificate,
        [builders.certificate(member, module, code=builders.code(1), completed_at=timezone.now())],
    )
    url = reverse("trainer:revoke", args=[cohort.pk, certificate.pk]) + "?reason=other"
    assert trainer_client.get(url).status_code == 405
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
