"""The published JSON Schema of the Veilig Thuis payloads, and validation against it.

The schema is a versioned text file next to this module
(``schema/v1.json``), served at ``/schemas/veilig-thuis/v1.json``. Every
payload is validated against it before it leaves, and the intake validates
what it receives with the same function.
"""

import copy
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from jsonschema import Draft202012Validator, ValidationError

SCHEMA_FILE: Final = Path(__file__).with_name("schema") / "v1.json"
SCHEMA_PATH: Final = "/schemas/veilig-thuis/v1.json"
# The payload types, in the order of the schema's ``oneOf``.
VARIANTS: Final = ("advies", "melding")
# RFC 3339 date-time: a date, "T", a time and an offset; jsonschema checks
# ``date-time`` only with an extra package, so the check lives here.
_DATE_TIME: Final = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$"
)

FORMAT_CHECKER: Final = copy.deepcopy(Draft202012Validator.FORMAT_CHECKER)


def _is_date_time(instance: object) -> bool:
    """Tell whether ``instance`` is an RFC 3339 date-time with an offset (non-strings pass)."""
    if not isinstance(instance, str):
        return True
    if not _DATE_TIME.match(instance):
        return False
    try:
        # A time that cannot be expressed in UTC (year 1 or 9999 with an
        # offset) is refused here, so nothing downstream has to store it.
        parse_date_time(instance).astimezone(UTC)
    except OverflowError:
        return False
    return True


def parse_date_time(value: str) -> datetime:
    """Return an RFC 3339 date-time as an aware datetime (lower-case ``t`` and ``z`` too)."""
    return datetime.fromisoformat(value.upper())


FORMAT_CHECKER.checks("date-time", raises=ValueError)(_is_date_time)


@cache
def _raw_schema() -> dict[str, Any]:
    """Read the schema file once."""
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> Draft202012Validator:
    """Build the validator once, with format checking on."""
    raw = _raw_schema()
    Draft202012Validator.check_schema(raw)
    return Draft202012Validator(raw, format_checker=FORMAT_CHECKER)


def schema_id() -> str:
    """Return the schema's ``$id``: its public URL under ``SITE_URL``."""
    site = str(settings.SITE_URL).rstrip("/")
    return site + SCHEMA_PATH


def schema() -> dict[str, Any]:
    """Return the schema as published, with ``$id`` built from ``SITE_URL``.

    A fresh copy each time, so a caller cannot change the cached schema.
    """
    published = copy.deepcopy(_raw_schema())
    published["$id"] = schema_id()
    return published


def schema_bytes() -> bytes:
    """Return the schema as published, encoded as UTF-8 JSON."""
    return json.dumps(schema(), ensure_ascii=False, indent=2).encode()


def _path(error: ValidationError) -> str:
    """Return the JSON path of the instance an error is about, such as ``$.melder.phone``."""
    out = "$"
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


# Messages about a value never repeat the value: it may identify a person,
# and the messages reach logs and the intake's 422 answer.
_MESSAGES: Final = {
    "type": "must be of type {value}",
    "const": "must be {value!r}",
    "enum": "must be one of {value}",
    "pattern": "does not match the pattern {value}",
    "format": "is not a valid {value}",
    "minLength": "is shorter than {value} characters",
    "maxLength": "is longer than {value} characters",
    "minimum": "is less than {value}",
    "maximum": "is more than {value}",
    "minItems": "has fewer than {value} items",
    "maxItems": "has more than {value} items",
    "uniqueItems": "has repeated items",
    "contains": "must contain a matching item",
    "oneOf": "must be exactly one of the payload types advies and melding",
    "minContains": "must contain at least {value} matching items",
    "maxContains": "must contain at most {value} matching items",
    "not": "is not allowed here",
    "false": "is not allowed here",
}


def _message(error: ValidationError) -> str:
    """Word an error without repeating the offending value."""
    if error.validator in ("required", "additionalProperties", "dependentRequired"):
        return error.message  # names keys, not values
    if error.validator is None or error.validator == "false" or error.schema is False:
        return _MESSAGES["false"]
    template = _MESSAGES.get(str(error.validator))
    if template is None:
        return f"is not valid under {error.validator!s}"
    return template.format(value=error.validator_value)


def _leaf_errors(error: ValidationError, variant: int | None) -> Iterable[ValidationError]:
    """Replace a failed ``oneOf`` by the errors of the branch the payload's ``type`` chose."""
    if error.validator == "oneOf" and variant is not None and error.context:
        for sub in error.context:
            if sub.relative_schema_path and sub.relative_schema_path[0] == variant:
                yield from _leaf_errors(sub, None)
        return
    yield error


def validate_payload(payload: object) -> list[str]:
    """Return what is wrong with ``payload``, one readable message per error; empty when valid.

    Each message starts with the JSON path of the offending value. When the
    payload names its ``type``, only the errors against that variant are
    given, not the schema's generic "not valid under any of the given
    schemas".
    """
    kind = payload.get("type") if isinstance(payload, dict) else None
    variant = VARIANTS.index(kind) if kind in VARIANTS else None
    messages: list[str] = []
    for error in _validator().iter_errors(payload):
        for leaf in _leaf_errors(error, variant):
            message = f"{_path(leaf)}: {_message(leaf)}"
            if message not in messages:
                messages.append(message)
    return sorted(messages)


TERUGKOPPELING_FILE: Final = Path(__file__).with_name("schema") / "terugkoppeling-v1.json"


@cache
def terugkoppeling_schema() -> dict[str, Any]:
    """Return the schema of a terugkoppeling sent back to the melder's installation."""
    loaded: dict[str, Any] = json.loads(TERUGKOPPELING_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(loaded)
    return loaded


def validate_terugkoppeling(payload: object) -> list[str]:
    """Return what is wrong with a terugkoppeling body; empty when valid."""
    validator = Draft202012Validator(terugkoppeling_schema(), format_checker=FORMAT_CHECKER)
    messages: list[str] = []
    for error in validator.iter_errors(payload):
        message = f"{_path(error)}: {_message(error)}"
        if message not in messages:
            messages.append(message)
    return messages
