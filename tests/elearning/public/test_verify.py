"""The public verification page: its three states, what it shows and what it never shows."""

import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elearning import links, services
from elearning.certificates import read_code
from elearning.models import Certificate, Module, ModuleVersion, RevocationReason
from meldcode.accounts.models import Role, User
from tests.elearning.factories import accredit, complete

from .pages import attribute, main_of, state_of, verify_path


def revoke(certificate: Certificate, make_user: Callable[..., User], reason: str) -> None:
    """Revoke ``certificate`` as a trainer would."""
    trainer = make_user(roles=(Role.TRAINER,))
    services.certificate_revoke(certificate_id=certificate.pk, by=trainer, reason=reason)


def test_a_valid_certificate_shows_its_state_name_module_and_dates(
    client: Client, certificate: Certificate
) -> None:
    status, html, state = state_of(client, certificate.code)
    frozen = services.frozen_of(certificate)
    assert status == 200
    assert state == "valid"
    assert attribute(html, "data-valid-until") == [certificate.valid_until.isoformat()]
    assert frozen.completed_on.isoformat() in attribute(html, "datetime")
    assert escape(frozen.name) in html
    # Dutch is the site's default language: the title is the frozen Dutch one.
    assert escape(frozen.module_title.nl) in html
    assert not attribute(html, "data-revoked-on")
    assert not attribute(html, "data-reason")


def test_the_module_title_follows_the_page_language(
    client: Client, certificate: Certificate
) -> None:
    frozen = services.frozen_of(certificate)
    html = client.get(verify_path(certificate.code), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert escape(frozen.module_title.en) in html
    assert escape(frozen.module_title.nl) not in html


def test_an_expired_certificate_shows_the_day_it_was_valid_until(
    client: Client, certificate: Certificate
) -> None:
    last_day = timezone.localdate() - timedelta(days=1)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=last_day)
    status, html, state = state_of(client, certificate.code)
    assert status == 200
    assert state == "expired"
    assert attribute(html, "data-valid-until") == [last_day.isoformat()]
    assert escape(services.frozen_of(certificate).name) in html


def test_a_certificate_is_valid_through_its_last_day(
    client: Client, certificate: Certificate
) -> None:
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=timezone.localdate())
    assert state_of(client, certificate.code)[2] == "valid"


@pytest.mark.parametrize("reason", list(RevocationReason))
def test_a_revoked_certificate_shows_the_date_and_the_reason_category(
    client: Client,
    certificate: Certificate,
    make_user: Callable[..., User],
    reason: RevocationReason,
) -> None:
    revoke(certificate, make_user, reason)
    status, html, state = state_of(client, certificate.code)
    assert status == 200
    assert state == "revoked"
    assert attribute(html, "data-revoked-on") == [timezone.localdate().isoformat()]
    assert attribute(html, "data-reason") == [reason.value]
    with translation.override("nl"):
        assert escape(str(reason.label)) in html
    assert escape(services.frozen_of(certificate).name) in html


def test_revoked_wins_over_expired(
    client: Client, certificate: Certificate, make_user: Callable[..., User]
) -> None:
    revoke(certificate, make_user, RevocationReason.ISSUED_IN_ERROR)
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() - timedelta(days=3)
    )
    assert state_of(client, certificate.code)[2] == "revoked"


def test_the_page_shows_nothing_private(
    client: Client, module: Module, learner: User, make_user: Callable[..., User]
) -> None:
    today = timezone.localdate()
    accredit(
        module,
        "knmg-gaia",
        "ABC1-4711-XQ",
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=300),
    )
    certificate = complete(learner, module)
    frozen = services.frozen_of(certificate)
    assert frozen.accreditations  # the certificate itself carries the accreditation
    for state_change in (None, "revoke"):
        if state_change == "revoke":
            revoke(certificate, make_user, RevocationReason.OTHER)
        html = client.get(verify_path(certificate.code)).content.decode()
        for private in (
            learner.email,
            learner.big_number,
            learner.big_number.lstrip("0"),
            frozen.big_number,
            "ABC1-4711-XQ",
            certificate.badge_salt,
            certificate.badge_identity,
            certificate.badge_identity.removeprefix("sha256$"),
        ):
            assert private
            assert private not in html, private


