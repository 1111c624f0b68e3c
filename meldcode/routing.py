"""Who to contact, in which order, for a possible victim of trafficking.

A pure rule after the routing table of the domain notes: 112 first in acute
danger; Veilig Thuis first for a minor or when the exploiter is in the
domestic circle or a dependency relationship (it brings in the police and the
Raad voor de Kinderbescherming where needed); otherwise the regional
zorgcoördinator mensenhandel for advice, with Veilig Thuis still possible, the
police for a report and the Nederlandse Arbeidsinspectie for labour
exploitation. Shelter for an adult goes through CoMensha; a minor's shelter
goes through Veilig Thuis and youth care, never CoMensha.

Names and reasons are English messages marked with ``N_`` for extraction and
translated where they are shown, so this module needs no Django.
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final, Literal

DestinationCode = Literal[
    "112", "veilig_thuis", "zorgcoordinator", "comensha", "politie", "arbeidsinspectie"
]
FORMS: Final = frozenset(
    {"seksuele_uitbuiting", "arbeidsuitbuiting", "criminele_uitbuiting", "orgaanverwijdering"}
)


def N_(message: str) -> str:
    """Mark ``message`` for translation; it is translated where it is shown."""
    return message


@dataclass(frozen=True, slots=True)
class Destination:
    """One organisation to contact, with its phone number and why."""

    code: DestinationCode
    name: str
    phone: str
    reason: str

    @property
    def tel(self) -> str:
        """Return the phone number for a ``tel:`` link (digits only)."""
        return "".join(ch for ch in self.phone if ch.isdigit())


EMERGENCY: Final = Destination(
    code="112",
    name=N_("Emergency number"),
    phone="112",
    reason=N_("Acute danger: call 112 now, then Veilig Thuis."),
)


def _veilig_thuis(reason: str) -> Destination:
    """Return Veilig Thuis (free, 24/7) with the reason that fits the situation."""
    return Destination(
        code="veilig_thuis", name=N_("Veilig Thuis"), phone="0800-2000", reason=reason
    )


VEILIG_THUIS_FIRST: Final = _veilig_thuis(
    N_(
        "Advice or a report under the Meldcode first; ask for the aandachtsfunctionaris "
        "mensenhandel. Veilig Thuis brings in the police and the Raad voor de "
        "Kinderbescherming where needed."
    ),
)
VEILIG_THUIS_MINOR_SHELTER: Final = _veilig_thuis(
    N_(
        "Advice or a report under the Meldcode first; ask for the aandachtsfunctionaris "
        "mensenhandel. A minor's shelter goes through Veilig Thuis and youth care "
        "(Nidos for an unaccompanied foreign minor), not CoMensha."
    ),
)
VEILIG_THUIS_TODAY: Final = _veilig_thuis(
    N_("Acute unsafety: phone a melding to Veilig Thuis today."),
)
VEILIG_THUIS_ADVICE: Final = _veilig_thuis(
    N_(
        "Advice stays possible, and in some regions Veilig Thuis is the reporting point for "
        "all trafficking; a partner or family friend who exploits is the domestic circle."
    ),
)
ZORGCOORDINATOR: Final = Destination(
    code="zorgcoordinator",
    name=N_("Zorgcoördinator mensenhandel"),
    # There is no national number: each region has its own, and CoMensha's
    # helpdesk puts a professional in touch with it (or coordinates itself
    # where a region has none).
    phone="033 448 11 86",
    reason=N_(
        "Advice and coordination of care from your region's zorgcoördinator mensenhandel; "
        "each region has its own number, CoMensha's helpdesk gives it."
    ),
)
COMENSHA: Final = Destination(
    code="comensha",
    name=N_("CoMensha"),
    phone="033 448 11 86",
    reason=N_(
        "Shelter and registration for an adult victim, with written consent (weekdays 9-17)."
    ),
)
POLICE: Final = Destination(
    code="politie",
    name=N_("Police"),
    phone="0900-8844",
    reason=N_(
        "A report, with the adult's consent or after weighing a conflict of duties; "
        "AVIM officers handle trafficking."
    ),
)
LABOUR_INSPECTORATE: Final = Destination(
    code="arbeidsinspectie",
    name=N_("Nederlandse Arbeidsinspectie"),
    phone="0800-5151",
    reason=N_("Labour exploitation can be reported to the Nederlandse Arbeidsinspectie."),
)


def route(
    *,
    minor: bool,
    domestic_or_dependency: bool,
    acute_danger: bool,
    forms: Collection[str],
    needs_shelter: bool = False,
    acute_unsafety: bool = False,
) -> list[Destination]:
    """Return whom to contact, in the order of what to do first.

    ``acute_unsafety`` (unsafety without direct danger) puts a melding by
    phone to Veilig Thuis, today, first; direct danger (``acute_danger``)
    puts 112 before it.

    Raises ``ValueError`` naming any form that is not one of the four forms.
    """
    if isinstance(forms, str):
        raise ValueError("Pass the forms of exploitation as a collection, not as one string.")
    unknown = sorted(
        repr(f) if not isinstance(f, str) else f
        for f in forms
        if not isinstance(f, str) or f not in FORMS
    )
    if unknown:
        raise ValueError(f"Unknown form(s) of exploitation: {', '.join(unknown)}.")
    destinations: list[Destination] = []
    if minor:
        destinations.append(VEILIG_THUIS_MINOR_SHELTER if needs_shelter else VEILIG_THUIS_FIRST)
    elif domestic_or_dependency:
        destinations.append(VEILIG_THUIS_FIRST)
        if needs_shelter:
            destinations.append(COMENSHA)
        destinations += [ZORGCOORDINATOR, POLICE]
    else:
        destinations.append(ZORGCOORDINATOR)
        if needs_shelter:
            destinations.append(COMENSHA)
        destinations += [VEILIG_THUIS_ADVICE, POLICE]
    if not minor and "arbeidsuitbuiting" in forms:
        destinations.append(LABOUR_INSPECTORATE)
    if acute_danger or acute_unsafety:
        # Veilig Thuis first, after 112 in direct danger, whatever else follows.
        veilig_thuis = next(d for d in destinations if d.code == "veilig_thuis")
        rest = [d for d in destinations if d.code != "veilig_thuis"]
        if acute_danger:
            return [EMERGENCY, veilig_thuis, *rest]
        return [VEILIG_THUIS_TODAY, *rest]
    return destinations
