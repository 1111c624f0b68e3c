"""The data a certificate carries, frozen at issue (pure, no Django).

Learning platforms that render certificates from live data change issued
certificates when a template, a title or a name is edited (Moodle's
mod_customcert #650, #141). A certificate here is drawn only from this
record, written once at issue and stored as JSON, so the certificate PDF,
the verification page and the Open Badges assertion say the same thing for
as long as the certificate exists.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from .content import Text

# Bump when the shape changes; older records keep their own version.
SCHEMA: Final = 1


@dataclass(frozen=True, slots=True)
class FrozenAccreditation:
    """One register's accreditation of the module, as it stood at issue."""

    register: str
    accreditation_id: str
    points: Decimal
    # The learner's number as this register writes it ("" when the learner had none).
    number: str


@dataclass(frozen=True, slots=True)
class FrozenCertificate:
    """Everything a certificate shows, as it was when it was issued."""

    code: str
    name: str
    # The BIG-nummer as 11 digits, or "" when the learner gave none.
    big_number: str
    module_slug: str
    module_title: Text
    module_version: str
    minutes: int
    completed_on: date
    valid_until: date
    # The language the learner took the module in; the certificate is printed in it.
    language: str
    accreditations: tuple[FrozenAccreditation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON-ready data."""
        return {
            "schema": SCHEMA,
            "code": self.code,
            "name": self.name,
            "big_number": self.big_number,
            "module": {
                "slug": self.module_slug,
                "title": {"nl": self.module_title.nl, "en": self.module_title.en},
                "version": self.module_version,
                "minutes": self.minutes,
            },
            "completed_on": self.completed_on.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "language": self.language,
            "accreditations": [
                {
                    "register": item.register,
                    "accreditation_id": item.accreditation_id,
                    "points": str(item.points),
                    "number": item.number,
                }
                for item in self.accreditations
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "FrozenCertificate":
        """Read a record written by :meth:`to_json`; raise ValueError when it is not one."""
        try:
            module = data["module"]
            return cls(
                code=str(data["code"]),
                name=str(data["name"]),
                big_number=str(data["big_number"]),
                module_slug=str(module["slug"]),
                module_title=Text(nl=str(module["title"]["nl"]), en=str(module["title"]["en"])),
                module_version=str(module["version"]),
                minutes=int(module["minutes"]),
                completed_on=date.fromisoformat(data["completed_on"]),
                valid_until=date.fromisoformat(data["valid_until"]),
                language=str(data["language"]),
                accreditations=tuple(
                    FrozenAccreditation(
                        register=str(item["register"]),
                        accreditation_id=str(item["accreditation_id"]),
                        points=Decimal(str(item["points"])),
                        number=str(item["number"]),
                    )
                    for item in data["accreditations"]
                ),
            )
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise ValueError(f"not a frozen certificate record: {error!r}") from error
