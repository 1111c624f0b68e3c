"""Sections and rows, the words for values, and the sections both variants share."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, Literal

from babel.dates import format_date, format_time, get_datetime_format
from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from meldcode.accounts.models import Profession
from meldcode.cases.presentation import QUESTION_NAMES
from signals.labels import FORM_NAMES, LEVEL_NAMES

from .labels import REGION_NAMES, TYPE_NAMES

SectionKind = Literal["plain", "facts", "interpretations", "tool", "vt_only"]
Payload = Mapping[str, Any]
# The afwegingsvragen, by number.
QUESTIONS: Final = tuple(range(1, 6))


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a section: a label and its value, perhaps with a source, date and note.

    ``fields`` names the schema properties the row shows, as dotted paths
    without array indexes (``persons.address.city``): the tests prove with
    it that every field of the schema is shown somewhere.
    """

    label: str
    value: str
    source: str | None = None
    date: str | None = None
    note: str | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of rows; ``kind`` says how to set it apart, ``note`` says why."""

    key: str
    title: str
    rows: tuple[Row, ...]
    kind: SectionKind = "plain"
    note: str = ""


# -- Words for values ---------------------------------------------------------


def name(names: Mapping[str, Promise | str], code: object) -> str:
    """Return the readable name of a code, or the code itself when it has none."""
    return str(names.get(str(code), code))


def namer(names: Mapping[str, Promise | str]) -> Callable[[object], str]:
    """Return a function that names the codes of one vocabulary."""
    return lambda code: name(names, code)


def yes_no(value: object) -> str:
    """Return yes or no."""
    return _("yes") if value else _("no")


def answer(value: object) -> str:
    """Return an afwegingsvraag's answer: yes, no or not answered yet."""
    return _("not answered yet") if value is None else yes_no(value)


def _locale() -> str:
    """Return the Babel locale of the active language."""
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)


def format_day(value: object) -> str:
    """Return an ISO date in words in the active language (14 maart 2026)."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return str(format_date(day, format="long", locale=_locale()))


def format_moment(value: object) -> str:
    """Return an RFC 3339 moment as a local date and time in the active language."""
    try:
        moment = datetime.fromisoformat(str(value).replace("z", "Z"))
    except ValueError:
        return str(value)
    if timezone.is_naive(moment):
        return str(value)
    local, locale = timezone.localtime(moment), _locale()
    pattern = str(get_datetime_format("medium", locale=locale)).replace("'", "")
    day = str(format_date(local, format="long", locale=locale))
    time = str(format_time(local, format="short", tzinfo=local.tzinfo, locale=locale))
    return pattern.replace("{1}", day).replace("{0}", time)


def region(code: object) -> str:
    """Return the name of a Veilig Thuis region."""
    return f"Veilig Thuis {REGION_NAMES[str(code)]}" if str(code) in REGION_NAMES else str(code)


def profession(code: object) -> str:
    """Return a profession in words, as the accounts name it."""
    return name(dict(Profession.choices), code)


def items(value: object) -> list[Any]:
    """Return ``value`` as a list; anything else is no items."""
    return list(value) if isinstance(value, list | tuple) else []


def objects(value: object) -> list[Mapping[str, Any]]:
    """Return the objects in a list; anything else is dropped."""
    return [item for item in items(value) if isinstance(item, Mapping)]


def obj(value: object) -> Mapping[str, Any]:
    """Return ``value`` when it is an object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def shown(value: object) -> bool:
    """Tell whether a value says something: not missing and not an empty text."""
    return value is not None and value != ""


def codes(values: object, names: Mapping[str, Promise | str] | None = None) -> str:
    """Return a list of codes, named when ``names`` is given, or "none"."""
    words = [str(v) if names is None else name(names, v) for v in items(values)]
    return "; ".join(words) if words else _("none")


# -- Rows ---------------------------------------------------------------------


class Rows:
    """Collect the rows of one object of the payload, skipping what it does not hold."""

    def __init__(self, data: object, path: str = "") -> None:
        """Read ``data``, the object found at the schema path ``path``."""
        self.data = obj(data)
        self.path = path
        self.rows: list[Row] = []

    def field(self, key: str) -> str:
        """Return the schema path of one of this object's properties."""
        return f"{self.path}.{key}" if self.path else key

    def add(
        self,
        key: str,
        label: str,
        show: Callable[[Any], str] = str,
        *,
        note: str | None = None,
        parts: Sequence[str] = (),
    ) -> None:
        """Add a row for ``key`` when the object holds it, its value put in words by ``show``.

        ``parts`` names the properties of an object value that the row shows.
        """
        value = self.data.get(key)
        if not shown(value):
            return
        fields = tuple(f"{self.field(key)}.{p}" for p in parts) or (self.field(key),)
        self.rows.append(Row(label=label, value=show(value), note=note, fields=fields))

    def section(self, key: str, title: str, **options: Any) -> Section:
        """Return the collected rows as a section."""
        return Section(key=key, title=title, rows=tuple(self.rows), **options)


# -- Sections both variants have ----------------------------------------------


def message_section(payload: Payload) -> Section:
    """Return what the message is: type, region, moment, id, schema and software."""
    software = obj(payload.get("software"))
    rows = Rows(payload)
    rows.add("type", _("Type"), namer(TYPE_NAMES))
    rows.add("region", _("Veilig Thuis region"), region)
    rows.add("created_at", _("Written at"), format_moment)
    rows.add("id", _("Message id"))
    rows.add("schema_version", _("Schema version"))
    rows.add(
        "software",
        _("Written with"),
        lambda v: " ".join(str(v[k]) for k in ("name", "version") if shown(v.get(k))),
        parts=[k for k in ("name", "version") if k in software],
    )
    return rows.section("message", _("About this message"))


def answer_rows(answers: object, path: str) -> list[Row]:
    """Return the afwegingsvragen answered so far, each yes, no or not answered yet."""
    given = obj(answers)
    return [
        Row(
            label=f"{n}. {QUESTION_NAMES[n]}",
            value=answer(given.get(f"q{n}")),
            fields=(f"{path}.q{n}",),
        )
        for n in QUESTIONS
        if f"q{n}" in given
    ]


def profile_section(data: Mapping[str, Any], path: str, level_key: str) -> Section:
    """Return the signal profile, set apart as the output of a tool."""
    rows = Rows(data, path)
    rows.add(level_key, _("Level of the signal profile"), namer(LEVEL_NAMES))
    rows.add(
        "forms", _("Forms of exploitation the signals point to"), lambda v: codes(v, FORM_NAMES)
    )
    rows.add("signals", _("Signals chosen"), lambda v: ", ".join(map(str, items(v))) or _("none"))
    if data.get("tool_output") is True or shown(data.get("tool")):
        made = tuple(rows.field(k) for k in ("tool_output", "tool") if k in data)
        tool = str(data["tool"]) if shown(data.get("tool")) else _("software")
        rows.rows.append(Row(label=_("Made by"), value=tool, fields=made))
    rows.add("catalogue_version", _("Signal catalogue version"))
    return rows.section(
        "tool_profile", _("Signal profile"), kind="tool", note=_("Tool output, not a diagnosis")
    )
