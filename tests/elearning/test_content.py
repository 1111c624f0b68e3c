"""The module loader: a valid module loads; anything malformed is refused with file and entry."""

from pathlib import Path

import pytest

from elearning.content import ContentError, load_module, load_modules

from .modules import write_module


def test_a_valid_module_loads_in_both_languages(tmp_path: Path) -> None:
    module = load_module(write_module(tmp_path))
    assert (module.slug, module.version, module.minutes, module.pass_mark) == (
        "proef",
        "1.0.0",
        35,
        70,
    )
    assert [lesson.slug for lesson in module.lessons] == ["eerste", "tweede"]
    assert module.lessons[0].body.get("en") == "## eerste\n\nTekst van de les (en)."
    assert module.lessons[0].body.get("nl").endswith("(nl).")
    assert len(module.questions) == 12
    assert module.question("q04") is not None
    assert module.question("q04").correct == frozenset({"a", "b"})  # type: ignore[union-attr]
    assert module.vignettes[0].steps[0].options[0].right


def test_modules_load_in_their_order(tmp_path: Path) -> None:
    write_module(tmp_path, "tweede-module", order=2)
    write_module(tmp_path, "eerste-module", order=1)
    assert [m.slug for m in load_modules(tmp_path)] == ["eerste-module", "tweede-module"]


@pytest.mark.parametrize(
    ("breaking", "message"),
    [
        (
            lambda d: (d / "quiz.toml").write_text(
                (d / "quiz.toml").read_text().replace('en = "questions.text (en)"\n', "", 1)
            ),
            "quiz.toml: questions[1]: 'text' has no en text",
        ),
        (lambda d: (d / "lessons" / "02-tweede.en.md").unlink(), "02-tweede.en.md: missing"),
        (
            lambda d: (d / "quiz.toml").write_text(
                (d / "quiz.toml").read_text().replace("correct = false", "correct = true", 1)
            ),
            "questions[1]: a single-choice question has exactly one correct option",
        ),
        (
            lambda d: (d / "module.toml").write_text(
                (d / "module.toml").read_text().replace("minutes = 35", "minutes = 25")
            ),
            "'minutes' must be a whole number from 30",
        ),
        (
            lambda d: (d / "module.toml").write_text(
                (d / "module.toml").read_text().replace('slug = "proef"', 'slug = "anders"')
            ),
            "differs from the folder",
        ),
        (
            lambda d: (d / "vignettes.toml").write_text(
                (d / "vignettes.toml").read_text().replace('lesson = "eerste"', 'lesson = "derde"')
            ),
            "vignettes[1]: lesson 'derde' is not a lesson",
        ),
        (
            lambda d: (d / "quiz.toml").write_text('[[questions]]\nid = "q01"\n'),
            "quiz.toml: questions[1]: 'kind' must be a non-empty string",
        ),
        (lambda d: (d / "quiz.toml").write_text("not = [toml"), "quiz.toml: "),
    ],
    ids=[
        "no-english",
        "missing-lesson",
        "two-correct",
        "too-short",
        "slug",
        "vignette-lesson",
        "no-kind",
        "bad-toml",
    ],
)
def test_a_malformed_module_is_refused_naming_file_and_entry(
    tmp_path: Path, breaking: object, message: str
) -> None:
    directory = write_module(tmp_path)
    breaking(directory)  # type: ignore[operator]
    with pytest.raises(ContentError) as refused:
        load_module(directory)
    assert message in str(refused.value)
    assert str(directory) in str(refused.value)


def test_a_pool_smaller_than_twelve_is_refused(tmp_path: Path) -> None:
    directory = write_module(tmp_path)
    quiz = (directory / "quiz.toml").read_text()
    (directory / "quiz.toml").write_text(quiz[: quiz.index('[[questions]]\nid = "q12"')])
    with pytest.raises(ContentError, match="at least 12 questions, not 11"):
        load_module(directory)
