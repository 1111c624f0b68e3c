"""One readable presentation of a Veilig Thuis payload, wherever one is shown.

The clinician's preview before sending, the advies sheet for the phone call,
the melding summary for the HIS and the Veilig Thuis inbox (page and PDF)
all show a payload through :func:`payload_sections`, so that the screen and
the PDF say the same thing, and say exactly what was sent: every field of
the schema has a labelled row, and a field the schema does not know (a
melding's objects may carry more) is shown as sent under a heading of its
own.

Facts and interpretations are separate sections, each item with its source
and date; the signal profile is a section of its own, marked as the output
of a tool and not a diagnosis; the part for Veilig Thuis only is set apart.
Words come from gettext in the active language and dates from Babel in that
language: build the sections inside ``translation.override`` to choose it.
Names for codes are in :mod:`.labels`.
"""

from collections.abc import Mapping
from typing import Any

from .advies import advies_sections
from .base import Row, Section, SectionKind, format_day, format_moment, message_section
from .extra import other_sections, schema_fields
from .melding import melding_sections, veilig_thuis_only_sections

__all__ = [
    "Row",
    "Section",
    "SectionKind",
    "format_day",
    "format_moment",
    "payload_sections",
    "schema_fields",
]


def payload_sections(payload: Mapping[str, Any]) -> list[Section]:
    """Return the sections that show ``payload``, an advies or a melding, to a reader.

    Every field the payload holds is in a section, the words in the active
    language. After the content comes what the message is (type, region,
    id), then any fields outside the schema, and last the part for Veilig
    Thuis only, so that a printout can leave it off.
    """
    if payload.get("type") == "advies":
        sections = list(advies_sections(payload))
    else:
        sections = list(melding_sections(payload))
    return [
        *sections,
        message_section(payload),
        *other_sections(payload),
        *veilig_thuis_only_sections(payload),
    ]
