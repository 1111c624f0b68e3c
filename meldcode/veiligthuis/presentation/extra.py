"""Fields the schema does not describe: a melding's objects may carry more, shown as sent."""

import json
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from meldcode.veiligthuis.schema import schema

from .base import Payload, Row, Section

VEILIG_THUIS_ONLY = "veilig_thuis_only"


def _resolve(node: Any, root: Mapping[str, Any]) -> Any:
    """Follow local ``$ref``s to the schema they name."""
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = root
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _collect(node: Any, root: Mapping[str, Any], path: str, out: set[str]) -> None:
    """Add to ``out`` the dotted path of every property reachable from ``node``."""
    node = _resolve(node, root)
    if not isinstance(node, Mapping):
        return
    for key, sub in (node.get("properties") or {}).items():
        field = f"{path}.{key}" if path else key
        out.add(field)
        _collect(sub, root, field, out)
    subs = [node[k] for k in ("items", "contains", "if", "then", "else") if k in node]
    subs += [*node.get("oneOf", ()), *node.get("anyOf", ()), *node.get("allOf", ())]
    for sub in subs:
        _collect(sub, root, path, out)


@cache
def schema_fields() -> frozenset[str]:
    """Return the dotted path of every property of the schema, of both variants."""
    root = schema()
    out: set[str] = set()
    _collect(root, root, "", out)
    return frozenset(out)


def _unknown(value: object, path: str, where: str, known: frozenset[str]) -> Iterator[Row]:
    """Yield a row, labelled by where it is, for each property the schema does not know."""
    if isinstance(value, Mapping):
        for key, sub in value.items():
            field = f"{path}.{key}" if path else str(key)
            at = f"{where}.{key}" if where else str(key)
            if field in known:
                yield from _unknown(sub, field, at, known)
            else:
                text = sub if isinstance(sub, str) else json.dumps(sub, ensure_ascii=False)
                yield Row(label=at, value=text)
    elif isinstance(value, list):
        for index, item in enumerate(value, start=1):
            yield from _unknown(item, path, f"{where}[{index}]", known)


def unknown_rows(value: object, path: str) -> list[Row]:
    """Return a row for each property under ``value`` (found at ``path``) the schema lacks."""
    return list(_unknown(value, path, path, schema_fields()))


def other_sections(payload: Payload) -> list[Section]:
    """Return the fields outside the schema as one section, or no section when there are none.

    What the part for Veilig Thuis only holds stays in that part.
    """
    rest = {k: v for k, v in payload.items() if k != VEILIG_THUIS_ONLY}
    rows = tuple(_unknown(rest, "", "", schema_fields()))
    if not rows:
        return []
    note = _("The sender added these fields; schema version 1 does not describe them.")
    return [Section(key="other", title=_("Other fields"), rows=rows, note=note)]
