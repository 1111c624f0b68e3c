"""Load the e-learning modules from their versioned text files (pure, no Django).

A module lives in ``elearning/modules/<slug>/``: ``module.toml`` (titles,
version, minutes, pass mark, lessons), one Markdown file per lesson and
language (``lessons/<NN>-<slug>.<lang>.md``), ``vignettes.toml`` (interactive
case vignettes) and ``quiz.toml`` (the question pool). The loader is strict:
anything missing or malformed stops it with the file and the entry named, so
a broken module never reaches a learner.
"""

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, Literal

LANGUAGES: Final = ("nl", "en")
MODULES_DIR: Final = Path(__file__).with_name("modules")
# The smallest unit doctors' accreditation takes: 30 minutes including the test.
MIN_MODULE_MINUTES: Final = 30
MIN_POOL: Final = 12
SLUG: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VERSION: Final = re.compile(r"^\d+\.\d+\.\d+$")
ID: Final = re.compile(r"^[a-z0-9_-]{1,20}$")

Kind = Literal["single", "multiple"]


class ContentError(ValueError):
    """A module file is missing or malformed; the message names the file and the entry."""


def content_language(code: str | None) -> str:
    """Return the language content is shown in for a language code: English for any English."""
    return "en" if (code or "").startswith("en") else "nl"


@dataclass(frozen=True, slots=True)
class Text:
    """A text in every language of the site."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        """Return the text in ``language`` (Dutch for any other)."""
        return self.en if language == "en" else self.nl


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson: its title, reading time and Markdown body per language."""

    slug: str
    number: int
    minutes: int
    title: Text
    body: Text


@dataclass(frozen=True, slots=True)
class Choice:
    """An option of a vignette step or a quiz question, with what it teaches."""

    id: str
    text: Text
    explanation: Text
    right: bool


@dataclass(frozen=True, slots=True)
class VignetteStep:
    """A question in a case vignette; exactly one option is the best."""

    question: Text
    options: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class Vignette:
    """An interactive case: a story, then one or more steps, shown after a lesson."""

    slug: str
    lesson: str
    title: Text
    story: Text
    steps: tuple[VignetteStep, ...]


@dataclass(frozen=True, slots=True)
class Question:
    """A quiz question: single choice (one correct option) or multiple (two or more)."""

    id: str
    kind: Kind
    text: Text
    options: tuple[Choice, ...]

    @property
    def correct(self) -> frozenset[str]:
        """Return the ids of the correct options."""
        return frozenset(option.id for option in self.options if option.right)


@dataclass(frozen=True, slots=True)
class Module:
    """A module at one version: lessons, vignettes and the question pool."""

    slug: str
    version: str
    order: int
    minutes: int
    pass_mark: int
    questions_per_attempt: int
    title: Text
    summary: Text
    lessons: tuple[Lesson, ...]
    vignettes: tuple[Vignette, ...]
    questions: tuple[Question, ...]
    # SHA-256 over the module's files: the same version with other files is refused on load.
    digest: str = ""

    def question(self, question_id: str) -> Question | None:
        """Return the question with ``question_id`` from the pool, if there is one."""
        return next((q for q in self.questions if q.id == question_id), None)


class _Reader:
    """Read typed values from a TOML table, naming the file and the entry on any error."""

    def __init__(self, path: Path, where: str) -> None:
        self.path = path
        self.where = where

    def fail(self, message: str) -> ContentError:
        return ContentError(f"{self.path}: {self.where}: {message}")

    def at(self, where: str) -> "_Reader":
        return _Reader(self.path, f"{self.where}.{where}" if self.where else where)

    def table(self, data: object, key: str) -> Mapping[str, object]:
        value = data.get(key) if isinstance(data, Mapping) else None
        if not isinstance(value, Mapping):
            raise self.fail(f"'{key}' must be a table")
        return value

    def tables(self, data: Mapping[str, object], key: str) -> Sequence[Mapping[str, object]]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(f"'{key}' must be a list of tables")
        return value

    def string(
        self, data: Mapping[str, object], key: str, pattern: re.Pattern[str] | None = None
    ) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string")
        if pattern is not None and not pattern.match(value):
            raise self.fail(f"'{key}' = {value!r} does not match {pattern.pattern}")
        return value

    def integer(self, data: Mapping[str, object], key: str, low: int, high: int) -> int:
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.fail(f"'{key}' must be a whole number from {low} to {high}")
        return value

    def boolean(self, data: Mapping[str, object], key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false")
        return value

    def text(self, data: Mapping[str, object], key: str) -> Text:
        table = self.table(data, key)
        values = {}
        for language in LANGUAGES:
            value = table.get(language)
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"'{key}' has no {language} text")
            values[language] = value.strip()
        return Text(**values)


def _toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ContentError(f"{path}: missing") from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: {error}") from None


def _lessons(
    directory: Path, reader: _Reader, rows: Sequence[Mapping[str, object]]
) -> tuple[Lesson, ...]:
    lessons = []
    for number, row in enumerate(rows, start=1):
        at = reader.at(f"lessons[{number}]")
        slug = at.string(row, "slug", SLUG)
        bodies = {}
        for language in LANGUAGES:
            path = directory / "lessons" / f"{number:02d}-{slug}.{language}.md"
            try:
                bodies[language] = path.read_text(encoding="utf-8").strip()
            except FileNotFoundError:
                raise ContentError(f"{path}: missing (lesson {slug})") from None
            if not bodies[language]:
                raise ContentError(f"{path}: empty")
        lessons.append(
            Lesson(
                slug=slug,
                number=number,
                minutes=at.integer(row, "minutes", 1, 120),
                title=at.text(row, "title"),
                body=Text(**bodies),
            )
        )
    if len({lesson.slug for lesson in lessons}) != len(lessons):
        raise reader.fail("two lessons have the same slug")
    if not lessons:
        raise reader.fail("a module needs at least one lesson")
    return tuple(lessons)


