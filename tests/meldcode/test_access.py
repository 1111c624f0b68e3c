"""Every URL of the project needs a password and a verified second factor.

The test walks the whole URLconf, so a view added later is covered without
anyone remembering to add it here; the only way past is the explicit
allow-list below.
"""

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from meldcode.accounts.models import User
from meldcode.security import ANY_ROLE, declared_roles, is_public

# Views anyone may reach: the login and second-factor pages, the language
# switch, and the machine endpoints. Adding a name here is a security decision.
ALLOWED_PUBLIC = {
    "accounts:login",
    "accounts:verify",
    "accounts:enrol",
    "accounts:logout",
    "set_language",
    "healthz",
    "vt_schema_v1",
    "vt_openapi_v1",
    # Authenticates each request by its sender's signature instead.
    "vt_intake_reports",
    "vt_terugkoppeling",
    # Anyone can check a certificate and read its Open Badges documents.
    "credentials:verify_form",
    "credentials:verify",
    "credentials:issuer",
    "credentials:badge_class",
    "credentials:badge_image",
    "credentials:assertion",
    "credentials:assertion_png",
}

SAMPLES = {
    "reference": "MW-X",
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": str(uuid.UUID(int=1)),
    "path": "x/y",
    "certificate_code": "ABCD-EFGH-JKMN-PQRS",
}


def sample_regex(regex: str) -> str:
    """Make a path that the (simple, admin-style) regex matches."""
    pattern = regex.lstrip("^").rstrip("$").replace("\\Z", "")

    def group(match: re.Match[str]) -> str:
        body = match.group(2)
        if "|" in body:
            return body.split("|")[0]
        if body in (".+", ".*", "[^/]+"):
            return "x"
        return "1"

    path = re.sub(r"\(\?P<(\w+)>([^)]*)\)", group, pattern)
    path = re.sub(r"\(\?:[^)]*\)\??", "", path)
    return path.replace("\\", "")


def sample_route(route: str) -> str:
    """Fill each converter of a path() route with a sample value."""
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    """Yield (sample path, qualified name, view) for every URL pattern."""
    for entry in patterns:
        pattern = entry.pattern
        part = (
            sample_route(str(pattern))
            if isinstance(pattern, RoutePattern)
            else sample_regex(pattern.regex.pattern)
            if isinstance(pattern, RegexPattern)
            else str(pattern)
        )
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + part, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed>"
            yield "/" + prefix + part, name, entry.callback


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)), key=lambda row: row[0])
PROTECTED = [(path, name) for path, name, view in ALL_URLS if not is_public(view)]


def test_the_walk_finds_the_whole_urlconf() -> None:
    names = {name for _, name, _ in ALL_URLS}
    assert {"home", "accounts:security", "admin:index", "admin:accounts_user_changelist"} <= names
    assert len(PROTECTED) > 30


def test_only_the_allow_list_is_public() -> None:
    public = {name for _, name, view in ALL_URLS if is_public(view)}
    assert public == ALLOWED_PUBLIC


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), PROTECTED, ids=[name for _, name in PROTECTED])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(
    client: Client, path: str, name: str, method: str
) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == 302, f"{method.upper()} {path} answered {response.status_code}"
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), PROTECTED, ids=[name for _, name in PROTECTED])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_password_alone_is_not_enough(
    client: Client, clinician: User, path: str, name: str, method: str
) -> None:
    clinician.is_staff = clinician.is_superuser = True
    clinician.save()
    client.force_login(clinician)
    response = getattr(client, method)(path)
    assert response.status_code == 302, f"{method.upper()} {path} answered {response.status_code}"
    assert response["Location"].startswith(reverse("accounts:verify"))


@pytest.mark.django_db
def test_a_password_alone_without_a_device_leads_to_enrolment(client: Client, make_user) -> None:
    client.force_login(make_user())
    response = client.get(reverse("home"))
    assert response["Location"] == f"{reverse('accounts:enrol')}?next=%2F"


@pytest.mark.django_db
def test_a_verified_session_reaches_the_pages(verified_client: Client) -> None:
    assert verified_client.get(reverse("home")).status_code == 200
    assert verified_client.get(reverse("accounts:security")).status_code == 200


@pytest.mark.django_db
def test_the_admin_needs_staff_and_the_second_factor(
    verified_client: Client, clinician: User
) -> None:
    assert verified_client.get(reverse("admin:index")).status_code == 302
    clinician.is_staff = clinician.is_superuser = True
    clinician.save()
    assert verified_client.get(reverse("admin:index")).status_code == 200
    assert verified_client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_every_view_declares_its_roles() -> None:
    """Besides the public ones, every view says who may use it (the admin has its own checks)."""
    undeclared = [
        name
        for _, name, view in ALL_URLS
        if not is_public(view) and not name.startswith("admin:") and declared_roles(view) is None
    ]
    assert undeclared == []
    declared = {name: declared_roles(view) for _, name, view in ALL_URLS}
    assert declared["signals:weigh"] == frozenset({"clinician"})
    assert declared["home"] == frozenset({ANY_ROLE})


@pytest.mark.django_db
def test_a_view_for_one_role_refuses_the_others(client: Client, make_user) -> None:
    from meldcode.accounts.models import Role
    from tests.helpers import verify_session

    verify_session(client, make_user(roles=(Role.TRAINER,)))
    assert client.get(reverse("signals:weigh")).status_code == 403
    assert client.get(reverse("home")).status_code == 200
