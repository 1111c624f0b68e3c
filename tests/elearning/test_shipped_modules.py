"""The shipped modules load, each long enough to be accredited, in Dutch and English."""

from elearning.content import MIN_MODULE_MINUTES, MIN_POOL, modules

SUBJECTS = {
    1: "wat-is-mensenhandel",
    2: "signalen-in-de-spreekkamer",
    3: "meldcode-bij-mensenhandel",
    4: "routes-en-partners",
}


def test_the_four_modules_load_in_order() -> None:
    assert {m.order: m.slug for m in modules()} == SUBJECTS


def test_each_module_counts_for_accreditation() -> None:
    for module in modules():
        reading = sum(lesson.minutes for lesson in module.lessons)
        assert module.minutes >= MIN_MODULE_MINUTES
        assert reading < module.minutes  # the quiz takes the rest
        assert len(module.questions) >= MIN_POOL
        assert module.questions_per_attempt <= len(module.questions)
        assert {q.kind for q in module.questions} == {"single", "multiple"}
        assert len(module.vignettes) >= 2
