"""Read TOML data files strictly: every error names the file and the entry.

The helpers the catalogue loader uses for any table: no unknown or missing
key, values from a vocabulary, Dutch and English texts both present. No
Django imports here.
"""

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from .vocabulary import LANGUAGES, LocalText


class CatalogueError(ValueError):
    """The catalogue files are not valid; the message names the file and the entry."""


def entries(path: Path, table: str) -> list[Any]:
    """Return the non-empty array of ``[[table]]`` entries of a file."""
    data = read_toml(path)
    check_keys(data, required={table}, optional=set(), where=str(path))
    entries = data[table]
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{path}: {table!r} must be a non-empty array of tables.")
    return entries


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file; a syntax error names the file."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path}: not valid TOML: {error}.") from None


def check_keys(
    data: Mapping[str, Any],
    *,
    required: set[str] | frozenset[str],
    optional: set[str] | frozenset[str],
    where: str,
) -> None:
    """Refuse unknown keys and missing required keys."""
    unknown = sorted(set(data) - required - optional)
    if unknown:
        raise CatalogueError(f"{where}: unknown key {', '.join(map(repr, unknown))}.")
    missing = sorted(required - set(data))
    if missing:
        raise CatalogueError(f"{where}: missing key {', '.join(map(repr, missing))}.")


def choice(entry: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    """Return ``entry[key]`` if it is one of ``allowed``."""
    value = entry[key]
    if value not in allowed:
        raise CatalogueError(f"{where}: {key!r} is {value!r}; allowed: {', '.join(allowed)}.")
    return cast(str, value)


def flag(entry: Mapping[str, Any], key: str, where: str) -> bool:
    """Return ``entry[key]`` if it is a boolean."""
    value = entry[key]
    if not isinstance(value, bool):
        raise CatalogueError(f"{where}: {key!r} must be true or false.")
    return value


def optional_text(entry: Mapping[str, Any], key: str, where: str) -> LocalText | None:
    """Return the Dutch and English text under ``key``, or None when absent."""
    if key not in entry:
        return None
    return local_text(entry[key], where=f"{where}: {key!r}")


def local_text(value: Any, *, where: str) -> LocalText:
    """Return a Dutch and English text, both present and nothing else."""
    if not isinstance(value, dict):
        raise CatalogueError(f"{where} must be a table with nl and en.")
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise CatalogueError(f"{where}: the {language} translation is missing.")
        # Texts end up in HTML; a control character has no business there.
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
            raise CatalogueError(f"{where}: the {language} text contains a control character.")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise CatalogueError(f"{where}: unknown language {', '.join(map(repr, unknown))}.")
    return LocalText(nl=value["nl"].strip(), en=value["en"].strip())


def text_dict(text: LocalText) -> dict[str, str]:
    """Return a text as plain data."""
    return {"nl": text.nl, "en": text.en}
