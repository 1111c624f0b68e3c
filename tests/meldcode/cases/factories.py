"""Build cases and the POST data of their steps for tests."""

from typing import Any

from django.test import Client
from django.urls import reverse

from meldcode.accounts.models import User
from meldcode.cases import services
from meldcode.cases.models import Case


def make_case(user: User, *, track: str = "knmg", minor: bool = False, **extra: Any) -> Case:
    """Open a case for ``user`` through the service."""
    return services.case_create(user=user, track=track, minor=minor, **extra)


def rows(prefix: str, items: list[dict[str, str]], *, extra_empty: int = 0) -> dict[str, str]:
    """Return formset data for ``items`` under ``prefix``."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items) + extra_empty),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(items):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


STEP_DATA: dict[str, dict[str, Any]] = {
    "signalen": {
        "signals": ["no_access_to_own_id", "debt_to_employer", "works_excessive_hours"],
        **rows(
            "observations",
            [{"what": "Paspoort bij de werkgever", "kind": "feit", "source": "patient"}],
        ),
        "children_count": "1",
        "children_ages": "6",
    },
    "consultatie": {
        **rows(
            "colleagues",
            [
                {
                    "role": "collega-huisarts",
                    "date": "2026-11-01",
                    "advice": "Veilig Thuis bellen",
                    "anonymous": "on",
                }
            ],
        ),
        "vt_date": "2026-11-02",
        "vt_adviser": "aandachtsfunctionaris",
        "vt_advice": "Gesprek voeren en daarna melden",
    },
    "gesprek": {
        "status": "gevoerd",
        "date": "2026-11-03",
        "seen_alone": "ja",
        "interpreter": "geen",
        "discussed": "Mijn zorgen over het werk",
        "reaction": "Opgelucht",
    },
    "wegen": {"acute_items": ["mensenhandel"], "weighing": "Structurele onveiligheid."},
    "beslissen": {
        "q1": "ja",
        "q2": "ja",
        "reasons": "Mensenhandel; structurele onveiligheid.",
        "informed": "ja",
        "informed_who": "de patiënt",
        "melding_date": "2026-11-04",
    },
}


def step_url(case: Case, step: str) -> str:
    """Return the URL of a step of ``case``."""
    return reverse("cases:step", kwargs={"reference": case.reference, "step": step})


def post_step(
    client: Client, case: Case, step: str, data: dict[str, Any] | None = None, **extra: Any
) -> Any:
    """Post a step with the case's current revision (or the one given in ``extra``)."""
    case.refresh_from_db()
    payload = {"revision": str(case.revision), "nav": "stay"}
    payload.update(STEP_DATA[step] if data is None else data)
    payload.update(extra)
    return client.post(step_url(case, step), payload)
