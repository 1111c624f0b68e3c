"""Realistic payloads for the presentation tests: an advies built from a case, a full melding.

The melding is written by hand and holds every property of the schema's
melding variant, with names in several alphabets and text that looks like
markup; the tests validate it against the schema before they use it.
"""

import copy
import uuid
from datetime import UTC, datetime
from typing import Any

from meldcode.accounts.models import User
from meldcode.cases.demo import demo_step_save
from meldcode.veiligthuis.payload import advies_payload
from tests.meldcode.cases.factories import STEP_DATA, make_case

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
QUESTION = (
    "Een jonge vrouw komt steeds met dezelfde 'werkgever' op het spreekuur; hij houdt haar "
    "paspoort en zegt dat ze een schuld heeft. Moet ik melden, of eerst zelf een gesprek "
    "voeren zonder hem erbij? Wat adviseert u als volgende stap?"
)
MARKUP = "<b>niet vet</b> & <br/>"


def advies_for(user: User, **overrides: Any) -> dict[str, Any]:
    """Return the advies of a case that went through every step, asked by a named huisarts."""
    case = make_case(user, reference="MW-ADVIES-1")
    for step, answers in STEP_DATA.items():
        case = demo_step_save(user=user, case=case, step=step, answers=answers)
    arguments: dict[str, Any] = {
        "question": QUESTION,
        "profession": "huisarts",
        "organisation": "Huisartsenpraktijk Çelik & Wiśniewski",
        "anonymous": False,
        "name": "Zoë Çelik",
        "callback_phone": "030 123 4567",
        "region": "utrecht",
        "payload_id": uuid.UUID(int=11),
        "now": NOW,
    }
    arguments.update(overrides)
    return advies_payload(case, **arguments)


_MELDING: dict[str, Any] = {
    "schema_version": "1",
    "id": "5f0c6a53-2b7e-4a8e-9a71-1c3f0e9a2b44",
    "type": "melding",
    "created_at": "2026-11-24T10:30:00+01:00",
    "software": {"name": "Meldwijzer", "version": "0.1.0"},
    "region": "rotterdam-rijnmond",
    "melder": {
        "name": "Zoë Çelik",
        "profession": "huisarts",
        "organisation": "Huisartsenpraktijk de Linde",
        "phone": "010-1234567",
        "email": "z.celik@praktijk.example",
        "reachable": "Werkdagen 8-17 uur, via de assistente",
        "big_number": "19012345601",
    },
    "persons": [
        {
            "name": "Ștefan Popescu",
            "birth_date": "2001-04-02",
            "address": {
                "street": "Kerkstraat",
                "number": "12a",
                "postcode": "3012 AB",
                "city": "Rotterdam",
            },
            "phone": "06 12345678",
            "role": "betrokkene",
            "bsn": "111222333",
        },
        {"name": "Łukasz Wiśniewski", "role": "vermoedelijke_pleger"},
    ],
    "children": [
        {
            "name": "Ana Popescu",
            "birth_date": "2019-06-15",
            "age": 7,
            "address": {
                "street": "Havenweg",
                "number": "3",
                "postcode": "3011 XY",
                "city": "Schiedam",
            },
        }
    ],
    "facts": [
        {
            "text": f"Paspoort ligt bij de werkgever. {MARKUP}",
            "source": "patient",
            "date": "2026-11-03",
        },
        {
            "text": "Wordt elke ochtend om vijf uur opgehaald met een busje.",
            "source": "derde",
            "source_role": "buurvrouw",
            "date": "2026-11-05",
        },
    ],
    "interpretations": [
        {"text": "Vermoedelijk arbeidsuitbuiting met schuldbinding.", "source": "eigen"},
        {
            "text": "Hij lijkt bang voor de werkgever.",
            "source": "derde",
            "source_role": "praktijkondersteuner",
            "date": "2026-11-06",
        },
    ],
    "tool_profile": {
        "tool_output": True,
        "tool": "Meldwijzer 0.1.0",
        "catalogue_version": "2026.1",
        "level": "elementen",
        "forms": ["arbeidsuitbuiting"],
        "signals": ["no_access_to_own_id", "debt_to_employer"],
    },
    "steps": {
        "acute_path": False,
        "consultations": [
            {
                "role": "aandachtsfunctionaris",
                "date": "2026-11-06",
                "advice": "Eerst Veilig Thuis om advies vragen.",
                "anonymous": True,
            }
        ],
        "veilig_thuis_advies": {
            "date": "2026-11-07",
            "adviser": "mevrouw De Groot",
            "advice": "Gesprek voeren zonder de werkgever, daarna melden.",
        },
        "phone_contact_before": {"date": "2026-11-12", "with": "de regiomanager"},
        "conversation": {
            "status": "held",
            "date": "2026-11-10",
            "discussed": "Mijn zorgen over zijn werk en zijn schuld.",
            "reaction": "Opgelucht, maar bang voor de gevolgen.",
            "ground": "risico_patient",
            "explanation": "Eerder uitgesteld omdat de werkgever steeds meekwam.",
        },
    },
    "afwegingskader": {
        "answers": {"q1": True, "q2": True, "q3": None, "q4": None, "q5": None},
        "path": [1, 2],
        "decision": "melden",
    },
    "unsafety": {"acute": False, "structural": True},
    "supporting_network": [
        {
            "role": "wijkverpleegkundige",
            "organisation": "Thuiszorg Rijnmond",
            "phone": "010-7654321",
            "consent_basis": "toestemming",
        }
    ],
    "informed": {"told": False, "exception": "veiligheid_patient"},
    "veilig_thuis_only": {
        "not_for_family": "De neef van de werkgever werkt op de praktijk.",
        "anonymous_reason": "Vrees voor de veiligheid van de assistente.",
    },
    "language": "Roemeens",
    "interpreter": {"needed": True, "language": "Roemeens"},
    "route": ["veilig_thuis", "politie", "arbeidsinspectie"],
}


def full_melding() -> dict[str, Any]:
    """Return a fresh copy of the melding that holds every property of the schema."""
    return copy.deepcopy(_MELDING)
