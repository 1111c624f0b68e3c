"""Who reaches the trainer's pages: trainers only, and each only their own cohorts.

Another trainer's cohort, a learner who is not a member and a certificate
outside the cohort answer the same 404 as a missing one, on every URL, and a
refused write changes nothing.
"""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from elearning import services
from elearning.models import Certificate, Cohort, Module, RevocationReason
from meldcode.accounts.models import Role, User
from tests.elearning.trainer import builders
from tests.helpers import verify_session


def cohort_urls(cohort: Cohort, *, user_id: int, certificate_id: int) -> list[tuple[str, str]]:
    """Return every URL of a cohort with the method it takes."""
    pk = cohort.pk
    return [
        ("get", reverse("trainer:cohort", args=[pk])),
        ("post", reverse("trainer:joining", args=[pk])),
        ("get", reverse("trainer:learner", args=[pk, user_id])),
        ("post", reverse("trainer:revoke", args=[pk, certificate_id])),
        ("get", reverse("trainer:export_csv", args=[pk])),
        ("get", reverse("trainer:export_zip", args=[pk])),
        ("get", reverse("trainer:attendance", args=[pk]) + "?register=knmg-gaia"),
        (
            "get",
            reverse("trainer:attendance_txt", args=[pk])
            + "?register=knmg-gaia&accreditation=A-1&date=2026-03-02",
        ),
        ("get", reverse("trainer:attendance_batch", args=[pk]) + "?register=knmg-gaia&batch=1"),
    ]


@pytest.fixture
def member_certificate(cohort: Cohort, modules: dict[str, Module]) -> Certificate:
    """Return a member's certificate of a cohort module (no PDF: not needed here)."""
    [member] = builders.learners(1)
    builders.join(cohort, [member])
    module = modules["wat-is-mensenhandel"]
    return builders.bulk(
        Certificate,
        [builders.certificate(member, module, code=builders.code(1), completed_at=timezone.now())],
    )[0]


def request(client: Client, method: str, url: str, data: dict[str, str] | None = None):
    return getattr(client, method)(url, data or {})


def test_anonymous_is_sent_to_login(
    client: Client, cohort: Cohort, member_certificate: Certificate
) -> None:
    urls = [("get", reverse("trainer:cohorts")), ("get", reverse("trainer:cohort_new"))]
    urls += cohort_urls(
        cohort, user_id=member_certificate.user_id or 0, certificate_id=member_certificate.pk
    )
    for method, url in urls:
        response = request(client, method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), url


@pytest.mark.parametrize("role", [Role.LEARNER, Role.CLINICIAN])
def test_other_roles_are_refused(
    client: Client,
    make_user: Callable[..., User],
    cohort: Cohort,
    member_certificate: Certificate,
    role: Role,
) -> None:
    verify_session(client, make_user(roles=(role,), with_device=True))
    urls = [("get", reverse("trainer:cohorts")), ("get", reverse("trainer:cohort_new"))]
    urls += cohort_urls(
        cohort, user_id=member_certificate.user_id or 0, certificate_id=member_certificate.pk
    )
    for method, url in urls:
        assert request(client, method, url).status_code == 403, url


def test_another_trainer_gets_404_on_every_cohort_url(
    client: Client,
    make_user: Callable[..., User],
    cohort: Cohort,
    member_certificate: Certificate,
) -> None:
    other = make_user(roles=(Role.TRAINER,), with_device=True)
    verify_session(client, other)
    for method, url in cohort_urls(
        cohort, user_id=member_certificate.user_id or 0, certificate_id=member_certificate.pk
    ):
        data = {"open": "0", "reason": RevocationReason.MISCONDUCT}
        assert request(client, method, url, data).status_code == 404, url
    cohort.refresh_from_db()
    member_certificate.refresh_from_db()
    assert cohort.open
    assert member_certificate.revoked_at is None


def test_another_trainers_cohort_is_not_listed(
    client: Client, make_user: Callable[..., User], cohort: Cohort
) -> None:
    other = make_user(roles=(Role.TRAINER,), with_device=True)
    verify_session(client, other)
    response = client.get(reverse("trainer:cohorts"))
    assert response.status_code == 200
    assert f'data-cohort="{cohort.pk}"' not in response.content.decode()


def test_a_learner_outside_the_cohort_is_404(
    trainer_client: Client, cohort: Cohort, learner: User
) -> None:
    url = reverse("trainer:learner", args=[cohort.pk, learner.pk])
    assert trainer_client.get(url).status_code == 404
    services.cohort_join(user=learner, code=cohort.join_code)
    assert trainer_client.get(url).status_code == 200


def test_a_learner_of_another_cohort_of_the_same_trainer_is_404(
    trainer_client: Client, trainer: User, cohort: Cohort, modules: dict[str, Module], learner: User
) -> None:
    other = services.cohort_create(trainer=trainer, name="Other", modules=list(modules.values()))
    services.cohort_join(user=learner, code=other.join_code)
    assert (
        trainer_client.get(reverse("trainer:learner", args=[cohort.pk, learner.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("outside", ["non_member", "other_module"])
def test_revoking_a_certificate_outside_the_cohort_is_404_and_changes_nothing(
    trainer_client: Client,
    trainer: User,
    modules: dict[str, Module],
    outside: str,
) -> None:
    first, second = modules["wat-is-mensenhandel"], modules["signalen-in-de-spreekkamer"]
    cohort = services.cohort_create(trainer=trainer, name="One module", modules=[first])
    member, stranger = builders.learners(2)
    builders.join(cohort, [member])
    holder, module = (stranger, first) if outside == "non_member" else (member, second)
    certificate = builders.bulk(
        Certificate,
        [builders.certificate(holder, module, code=builders.code(7), completed_at=timezone.now())],
    )[0]
    response = trainer_client.post(
        reverse("trainer:revoke", args=[cohort.pk, certificate.pk]),
        {"reason": RevocationReason.MISCONDUCT},
    )
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert certificate.revoked_reason == ""


@pytest.mark.parametrize(
    "path",
    [
        "/trainer/cohorts/abc/",
        "/trainer/cohorts/-1/",
        "/trainer/cohorts/0/",
        "/trainer/cohorts/" + "9" * 40 + "/",
        "/trainer/cohorts/1/learners/" + "9" * 40 + "/",
        "/trainer/cohorts/1/learners/x/",
    ],
)
def test_ids_that_cannot_be_rows_are_404(trainer_client: Client, cohort: Cohort, path: str) -> None:
    assert trainer_client.get(path).status_code == 404


def test_a_huge_certificate_id_is_404(trainer_client: Client, cohort: Cohort) -> None:
    url = f"/trainer/cohorts/{cohort.pk}/certificates/{'9' * 30}/revoke"
    response = trainer_client.post(url, {"reason": RevocationReason.MISCONDUCT})
    assert response.status_code == 404
