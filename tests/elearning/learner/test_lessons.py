"""Lessons: read marks, the "done reading" button that completes a module, and case vignettes."""

import re

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from elearning import services
from elearning.content import Vignette
from elearning.models import Certificate, LessonView, Module
from meldcode.accounts.models import User
from tests.elearning.factories import pass_quiz


def lesson_url(module: Module, lesson: str) -> str:
    return reverse("elearning:lesson", args=[module.slug, lesson])


def a_vignette(module: Module) -> Vignette:
    """Return the first vignette of the module."""
    return services.module_content(module).vignettes[0]


def test_the_lesson_page_shows_the_lesson_its_cases_and_where_it_stands(
    learner_client: Client, module: Module
) -> None:
    item = services.module_content(module)
    first, second = item.lessons[0], item.lessons[1]
    html = learner_client.get(lesson_url(module, first.slug)).content.decode()
    assert f'data-lesson="{first.slug}" data-read="false"' in html
    assert f'<a href="{lesson_url(module, first.slug)}" aria-current="page">' in html
    assert html.count('aria-current="page"') == 1
    # The lesson's Markdown is rendered (headings, lists), not shown as text.
    assert "<h2>" in html or "<ul>" in html
    assert "## " not in html
    for vignette in item.vignettes:
        assert (f'data-vignette="{vignette.slug}"' in html) == (vignette.lesson == first.slug)
    # Next is a button that records the reading; there is no previous lesson.
    assert 'rel="prev"' not in html
    assert 'name="action" value="read"' in html
    html = learner_client.get(lesson_url(module, second.slug)).content.decode()
    assert f'href="{lesson_url(module, first.slug)}" rel="prev"' in html


def test_lesson_html_contains_no_script_in_either_language(
    learner_client: Client, modules: dict[str, Module]
) -> None:
    for language in ("nl", "en"):
        learner_client.cookies["django_language"] = language
        for module in modules.values():
            for lesson in services.module_content(module).lessons:
                response = learner_client.get(lesson_url(module, lesson.slug))
                assert response.status_code == 200
                html = response.content.decode()
                assert f'<html lang="{language}">' in html
                assert "<script" not in html
                assert not re.search(r"\son\w+=", html)
                assert "javascript:" not in html


def test_done_reading_records_the_view_and_goes_to_the_next_lesson_then_the_quiz(
    learner_client: Client, module: Module, learner: User
) -> None:
    lessons = services.module_content(module).lessons
    response = learner_client.post(lesson_url(module, lessons[0].slug), {"action": "read"})
    assert response.status_code == 302
    assert response["Location"] == lesson_url(module, lessons[1].slug)
    assert LessonView.objects.filter(user=learner, module=module, lesson=lessons[0].slug).exists()
    response = learner_client.post(lesson_url(module, lessons[-1].slug), {"action": "read"})
    assert response["Location"] == reverse("elearning:quiz", args=[module.slug])
    assert services.lessons_viewed(learner, module) == {lessons[0].slug, lessons[-1].slug}
    html = learner_client.get(reverse("elearning:module", args=[module.slug])).content.decode()
    assert f'data-lesson="{lessons[0].slug}" data-read="true"' in html
    assert f'data-lesson="{lessons[1].slug}" data-read="false"' in html


def test_reading_the_last_lesson_after_passing_completes_the_module(
    learner_client: Client, module: Module, learner: User
) -> None:
    lessons = services.module_content(module).lessons
    for lesson in lessons[:-1]:
        learner_client.post(lesson_url(module, lesson.slug), {"action": "read"})
    assert pass_quiz(learner, module) is None
    response = learner_client.post(lesson_url(module, lessons[-1].slug), {"action": "read"})
    assert response.status_code == 302
    assert response["Location"] == reverse("elearning:module", args=[module.slug])
    certificate = Certificate.objects.get(user=learner, module=module)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    html = learner_client.get(response["Location"]).content.decode()
    assert 'data-state="completed"' in html
    assert f'data-certificate="{certificate.code}" data-state="valid"' in html
    # Every lesson stays marked read while the certificate is valid.
    assert 'data-read="false"' not in html


def test_a_post_without_the_read_action_records_nothing(
    learner_client: Client, module: Module
) -> None:
    for data in ({}, {"action": "reed"}, {"action": "answer"}):
        response = learner_client.post(lesson_url(module, "definitie"), data)
        assert response.status_code == 400
    assert not LessonView.objects.exists()


def test_a_vignette_answer_gets_its_feedback_right_or_wrong(
    learner_client: Client, module: Module
) -> None:
    vignette = a_vignette(module)
    step = vignette.steps[0]
    best = next(o for o in step.options if o.right)
    other = next(o for o in step.options if not o.right)
    url = lesson_url(module, vignette.lesson)
    for chosen, right in ((best, "true"), (other, "false")):
        response = learner_client.post(
            url, {"action": "answer", "vignette": vignette.slug, "step": "1", "option": chosen.id}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert (
            f'data-feedback="{vignette.slug}-1" data-chosen="{chosen.id}" data-right="{right}"'
        ) in html
        # The chosen option's explanation and those of the others are all on the page.
        for option in step.options:
            assert escape(option.explanation.nl[:40]) in html
        assert f'value="{chosen.id}" id="step-{vignette.slug}-1-{chosen.id}" checked' in html
    # Nothing is recorded for a vignette answer.
    assert not LessonView.objects.exists()


def test_a_vignette_answer_in_english(learner_client: Client, module: Module) -> None:
    vignette = a_vignette(module)
    best = next(o for o in vignette.steps[0].options if o.right)
    learner_client.cookies["django_language"] = "en"
    response = learner_client.post(
        lesson_url(module, vignette.lesson),
        {"action": "answer", "vignette": vignette.slug, "step": "1", "option": best.id},
    )
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert escape(best.explanation.en[:40]) in html


def test_a_bad_vignette_answer_is_a_form_error_never_a_500(
    learner_client: Client, modules: dict[str, Module]
) -> None:
    module = modules["wat-is-mensenhandel"]
    vignette = a_vignette(module)
    elsewhere = next(
        v for v in services.module_content(module).vignettes if v.lesson != vignette.lesson
    )
    url = lesson_url(module, vignette.lesson)
    base = {"action": "answer", "vignette": vignette.slug, "step": "1"}
    cases = [
        ({**base, "option": "zz"}, "step"),
        ({**base}, "step"),
        ({**base, "option": "a" * 5000}, "step"),
        ({**base, "step": "99", "option": "a"}, "page"),
        ({**base, "step": "0", "option": "a"}, "page"),
        ({**base, "step": "one", "option": "a"}, "page"),
        ({**base, "step": "9" * 400, "option": "a"}, "page"),
        ({**base, "vignette": "nope", "option": "a"}, "page"),
        ({**base, "vignette": elsewhere.slug, "option": "a"}, "page"),
        ({"action": "answer"}, "page"),
    ]
    for data, where in cases:
        response = learner_client.post(url, data)
        assert response.status_code == 400, data
        html = response.content.decode()
        if where == "step":
            assert f'id="step-{vignette.slug}-1-error"' in html, data
        else:
            assert 'data-errors="vignette"' in html, data
        assert "data-feedback=" not in html
    assert not LessonView.objects.exists()
