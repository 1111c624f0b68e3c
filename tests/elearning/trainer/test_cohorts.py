"""The trainer's list of cohorts, a new cohort, and opening and closing a cohort for joining."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from elearning import links, services
from elearning.models import Certificate, Cohort, Module
from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from tests.elearning.trainer import builders


def test_the_list_counts_members_and_completed_modules(
    trainer_client: Client, cohort: Cohort, modules: dict[str, Module]
) -> None:
    members = builders.learners(3)
    builders.join(cohort, members)
    module = modules["wat-is-mensenhandel"]
    now = timezone.now()
    # Two certificates of one member in one module count once.
    builders.bulk(
        Certificate,
        [
            builders.certificate(members[0], module, code=builders.code(1), completed_at=now),
            builders.certificate(members[0], module, code=builders.code(2), completed_at=now),
            builders.certificate(members[1], module, code=builders.code(3), completed_at=now),
        ],
    )
    [stranger] = builders.learners(1, prefix="stranger", start=100)
    builders.bulk(
        Certificate,
        [builders.certificate(stranger, module, code=builders.code(4), completed_at=now)],
    )
    html = trainer_client.get(reverse("trainer:cohorts")).content.decode()
    assert f'data-cohort="{cohort.pk}"' in html
    assert 'data-members="3"' in html
    assert 'data-completed="2" data-pairs="12"' in html


def test_no_cohorts_yet(trainer_client: Client) -> None:
    response = trainer_client.get(reverse("trainer:cohorts"))
    assert response.status_code == 200
    assert "data-no-cohorts" in response.content.decode()


def test_the_form_offers_the_loaded_modules(
    trainer_client: Client, modules: dict[str, Module]
) -> None:
    html = trainer_client.get(reverse("trainer:cohort_new")).content.decode()
    for module in modules.values():
        assert f'value="{module.pk}"' in html


def test_creating_a_cohort(
    trainer_client: Client, trainer: User, modules: dict[str, Module]
) -> None:
    chosen = [modules["wat-is-mensenhandel"], modules["routes-en-partners"]]
    response = trainer_client.post(
        reverse("trainer:cohort_new"),
        {"name": "Kring Zwolle, voorjaar", "modules": [m.pk for m in chosen]},
    )
    cohort = Cohort.objects.get(trainer=trainer)
    assert response.status_code == 302
    assert response["Location"] == reverse("trainer:cohort", args=[cohort.pk])
    assert cohort.name == "Kring Zwolle, voorjaar"
    assert set(cohort.modules.all()) == set(chosen)
    assert cohort.open
    assert AuditEntry.objects.filter(
        action="elearning.cohort_created", target=f"cohort:{cohort.pk}", actor_id=trainer.pk
    ).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "modules": ["1"]},
        {"name": "No modules"},
        {"name": "Unknown module", "modules": ["999999"]},
        {"name": "Not a number", "modules": ["x"]},
        {"name": "x" * 121, "modules": ["1"]},
    ],
)
def test_bad_input_creates_nothing(
    trainer_client: Client, modules: dict[str, Module], data: dict[str, object]
) -> None:
    response = trainer_client.post(reverse("trainer:cohort_new"), data)
    assert response.status_code == 400
    assert not Cohort.objects.exists()


def test_a_module_without_a_loaded_version_is_not_offered(
    trainer_client: Client, modules: dict[str, Module]
) -> None:
    bare = Module.objects.create(slug="not-loaded", order=99)
    html = trainer_client.get(reverse("trainer:cohort_new")).content.decode()
    assert f'value="{bare.pk}"' not in html
    response = trainer_client.post(
        reverse("trainer:cohort_new"), {"name": "Bare", "modules": [bare.pk]}
    )
    assert response.status_code == 400


def test_the_dashboard_shows_the_join_code_and_link(trainer_client: Client, cohort: Cohort) -> None:
    html = trainer_client.get(reverse("trainer:cohort", args=[cohort.pk])).content.decode()
    assert cohort.join_code in html
    try:
        link = links.absolute(reverse("elearning:join_link", args=[cohort.join_code]))
    except NoReverseMatch:  # the learner's pages are built separately
        return
    assert f'href="{link}" data-join-link' in html


def test_closing_and_opening_for_joining(
    trainer_client: Client, trainer: User, cohort: Cohort, learner: User
) -> None:
    url = reverse("trainer:joining", args=[cohort.pk])
    response = trainer_client.post(url, {"open": "0"})
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert not cohort.open
    with pytest.raises(services.CohortClosed):
        services.cohort_join(user=learner, code=cohort.join_code)
    html = trainer_client.get(reverse("trainer:cohort", args=[cohort.pk])).content.decode()
    assert 'data-joining="closed"' in html
    # Closing again changes nothing and is not audited twice.
    trainer_client.post(url, {"open": "0"})
    assert AuditEntry.objects.filter(action="elearning.cohort_closed").count() == 1
    trainer_client.post(url, {"open": "1"})
    cohort.refresh_from_db()
    assert cohort.open
    assert AuditEntry.objects.filter(
        action="elearning.cohort_opened", target=f"cohort:{cohort.pk}", actor_id=trainer.pk
    ).exists()
    services.cohort_join(user=learner, code=cohort.join_code)


@pytest.mark.parametrize("data", [{}, {"open": "maybe"}, {"open": "x" * 10_000}])
def test_joining_bad_input_is_400_and_changes_nothing(
    trainer_client: Client, cohort: Cohort, data: dict[str, str]
) -> None:
    response = trainer_client.post(reverse("trainer:joining", args=[cohort.pk]), data)
    assert response.status_code == 400
    assert "data-problem" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.open


def test_joining_takes_no_get(trainer_client: Client, cohort: Cohort) -> None:
    response = trainer_client.get(reverse("trainer:joining", args=[cohort.pk]) + "?open=0")
    assert response.status_code == 405
    cohort.refresh_from_db()
    assert cohort.open
