"""The OpenAPI 3.1 document of the Veilig Thuis API, as served.

The document is a versioned text file next to this module
(``openapi/v1.json``). What depends on the installation is filled in when it
is served: the server URL from ``SITE_URL``, and the body size limit, rate
limits and signature window in the descriptions from the settings and
:mod:`~meldcode.veiligthuis.signing`, so the document says what this
installation really does.

The request body schemas are embedded rather than referenced by URL, so
that tools need no second fetch: in the file, ``components.schemas.Payload``
and ``Terugkoppeling`` are ``$ref``s to the schema files (which resolve from
the file's own folder); on serving, each is replaced by the schema itself
and its ``$defs`` move to ``components.schemas`` as ``<Name>_<def>``. OpenAPI
3.1 schema objects are JSON Schema 2020-12, so nothing else changes.
"""

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any, Final

from django.conf import settings

from . import ratelimit, signing
from .schema import SCHEMA_FILE, TERUGKOPPELING_FILE, schema, schema_id, terugkoppeling_schema

DOCUMENT_FILE: Final = Path(__file__).with_name("openapi") / "v1.json"
DOCUMENT_PATH: Final = "/api/veilig-thuis/v1/openapi.json"
DEFS_PREFIX: Final = "#/$defs/"


@cache
def _raw_document() -> dict[str, Any]:
    """Read the document file once."""
    loaded: dict[str, Any] = json.loads(DOCUMENT_FILE.read_text(encoding="utf-8"))
    return loaded


def max_body_bytes() -> int:
    """Return the largest request body the API reads, in bytes.

    The size middleware refuses a declared length over
    ``MAX_REQUEST_BODY_BYTES`` unread; Django refuses one over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (when set) as the body is read. The
    smaller one is the limit.
    """
    limits = [int(settings.MAX_REQUEST_BODY_BYTES)]
    if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
        limits.append(int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    return min(limits)


def limits() -> dict[str, int]:
    """Return the limits the document states, read from this installation's settings."""
    return {
        "max_body_bytes": max_body_bytes(),
        "address_limit": ratelimit.limit_for("address"),
        "key_limit": ratelimit.limit_for("key"),
        "rate_window_seconds": int(ratelimit.WINDOW.total_seconds()),
        "signature_window_seconds": signing.WINDOW_SECONDS,
    }


def _fill(node: Any, values: dict[str, str]) -> Any:
    """Replace each ``{name}`` of ``values`` in every string of ``node``, recursively."""
    if isinstance(node, str):
        for name, value in values.items():
            node = node.replace("{" + name + "}", value)
        return node
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    return node


def _rewrite_refs(node: Any, name: str, source: Path) -> Any:
    """Point each ``#/$defs/<def>`` of an embedded schema at ``components.schemas``.

    Any other reference would not resolve once embedded, so it is refused,
    naming the schema file.
    """
    if isinstance(node, list):
        return [_rewrite_refs(item, name, source) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _rewrite_refs(value, name, source) for key, value in node.items()}
    ref = out.get("$ref")
    if ref is not None:
        if not (isinstance(ref, str) and ref.startswith(DEFS_PREFIX)):
            raise ValueError(f"{source.name}: cannot embed the reference {ref!r}")
        out["$ref"] = f"#/components/schemas/{name}_{ref.removeprefix(DEFS_PREFIX)}"
    return out


def embed(
    components: dict[str, Any], name: str, embedded: dict[str, Any], source: Path
) -> dict[str, Any]:
    """Put a standalone JSON Schema into ``components`` under ``name``; return its root.

    ``$schema`` and ``$id`` are dropped: an ``$id`` would make the rewritten
    references resolve against the schema's own URL instead of this document.
    """
    root: dict[str, Any] = _rewrite_refs(copy.deepcopy(embedded), name, source)
    root.pop("$schema", None)
    root.pop("$id", None)
    for def_name, definition in root.pop("$defs", {}).items():
        components[f"{name}_{def_name}"] = definition
    components[name] = root
    return root


def _expect_file_ref(components: dict[str, Any], name: str, source: Path) -> None:
    """Check that the file refers to the schema file that is about to be embedded."""
    expected = {"$ref": f"../{source.parent.name}/{source.name}"}
    if components.get(name) != expected:
        raise ValueError(f"{DOCUMENT_FILE.name}: components.schemas.{name} must be {expected}")


def document() -> dict[str, Any]:
    """Return the OpenAPI document as served by this installation; a fresh copy each time."""
    site = str(settings.SITE_URL).rstrip("/")
    stated = limits()
    values = {
        "schema_url": schema_id(),
        "max_body_bytes": str(stated["max_body_bytes"]),
        "address_limit": str(stated["address_limit"]),
        "key_limit": str(stated["key_limit"]),
        "window_minutes": str(stated["signature_window_seconds"] // 60),
    }
    out: dict[str, Any] = _fill(copy.deepcopy(_raw_document()), values)
    out["info"]["x-limits"] = stated
    out["servers"] = [{"url": site}]
    components = out["components"]["schemas"]
    _expect_file_ref(components, "Payload", SCHEMA_FILE)
    _expect_file_ref(components, "Terugkoppeling", TERUGKOPPELING_FILE)
    payload = embed(components, "Payload", schema(), SCHEMA_FILE)
    payload["externalDocs"] = {"url": schema_id()}
    embed(components, "Terugkoppeling", terugkoppeling_schema(), TERUGKOPPELING_FILE)
    return out


def document_bytes() -> bytes:
    """Return the document as served, encoded as UTF-8 JSON."""
    return json.dumps(document(), ensure_ascii=False, indent=2).encode()
