"""The quiz through its pages: start, answer, feedback, retry, and every bad request refused."""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from elearning import grading, services
from elearning.learner.presentation import refusal_message
from elearning.models import Attempt, AttemptAnswer, Certificate, Module, ModuleVersion
from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from tests.elearning.factories import read_all, right_answers, wrong_answers


def form_data(answers: Mapping[str, frozenset[str]]) -> dict[str, list[str]]:
    """Return quiz answers as the attempt page's form posts them."""
    return {question: sorted(options) for question, options in answers.items()}


def start(client: Client, module: Module) -> Attempt:
    """Start an attempt through the quiz page and return it."""
    response = client.post(reverse("elearning:quiz", args=[module.slug]))
    assert response.status_code == 302
    attempt = Attempt.objects.order_by("-pk").first()
    assert attempt is not None
    assert response["Location"] == reverse("elearning:attempt", args=[module.slug, attempt.pk])
    return attempt


def attempt_url(module: Module, attempt: Attempt) -> str:
    return reverse("elearning:attempt", args=[module.slug, attempt.pk])


def result_url(module: Module, attempt: Attempt) -> str:
    return reverse("elearning:result", args=[module.slug, attempt.pk])


@pytest.fixture
def no_cooldown(settings: Settings) -> None:
    settings.ELEARNING_COOLDOWN = timedelta(0)


def test_the_attempt_page_shows_the_drawn_questions_in_the_drawn_order(
    learner_client: Client, module: Module
) -> None:
    attempt = start(learner_client, module)
    item = services.module_content(module)
    html = learner_client.get(attempt_url(module, attempt)).content.decode()
    positions = [html.index(f'data-question="{d["question"]}"') for d in attempt.drawn]
    assert positions == sorted(positions)
    for entry in attempt.drawn:
        question = item.question(entry["question"])
        assert question is not None
        assert f'data-question="{question.id}" data-kind="{question.kind}"' in html
        kind = "radio" if question.kind == "single" else "checkbox"
        block = html[html.index(f'data-question="{question.id}"') :]
        shown = [
            block.index(f'type="{kind}" name="{question.id}" value="{o}"') for o in entry["options"]
        ]
        assert shown == sorted(shown)
    # A reload shows the same attempt; starting again in a second tab does too.
    assert start(learner_client, module) == attempt
    assert Attempt.objects.count() == 1


def test_a_learner_fails_then_passes_and_gets_feedback_and_a_certificate(
    learner_client: Client, module: Module, learner: User, no_cooldown: None
) -> None:
    read_all(learner, module)
    item = services.module_content(module)

    first = start(learner_client, module)
    response = learner_client.post(
        attempt_url(module, first), form_data(wrong_answers(item, first))
    )
    assert response.status_code == 302
    assert response["Location"] == result_url(module, first)
    html = learner_client.get(response["Location"]).content.decode()
    assert 'data-passed="false" data-percent="0"' in html
    for entry in first.drawn:
        assert f'data-question="{entry["question"]}" data-right="false"' in html
    # The chosen (wrong) options and the correct ones are both explained.
    question = item.question(first.drawn[0]["question"])
    assert question is not None
    wrong = next(o for o in question.options if not o.right)
    assert f'data-option="{wrong.id}" data-chosen="true" data-correct="false"' in html
    for option in question.options:
        if option.right:
            assert f'data-option="{option.id}" data-chosen="false" data-correct="true"' in html
    assert 'data-next="retry"' in html
    assert 'data-verdict="ok"' in html
    assert not Certificate.objects.exists()

    second = start(learner_client, module)
    assert second != first
    response = learner_client.post(
        attempt_url(module, second), form_data(right_answers(item, second))
    )
    assert response["Location"] == result_url(module, second)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    html = learner_client.get(response["Location"]).content.decode()
    assert 'data-passed="true" data-percent="100"' in html
    for entry in second.drawn:
        assert f'data-question="{entry["question"]}" data-right="true"' in html
    certificate = Certificate.objects.get(user=learner, module=module)
    assert certificate.attempt == second
    assert 'data-next="certificate"' in html
    assert reverse("elearning:certificate_pdf", args=[certificate.code]) in html
    # The quiz page lists both attempts and starts no third.
    html = learner_client.get(reverse("elearning:quiz", args=[module.slug])).content.decode()
    assert f'data-attempt="{first.pk}" data-passed="false"' in html
    assert f'data-attempt="{second.pk}" data-passed="true"' in html
    assert 'data-verdict="passed"' in html


