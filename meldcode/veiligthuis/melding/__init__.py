"""Build the melding payload of a case, valid against the published schema.

A melding hands the responsibility for safety to Veilig Thuis, so it carries
what Veilig Thuis needs to act: who reports and how to reach them, the person
concerned and the household (entered only now, in :class:`MeldingDetails`),
and the case's record — facts kept apart from interpretations, each with its
source and date, the tool's signal profile marked as the output of software,
the Meldcode steps, the afwegingskader and the route.

The builder is the last line of defence: it drops the BSN unless the
installation enabled it, checks the identifying data once more with the
rules of :mod:`meldcode.veiligthuis.identity`, validates the result against
the schema, and raises :class:`InvalidMelding` rather than return a payload
that is not valid. Its messages name paths, never values.

:mod:`.household` builds the identifying part, :mod:`.record` the part
taken from the case's record.
"""

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone

from meldcode.cases.models import Case
from meldcode.cases.presentation import case_profile
from meldcode.cases.steps import decision
from meldcode.veiligthuis.payload import (
    SCHEMA_VERSION,
    SOFTWARE_NAME,
    afwegingskader_answers,
    chosen_signal_codes,
    created_at,
    profile_forms,
    software,
    software_version,
)
from meldcode.veiligthuis.schema import validate_payload

from .household import Household
from .record import informed_of, language_of, route_of, statements_of, steps_of, unsafety_of
from .values import as_mapping, as_rows, as_text, put

__all__ = ["InvalidMelding", "melding_payload"]


class InvalidMelding(ValueError):
    """The melding payload would not be valid; ``errors`` says where, never with the values."""

    def __init__(self, errors: list[str]) -> None:
        """Keep the errors, so that a page can list them, and word the refusal."""
        self.errors = tuple(errors)
        super().__init__("The melding payload is not valid: " + "; ".join(errors))


def melding_payload(
    case: Case,
    details: Mapping[str, Any],
    *,
    region: str,
    payload_id: uuid.UUID,
    now: datetime,
) -> dict[str, Any]:
    """Return the melding payload of ``case`` with its identifying ``details``, valid.

    ``details`` is the decrypted :attr:`MeldingDetails.data`: the melder,
    the persons (one of them ``betrokkene``), the children, the supporting
    network, whether the patient was told, the part for Veilig Thuis only,
    the phone call before, and the language and interpreter (which win over
    the case's). The municipality chose the ``region`` and is not sent. A
    BSN is sent only when ``settings.VT_BSN_ENABLED``. Raise
    :class:`InvalidMelding` listing what is wrong when the result would not
    be valid; ``ValueError`` for a naive ``now``.
    """
    stamp = created_at(now)  # refuses a naive time before anything else
    details = as_mapping(details)
    household = Household(today=timezone.localtime(now).date())
    profile = case_profile(case)
    facts, interpretations = statements_of(case)
    answers = afwegingskader_answers(as_mapping(case.record.get("beslissen")))
    outcome = decision(case.state())
    tool_profile: dict[str, Any] = {
        "tool_output": True,
        "tool": f"{SOFTWARE_NAME} {software_version()}",
        "level": profile.level,
        "forms": profile_forms(profile),
        "signals": chosen_signal_codes(profile),
    }
    put(tool_profile, "catalogue_version", case.catalogue_version or profile.catalogue_version)
    payload: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": str(payload_id),
        "type": "melding",
        "created_at": stamp,
        "software": software(),
        "region": region,
        "melder": household.melder(details.get("melder")),
        "persons": [household.person(p, i) for i, p in enumerate(as_rows(details.get("persons")))],
        "facts": facts,
        "interpretations": interpretations,
        "tool_profile": tool_profile,
        "steps": steps_of(case, details),
        "afwegingskader": {
            "answers": answers,
            "path": list(outcome.path),
            "decision": outcome.decision,
        },
        "unsafety": unsafety_of(case, answers),
        "informed": informed_of(case, details),
    }
    put(
        payload,
        "children",
        [household.child(c, i) for i, c in enumerate(as_rows(details.get("children")))],
    )
    put(
        payload,
        "supporting_network",
        [household.network(m, i) for i, m in enumerate(as_rows(details.get("supporting_network")))],
    )
    only = as_mapping(details.get("veilig_thuis_only"))
    secret: dict[str, Any] = {}
    put(secret, "not_for_family", as_text(only.get("not_for_family")))
    put(secret, "anonymous_reason", as_text(only.get("anonymous_reason")))
    put(payload, "veilig_thuis_only", secret)
    language, interpreter = language_of(case, details)
    put(payload, "language", language)
    put(payload, "interpreter", interpreter)
    payload["route"] = route_of(case, profile)
    errors = sorted({*household.errors, *validate_payload(payload)})
    if errors:
        raise InvalidMelding(errors)
    return payload
