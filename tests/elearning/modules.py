"""Write small, valid module folders for the loader and grading tests."""

from pathlib import Path
from typing import Any

POOL = 12


def text(word: str) -> str:
    return f'[{word}]\nnl = "{word} (nl)"\nen = "{word} (en)"\n'


def question(number: int, *, kind: str = "single") -> str:
    correct = {"a"} if kind == "single" else {"a", "b"}
    options = "".join(
        f'[[questions.options]]\nid = "{o}"\ncorrect = {"true" if o in correct else "false"}\n'
        + text("questions.options.text")
        + text("questions.options.explanation")
        for o in ("a", "b", "c")
    )
    return (
        f'[[questions]]\nid = "q{number:02d}"\nkind = "{kind}"\n' + text("questions.text") + options
    )


def write_module(root: Path, slug: str = "proef", *, order: int = 1, **changes: Any) -> Path:
    """Write a module with two lessons, one vignette and a pool of 12 questions."""
    directory = root / slug
    (directory / "lessons").mkdir(parents=True)
    settings = {
        "slug": f'"{slug}"',
        "version": '"1.0.0"',
        "order": str(order),
        "minutes": "35",
        "pass_mark": "70",
        "questions_per_attempt": "8",
    }
    settings.update({k: v for k, v in changes.items() if isinstance(v, str)})
    head = "".join(f"{k} = {v}\n" for k, v in settings.items())
    lessons = ""
    for number, lesson in enumerate(("eerste", "tweede"), start=1):
        lessons += f'[[lessons]]\nslug = "{lesson}"\nminutes = 10\n' + text("lessons.title")
        for language in ("nl", "en"):
            body = f"## {lesson}\n\nTekst van de les ({language}).\n"
            (directory / "lessons" / f"{number:02d}-{lesson}.{language}.md").write_text(body)
    (directory / "module.toml").write_text(head + text("title") + text("summary") + lessons)
    vignette = (
        '[[vignettes]]\nslug = "casus"\nlesson = "eerste"\n'
        + text("vignettes.title")
        + text("vignettes.story")
        + "[[vignettes.steps]]\n"
        + text("vignettes.steps.question")
        + "".join(
            f'[[vignettes.steps.options]]\nid = "{o}"\nbest = {"true" if o == "a" else "false"}\n'
            + text("vignettes.steps.options.text")
            + text("vignettes.steps.options.feedback")
            for o in ("a", "b")
        )
    )
    (directory / "vignettes.toml").write_text(vignette)
    kinds = ["multiple" if n % 4 == 0 else "single" for n in range(1, POOL + 1)]
    quiz = "".join(question(n, kind=k) for n, k in enumerate(kinds, start=1))
    (directory / "quiz.toml").write_text(quiz)
    return directory