def _choices(
    reader: _Reader, rows: Sequence[Mapping[str, object]], *, right_key: str, explanation_key: str
) -> tuple[Choice, ...]:
    choices = []
    for index, row in enumerate(rows, start=1):
        at = reader.at(f"options[{index}]")
        choices.append(
            Choice(
                id=at.string(row, "id", ID),
                text=at.text(row, "text"),
                explanation=at.text(row, explanation_key),
                right=at.boolean(row, right_key),
            )
        )
    if not 2 <= len(choices) <= 6:
        raise reader.fail("offer 2 to 6 options")
    if len({c.id for c in choices}) != len(choices):
        raise reader.fail("two options have the same id")
    return tuple(choices)


def _vignettes(path: Path, lessons: tuple[Lesson, ...]) -> tuple[Vignette, ...]:
    data = _toml(path)
    reader = _Reader(path, "")
    slugs = {lesson.slug for lesson in lessons}
    vignettes = []
    for index, row in enumerate(reader.tables(data, "vignettes"), start=1):
        at = reader.at(f"vignettes[{index}]")
        lesson = at.string(row, "lesson", SLUG)
        if lesson not in slugs:
            raise at.fail(f"lesson {lesson!r} is not a lesson of this module")
        steps = []
        for number, step in enumerate(at.tables(row, "steps"), start=1):
            step_at = at.at(f"steps[{number}]")
            options = _choices(
                step_at,
                step_at.tables(step, "options"),
                right_key="best",
                explanation_key="feedback",
            )
            if sum(o.right for o in options) != 1:
                raise step_at.fail("exactly one option is the best")
            steps.append(VignetteStep(question=step_at.text(step, "question"), options=options))
        if not steps:
            raise at.fail("a vignette needs at least one step")
        vignettes.append(
            Vignette(
                slug=at.string(row, "slug", SLUG),
                lesson=lesson,
                title=at.text(row, "title"),
                story=at.text(row, "story"),
                steps=tuple(steps),
            )
        )
    if len({v.slug for v in vignettes}) != len(vignettes):
        raise reader.fail("two vignettes have the same slug")
    return tuple(vignettes)


def _questions(path: Path) -> tuple[Question, ...]:
    data = _toml(path)
    reader = _Reader(path, "")
    questions = []
    for index, row in enumerate(reader.tables(data, "questions"), start=1):
        at = reader.at(f"questions[{index}]")
        kind = at.string(row, "kind")
        if kind not in ("single", "multiple"):
            raise at.fail("'kind' must be 'single' or 'multiple'")
        options = _choices(
            at, at.tables(row, "options"), right_key="correct", explanation_key="explanation"
        )
        correct = sum(o.right for o in options)
        if kind == "single" and correct != 1:
            raise at.fail("a single-choice question has exactly one correct option")
        if kind == "multiple" and correct < 2:
            raise at.fail("a multiple-choice question has at least two correct options")
        questions.append(
            Question(
                id=at.string(row, "id", ID),
                kind="single" if kind == "single" else "multiple",
                text=at.text(row, "text"),
                options=options,
            )
        )
    if len({q.id for q in questions}) != len(questions):
        raise reader.fail("two questions have the same id")
    if len(questions) < MIN_POOL:
        raise reader.fail(f"the pool needs at least {MIN_POOL} questions, not {len(questions)}")
    return tuple(questions)


def module_digest(directory: Path) -> str:
    """Return a SHA-256 over the names and bytes of every file of a module directory."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        name = path.relative_to(directory).as_posix().encode()
        content = path.read_bytes()
        # Length-prefixed, so that moving bytes from one file to the next changes the digest.
        digest.update(b"%d:%s%d:" % (len(name), name, len(content)))
        digest.update(content)
    return digest.hexdigest()


def load_module(directory: Path) -> Module:
    """Load and check one module directory."""
    path = directory / "module.toml"
    data = _toml(path)
    reader = _Reader(path, "")
    lessons = _lessons(directory, reader, reader.tables(data, "lessons"))
    questions = _questions(directory / "quiz.toml")
    module = Module(
        slug=reader.string(data, "slug", SLUG),
        version=reader.string(data, "version", VERSION),
        order=reader.integer(data, "order", 1, 99),
        minutes=reader.integer(data, "minutes", MIN_MODULE_MINUTES, 600),
        pass_mark=reader.integer(data, "pass_mark", 1, 100),
        questions_per_attempt=reader.integer(data, "questions_per_attempt", 1, len(questions)),
        title=reader.text(data, "title"),
        summary=reader.text(data, "summary"),
        lessons=lessons,
        vignettes=_vignettes(directory / "vignettes.toml", lessons),
        questions=questions,
        digest=module_digest(directory),
    )
    if module.slug != directory.name:
        raise reader.fail(f"the slug {module.slug!r} differs from the folder {directory.name!r}")
    return module


def load_modules(root: Path = MODULES_DIR) -> tuple[Module, ...]:
    """Load every module under ``root``, in their order."""
    modules = tuple(load_module(d) for d in sorted(root.iterdir()) if d.is_dir())
    orders = [m.order for m in modules]
    if len(set(orders)) != len(orders):
        raise ContentError(f"{root}: two modules have the same order")
    return tuple(sorted(modules, key=lambda m: m.order))


@cache
def modules() -> tuple[Module, ...]:
    """Return the shipped modules, loaded once."""
    return load_modules()
