"""The learner's numbers for accreditation, and joining a trainer's group."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from elearning import services
from elearning.frozen import FrozenCertificate
from elearning.learner.services import learner_numbers_set
from elearning.models import Cohort, Membership, Module, Register, RegisterNumber
from meldcode.accounts.models import Role, User
from meldcode.audit.models import AuditEntry
from tests.elearning.factories import accredit, complete

NUMBERS = "elearning:numbers"


@pytest.fixture
def own_number_register(modules: dict[str, Module]) -> Register:
    """Make the Kwaliteitsregister key on its own relatienummer."""
    register = Register.objects.get(code="kwaliteitsregister-vv")
    register.key = Register.Key.REGISTER
    register.prefix = ""
    register.save()
    return register


def test_the_numbers_form_normalises_a_short_big_number(
    learner_client: Client, learner: User, modules: dict[str, Module]
) -> None:
    response = learner_client.post(reverse(NUMBERS), {"big_number": " 123456789 "})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.big_number == "00123456789"
    assert AuditEntry.objects.filter(action="elearning.big_number_set").count() == 1
    # Saving the same again writes nothing.
    learner_client.post(reverse(NUMBERS), {"big_number": "00123456789"})
    assert AuditEntry.objects.filter(action="elearning.big_number_set").count() == 1
    html = learner_client.get(reverse(NUMBERS)).content.decode()
    assert 'value="00123456789"' in html


@pytest.mark.parametrize(
    "typed", ["12345678A", "12345678", "123456789012", "x" * 5000, "٣٣٣٣٣٣٣٣٣"]
)
def test_the_numbers_form_refuses_a_bad_big_number(
    learner_client: Client, learner: User, modules: dict[str, Module], typed: str
) -> None:
    response = learner_client.post(reverse(NUMBERS), {"big_number": typed})
    assert response.status_code == 400
    assert 'id="id_big_number_error"' in response.content.decode()
    learner.refresh_from_db()
    assert learner.big_number == "09123456789"


def test_an_empty_big_number_removes_it(
    learner_client: Client, learner: User, modules: dict[str, Module]
) -> None:
    assert learner_client.post(reverse(NUMBERS), {"big_number": ""}).status_code == 302
    learner.refresh_from_db()
    assert learner.big_number == ""


def test_register_numbers_are_kept_changed_and_removed(
    learner_client: Client, learner: User, own_number_register: Register
) -> None:
    field = f"register_{own_number_register.pk}"
    html = learner_client.get(reverse(NUMBERS)).content.decode()
    assert f'name="{field}"' in html
    assert "relatienummer" in html
    learner_client.post(reverse(NUMBERS), {"big_number": "09123456789", field: " 778899 "})
    assert RegisterNumber.objects.get(user=learner).number == "778899"
    bad = learner_client.post(reverse(NUMBERS), {"big_number": "09123456789", field: "12\n34"})
    assert bad.status_code == 400
    assert RegisterNumber.objects.get(user=learner).number == "778899"
    learner_client.post(reverse(NUMBERS), {"big_number": "09123456789", field: ""})
    assert not RegisterNumber.objects.exists()
    assert AuditEntry.objects.filter(action="elearning.register_number_set").count() == 2


def test_registers_keyed_on_the_big_number_get_no_field(
    learner_client: Client, modules: dict[str, Module]
) -> None:
    html = learner_client.get(reverse(NUMBERS)).content.decode()
    assert 'name="register_' not in html
    assert "KNMG GAIA (ABC1)" in html


def test_new_numbers_go_on_new_certificates_only(
    learner: User, own_number_register: Register, modules: dict[str, Module]
) -> None:
    module = modules["wat-is-mensenhandel"]
    accredit(module, "kwaliteitsregister-vv", "VV-1")
    learner_numbers_set(user=learner, big_number="", numbers={own_number_register: "111"})
    first = complete(learner, module)
    learner_numbers_set(user=learner, big_number="", numbers={own_number_register: "222"})
    assert FrozenCertificate.from_json(first.data).accreditations[0].number == "111"


def test_the_service_refuses_a_number_for_a_register_keyed_on_big(
    learner: User, modules: dict[str, Module]
) -> None:
    gaia = Register.objects.get(code="knmg-gaia")
    with pytest.raises(ValueError, match="own number"):
        learner_numbers_set(user=learner, big_number="", numbers={gaia: "1"})
    learner.refresh_from_db()
    assert learner.big_number == "09123456789"


@pytest.fixture
def cohort(modules: dict[str, Module], make_user: Callable[..., User]) -> Cohort:
    trainer = make_user(roles=(Role.TRAINER,), full_name="Trainer Tamar")
    return services.cohort_create(
        trainer=trainer, name="Regio Utrecht najaar", modules=list(modules.values())
    )


def test_joining_with_a_code_in_any_spelling(
    learner_client: Client, learner: User, cohort: Cohort
) -> None:
    typed = cohort.join_code.lower().replace("-", " ")
    response = learner_client.post(reverse("elearning:join"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("elearning:index")
    assert Membership.objects.filter(cohort=cohort, user=learner).exists()
    html = learner_client.get(reverse("elearning:index")).content.decode()
    assert "Regio Utrecht najaar" in html


def code_error(html: str) -> str:
    """Return the error list of the code field."""
    return html.split('id="id_code_error"')[1].split("</ul>")[0]


def test_a_bad_or_closed_code_changes_nothing_and_reads_alike(
    learner_client: Client, cohort: Cohort
) -> None:
    refusals = []
    for code in ("", "nonsense", "AAAA-BBBB-CCCC", "x" * 5000):
        response = learner_client.post(reverse("elearning:join"), {"code": code})
        assert response.status_code == 400
        refusals.append(code_error(response.content.decode()))
    Cohort.objects.filter(pk=cohort.pk).update(open=False)
    response = learner_client.post(reverse("elearning:join"), {"code": cohort.join_code})
    assert response.status_code == 400
    assert code_error(response.content.decode()) == refusals[2] == refusals[1]
    assert not Membership.objects.exists()


def test_a_join_link_shows_the_group_and_joins_on_the_button(
    learner_client: Client, learner: User, cohort: Cohort
) -> None:
    url = reverse("elearning:join_link", args=[cohort.join_code])
    html = learner_client.get(url).content.decode()
    assert "Regio Utrecht najaar" in html
    assert "Trainer Tamar" in html
    assert 'data-action="join"' in html
    # Looking at the link joins nothing.
    assert not Membership.objects.exists()
    response = learner_client.post(url)
    assert response.status_code == 302
    assert Membership.objects.filter(cohort=cohort, user=learner).count() == 1
    html = learner_client.get(url).content.decode()
    assert 'data-member="true"' in html
    learner_client.post(url)
    assert Membership.objects.filter(cohort=cohort, user=learner).count() == 1


def test_a_bad_or_closed_join_link_says_the_same_and_joins_nothing(
    learner_client: Client, cohort: Cohort
) -> None:
    assert learner_client.get(reverse("elearning:join_link", args=["nope"])).status_code == 404
    Cohort.objects.filter(pk=cohort.pk).update(open=False)
    url = reverse("elearning:join_link", args=[cohort.join_code])
    response = learner_client.get(url)
    assert response.status_code == 404
    assert "Regio Utrecht najaar" not in response.content.decode()
    assert learner_client.post(url).status_code == 400
    assert not Membership.objects.exists()
