"""The Open Badges 2.0 endpoints: Issuer, BadgeClass, hosted Assertion, images, revocation."""

import hashlib
import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse
from django.utils import translation
from PIL import Image
from pytest_django.fixtures import Settings

from elearning import badges, content, links, services
from elearning.models import Certificate, Module, RevocationReason
from elearning.public.views import BADGE_PNG
from meldcode.accounts.models import Role, User
from tests.elearning.factories import complete
from tests.elearning.test_badges import SPEC_REQUIRED

CONTEXT = "https://w3id.org/openbadges/v2"
RECIPIENT_REQUIRED = {"type", "identity", "hashed"}
JSON_LD = "application/ld+json"


def get_json(client: Client, url: str, status: int = 200) -> dict[str, Any]:
    """Fetch an absolute badge URL's path and return its JSON body, checking the answer."""
    response = client.get(urlsplit(url).path)
    assert response.status_code == status, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert isinstance(body, dict)
    return body


def assert_spec(document: dict[str, Any], kind: str) -> None:
    """Check a document against the spec's required fields and its context and type."""
    missing = SPEC_REQUIRED[kind] - document.keys()
    assert not missing, missing
    assert document["@context"] == CONTEXT
    assert document["type"] == kind
    for field in SPEC_REQUIRED[kind]:
        assert document[field] not in (None, "", [], {}), field


def revoke(certificate: Certificate, make_user: Callable[..., User], reason: str) -> None:
    trainer = make_user(roles=(Role.TRAINER,))
    services.certificate_revoke(certificate_id=certificate.pk, by=trainer, reason=reason)


def test_the_issuer_profile(client: Client, db: None) -> None:
    response = client.get(reverse("credentials:issuer"))
    assert response["Content-Type"] == JSON_LD
    issuer = get_json(client, links.issuer_url())
    assert badges.validate_issuer(issuer) == []
    assert_spec(issuer, "Issuer")
    assert issuer["id"] == links.issuer_url()
    assert issuer["name"] == "Meldwijzer"
    assert issuer["url"] == settings.SITE_URL
    assert "@" in issuer["email"]


def test_the_issuer_email_comes_from_the_settings(
    client: Client, db: None, settings: Settings
) -> None:
    settings.ELEARNING_BADGE_ISSUER_EMAIL = "Meldwijzer <noreply@meldwijzer.example>"
    assert get_json(client, links.issuer_url())["email"] == "noreply@meldwijzer.example"
    settings.ELEARNING_BADGE_ISSUER_EMAIL = "leren@meldwijzer.example"
    assert get_json(client, links.issuer_url())["email"] == "leren@meldwijzer.example"


def test_the_badge_class_of_a_module(client: Client, module: Module) -> None:
    response = client.get(reverse("credentials:badge_class", args=[module.slug]))
    assert response["Content-Type"] == JSON_LD
    assert "max-age" in response["Cache-Control"]
    badge = get_json(client, links.badge_class_url(module.slug))
    assert badges.validate_badge_class(badge) == []
    assert_spec(badge, "BadgeClass")
    files = services.module_content(module)
    assert module.current_version is not None
    # Written in Dutch, the site's default language.
    assert badge["name"] == module.current_version.title_nl
    assert badge["description"] == files.summary.nl
    assert badge["image"] == links.badge_image_url(module.slug)
    assert badge["issuer"] == links.issuer_url()
    criteria = badge["criteria"]
    # The learner's page of the module, where the criteria are met.
    assert criteria["id"] == links.absolute(f"/learn/{module.slug}/")
    assert str(files.pass_mark) in criteria["narrative"]
    # The chain a verifier follows: badge → issuer and image, all on this site.
    assert resolve(urlsplit(badge["issuer"]).path).view_name == "credentials:issuer"
    assert client.get(urlsplit(badge["image"]).path).status_code == 200


def test_every_module_has_a_valid_badge_class(client: Client, modules: dict[str, Module]) -> None:
    assert len(modules) == len(content.modules())
    for slug in modules:
        assert badges.validate_badge_class(get_json(client, links.badge_class_url(slug))) == []


def test_an_unknown_module_has_no_badge(client: Client, module: Module) -> None:
    for name in ("credentials:badge_class", "credentials:badge_image"):
        response = client.get(reverse(name, args=["no-such-module"]))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == {"error": "not found"}
        assert response["Access-Control-Allow-Origin"] == "*"


