"""Which Veilig Thuis region serves a Dutch municipality (gemeente).

A melding goes to the region where the person of concern lives or stays,
so the melding page proposes the region from the municipality the
professional types. The table is data (``data/gemeenten.csv``, one row per
municipality with its CBS code, name, region and aliases) and changes with
every municipal merger; this module reads it strictly, so that a bad edit
fails loudly at the file and line instead of sending a melding to the wrong
region.

No Django imports: the lookup is plain data and tested on its own.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from meldcode.veiligthuis.regions_data import REGION_CODES

__all__ = [
    "DATA_FILE",
    "REGION_CODES",
    "Municipality",
    "MunicipalityDataError",
    "find",
    "load",
    "municipalities",
    "normalise",
    "region_for",
    "search",
]

DATA_FILE: Final = Path(__file__).resolve().parent / "data" / "gemeenten.csv"
HEADER: Final = ("code", "name", "region", "aliases")
ALIAS_SEPARATOR: Final = ";"

_CODE: Final = re.compile(r"GM\d{4}")
# Marks that people type, leave out or swap at will: apostrophes (in
# 's-Gravenhage), the dots and brackets of "Bergen (NH.)".
# Escaped: \u2019 and \u2018 are typographic quotes, \u00b4 an acute accent, \u02bc a
# modifier apostrophe.
_DROPPED: Final = re.compile("[.'\u2019\u2018`\u00b4\u02bc()]")
# Separators that mean the same to a reader: "Súdwest-Fryslân", "Súdwest Fryslân".
# Escaped: \u2010 and \u2011 are hyphens, \u2013 and \u2014 dashes.
_SEPARATORS: Final = re.compile("[\\s\\-\u2010\u2011\u2013\u2014,/]+")


class MunicipalityDataError(ValueError):
    """A row of the municipality table is wrong; the message names the file and line."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        """Keep where the problem is, and say it in the message."""
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipality by its CBS code (``GM0363``) and name, and its Veilig Thuis region's code."""

    code: str
    name: str
    region: str
    aliases: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Return the form two spellings of one name share.

    Case, accents, surrounding and repeated whitespace, apostrophes, dots
    and brackets do not count, and hyphens, commas and spaces are alike:
    "Sudwest fryslan" matches "Súdwest-Fryslân" and "s-Hertogenbosch"
    matches "'s-Hertogenbosch".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", _DROPPED.sub("", bare.casefold())).strip()


def load(path: Path) -> tuple[Municipality, ...]:
    """Read and check a municipality table; raise MunicipalityDataError at the first bad row.

    Lines that are blank or start with ``#`` are comments. The first other
    line is the header ``code,name,region,aliases``. Every row must have a
    ``GMxxxx`` code, a name and a known region code; no two rows may share a
    code, and no name or alias may match (as ``normalise`` sees it) another.
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise MunicipalityDataError(path, None, f"cannot be read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        bad_line = error.object[: error.start].count(b"\n") + 1
        raise MunicipalityDataError(path, bad_line, "is not UTF-8") from error

    header_seen = False
    codes: dict[str, int] = {}
    keys: dict[str, tuple[str, int]] = {}
    rows: list[Municipality] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as error:
            raise MunicipalityDataError(path, number, f"is not valid CSV ({error})") from error
        if not header_seen:
            if tuple(cells) != HEADER:
                expected = ",".join(HEADER)
                raise MunicipalityDataError(path, number, f"the header must be {expected!r}")
            header_seen = True
            continue
        municipality = _parse_row(path, number, cells)
        if municipality.code in codes:
            first = codes[municipality.code]
            raise MunicipalityDataError(
                path, number, f"duplicate code {municipality.code} (first on line {first})"
            )
        codes[municipality.code] = number
        for spelling in (municipality.name, *municipality.aliases):
            key = normalise(spelling)
            if key in keys:
                other, first = keys[key]
                raise MunicipalityDataError(
                    path,
                    number,
                    f"duplicate name {spelling!r}: matches {other!r} (line {first})",
                )
            keys[key] = (spelling, number)
        rows.append(municipality)
    if not rows:
        raise MunicipalityDataError(path, None, "holds no municipalities")
    return tuple(rows)


def _parse_row(path: Path, number: int, cells: list[str]) -> Municipality:
    """Check one row's cells and build its Municipality."""
    if len(cells) != len(HEADER):
        raise MunicipalityDataError(
            path, number, f"has {len(cells)} fields, expected {len(HEADER)}"
        )
    code, name, region, alias_cell = cells
    if any(cell != cell.strip() for cell in cells):
        raise MunicipalityDataError(path, number, "a field has surrounding whitespace")
    if not _CODE.fullmatch(code):
        raise MunicipalityDataError(path, number, f"code {code!r} is not of the form GMxxxx")
    if not normalise(name):
        raise MunicipalityDataError(path, number, "the name is empty")
    if region not in REGION_CODES:
        raise MunicipalityDataError(path, number, f"unknown region code {region!r}")
    split = alias_cell.split(ALIAS_SEPARATOR) if alias_cell else []
    aliases = tuple(alias.strip() for alias in split)
    if any(not normalise(alias) for alias in aliases):
        raise MunicipalityDataError(path, number, "an alias is empty")
    return Municipality(code=code, name=name, region=region, aliases=aliases)


@cache
def municipalities() -> tuple[Municipality, ...]:
    """Return every municipality of the shipped table, in the file's order (by name)."""
    return load(DATA_FILE)


@cache
def _by_key() -> dict[str, Municipality]:
    """Index the shipped table by the normalised form of every name and alias."""
    return {
        normalise(spelling): municipality
        for municipality in municipalities()
        for spelling in (municipality.name, *municipality.aliases)
    }


@cache
def _search_keys() -> tuple[tuple[Municipality, str, tuple[str, ...]], ...]:
    """Pair each municipality with the normalised forms of its name and of its aliases."""
    return tuple(
        (municipality, normalise(municipality.name), tuple(map(normalise, municipality.aliases)))
        for municipality in municipalities()
    )


def find(name: str) -> Municipality | None:
    """Return the municipality a typed name or alias means, or None when there is none.

    An ambiguous name matches nothing: "Bergen" is both "Bergen (L.)" and
    "Bergen (NH.)", which lie in different regions.
    """
    return _by_key().get(normalise(name))


def region_for(name: str) -> str | None:
    """Return the Veilig Thuis region code for a typed municipality name, or None."""
    municipality = find(name)
    return municipality.region if municipality is not None else None


def search(prefix: str, limit: int = 10) -> tuple[Municipality, ...]:
    """Return up to ``limit`` municipalities for an autocomplete list, best first.

    Names that start with the prefix come first, then those with an alias
    that does ("Den B" finds 's-Hertogenbosch), then those with a later word
    that does ("fryslan" finds Súdwest-Fryslân); within each, by name.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    wanted = normalise(prefix)
    if not wanted:
        return ()
    word = " " + wanted
    ranked: list[tuple[int, str, Municipality]] = []
    for municipality, name_key, alias_keys in _search_keys():
        if name_key.startswith(wanted):
            rank = 0
        elif any(key.startswith(wanted) for key in alias_keys):
            rank = 1
        elif word in name_key:
            rank = 2
        elif any(word in key for key in alias_keys):
            rank = 3
        else:
            continue
        ranked.append((rank, name_key, municipality))
    ranked.sort(key=lambda entry: (entry[0], entry[1]))
    return tuple(municipality for _, _, municipality in ranked[:limit])
