"""An advies shares nothing that identifies anyone, whatever the melding details hold.

Hypothesis draws a name, BSN, address, date of birth and phone number and
puts them in the case's melding details. The advies built for the same case
(its payload and the PDF of its phone summary) and everything logged while
building them never contain any of them; a question that holds one of them
is refused before anything is built.
"""

import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldcode.accounts.models import User
from meldcode.cases.models import Case
from meldcode.veiligthuis.models import AdviesPrep, MeldingDetails, Region
from meldcode.veiligthuis.payload import IdentifyingQuestion
from meldcode.veiligthuis.pdf import payload_pdf
from meldcode.veiligthuis.prepare.services import advies_preview
from tests.meldcode.cases.factories import make_case
from tests.meldcode.cases.test_pdf import text_of
from tests.meldcode.veiligthuis.test_melding import valid_bsns

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
SAFE_QUESTION = "Hoe wegen we signalen van arbeidsuitbuiting bij een volwassene?"
WORD = st.from_regex(r"[A-ZÇŁŞÉ][a-zëïéçłșăñ]{4,9}", fullmatch=True)
POSTCODES = st.from_regex(r"[1-9][0-9]{3} [A-RT-Z][A-Z]", fullmatch=True)
PHONES = st.from_regex(r"06-[1-9][0-9]{7}", fullmatch=True)
BIRTH_DATES = st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31))


class Collect(logging.Handler):
    """Keep every log record's formatted text."""

    def __init__(self) -> None:
        """Collect from every level."""
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + repr(record.__dict__))


@contextmanager
def logged() -> Iterator[Collect]:
    handler = Collect()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


@pytest.fixture
def case(clinician: User) -> Case:
    return make_case(clinician, initials="")


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=WORD,
    last=WORD,
    bsn=valid_bsns(),
    street=WORD,
    postcode=POSTCODES,
    phone=PHONES,
    born=BIRTH_DATES,
)
def test_no_identifier_reaches_the_advies_its_pdf_or_the_logs(
    case: Case,
    clinician: User,
    first: str,
    last: str,
    bsn: str,
    street: str,
    postcode: str,
    phone: str,
    born: date,
) -> None:
    name = f"{first} {last}"
    region = Region.objects.get(code="utrecht")
    person = {
        "name": name,
        "role": "betrokkene",
        "bsn": bsn,
        "birth_date": born.isoformat(),
        "phone": phone,
        "address": {"street": street, "number": "12", "postcode": postcode, "city": "Utrecht"},
    }
    MeldingDetails.objects.update_or_create(
        case=case, defaults={"region": region, "data": {"persons": [person]}}
    )
    prep = AdviesPrep(case=case, region=region, question=SAFE_QUESTION, anonymous=True)
    secrets = [
        name,
        last,
        bsn,
        street,
        postcode,
        phone,
        born.isoformat(),
        born.strftime("%d-%m-%Y"),
    ]
    with logged() as log:
        preview = advies_preview(
            user=clinician, case=case, prep=prep, payload_id=uuid.uuid4(), now=NOW
        )
        pdf_text = text_of(
            payload_pdf(preview.payload, title="Advies", language="nl", author=None, reference=None)
        )
    sent = json.dumps(preview.payload, ensure_ascii=False)
    for secret in secrets:
        assert secret not in sent
        assert secret not in pdf_text
        assert not any(secret in line for line in log.lines)
    # The scan refuses a question holding any of them.
    for secret in (name, bsn, postcode, phone, born.strftime("%d-%m-%Y")):
        refused = AdviesPrep(
            case=case, region=region, question=f"Wat te doen met {secret} nu?", anonymous=True
        )
        with pytest.raises(IdentifyingQuestion):
            advies_preview(
                user=clinician, case=case, prep=refused, payload_id=uuid.uuid4(), now=NOW
            )
