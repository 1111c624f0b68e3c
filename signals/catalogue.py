"""Load the signal catalogue from its TOML files, strictly.

The catalogue is authored in ``signals/data/``: ``catalogue.toml`` holds the
edition and title, ``indicators.toml`` the ILO/EC indicators with their
grades on the four lists, and every other ``*.toml`` file ``[[signal]]``
tables. Anything unexpected (an unknown key, a duplicate code, a value outside
the vocabulary, a missing translation, a signal naming an indicator that does
not exist, a weak grade on a child list, a list without a grade) is an error
that names the file and the entry, because a silently wrong catalogue would
mislead clinicians.

The version is the edition plus a hash of the content, so any change to an
indicator or a signal gives a new version, and a case weighed earlier can say
exactly which catalogue it used. No Django imports here.
"""

import hashlib
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, cast

from .strict import CatalogueError as CatalogueError  # raised by load(); part of its API
from .strict import (
    check_keys,
    choice,
    entries,
    flag,
    local_text,
    optional_text,
    read_toml,
    text_dict,
)
from .vocabulary import (
    CHILD_LISTS,
    DIMENSIONS,
    FORMS,
    GRADES,
    LISTS,
    POPULATIONS,
    TYPES,
    Catalogue,
    Dimension,
    Form,
    Grade,
    Indicator,
    ListName,
    LocalText,
    Population,
    Signal,
    SignalType,
    indicator_key,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
META_FILE = "catalogue.toml"
INDICATOR_FILE = "indicators.toml"
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{2,59}$")
# In the data a grade of "none" says the indicator is not on that list.
NOT_ON_LIST = "none"
INDICATOR_KEYS = frozenset({"dimension", "id", "grades", "label", "source"})
INDICATOR_OPTIONAL_KEYS = frozenset({"unverified"})
SIGNAL_KEYS = frozenset(
    {
        "code",
        "type",
        "forms",
        "counter",
        "acute",
        "population",
        "source",
        "label",
        "explanation",
    }
)
SIGNAL_OPTIONAL_KEYS = frozenset({"indicator", "question", "question_minor"})


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
    meta = read_toml(meta_path)
    check_keys(meta, required={"edition", "title"}, optional=set(), where=str(meta_path))
    edition = meta["edition"]
    if not isinstance(edition, str) or not edition.strip():
        raise CatalogueError(f"{meta_path}: 'edition' must be a non-empty string.")
    title = local_text(meta["title"], where=f"{meta_path}: 'title'")

    indicator_path = directory / INDICATOR_FILE
    if not indicator_path.is_file():
        raise CatalogueError(f"{indicator_path}: the catalogue needs the ILO/EC indicators.")
    indicators = [
        parse_indicator(entry, where=f"{indicator_path}: indicator #{number}")
        for number, entry in enumerate(entries(indicator_path, "indicator"), start=1)
    ]

    known = {i.key for i in indicators}
    signals: list[Signal] = []
    seen: dict[str, Path] = {}
    files = sorted(p for p in directory.glob("*.toml") if p.name not in (META_FILE, INDICATOR_FILE))
    if not files:
        raise CatalogueError(f"{directory}: no signal files (*.toml) found.")
    for path in files:
        for number, entry in enumerate(entries(path, "signal"), start=1):
            signal = parse_signal(entry, where=f"{path}: signal #{number}")
            if signal.code in seen:
                first = seen[signal.code]
                raise CatalogueError(
                    f"{path}: signal {signal.code!r}: duplicate code, already in {first}."
                )
            if signal.indicator is not None and signal.indicator not in known:
                raise CatalogueError(
                    f"{path}: signal {signal.code!r}: "
                    f"the indicator {signal.indicator!r} does not exist."
                )
            seen[signal.code] = path
            signals.append(signal)
    try:
        return build(edition=edition.strip(), title=title, indicators=indicators, signals=signals)
    except CatalogueError as error:
        raise CatalogueError(f"{indicator_path}: {error}") from None


def build(
    *, edition: str, title: LocalText, indicators: list[Indicator], signals: list[Signal]
) -> Catalogue:
    """Check the catalogue as a whole, assemble it and compute its content version."""
    by_key: dict[str, Indicator] = {}
    for indicator in indicators:
        if indicator.key in by_key:
            raise CatalogueError(f"indicator {indicator.key!r}: duplicate indicator.")
        by_key[indicator.key] = indicator
    for list_name in LISTS:
        for dimension in DIMENSIONS:
            if not any(
                i.dimension == dimension and i.grades[list_name] is not None for i in indicators
            ):
                raise CatalogueError(
                    f"the list {list_name!r} has no indicator of the dimension {dimension!r}."
                )
    for signal in signals:
        if signal.indicator is not None and signal.indicator not in by_key:
            raise CatalogueError(
                f"signal {signal.code!r}: the indicator {signal.indicator!r} does not exist."
            )
    ordered = tuple(signals)
    content = {
        "edition": edition,
        "title": text_dict(title),
        "indicators": [indicator_to_dict(i) for i in indicators],
        "signals": [signal_to_dict(s) for s in ordered],
    }
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return Catalogue(
        version=f"{edition}+{digest[:12]}",
        edition=edition,
        title=title,
        indicators=by_key,
        signals=ordered,
        by_code={s.code: s for s in ordered},
    )


def parse_indicator(entry: Any, *, where: str) -> Indicator:
    """Check one ``[[indicator]]`` table and turn it into an :class:`Indicator`."""
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: must be a table.")
    if isinstance(entry.get("dimension"), str) and isinstance(entry.get("id"), str):
        head = where.rsplit(": indicator", 1)[0]
        where = f"{head}: indicator {indicator_key(entry['dimension'], entry['id'])!r}"
    check_keys(entry, required=INDICATOR_KEYS, optional=INDICATOR_OPTIONAL_KEYS, where=where)
    dimension = choice(entry, "dimension", DIMENSIONS, where)
    indicator_id = entry["id"]
    if not isinstance(indicator_id, str) or not CODE_PATTERN.match(indicator_id):
        raise CatalogueError(
            f"{where}: 'id' must be 3-60 characters of a-z, 0-9 and _, starting with a letter."
        )
    raw_grades = entry["grades"]
    if not isinstance(raw_grades, dict):
        raise CatalogueError(f"{where}: 'grades' must be a table with a grade per list.")
    check_keys(raw_grades, required=set(LISTS), optional=set(), where=f"{where}: 'grades'")
    grades: dict[ListName, Grade | None] = {}
    for list_name in LISTS:
        value = raw_grades[list_name]
        if value != NOT_ON_LIST and value not in GRADES:
            raise CatalogueError(
                f"{where}: the grade on {list_name!r} is {value!r}; "
                f"allowed: {', '.join(GRADES)}, {NOT_ON_LIST}."
            )
        if value == "weak" and list_name in CHILD_LISTS:
            raise CatalogueError(f"{where}: the child lists have no weak grade ({list_name!r}).")
        grades[list_name] = None if value == NOT_ON_LIST else cast(Grade, value)
    if all(grade is None for grade in grades.values()):
        raise CatalogueError(f"{where}: the indicator is on none of the lists.")
    unverified = entry.get("unverified", [])
    if not isinstance(unverified, list) or any(u not in LISTS for u in unverified):
        raise CatalogueError(f"{where}: 'unverified' must be a list of {', '.join(LISTS)}.")
    if len(set(unverified)) != len(unverified):
        raise CatalogueError(f"{where}: 'unverified' names a list twice.")
    source = entry["source"]
    if not isinstance(source, str) or not source.strip():
        raise CatalogueError(f"{where}: 'source' must say where the grades come from.")
    return Indicator(
        key=indicator_key(dimension, indicator_id),
        id=indicator_id,
        dimension=cast(Dimension, dimension),
        grades=grades,
        unverified=frozenset(cast(list[ListName], unverified)),
        label=local_text(entry["label"], where=f"{where}: 'label'"),
        source=source.strip(),
    )


def parse_signal(entry: Any, *, where: str) -> Signal:
    """Check one ``[[signal]]`` table and turn it into a :class:`Signal`."""
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: must be a table.")
    code = entry.get("code")
    if isinstance(code, str):
        where = f"{where.rsplit(': signal', 1)[0]}: signal {code!r}"
    check_keys(entry, required=SIGNAL_KEYS, optional=SIGNAL_OPTIONAL_KEYS, where=where)
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise CatalogueError(
            f"{where}: 'code' must be 3-60 characters of a-z, 0-9 and _, starting with a letter."
        )
    signal_type = choice(entry, "type", TYPES, where)
    population = choice(entry, "population", POPULATIONS, where)
    counter = flag(entry, "counter", where)
    acute = flag(entry, "acute", where)
    forms = entry["forms"]
    if not isinstance(forms, list) or any(f not in FORMS for f in forms):
        raise CatalogueError(f"{where}: 'forms' must be a list of {', '.join(FORMS)}.")
    if len(set(forms)) != len(forms):
        raise CatalogueError(f"{where}: 'forms' lists a form twice.")
    if not forms and not counter:
        raise CatalogueError(f"{where}: 'forms' may only be empty for a counter-signal.")
    indicator = entry.get("indicator")
    if indicator is not None and not isinstance(indicator, str):
        raise CatalogueError(f"{where}: 'indicator' must be '<dimension>.<id>'.")
    source = entry["source"]
    if not isinstance(source, str) or not source.strip():
        raise CatalogueError(f"{where}: 'source' must name the list or indicator it derives from.")
    question = optional_text(entry, "question", where)
    question_minor = optional_text(entry, "question_minor", where)
    _check_questions(
        population=population, counter=counter, adult=question, minor=question_minor, where=where
    )
    return Signal(
        code=code,
        type=cast(SignalType, signal_type),
        forms=frozenset(cast(list[Form], forms)),
        indicator=indicator,
        counter=counter,
        acute=acute,
        population=cast(Population, population),
        label=local_text(entry["label"], where=f"{where}: 'label'"),
        explanation=local_text(entry["explanation"], where=f"{where}: 'explanation'"),
        question=question,
        question_minor=question_minor,
        source=source.strip(),
    )


def _check_questions(
    *,
    population: str,
    counter: bool,
    adult: LocalText | None,
    minor: LocalText | None,
    where: str,
) -> None:
    """Keep each question to the patients it fits and to its form of address.

    Adults are addressed with "u" (``question``), minors with "je"
    (``question_minor``). A signal for all ages may leave out either: it is
    then not suggested to that age group (a question about the journey to the
    Netherlands rarely fits a Dutch teenager).
    """
    if counter and (adult or minor):
        raise CatalogueError(f"{where}: a counter-signal suggests no question.")
    if population == "adult" and minor is not None:
        raise CatalogueError(f"{where}: a signal for adults has no 'question_minor'.")
    if population == "minor" and adult is not None:
        raise CatalogueError(f"{where}: a signal for minors asks with 'question_minor' only.")


def indicator_to_dict(indicator: Indicator) -> dict[str, Any]:
    """Return the indicator as plain data, in the form of the data files."""
    data: dict[str, Any] = {
        "dimension": indicator.dimension,
        "id": indicator.id,
        "grades": {name: indicator.grades[name] or NOT_ON_LIST for name in LISTS},
        "label": text_dict(indicator.label),
        "source": indicator.source,
    }
    if indicator.unverified:
        data["unverified"] = [name for name in LISTS if name in indicator.unverified]
    return data


def signal_to_dict(signal: Signal) -> dict[str, Any]:
    """Return the signal as plain data, in the form of the data files."""
    data: dict[str, Any] = {
        "code": signal.code,
        "type": signal.type,
        "forms": [f for f in FORMS if f in signal.forms],
        "counter": signal.counter,
        "acute": signal.acute,
        "population": signal.population,
        "source": signal.source,
        "label": text_dict(signal.label),
        "explanation": text_dict(signal.explanation),
    }
    if signal.indicator is not None:
        data["indicator"] = signal.indicator
    if signal.question is not None:
        data["question"] = text_dict(signal.question)
    if signal.question_minor is not None:
        data["question_minor"] = text_dict(signal.question_minor)
    return data


def catalogue_to_dict(catalogue: Catalogue) -> dict[str, Any]:
    """Return the whole catalogue as plain data, enough to rebuild it exactly."""
    return {
        "edition": catalogue.edition,
        "title": text_dict(catalogue.title),
        "indicators": [indicator_to_dict(i) for i in catalogue.indicators.values()],
        "signals": [signal_to_dict(s) for s in catalogue.signals],
    }


def catalogue_from_dict(data: Mapping[str, Any]) -> Catalogue:
    """Rebuild a catalogue stored with :func:`catalogue_to_dict`, checking it again."""
    indicators = [
        parse_indicator(entry, where=f"stored catalogue: indicator #{i}")
        for i, entry in enumerate(data["indicators"], start=1)
    ]
    signals = [
        parse_signal(entry, where=f"stored catalogue: signal #{i}")
        for i, entry in enumerate(data["signals"], start=1)
    ]
    title = local_text(data["title"], where="stored catalogue: 'title'")
    return build(edition=data["edition"], title=title, indicators=indicators, signals=signals)