def test_the_page_keeps_what_was_frozen_at_issue(
    client: Client, certificate: Certificate, learner: User, module: Module
) -> None:
    frozen = services.frozen_of(certificate)
    learner.full_name = "Someone Else Entirely"
    learner.save()
    ModuleVersion.objects.filter(module=module).update(
        title_nl="Een andere titel", title_en="Another title"
    )
    html = client.get(verify_path(certificate.code)).content.decode()
    assert escape(frozen.name) in html
    assert escape(frozen.module_title.nl) in html
    assert "Someone Else Entirely" not in html
    assert "Een andere titel" not in html


def test_the_page_stays_when_the_account_is_gone(
    client: Client, certificate: Certificate, learner: User
) -> None:
    learner.delete()
    status, html, state = state_of(client, certificate.code)
    assert (status, state) == (200, "valid")
    assert escape(services.frozen_of(certificate).name) in html


def test_the_page_links_the_hosted_assertion(client: Client, certificate: Certificate) -> None:
    html = client.get(verify_path(certificate.code)).content.decode()
    links_found = re.findall(
        r'<link rel="alternate" type="application/ld\+json" href="([^"]+)">', html
    )
    assert links_found == [links.assertion_url(certificate.code)]
    href = links_found[0]
    assert href.startswith(links.absolute("/"))
    match = resolve(urlsplit(href).path)
    assert match.view_name == "credentials:assertion"
    assert match.kwargs == {"code": certificate.code}
    assert client.get(urlsplit(href).path).status_code == 200


def test_the_page_is_private_to_caches_and_search_engines(
    client: Client, certificate: Certificate
) -> None:
    response = client.get(verify_path(certificate.code))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'name="viewport"' in html
    # No inline style or script: the content security policy allows neither.
    assert "style=" not in html
    assert "<script" not in html


def test_a_logged_in_user_sees_the_same_page(
    verified_client: Client, certificate: Certificate
) -> None:
    status, html, state = state_of(verified_client, certificate.code)
    assert (status, state) == (200, "valid")
    assert escape(services.frozen_of(certificate).name) in html


def variants(code: str) -> list[str]:
    """Return ways a person might type ``code``: lower case, no dashes, look-alike letters."""
    compact = code.replace("-", "")
    return [
        code.lower(),
        compact,
        compact.lower(),
        code.replace("0", "O").replace("1", "I") if ("0" in code or "1" in code) else code.lower(),
        f"{compact[:8]}-{compact[8:]}",
    ]


def test_a_code_typed_another_way_redirects_to_the_canonical_page(
    client: Client, certificate: Certificate
) -> None:
    for typed in variants(certificate.code):
        assert typed != certificate.code
        response = client.get(verify_path(typed))
        assert response.status_code == 301, typed
        assert response["Location"] == verify_path(certificate.code)


def test_unknown_and_malformed_codes_answer_the_same_404(
    client: Client, certificate: Certificate
) -> None:
    unknown = "0000-0000-0000-0000"
    assert unknown != certificate.code
    answers = [client.get(verify_path(code)) for code in (unknown, "abc", "-", "Z" * 40)]
    assert [answer.status_code for answer in answers] == [404] * 4
    for answer in answers:
        html = answer.content.decode()
        assert attribute(html, "data-state") == ["unknown"]
        assert "no-store" in answer["Cache-Control"]
        assert 'name="code"' in html  # a form to try again
    # The same page for both: the main content says nothing of why.
    pages = {main_of(answer.content.decode()) for answer in answers}
    assert len(pages) == 1


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(typed=st.from_regex(r"[0-9A-Za-z-]{1,40}", fullmatch=True))
def test_any_code_shaped_path_redirects_or_finds_nothing(
    client: Client, certificate: Certificate, typed: str
) -> None:
    response = client.get(verify_path(typed))
    canonical = read_code(typed)
    if canonical is None:
        assert response.status_code == 404
    elif canonical != typed:
        assert response.status_code == 301
        assert response["Location"] == verify_path(canonical)
    else:
        assert response.status_code == (200 if canonical == certificate.code else 404)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(typed=st.text(min_size=1, max_size=60))
def test_any_text_in_the_path_never_fails(db: None, client: Client, typed: str) -> None:
    path = "/verify/" + quote(typed, safe="")
    response = client.get(path)
    assert response.status_code in {301, 404}


def test_only_safe_methods(client: Client, certificate: Certificate) -> None:
    path = verify_path(certificate.code)
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405
    assert client.put(path).status_code == 405
    assert client.post(reverse("credentials:verify_form")).status_code == 405
