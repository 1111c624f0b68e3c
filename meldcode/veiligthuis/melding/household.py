"""The identifying part of a melding: the melder, the household, the children, the network.

Each value is checked once more with the rules of
:mod:`meldcode.veiligthuis.identity` and given in its normal form; what does
not pass is noted as an error by path, never with the value. A BSN is kept
only when the installation enabled it.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from django.conf import settings

from meldcode.veiligthuis.identity import (
    bsn_valid,
    normalise_phone,
    normalise_postcode,
    parse_birth_date,
)

from .values import as_mapping, as_text, put, texts

BIG_NUMBER_LENGTH: Final = 11


class Household:
    """Build the identifying parts of the payload, noting the errors the schema cannot see."""

    def __init__(self, *, today: date) -> None:
        """Start with no errors; ``today`` bounds the dates of birth."""
        self.today = today
        self.errors: list[str] = []

    def phone(self, value: object, path: str) -> str | None:
        """Return a phone number in its normal form; note an error when it is not one."""
        text = as_text(value)
        if not text:
            return None
        normal = normalise_phone(text)
        if normal is None:
            self.errors.append(f"{path}: is not a phone number")
        return normal

    def postcode(self, value: object, path: str) -> str | None:
        """Return a postcode as ``1234 AB``; note an error when it is not a Dutch one."""
        text = as_text(value)
        if not text:
            return None
        normal = normalise_postcode(text)
        if normal is None:
            self.errors.append(f"{path}: is not a Dutch postcode")
        return normal

    def birth_date(self, value: object, path: str) -> str | None:
        """Return a date of birth as ISO; note an error when it is not a plausible one."""
        if isinstance(value, date):
            value = value.isoformat()
        text = as_text(value)
        if not text:
            return None
        born = parse_birth_date(text, self.today)
        if born is None:
            self.errors.append(f"{path}: is not a plausible date of birth")
            return None
        return born.isoformat()

    def address(self, value: object, path: str) -> dict[str, Any] | None:
        """Return an address, or None when none was given."""
        given = as_mapping(value)
        address = texts(given, "street", "number", "city")
        put(address, "postcode", self.postcode(given.get("postcode"), f"{path}.postcode"))
        return address or None

    def melder(self, value: object) -> dict[str, Any]:
        """Return the melder: who reports, and how Veilig Thuis reaches them."""
        given = as_mapping(value)
        melder = texts(given, "name", "profession", "organisation", "email", "reachable")
        put(melder, "phone", self.phone(given.get("phone"), "$.melder.phone"))
        big = "".join(as_text(given.get("big_number")).split())
        # The register prints 9 or 10 digits at times; the number has 11.
        put(melder, "big_number", big.zfill(BIG_NUMBER_LENGTH) if big.isdigit() else big)
        return melder

    def person(self, given: Mapping[str, Any], index: int) -> dict[str, Any]:
        """Return one member of the household; the BSN only where the installation enables it."""
        path = f"$.persons[{index}]"
        person = texts(given, "name", "role")
        put(person, "birth_date", self.birth_date(given.get("birth_date"), f"{path}.birth_date"))
        put(person, "address", self.address(given.get("address"), f"{path}.address"))
        put(person, "phone", self.phone(given.get("phone"), f"{path}.phone"))
        bsn = "".join(as_text(given.get("bsn")).replace(".", "").split())
        if bsn and settings.VT_BSN_ENABLED:
            if bsn_valid(bsn):
                person["bsn"] = bsn
            else:
                self.errors.append(f"{path}.bsn: is not a valid BSN (elfproef)")
        return person

    def child(self, given: Mapping[str, Any], index: int) -> dict[str, Any]:
        """Return one child from the kindcheck."""
        path = f"$.children[{index}]"
        child = texts(given, "name")
        put(child, "birth_date", self.birth_date(given.get("birth_date"), f"{path}.birth_date"))
        age = given.get("age")
        if isinstance(age, int) and not isinstance(age, bool):
            child["age"] = age
        put(child, "address", self.address(given.get("address"), f"{path}.address"))
        return child

    def network(self, given: Mapping[str, Any], index: int) -> dict[str, Any]:
        """Return one professional of the supporting network."""
        member = texts(given, "role", "organisation", "consent_basis")
        put(member, "phone", self.phone(given.get("phone"), f"$.supporting_network[{index}].phone"))
        return member
