"""Veilig Thuis demo data: the demo receiver and a melding's (fictional) identifying data.

The demo installation is both the sending practice and Veilig Thuis Utrecht:
its receiver for the region posts to its own intake, signed with the demo
sender's key, and terugkoppeling comes back to the case on the same
installation.
"""

from typing import Any, Final

from django.conf import settings
from django.db import transaction

from meldcode.cases.models import Case

from .models import MeldingDetails, Receiver, Region, SenderKey

DEMO_REGION: Final = "utrecht"
DEMO_MELDING_CASE: Final = "MW-DEMO-1"
# Fictional throughout; the person has no BSN, as many victims have none.
DEMO_MELDING: Final[dict[str, Any]] = {
    "municipality": "Utrecht",
    "melder": {
        "name": "Dr. Anouk de Vries",
        "profession": "huisarts",
        "organisation": "Huisartsenpraktijk De Linde, Utrecht",
        "phone": "030-1234567",
        "email": "huisarts@demo.meldwijzer.nl",
        "reachable": "werkdagen 8-17 uur; spoed via de praktijklijn",
        "big_number": "09012345601",
    },
    "persons": [
        {
            "name": "Lieke Verbeek (fictief)",
            "role": "betrokkene",
            "birth_date": "2010-04-02",
            "address": {
                "street": "Fictiefstraat",
                "number": "12",
                "postcode": "3511 ZZ",
                "city": "Utrecht",
            },
        },
        {"name": "Monique Verbeek (fictief)", "role": "ouder"},
    ],
    "children": [],
    "supporting_network": [
        {
            "role": "jeugdverpleegkundige",
            "organisation": "GGD regio Utrecht",
            "consent_basis": "conflict_van_plichten",
        }
    ],
    "informed": {"told": True},
    "veilig_thuis_only": {
        "not_for_family": "Patiënte wil niet dat haar moeder hoort over de 'vriend'.",
    },
    "phone_contact_before": {"date": "2026-11-12", "with": "adviseur mensenhandel"},
    "language": "Nederlands",
}


@transaction.atomic
def demo_vt_ensure(*, key_id: str, secret: str) -> None:
    """Point the demo region's receiver at this installation and give case 1 its melding data."""
    region = Region.objects.get(code=DEMO_REGION)
    site = str(settings.SITE_URL).rstrip("/")
    Receiver.objects.update_or_create(
        region=region,
        defaults={
            "url": f"{site}/api/veilig-thuis/v1/reports",
            "key_id": key_id,
            "secret": secret,
            "active": True,
        },
    )
    SenderKey.objects.filter(key_id=key_id).update(
        callback_url=f"{site}/api/veilig-thuis/v1/terugkoppeling"
    )
    case = Case.objects.filter(reference=DEMO_MELDING_CASE).first()
    if case is not None and not case.deliveries.exists():
        MeldingDetails.objects.get_or_create(
            case=case, defaults={"region": region, "data": DEMO_MELDING}
        )