def test_a_pass_with_lessons_unread_asks_for_the_remaining_lessons(
    learner_client: Client, module: Module
) -> None:
    attempt = start(learner_client, module)
    item = services.module_content(module)
    learner_client.post(attempt_url(module, attempt), form_data(right_answers(item, attempt)))
    html = learner_client.get(result_url(module, attempt)).content.decode()
    assert 'data-next="read"' in html
    for lesson in item.lessons:
        assert reverse("elearning:lesson", args=[module.slug, lesson.slug]) in html
    assert not Certificate.objects.exists()


def test_unanswered_questions_count_as_wrong(learner_client: Client, module: Module) -> None:
    attempt = start(learner_client, module)
    item = services.module_content(module)
    answers = right_answers(item, attempt)
    skipped = attempt.drawn[0]["question"]
    del answers[skipped]
    response = learner_client.post(attempt_url(module, attempt), form_data(answers))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.percent == (len(attempt.drawn) - 1) * 100 // len(attempt.drawn)
    html = learner_client.get(result_url(module, attempt)).content.decode()
    assert f'data-question="{skipped}" data-right="false"' in html
    assert "data-unanswered" in html


def test_a_cooldown_refuses_a_new_attempt_with_its_time(
    learner_client: Client, module: Module, settings: Settings
) -> None:
    settings.ELEARNING_COOLDOWN = timedelta(minutes=10)
    attempt = start(learner_client, module)
    item = services.module_content(module)
    learner_client.post(attempt_url(module, attempt), form_data(wrong_answers(item, attempt)))
    quiz = reverse("elearning:quiz", args=[module.slug])
    response = learner_client.post(quiz)
    assert response.status_code == 302
    assert response["Location"] == quiz
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert Attempt.objects.count() == 1
    html = learner_client.get(quiz).content.decode()
    assert 'data-verdict="cooldown"' in html
    html = learner_client.get(result_url(module, attempt)).content.decode()
    assert 'data-next="retry"' in html
    assert 'data-verdict="cooldown"' in html


def test_a_double_submit_grades_once(learner_client: Client, module: Module) -> None:
    attempt = start(learner_client, module)
    item = services.module_content(module)
    first = learner_client.post(
        attempt_url(module, attempt), form_data(right_answers(item, attempt))
    )
    again = learner_client.post(
        attempt_url(module, attempt), form_data(wrong_answers(item, attempt))
    )
    assert first["Location"] == again["Location"] == result_url(module, attempt)
    attempt.refresh_from_db()
    assert attempt.passed is True
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(attempt.drawn)
    assert AuditEntry.objects.filter(action="elearning.attempt_finished").count() == 1
    # The open attempt page of a graded attempt sends on to its result.
    assert learner_client.get(attempt_url(module, attempt))["Location"] == result_url(
        module, attempt
    )


def test_an_attempt_made_stale_by_a_module_update_is_closed(
    learner_client: Client, module: Module
) -> None:
    attempt = start(learner_client, module)
    version = module.current_version
    assert version is not None
    # A new version arrives while the learner answers (its files are the same here).
    newer = ModuleVersion.objects.create(
        module=module, version="9.9.9", digest="x", title_nl="n", title_en="e", minutes=40
    )
    module.current_version = newer
    module.save()
    item_answers = {d["question"]: [d["options"][0]] for d in attempt.drawn}
    for method in ("get", "post"):
        response = getattr(learner_client, method)(attempt_url(module, attempt), item_answers)
        # The files are now at another version than the database: the friendly 503.
        assert response.status_code in (302, 503)
    module.current_version = version
    module.save()
    attempt.module_version = newer
    attempt.save()
    response = learner_client.post(attempt_url(module, attempt), item_answers)
    assert response.status_code == 302
    assert response["Location"] == reverse("elearning:quiz", args=[module.slug])
    attempt.refresh_from_db()
    assert attempt.finished_at is None


def assert_refused(client: Client, module: Module, attempt: Attempt, data: object) -> str:
    """Post ``data`` to the attempt and check it was refused with nothing saved."""
    response = client.post(attempt_url(module, attempt), data)
    assert response.status_code == 400, data
    attempt.refresh_from_db()
    assert attempt.finished_at is None
    assert not AttemptAnswer.objects.exists()
    return response.content.decode()


