"""The learner's pages answer their owner, keep others out, and speak both languages."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from elearning import links, services
from elearning.models import Certificate, Module
from meldcode.accounts.models import Role, User
from tests.elearning.factories import accredit, complete, read_all
from tests.helpers import verify_session


def pages(module: Module) -> list[str]:
    """Return the learner's pages that need no object of their own."""
    return [
        reverse("elearning:index"),
        reverse("elearning:module", args=[module.slug]),
        reverse("elearning:lesson", args=[module.slug, "definitie"]),
        reverse("elearning:quiz", args=[module.slug]),
        reverse("elearning:numbers"),
        reverse("elearning:join"),
    ]


def test_every_page_answers_its_learner(learner_client: Client, module: Module) -> None:
    for url in pages(module):
        response = learner_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'href="/static/elearning/learner.css"' in html
        assert " style=" not in html
        assert "<script" not in html


def test_the_pages_work_for_clinicians_and_trainers_too(
    client: Client, module: Module, make_user: Callable[..., User]
) -> None:
    for role in (Role.CLINICIAN, Role.TRAINER):
        verify_session(client, make_user(roles=(role,), with_device=True))
        for url in pages(module):
            assert client.get(url).status_code == 200, (role, url)


def test_anonymous_visitors_are_sent_to_login(client: Client, module: Module) -> None:
    for url in [*pages(module), reverse("elearning:certificate_pdf", args=["ABCD-EFGH-JKMN-PQRS"])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_urls_are_where_others_link_to() -> None:
    assert reverse("elearning:index") == "/learn/"
    assert reverse("elearning:module", args=["m"]) == "/learn/m/"
    assert reverse("elearning:lesson", args=["m", "l"]) == "/learn/m/l/"
    assert reverse("elearning:quiz", args=["m"]) == "/learn/m/quiz/"
    assert reverse("elearning:attempt", args=["m", 7]) == "/learn/m/quiz/7/"
    assert reverse("elearning:result", args=["m", 7]) == "/learn/m/quiz/7/result/"
    assert reverse("elearning:certificate_pdf", args=["C"]) == "/learn/certificates/C/pdf"
    assert reverse("elearning:numbers") == "/learn/numbers/"
    assert reverse("elearning:join") == "/learn/join/"
    assert reverse("elearning:join_link", args=["J"]) == "/learn/join/J/"


def test_an_unknown_module_or_lesson_is_404(learner_client: Client, module: Module) -> None:
    assert learner_client.get("/learn/no-such-module/").status_code == 404
    assert learner_client.get(f"/learn/{module.slug}/no-such-lesson/").status_code == 404
    assert learner_client.get(f"/learn/{module.slug}/quiz/abc/").status_code == 404


def test_another_learners_attempt_result_and_certificate_are_404(
    client: Client, module: Module, learner: User, make_user: Callable[..., User]
) -> None:
    certificate = complete(learner, module)
    attempt = certificate.attempt
    assert attempt is not None
    other = make_user(roles=(Role.LEARNER,), with_device=True)
    verify_session(client, other)
    for url in (
        reverse("elearning:attempt", args=[module.slug, attempt.pk]),
        reverse("elearning:result", args=[module.slug, attempt.pk]),
        reverse("elearning:certificate_pdf", args=[certificate.code]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code in (404, 405), url
    # An attempt of this module under another module's slug is no attempt either.
    verify_session(client, learner)
    assert (
        client.get(reverse("elearning:result", args=["routes-en-partners", attempt.pk])).status_code
        == 404
    )
    assert client.get(reverse("elearning:result", args=[module.slug, 2**70])).status_code == 404


def test_the_index_shows_progress_quiz_and_certificates(
    learner_client: Client, modules: dict[str, Module], learner: User
) -> None:
    module = modules["wat-is-mensenhandel"]
    certificate = complete(learner, module)
    services.lesson_view_record(
        user=learner, module=modules["routes-en-partners"], lesson="veilig-thuis"
    )
    html = learner_client.get(reverse("elearning:index")).content.decode()
    lessons = len(services.module_content(module).lessons)
    assert (
        f'data-module="{module.slug}" data-read="{lessons}" data-lessons="{lessons}" '
        'data-quiz="completed" data-certificate="valid"'
    ) in html
    assert (
        'data-module="routes-en-partners" data-read="1" data-lessons="5" data-quiz="none"' in html
    )
    assert f'data-certificate="{certificate.code}" data-state="valid"' in html
    assert reverse("elearning:certificate_pdf", args=[certificate.code]) in html
    assert links.verify_url(certificate.code) in html
    assert reverse("credentials:assertion_png", args=[certificate.code]) in html
    assert reverse("elearning:numbers") in html
    assert f'action="{reverse("elearning:join")}"' in html


def test_the_index_keeps_its_queries_bounded(
    learner_client: Client,
    modules: dict[str, Module],
    learner: User,
    django_assert_max_num_queries: Any,
) -> None:
    # A few queries for the session, then a fixed number plus two a module.
    with django_assert_max_num_queries(8 + 2 * len(modules)):
        assert learner_client.get(reverse("elearning:index")).status_code == 200
    for module in modules.values():
        complete(learner, module)
    with django_assert_max_num_queries(8 + 2 * len(modules)):
        assert learner_client.get(reverse("elearning:index")).status_code == 200


def test_history_shows_expired_revoked_and_renewed_certificates(
    learner_client: Client, module: Module, learner: User, make_user: Callable[..., User]
) -> None:
    first = complete(learner, module)
    Certificate.objects.filter(pk=first.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    page = learner_client.get(reverse("elearning:module", args=[module.slug])).content.decode()
    assert 'data-certificate="expired"' in page
    assert 'data-state="renew"' in page
    assert 'data-verdict="ok"' in page
    renewal = complete(learner, module)
    services.certificate_revoke(
        certificate_id=renewal.pk, by=make_user(roles=(Role.TRAINER,)), reason="issued_in_error"
    )
    html = learner_client.get(reverse("elearning:index")).content.decode()
    assert f'data-certificate="{first.code}" data-state="expired"' in html
    assert f'data-certificate="{renewal.code}" data-state="revoked"' in html
    # The renewal names the certificate it renews.
    assert f'data-renews="{first.code}"' in html


def test_the_module_page_shows_accreditation_for_the_registers(
    learner_client: Client, module: Module
) -> None:
    today = timezone.localdate()
    accredit(
        module,
        "kwaliteitsregister-vv",
        "VV-12345",
        points="1.5",
        valid_from=today,
        valid_until=today,
    )
    accredit(
        module,
        "knmg-gaia",
        "OLD-1",
        valid_from=today - timedelta(days=400),
        valid_until=today - timedelta(days=1),
    )
    with translation.override("en"):
        html = learner_client.get(
            reverse("elearning:module", args=[module.slug]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert 'data-accreditation="VV-12345"' in html
    assert "Kwaliteitsregister V&amp;V" in html
    assert "<td>1.5</td>" in html
    assert "OLD-1" not in html
    # It counts for the register, never for BIG re-registration.
    assert not re.search(r"BIG[- ]?(re-?registration|herregistratie)", html, re.IGNORECASE)
    dutch = learner_client.get(reverse("elearning:module", args=[module.slug])).content.decode()
    assert "<td>1,5</td>" in dutch


def test_the_module_page_marks_read_lessons_and_offers_the_quiz(
    learner_client: Client, module: Module, learner: User
) -> None:
    services.lesson_view_record(user=learner, module=module, lesson="vormen")
    html = learner_client.get(reverse("elearning:module", args=[module.slug])).content.decode()
    assert 'data-lesson="vormen" data-read="true"' in html
    assert 'data-lesson="definitie" data-read="false"' in html
    assert f'action="{reverse("elearning:quiz", args=[module.slug])}"' in html
    assert 'data-verdict="ok"' in html


def test_both_languages_render(learner_client: Client, module: Module) -> None:
    item = services.module_content(module)
    for language in ("nl", "en"):
        learner_client.cookies["django_language"] = language
        for url in pages(module):
            html = learner_client.get(url).content.decode()
            assert f'<html lang="{language}">' in html, url
        lesson = learner_client.get(pages(module)[2]).content.decode()
        assert item.lessons[0].title.get(language) in lesson
        assert item.title.get(language) in learner_client.get(pages(module)[1]).content.decode()


def test_a_module_that_is_being_updated_answers_503(
    learner_client: Client, module: Module, learner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_all(learner, module)

    def not_loaded(module: Module) -> Any:
        raise services.ContentNotLoaded(module.slug)

    monkeypatch.setattr(services, "module_content", not_loaded)
    for url in pages(module)[1:4]:
        response = learner_client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "60"
        assert 'data-state="updating"' in response.content.decode()
    # The overview still answers, and says which module is being updated.
    assert learner_client.get(reverse("elearning:index")).status_code == 200


def test_the_certificate_pdf_downloads_for_its_owner_only(
    learner_client: Client, module: Module, learner: User
) -> None:
    certificate = complete(learner, module)
    url = reverse("elearning:certificate_pdf", args=[certificate.code.lower()])
    response = learner_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert certificate.pdf is not None
    assert response.content == bytes(certificate.pdf)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="meldwijzer-certificaat-{certificate.code}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    for code in ("nonsense", "ABCD-EFGH-JKMN-PQRS", "x" * 40):
        assert (
            learner_client.get(reverse("elearning:certificate_pdf", args=[code])).status_code == 404
        )
