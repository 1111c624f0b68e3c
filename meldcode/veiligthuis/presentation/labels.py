"""Readable names for the codes of the Veilig Thuis payload schema (``schema/v1.json``).

Where the wizard already names a code the same way, its words are reused;
where the wizard speaks as the clinician ("my own safety"), the names here
speak of the melder, because Veilig Thuis staff read them too. Signal codes
stay codes: they name entries of a versioned catalogue.
"""

from collections.abc import Mapping
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from meldcode.routing import (
    COMENSHA,
    EMERGENCY,
    LABOUR_INSPECTORATE,
    POLICE,
    VEILIG_THUIS_FIRST,
    ZORGCOORDINATOR,
    Destination,
)
from meldcode.veiligthuis.regions_data import REGIONS

TYPE_NAMES: Mapping[str, Promise] = {
    "advies": _("Advies: a consultation without identifying data"),
    "melding": _("Melding: a report with identifying data"),
}
# The names Veilig Thuis gives its regions, from the one pure list that
# migration 0002 also seeds (a test keeps the two equal). Proper names: not translated.
REGION_NAMES: Final[Mapping[str, str]] = {region.code: region.name for region in REGIONS}
AGE_BAND_NAMES: Mapping[str, Promise] = {
    "0-11": _("0 to 11 years"),
    "12-15": _("12 to 15 years"),
    "16-17": _("16 or 17 years"),
    "18-22": _("18 to 22 years"),
    "23-29": _("23 to 29 years"),
    "30-44": _("30 to 44 years"),
    "45-64": _("45 to 64 years"),
    "65+": _("65 years or older"),
    "0-17": _("Under 18 (the exact age is not known)"),
    "18+": _("18 or older (the exact age is not known)"),
}
ROLE_NAMES: Mapping[str, Promise] = {
    "betrokkene": _("Person concerned (betrokkene)"),
    "partner": _("Partner"),
    "ouder": _("Parent"),
    "kind": _("Child"),
    "huisgenoot": _("Housemate"),
    "verzorger": _("Carer"),
    "vermoedelijke_pleger": _("Suspected perpetrator"),
    "anders": _("Other"),
}
SOURCE_NAMES: Mapping[str, Promise] = {
    "eigen": _("The melder's own observation"),
    "patient": _("The patient"),
    "derde": _("A third party"),
}
CONVERSATION_NAMES: Mapping[str, Promise] = {
    "held": _("The conversation was held"),
    "skipped": _("The conversation was skipped"),
}
GROUND_NAMES: Mapping[str, Promise] = {
    "risico_patient": _("A serious risk to the patient or the household"),
    "eigen_veiligheid": _("Fear for the safety of the melder or their colleagues"),
    "geen_contact": _("No contact after reasonable efforts"),
}
EXCEPTION_NAMES: Mapping[str, Promise] = {
    "veiligheid_patient": _("Telling would threaten the patient's or the household's safety"),
    "veiligheid_eigen": _("Telling would threaten the safety of the melder or their colleagues"),
    "vertrouwen": _("Telling would break the relationship of trust in a way that endangers care"),
}
CONSENT_BASIS_NAMES: Mapping[str, Promise] = {
    "toestemming": _("Consent of the patient"),
    "wettelijk": _("A legal basis"),
    "conflict_van_plichten": _("Conflict van plichten"),
}
ROUTE_DESTINATIONS: Final[Mapping[str, Destination]] = {
    d.code: d
    for d in (EMERGENCY, VEILIG_THUIS_FIRST, ZORGCOORDINATOR, COMENSHA, POLICE, LABOUR_INSPECTORATE)
}