def test_bad_answers_are_form_errors_and_nothing_is_saved(
    learner_client: Client, module: Module
) -> None:
    attempt = start(learner_client, module)
    item = services.module_content(module)
    # Draw one question of each kind first, whatever the random draw held.
    single = next(q for q in item.questions if q.kind == "single")
    multiple = next(q for q in item.questions if q.kind == "multiple")
    rest = [d for d in attempt.drawn if d["question"] not in (single.id, multiple.id)]
    attempt.drawn = [
        {"question": q.id, "options": [o.id for o in q.options]} for q in (single, multiple)
    ] + rest[:-2]
    attempt.save()
    answers = form_data(right_answers(item, attempt))
    html = assert_refused(learner_client, module, attempt, {**answers, single.id: ["zz"]})
    assert 'data-errors="attempt"' in html
    assert f'id="id_{single.id}_error"' in html
    two = [o.id for o in single.options][:2]
    html = assert_refused(learner_client, module, attempt, {**answers, single.id: two})
    assert f'id="id_{single.id}_error"' in html
    assert_refused(learner_client, module, attempt, {**answers, multiple.id: ["a", "nope"]})
    assert_refused(learner_client, module, attempt, {**answers, single.id: ["x" * 100_000]})
    # The answers given stay chosen on the refused page.
    chosen = answers[multiple.id][0]
    assert f'name="{multiple.id}" value="{chosen}" id="id_{multiple.id}_' in html
    assert (
        html.split(f'value="{chosen}" id="id_{multiple.id}_')[1].split(">")[0].endswith("checked")
    )


def test_huge_or_malformed_requests_are_refused_never_a_500(
    learner_client: Client, module: Module
) -> None:
    attempt = start(learner_client, module)
    url = attempt_url(module, attempt)
    too_big = learner_client.post(url, {"q01": "a" * (2 * 1024 * 1024)})
    assert too_big.status_code in (400, 413)
    too_many = learner_client.post(url, {f"f{i}": "a" for i in range(2000)})
    assert too_many.status_code == 400
    assert learner_client.post(f"/learn/{module.slug}/quiz/abc/", {}).status_code == 404
    assert learner_client.post(f"/learn/{module.slug}/quiz/-1/", {}).status_code == 404
    assert learner_client.post(f"/learn/{module.slug}/quiz/{'9' * 30}/", {}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.finished_at is None


ANSWER_KEYS = st.sampled_from(["q01", "q02", "q03", "q05", "q08", "q12", "x", ""]) | st.text(
    st.characters(exclude_categories=["Cs"]), max_size=30
)
ANSWER_VALUES = st.lists(
    st.sampled_from(["a", "b", "c", "d", "e", ""])
    | st.text(st.characters(exclude_categories=["Cs"]), max_size=50),
    max_size=4,
)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(ANSWER_KEYS, ANSWER_VALUES, max_size=10))
def test_arbitrary_answers_never_cause_a_500(
    learner_client: Client, module: Module, data: dict[str, list[str]]
) -> None:
    attempt = services.attempt_start(user=module_learner(learner_client), module=module)
    before = Attempt.objects.get(pk=attempt.pk).finished_at
    response = learner_client.post(attempt_url(module, attempt), data)
    assert response.status_code in (302, 400)
    attempt.refresh_from_db()
    if response.status_code == 400:
        # A refused request changed nothing.
        assert attempt.finished_at == before
    elif before is None:
        # Accepted: graded once, with only the options offered.
        assert attempt.finished_at is not None
        offered = {d["question"]: set(d["options"]) for d in attempt.drawn}
        for question, chosen in attempt.answers.items():
            assert set(chosen) <= offered[question]
        Attempt.objects.filter(pk=attempt.pk).delete()


def module_learner(client: Client) -> User:
    """Return the user logged in on ``client``."""
    return User.objects.get(pk=client.session["_auth_user_id"])


@pytest.mark.parametrize(
    "outcome",
    [
        grading.MayStart("passed"),
        grading.MayStart("limit"),
        grading.MayStart("limit", until=datetime(2026, 3, 1, 12, 30, tzinfo=UTC)),
        grading.MayStart("cooldown", until=datetime(2026, 3, 1, 12, 30, tzinfo=UTC)),
        grading.MayStart("ok"),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_refusal_is_explained_in_local_time(outcome: grading.MayStart, language: str) -> None:
    with translation.override(language):
        message = refusal_message(outcome)
    assert message
    if outcome.until is not None:
        # 12:30 UTC is 13:30 in Amsterdam in March.
        assert "13:30" in message or "1:30" in message


def test_a_result_from_an_older_version_shows_the_score_without_the_questions(
    learner_client: Client, module: Module
) -> None:
    attempt = start(learner_client, module)
    item = services.module_content(module)
    learner_client.post(attempt_url(module, attempt), form_data(wrong_answers(item, attempt)))
    older = ModuleVersion.objects.create(
        module=module, version="0.0.1", digest="x", title_nl="n", title_en="e", minutes=40
    )
    Attempt.objects.filter(pk=attempt.pk).update(module_version=older)
    response = learner_client.get(result_url(module, attempt))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-passed="false" data-percent="0"' in html
    assert "data-question=" not in html
