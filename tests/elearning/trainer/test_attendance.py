"""Attendance for PE-online: paste lists per accreditation ID and date, and webservice batches.

PE-online takes an e-learning's attendance for one accreditation and one
completion date at a time, as a pasted list of numbers in the register's
format; the licensed webservice takes at most 1,000 records a call. Points
are credited by PE-online and never exported.
"""

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from elearning.models import (
    Accreditation,
    Certificate,
    Cohort,
    Module,
    Register,
    RegisterNumber,
    RevocationReason,
)
from meldcode.accounts.models import User
from tests.elearning import factories
from tests.elearning.trainer import builders

EARLY = date(2026, 3, 2)


def at(day: date) -> datetime:
    """Return ten in the morning of ``day``, local time."""
    return datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def recent() -> date:
    """Return a completion date whose deadline of 42 days is still ahead."""
    return timezone.localdate() - timedelta(days=10)


@pytest.fixture
def accreditations(modules: dict[str, Module]) -> dict[str, Accreditation]:
    first = modules["wat-is-mensenhandel"]
    Register.objects.filter(code="knmg-gaia").update(org_id="ORG-KNMG")
    own = Register.objects.create(
        code="own-register", name="Own register", key=Register.Key.REGISTER, prefix="R-"
    )
    return {
        "gaia": factories.accredit(first, "knmg-gaia", "GAIA-1", deadline_days=42),
        "vv": factories.accredit(first, "kwaliteitsregister-vv", "VV-1", deadline_days=60),
        "own": factories.accredit(first, own.code, "OWN-1", deadline_days=30),
    }


@pytest.fixture
def people(
    cohort: Cohort,
    modules: dict[str, Module],
    accreditations: dict[str, Accreditation],
    recent: date,
) -> dict[str, User]:
    """Members who completed module 1 in every way that matters, and a stranger."""
    first = modules["wat-is-mensenhandel"]
    names = ["current", "nine", "frozen", "none", "revoked", "later", "unaccredited"]
    users = dict(zip(names, builders.learners(len(names)), strict=True))
    builders.join(cohort, users.values())
    [stranger] = builders.learners(1, prefix="stranger", start=99)
    User.objects.filter(pk=users["nine"].pk).update(big_number="123456789")
    User.objects.filter(pk__in=[users["frozen"].pk, users["none"].pk]).update(big_number="")
    RegisterNumber.objects.create(
        user=users["current"], register=accreditations["own"].register, number="777"
    )
    all_three = [accreditations[k] for k in ("gaia", "vv", "own")]

    def made(
        user: User,
        n: int,
        day: date,
        *,
        number: str = "",
        big_number: str | None = None,
        revoked_reason: str = "",
    ) -> Certificate:
        return builders.certificate(
            user,
            first,
            code=builders.code(n),
            completed_at=at(day),
            accreditations=builders.frozen_accreditations(all_three, number=number),
            big_number=big_number,
            revoked_reason=revoked_reason,
        )

    builders.bulk(
        Certificate,
        [
            made(users["current"], 1, EARLY),
            made(users["nine"], 2, EARLY),
            made(users["frozen"], 3, EARLY, big_number="09876543210", number="R-555"),
            made(users["none"], 4, EARLY, big_number=""),
            made(users["revoked"], 5, EARLY, revoked_reason=RevocationReason.ISSUED_IN_ERROR),
            made(users["later"], 6, recent),
            builders.certificate(
                users["unaccredited"], first, code=builders.code(7), completed_at=at(EARLY)
            ),
            made(stranger, 8, EARLY),
        ],
    )
    return users


def xml_of(content: bytes) -> ET.Element:
    """Parse a batch file (our own output, so the standard parser is safe here)."""
    return ET.fromstring(content)  # noqa: S314


def attendance_html(client: Client, cohort: Cohort, register: str) -> str:
    response = client.get(reverse("trainer:attendance", args=[cohort.pk]), {"register": register})
    assert response.status_code == 200
    return response.content.decode()


def paste_lists(html: str) -> dict[tuple[str, str], dict[str, str]]:
    """Return each paste list's data attributes and numbers, keyed by accreditation and date."""
    found = {}
    for match in re.finditer(
        r"<section class=\"panel paste[^\"]*\"[^>]*>.*?</section>", html, re.S
    ):
        block = match.group(0)
        attributes = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', block.split(">", 1)[0]))
        attributes["overdue"] = "yes" if " data-overdue" in block.split(">", 1)[0] else "no"
        text = re.search(r"<textarea[^>]*>(.*?)</textarea>", block, re.S)
        attributes["numbers"] = text.group(1) if text else ""
        state = re.search(r'data-deadline-state="([a-z]+)"', block)
        attributes["deadline-state"] = state.group(1) if state else ""
        found[(attributes["accreditation"], attributes["date"])] = attributes
    return found


