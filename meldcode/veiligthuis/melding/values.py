"""Small readers of the record and the details: each tolerates what it does not expect."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.utils import timezone


def as_mapping(value: object) -> Mapping[str, Any]:
    """Return ``value`` when it is a mapping, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def as_rows(value: object) -> list[Mapping[str, Any]]:
    """Return the mappings of a list, skipping anything else."""
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []


def as_text(value: object) -> str:
    """Return a string value stripped; anything else is empty."""
    return value.strip() if isinstance(value, str) else ""


def put(target: dict[str, Any], key: str, value: object) -> None:
    """Set ``key`` only when ``value`` holds something: empty optional values are left out."""
    if value not in (None, "", [], {}):
        target[key] = value


def texts(given: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    """Return the texts of ``keys`` in ``given``, stripped, leaving out the empty ones.

    A required value left out is named by the schema ("'name' is a required
    property"), which says more than an empty string that is too short.
    """
    found: dict[str, Any] = {}
    for key in keys:
        put(found, key, as_text(given.get(key)))
    return found


def iso_date(value: object) -> str | None:
    """Return the ISO date of a recorded date (or date-time), None when there is none."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        if "T" in value:
            moment = datetime.fromisoformat(value)
            day = timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
            return day.isoformat()
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None
