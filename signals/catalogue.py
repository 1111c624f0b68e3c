"""Load the signal catalogue from its TOML files, strictly.

The catalogue is authored in ``signals/data/``: ``catalogue.toml`` holds the
edition and title, every other ``*.toml`` file holds ``[[signal]]`` tables.
Anything unexpected (an unknown key, a duplicate code, a value outside the
vocabulary, a missing translation, a dimension without strength) is an error
that names the file and the signal, because a silently wrong catalogue would
mislead clinicians.

The version is the edition plus a hash of the content, so any change to a
signal gives a new version, and a case weighed earlier can say exactly which
catalogue it used. No Django imports here.
"""

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, cast

from .core import (
    DIMENSIONS,
    FORMS,
    LANGUAGES,
    POPULATIONS,
    STRENGTHS,
    TYPES,
    Catalogue,
    Dimension,
    Form,
    LocalText,
    Population,
    Signal,
    SignalType,
    Strength,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
META_FILE = "catalogue.toml"
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{2,59}$")
REQUIRED_KEYS = frozenset(
    {"code", "type", "forms", "counter", "population", "source", "label", "explanation"}
)
OPTIONAL_KEYS = frozenset({"dimension", "strength", "question"})


class CatalogueError(ValueError):
    """The catalogue files are not valid; the message names the file and the signal."""


def load(directory: Path | None = None) -> Catalogue:
    """Return the current catalogue (read once per process for the default directory)."""
    if directory is None:
        return _load_default()
    return parse_directory(directory)


@cache
def _load_default() -> Catalogue:
    return parse_directory(DATA_DIR)


def parse_directory(directory: Path) -> Catalogue:
    """Read and check every catalogue file in ``directory``."""
    meta_path = directory / META_FILE
    if not meta_path.is_file():
        raise CatalogueError(f"{meta_path}: the catalogue needs this file (edition and title).")
    meta = _read_toml(meta_path)
    _check_keys(meta, required={"edition", "title"}, optional=set(), where=str(meta_path))
    edition = meta["edition"]
    if not isinstance(edition, str) or not edition.strip():
        raise CatalogueError(f"{meta_path}: 'edition' must be a non-empty string.")
    title = _local_text(meta["title"], where=f"{meta_path}: 'title'")

    signals: list[Signal] = []
    seen: dict[str, Path] = {}
    files = sorted(p for p in directory.glob("*.toml") if p.name != META_FILE)
    if not files:
        raise CatalogueError(f"{directory}: no signal files (*.toml) found.")
    for path in files:
        data = _read_toml(path)
        _check_keys(data, required={"signal"}, optional=set(), where=str(path))
        entries = data["signal"]
        if not isinstance(entries, list) or not entries:
            raise CatalogueError(f"{path}: 'signal' must be a non-empty array of tables.")
        for index, entry in enumerate(entries, start=1):
            signal = parse_signal(entry, where=f"{path}: signal #{index}")
            if signal.code in seen:
                first = seen[signal.code]
                raise CatalogueError(
                    f"{path}: signal {signal.code!r}: duplicate code, already in {first}."
                )
            seen[signal.code] = path
            signals.append(signal)
    return build(edition=edition.strip(), title=title, signals=signals)


def build(*, edition: str, title: LocalText, signals: list[Signal]) -> Catalogue:
    """Assemble a catalogue and compute its content version."""
    ordered = tuple(signals)
    content = {
        "edition": edition,
        "title": _text_dict(title),
        "signals": [signal_to_dict(s) for s in ordered],
    }
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return Catalogue(
        version=f"{edition}+{digest[:12]}",
        edition=edition,
        title=title,
        signals=ordered,
        by_code={s.code: s for s in ordered},
    )


def parse_signal(entry: Any, *, where: str) -> Signal:
    """Check one ``[[signal]]`` table and turn it into a :class:`Signal`."""
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: must be a table.")
    code = entry.get("code")
    if isinstance(code, str):
        where = f"{where.rsplit(': signal', 1)[0]}: signal {code!r}"
    _check_keys(entry, required=REQUIRED_KEYS, optional=OPTIONAL_KEYS, where=where)
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise CatalogueError(
            f"{where}: 'code' must be 3-60 characters of a-z, 0-9 and _, starting with a letter."
        )
    signal_type = _choice(entry, "type", TYPES, where)
    population = _choice(entry, "population", POPULATIONS, where)
    counter = entry["counter"]
    if not isinstance(counter, bool):
        raise CatalogueError(f"{where}: 'counter' must be true or false.")
    forms = entry["forms"]
    if not isinstance(forms, list) or any(f not in FORMS for f in forms):
        raise CatalogueError(f"{where}: 'forms' must be a list of {', '.join(FORMS)}.")
    if len(set(forms)) != len(forms):
        raise CatalogueError(f"{where}: 'forms' lists a form twice.")
    if not forms and not counter:
        raise CatalogueError(f"{where}: 'forms' may only be empty for a counter-signal.")
    dimension = _choice(entry, "dimension", DIMENSIONS, where) if "dimension" in entry else None
    strength = _choice(entry, "strength", STRENGTHS, where) if "strength" in entry else None
    if dimension is not None and strength is None:
        raise CatalogueError(f"{where}: a signal with a dimension needs a strength.")
    if dimension is None and strength is not None:
        raise CatalogueError(f"{where}: a strength is only allowed with a dimension.")
    source = entry["source"]
    if not isinstance(source, str) or not source.strip():
        raise CatalogueError(f"{where}: 'source' must name the list or indicator it derives from.")
    return Signal(
        code=code,
        type=cast(SignalType, signal_type),
        forms=frozenset(cast(list[Form], forms)),
        dimension=cast(Dimension | None, dimension),
        strength=cast(Strength | None, strength),
        counter=counter,
        population=cast(Population, population),
        label=_local_text(entry["label"], where=f"{where}: 'label'"),
        explanation=_local_text(entry["explanation"], where=f"{where}: 'explanation'"),
        question=(
            _local_text(entry["question"], where=f"{where}: 'question'")
            if "question" in entry
            else None
        ),
        source=source.strip(),
    )


def signal_to_dict(signal: Signal) -> dict[str, Any]:
    """Return the signal as plain data (for hashing and for storing a version)."""
    data: dict[str, Any] = {
        "code": signal.code,
        "type": signal.type,
        "forms": [f for f in FORMS if f in signal.forms],
        "counter": signal.counter,
        "population": signal.population,
        "source": signal.source,
        "label": _text_dict(signal.label),
        "explanation": _text_dict(signal.explanation),
    }
    if signal.dimension is not None:
        data["dimension"] = signal.dimension
        data["strength"] = signal.strength
    if signal.question is not None:
        data["question"] = _text_dict(signal.question)
    return data


def catalogue_to_dict(catalogue: Catalogue) -> dict[str, Any]:
    """Return the whole catalogue as plain data, enough to rebuild it exactly."""
    return {
        "edition": catalogue.edition,
        "title": _text_dict(catalogue.title),
        "signals": [signal_to_dict(s) for s in catalogue.signals],
    }


def catalogue_from_dict(data: Mapping[str, Any]) -> Catalogue:
    """Rebuild a catalogue stored with :func:`catalogue_to_dict`, checking it again."""
    signals = [
        parse_signal(entry, where=f"stored catalogue: signal #{i}")
        for i, entry in enumerate(data["signals"], start=1)
    ]
    title = _local_text(data["title"], where="stored catalogue: 'title'")
    return build(edition=data["edition"], title=title, signals=signals)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path}: not valid TOML: {error}.") from None


def _check_keys(
    data: Mapping[str, Any],
    *,
    required: set[str] | frozenset[str],
    optional: set[str] | frozenset[str],
    where: str,
) -> None:
    unknown = sorted(set(data) - required - optional)
    if unknown:
        raise CatalogueError(f"{where}: unknown key {', '.join(map(repr, unknown))}.")
    missing = sorted(required - set(data))
    if missing:
        raise CatalogueError(f"{where}: missing key {', '.join(map(repr, missing))}.")


def _choice(entry: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = entry[key]
    if value not in allowed:
        raise CatalogueError(f"{where}: {key!r} is {value!r}; allowed: {', '.join(allowed)}.")
    return cast(str, value)


def _local_text(value: Any, *, where: str) -> LocalText:
    if not isinstance(value, dict):
        raise CatalogueError(f"{where} must be a table with nl and en.")
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise CatalogueError(f"{where}: the {language} translation is missing.")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise CatalogueError(f"{where}: unknown language {', '.join(map(repr, unknown))}.")
    return LocalText(nl=value["nl"].strip(), en=value["en"].strip())


def _text_dict(text: LocalText) -> dict[str, str]:
    return {"nl": text.nl, "en": text.en}