def test_the_badge_image_is_the_png(client: Client, module: Module) -> None:
    response = client.get(urlsplit(links.badge_image_url(module.slug)).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == BADGE_PNG.read_bytes()
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "PNG"


def test_the_hosted_assertion(client: Client, certificate: Certificate, learner: User) -> None:
    response = client.get(reverse("credentials:assertion", args=[certificate.code]))
    assert response["Content-Type"] == JSON_LD
    assert "no-store" in response["Cache-Control"]
    assertion = get_json(client, links.assertion_url(certificate.code))
    assert badges.validate_assertion(assertion) == []
    assert_spec(assertion, "Assertion")
    assert assertion["id"] == links.assertion_url(certificate.code)
    assert assertion["verification"] == {"type": "hosted"}
    recipient = assertion["recipient"]
    assert recipient.keys() >= RECIPIENT_REQUIRED
    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    assert recipient["salt"] == certificate.badge_salt
    digest = hashlib.sha256((learner.email.lower() + certificate.badge_salt).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${digest}"
    assert learner.email not in json.dumps(assertion)
    assert assertion["badge"] == links.badge_class_url(certificate.module.slug)
    assert assertion["evidence"] == links.verify_url(certificate.code)
    assert "revoked" not in assertion
    issued = datetime.fromisoformat(assertion["issuedOn"])
    assert abs(issued - certificate.completed_at) < timedelta(seconds=1)
    # It expires when the certificate's last valid day ends, Dutch time.
    expires = datetime.fromisoformat(assertion["expires"])
    last_day_ends = datetime.combine(
        certificate.valid_until + timedelta(days=1),
        datetime.min.time(),
        tzinfo=ZoneInfo(settings.TIME_ZONE),
    )
    assert expires == last_day_ends
    assert assertion["expires"].endswith("Z")
    # The badge it names is served, and its issuer too.
    badge = get_json(client, assertion["badge"])
    assert badges.validate_badge_class(badge) == []
    assert badges.validate_issuer(get_json(client, badge["issuer"])) == []


def test_the_recipient_holds_after_the_address_changes(
    client: Client, certificate: Certificate, learner: User
) -> None:
    before = get_json(client, links.assertion_url(certificate.code))["recipient"]
    learner.email = "elsewhere@example.org"
    learner.save()
    assert get_json(client, links.assertion_url(certificate.code))["recipient"] == before


def test_a_mixed_case_address_is_hashed_in_lower_case(
    client: Client, module: Module, make_user: Callable[..., User]
) -> None:
    learner = make_user(roles=(Role.LEARNER,), email="Zoe.Celik@Praktijk.example")
    certificate = complete(learner, module)
    recipient = get_json(client, links.assertion_url(certificate.code))["recipient"]
    digest = hashlib.sha256(
        ("zoe.celik@praktijk.example" + certificate.badge_salt).encode()
    ).hexdigest()
    assert recipient["identity"] == f"sha256${digest}"


@pytest.mark.parametrize("reason", [RevocationReason.MISCONDUCT, RevocationReason.WRONG_PERSON])
def test_a_revoked_assertion_is_gone_and_says_why(
    client: Client,
    certificate: Certificate,
    make_user: Callable[..., User],
    reason: RevocationReason,
) -> None:
    revoke(certificate, make_user, reason)
    response = client.get(reverse("credentials:assertion", args=[certificate.code]))
    assert response.status_code == 410
    assert response["Content-Type"] == JSON_LD
    body = get_json(client, links.assertion_url(certificate.code), status=410)
    assert body["revoked"] is True
    assert body["id"] == links.assertion_url(certificate.code)
    with translation.override(settings.LANGUAGE_CODE):
        assert body["revocationReason"] == str(reason.label)
    assert "recipient" not in body
    png = client.get(reverse("credentials:assertion_png", args=[certificate.code]))
    assert png.status_code == 410
    assert json.loads(png.content)["revoked"] is True


def test_an_expired_certificate_keeps_its_assertion_with_its_expiry(
    client: Client, certificate: Certificate
) -> None:
    yesterday = certificate.completed_at.date() - timedelta(days=1)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=yesterday)
    assertion = get_json(client, links.assertion_url(certificate.code))
    assert badges.validate_assertion(assertion) == []
    assert datetime.fromisoformat(assertion["expires"]) > datetime.fromisoformat(
        assertion["issuedOn"]
    )


def test_the_baked_badge_carries_the_assertion(client: Client, certificate: Certificate) -> None:
    response = client.get(urlsplit(links.baked_badge_url(certificate.code)).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Disposition"] == (
        f'attachment; filename="meldwijzer-badge-{certificate.code}.png"'
    )
    baked = response.content
    text = badges.unbake_png(baked)
    assert text is not None
    assert json.loads(text) == get_json(client, links.assertion_url(certificate.code))
    with Image.open(io.BytesIO(baked)) as image:
        image.verify()
    with Image.open(io.BytesIO(baked)) as image:
        assert image.format == "PNG"
        assert image.size == Image.open(BADGE_PNG).size
        assert json.loads(image.text["openbadges"])["id"] == links.assertion_url(  # type: ignore[attr-defined]
            certificate.code
        )


def test_unknown_and_misspelt_codes(client: Client, certificate: Certificate) -> None:
    for name in ("credentials:assertion", "credentials:assertion_png"):
        for code in ("0000-0000-0000-0000", "nonsense"):
            response = client.get(reverse(name, args=[code]))
            assert response.status_code == 404
            assert json.loads(response.content) == {"error": "not found"}
            assert response["Access-Control-Allow-Origin"] == "*"
        response = client.get(reverse(name, args=[certificate.code.lower()]))
        assert response.status_code == 301
        assert response["Location"] == reverse(name, args=[certificate.code])
        assert response["Access-Control-Allow-Origin"] == "*"


def test_the_badge_endpoints_answer_get_and_head_only(
    client: Client, certificate: Certificate
) -> None:
    paths = [
        reverse("credentials:issuer"),
        reverse("credentials:badge_class", args=[certificate.module.slug]),
        reverse("credentials:badge_image", args=[certificate.module.slug]),
        reverse("credentials:assertion", args=[certificate.code]),
        reverse("credentials:assertion_png", args=[certificate.code]),
    ]
    for path in paths:
        assert client.head(path).status_code == 200, path
        for method in (client.post, client.put, client.delete):
            response = method(path)
            assert response.status_code == 405, (method, path)
            assert response["Access-Control-Allow-Origin"] == "*"