def test_the_page_asks_for_a_register(trainer_client: Client, cohort: Cohort) -> None:
    response = trainer_client.get(reverse("trainer:attendance", args=[cohort.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-register-form" in html
    assert 'value="knmg-gaia"' in html
    assert "data-paste-list" not in html


def test_gaia_lists_per_accreditation_and_date(
    trainer_client: Client, cohort: Cohort, people: dict[str, User], recent: date
) -> None:
    lists = paste_lists(attendance_html(trainer_client, cohort, "knmg-gaia"))
    assert set(lists) == {("GAIA-1", EARLY.isoformat()), ("GAIA-1", recent.isoformat())}
    early = lists[("GAIA-1", EARLY.isoformat())]
    # Digits only; the 9-digit number as 11; the frozen number when there is no current one.
    assert early["numbers"].split("\n") == [
        "00123456789",
        "09876543210",
        people["current"].big_number,
    ]
    assert early["count"] == "3"
    assert early["missing"] == "1"
    assert lists[("GAIA-1", recent.isoformat())]["numbers"] == people["later"].big_number


def test_vv_writes_the_big_prefix(
    trainer_client: Client, cohort: Cohort, people: dict[str, User]
) -> None:
    lists = paste_lists(attendance_html(trainer_client, cohort, "kwaliteitsregister-vv"))
    early = lists[("VV-1", EARLY.isoformat())]
    assert early["numbers"].split("\n") == [
        "BIG-00123456789",
        "BIG-09876543210",
        "BIG-" + people["current"].big_number,
    ]


def test_a_register_keyed_on_its_own_numbers(
    trainer_client: Client, cohort: Cohort, people: dict[str, User]
) -> None:
    lists = paste_lists(attendance_html(trainer_client, cohort, "own-register"))
    early = lists[("OWN-1", EARLY.isoformat())]
    # The current number, else the one frozen on the certificate; without either, by hand.
    assert early["numbers"].split("\n") == ["R-555", "R-777"]
    assert early["missing"] == "2"


def test_deadlines(
    trainer_client: Client, cohort: Cohort, people: dict[str, User], recent: date
) -> None:
    lists = paste_lists(attendance_html(trainer_client, cohort, "knmg-gaia"))
    early = lists[("GAIA-1", EARLY.isoformat())]
    assert early["deadline"] == (EARLY + timedelta(days=42)).isoformat()
    assert (early["overdue"], early["deadline-state"]) == ("yes", "overdue")
    late = lists[("GAIA-1", recent.isoformat())]
    assert late["deadline"] == (recent + timedelta(days=42)).isoformat()
    assert (late["overdue"], late["deadline-state"]) == ("no", "open")
    vv = paste_lists(attendance_html(trainer_client, cohort, "kwaliteitsregister-vv"))
    assert vv[("VV-1", EARLY.isoformat())]["deadline"] == (EARLY + timedelta(days=60)).isoformat()


def test_points_are_never_exported(
    trainer_client: Client, cohort: Cohort, people: dict[str, User]
) -> None:
    html = attendance_html(trainer_client, cohort, "knmg-gaia")
    assert "data-points" not in html
    response = trainer_client.get(
        reverse("trainer:attendance_batch", args=[cohort.pk]),
        {"register": "knmg-gaia", "batch": "1"},
    )
    root = xml_of(response.content)
    assert not [e for e in root.iter() if "point" in e.tag.lower()]


def test_the_text_download(
    trainer_client: Client, trainer: User, cohort: Cohort, people: dict[str, User]
) -> None:
    response = trainer_client.get(
        reverse("trainer:attendance_txt", args=[cohort.pk]),
        {"register": "kwaliteitsregister-vv", "accreditation": "VV-1", "date": EARLY.isoformat()},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="VV-1-2026-03-02.txt"'
    current = people["current"].big_number
    expected = f"BIG-00123456789\nBIG-09876543210\nBIG-{current}\n"
    assert response.content.decode() == expected
    html = attendance_html(trainer_client, cohort, "kwaliteitsregister-vv")
    assert "register=kwaliteitsregister-vv&amp;accreditation=VV-1&amp;date=2026-03-02" in html


@pytest.mark.parametrize(
    "query",
    [
        {"register": "nope"},
        {"register": ""},
        {"register": "x" * 10_000},
    ],
)
def test_an_unknown_register_is_400(
    trainer_client: Client, cohort: Cohort, query: dict[str, str]
) -> None:
    response = trainer_client.get(reverse("trainer:attendance", args=[cohort.pk]), query)
    assert response.status_code == 400
    assert 'id="id_register_error"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"register": "knmg-gaia", "accreditation": "GAIA-1"}, 400),
        ({"register": "knmg-gaia", "accreditation": "GAIA-1", "date": "02-03-2026"}, 400),
        ({"register": "knmg-gaia", "accreditation": "GAIA-1", "date": "2026-13-01"}, 400),
        ({"register": "nope", "accreditation": "GAIA-1", "date": "2026-03-02"}, 400),
        ({"register": "knmg-gaia", "accreditation": "x" * 500, "date": "2026-03-02"}, 400),
        ({"register": "knmg-gaia", "accreditation": "GAIA-1", "date": "2026-03-03"}, 404),
        ({"register": "knmg-gaia", "accreditation": "VV-1", "date": "2026-03-02"}, 404),
    ],
)
def test_a_bad_list_address(
    trainer_client: Client,
    cohort: Cohort,
    people: dict[str, User],
    query: dict[str, str],
    status: int,
) -> None:
    response = trainer_client.get(reverse("trainer:attendance_txt", args=[cohort.pk]), query)
    assert response.status_code == status
    assert "data-problem" in response.content.decode()


def test_nothing_to_enter(trainer_client: Client, cohort: Cohort, accreditations) -> None:
    html = attendance_html(trainer_client, cohort, "knmg-gaia")
    assert "data-no-lists" in html
    assert "data-batches" not in html


@pytest.fixture
def many(
    cohort: Cohort, modules: dict[str, Module], accreditations: dict[str, Accreditation]
) -> list[User]:
    """1,001 members who each completed module 1 on the same day, accredited by GAIA."""
    first = modules["wat-is-mensenhandel"]
    users = builders.learners(1001)
    builders.join(cohort, users)
    frozen = builders.frozen_accreditations([accreditations["gaia"]])
    builders.bulk(
        Certificate,
        (
            builders.certificate(
                user, first, code=builders.code(n), completed_at=at(EARLY), accreditations=frozen
            )
            for n, user in enumerate(users)
        ),
    )
    return users


def batch(client: Client, cohort: Cohort, number: int | str):
    return client.get(
        reverse("trainer:attendance_batch", args=[cohort.pk]),
        {"register": "knmg-gaia", "batch": number},
    )


def test_webservice_batches_of_at_most_a_thousand(
    trainer_client: Client, cohort: Cohort, many: list[User], settings: Settings
) -> None:
    settings.ELEARNING_PE_ONLINE_PROVIDER_ID = "PROVIDER-7"
    html = attendance_html(trainer_client, cohort, "knmg-gaia")
    assert re.findall(r'data-batch="(\d+)"', html) == ["1", "2"]
    assert "data-no-provider" not in html
    first = batch(trainer_client, cohort, 1)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/xml; charset=utf-8"
    assert first["Content-Disposition"] == 'attachment; filename="knmg-gaia-batch-1.xml"'
    assert b"<!--" in first.content  # says the schema comes with the licence
    root = xml_of(first.content)
    assert root.tag == "AttendanceBatch"
    assert root.attrib == {"register": "knmg-gaia", "batch": "1", "batches": "2", "records": "1000"}
    records = root.findall("Record")
    assert len(records) == 1000
    record = records[0]
    assert [child.tag for child in record] == [
        "UserID",
        "OrgID",
        "CourseID",
        "ModuleID",
        "PersonNumber",
        "CompletionDate",
    ]
    assert record.findtext("UserID") == "PROVIDER-7"
    assert record.findtext("OrgID") == "ORG-KNMG"
    assert record.findtext("CourseID") == "C-GAIA-1"
    assert record.findtext("ModuleID") == "1"
    assert record.findtext("CompletionDate") == EARLY.isoformat()
    second = xml_of(batch(trainer_client, cohort, 2).content)
    assert second.attrib["records"] == "1"
    numbers = [r.findtext("PersonNumber", "") for r in records] + [
        r.findtext("PersonNumber", "") for r in second.findall("Record")
    ]
    assert sorted(numbers) == sorted(user.big_number for user in many)


def test_an_external_course_id_stands_in_for_a_missing_course_id(
    trainer_client: Client, cohort: Cohort, people: dict[str, User], accreditations
) -> None:
    Accreditation.objects.filter(pk=accreditations["gaia"].pk).update(
        course_id="", external_course_id="EXT-9", webservice_module_id=""
    )
    record = xml_of(batch(trainer_client, cohort, 1).content).find("Record")
    assert record is not None
    assert record.findtext("ExternalCourseID") == "EXT-9"
    assert record.find("CourseID") is None
    assert record.find("ModuleID") is None


def test_missing_settings_are_pointed_out(
    trainer_client: Client, cohort: Cohort, people: dict[str, User], settings: Settings
) -> None:
    settings.ELEARNING_PE_ONLINE_PROVIDER_ID = ""
    html = attendance_html(trainer_client, cohort, "kwaliteitsregister-vv")
    assert "data-no-provider" in html
    assert "data-no-org" in html


@pytest.mark.parametrize(
    ("number", "status"), [(0, 400), ("abc", 400), ("", 400), (3, 404), ("9" * 30, 400)]
)
def test_a_batch_out_of_range(
    trainer_client: Client, cohort: Cohort, people: dict[str, User], number: int | str, status: int
) -> None:
    response = batch(trainer_client, cohort, number)
    assert response.status_code == status
    assert "data-problem" in response.content.decode()


def test_a_batch_of_an_unknown_register_is_400(trainer_client: Client, cohort: Cohort) -> None:
    response = trainer_client.get(
        reverse("trainer:attendance_batch", args=[cohort.pk]), {"register": "nope", "batch": "1"}
    )
    assert response.status_code == 400
