"""Message catalogues, extracted and compiled with Babel.

Django's own ``makemessages`` and ``compilemessages`` need GNU gettext, which
a fresh machine may lack. Babel does the same in pure Python: templates are
turned into gettext calls by Django's own ``templatize`` (exactly what
``makemessages`` feeds to xgettext) and read by Babel's Python extractor.

The messages are written in English; English is the source language, so its
catalogue is filled with the source text, and Dutch, the default language, is
translated by hand.
"""

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
DOMAIN = "django"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("nl", "en")
PACKAGES = ("meldcode", "signals", "elearning")

KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
METHOD_MAP = [
    ("**/migrations/**", "ignore"),
    ("**.py", "python"),
    ("templates/**.html", "meldcode.i18n:extract_django_template"),
    ("**/templates/**.html", "meldcode.i18n:extract_django_template"),
    ("templates/**.txt", "meldcode.i18n:extract_django_template"),
    ("**/templates/**.txt", "meldcode.i18n:extract_django_template"),
]


def extract_django_template(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Any]:
    """Extract messages from a Django template (a Babel extraction method)."""
    from django.utils.translation.template import templatize

    source = fileobj.read().decode("utf-8")
    # templatize keeps each template line (so line numbers hold) and its
    # indentation, which Python's tokenizer reads as blocks: a dedent to a
    # depth it has not seen is an IndentationError. Every message is written
    # on one line as a repr()'d literal, so stripping the indentation is safe.
    lines = templatize(source).split("\n")
    python_like = "\n".join(line.lstrip() for line in lines).encode("utf-8")
    yield from extract_python(io.BytesIO(python_like), keywords, comment_tags, options)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a catalogue entry."""

    language: str
    msgid: str
    reason: str

    def __str__(self) -> str:
        """Say what is wrong, and where."""
        return f"[{self.language}] {self.reason}: {self.msgid!r}"


def extract_messages(packages: Sequence[str] = PACKAGES) -> Catalog:
    """Extract every translatable message from the project's packages."""
    template = Catalog(project="Meldwijzer", domain=DOMAIN, fuzzy=False)
    for package in packages:
        directory = ROOT / package
        if not directory.is_dir():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
            directory, METHOD_MAP, keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            location = (f"{package}/{Path(filename).as_posix()}", lineno)
            template.add(
                message,
                None,
                [location],
                auto_comments=comments,
                context=context,
                flags=("python-format",) if "%(" in str(message) else (),
            )
    return template


def catalogue_path(language: str, suffix: str = "po") -> Path:
    """Return where the catalogue of ``language`` lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


def read_catalogue(language: str) -> Catalog:
    """Read the catalogue of ``language``, or an empty one if it does not exist yet."""
    path = catalogue_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def update_catalogues() -> dict[str, int]:
    """Bring every catalogue in line with the source; return the untranslated counts.

    New messages are added untranslated (for English: with the source text),
    vanished ones are dropped, and no fuzzy guesses are made: a guessed
    translation is worse than a missing one that a test reports.
    """
    template = extract_messages()
    untranslated: dict[str, int] = {}
    for language in LANGUAGES:
        catalogue = read_catalogue(language)
        catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalogue.obsolete.clear()
        if language == SOURCE_LANGUAGE:
            for message in catalogue:
                if message.id and not is_translated(message.string):
                    message.string = message.id
        path = catalogue_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=100, sort_output=True, omit_header=False)
        untranslated[language] = sum(
            1 for message in catalogue if message.id and not is_translated(message.string)
        )
    return untranslated


def compile_catalogues() -> list[Path]:
    """Compile every ``.po`` catalogue to the ``.mo`` file Django reads."""
    written = []
    for language in LANGUAGES:
        catalogue = read_catalogue(language)
        target = catalogue_path(language, "mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_mo(handle, catalogue, use_fuzzy=False)
        written.append(target)
    forget_loaded_translations(written)
    return written


def forget_loaded_translations(paths: Sequence[Path]) -> None:
    """Make a running Django read the new ``.mo`` files on its next translation.

    Django caches catalogues per process: without this, a process that
    translated anything before compiling (``demo`` migrates first) would go
    on serving the old, or no, catalogues.
    """
    from django.conf import settings

    if not settings.configured:
        return
    from django.utils.translation.reloader import translation_file_changed

    for path in paths:
        translation_file_changed(sender=None, file_path=path)


def is_translated(string: str | Sequence[str] | None) -> bool:
    """Tell whether a catalogue string (or every plural form of it) is filled in."""
    if string is None:
        return False
    if isinstance(string, str):
        return bool(string.strip())
    return all(part.strip() for part in string)


def check_catalogues() -> list[Problem]:
    """List every message that is missing, untranslated, fuzzy or stale in a catalogue."""
    template = extract_messages()
    wanted = {
        (message.id if isinstance(message.id, str) else message.id[0], message.context)
        for message in template
        if message.id
    }
    problems: list[Problem] = []
    for language in LANGUAGES:
        catalogue = read_catalogue(language)
        present = set()
        for message in catalogue:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            present.add((key, message.context))
            if message.fuzzy:
                problems.append(Problem(language, key, "fuzzy"))
            elif not is_translated(message.string):
                problems.append(Problem(language, key, "untranslated"))
            if (key, message.context) not in wanted:
                problems.append(Problem(language, key, "no longer in the source"))
        for key, _context in sorted(wanted - present, key=str):
            problems.append(Problem(language, key, "missing from the catalogue"))
    return problems
