"""Project-wide behaviour: health check, security headers and settings."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meldcode.accounts.models import ThrottleBucket

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
class TestHealthz:
    def test_answers_ok_with_a_tiny_json_body(self, client: Client) -> None:
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"status": "ok"}

    def test_sets_no_cookie_and_writes_nothing(self, verified_client: Client) -> None:
        # Even with a logged-in session cookie along, the probe only reads.
        with CaptureQueriesContext(connection) as queries:
            response = verified_client.get("/healthz")
        assert response.status_code == 200
        assert not response.cookies
        statements = [q["sql"].lstrip().split()[0].upper() for q in queries]
        assert statements == ["SELECT"]

    def test_refuses_writes(self, client: Client) -> None:
        assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
class TestSecurityHeaders:
    def test_every_page_has_a_strict_content_security_policy(self, client: Client) -> None:
        response = client.get(reverse("accounts:login"))
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy

    def test_framing_and_referrers_are_refused(self, client: Client) -> None:
        response = client.get(reverse("accounts:login"))
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_pages_contain_no_inline_script_or_style(self, verified_client: Client) -> None:
        for url in (reverse("accounts:login"), reverse("home"), reverse("accounts:security")):
            html = verified_client.get(url).content.decode()
            assert "<script>" not in html
            assert "<style" not in html
            assert " style=" not in html


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with the project settings and ``env``."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="meldcode.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestSettings:
    def test_production_refuses_the_development_secret_key(self) -> None:
        result = run_python("import django; django.setup()", DEBUG="false")
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_production_with_a_real_key_passes_the_deployment_checks(self) -> None:
        result = run_python(
            "import django; django.setup();"
            "from django.core.management import call_command;"
            "call_command('check', deploy=True, fail_level='WARNING')",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="meldwijzer.example.nl",
            FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        )
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout

    def test_production_refuses_to_start_without_field_encryption_keys(self) -> None:
        result = run_python(
            "import django; django.setup()",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="meldwijzer.example.nl",
        )
        assert result.returncode != 0
        assert "FIELD_ENCRYPTION_KEYS" in result.stderr

    def test_a_malformed_boolean_is_a_clear_error(self) -> None:
        result = run_python("import django; django.setup()", DEBUG="maybe")
        assert result.returncode != 0
        assert "DEBUG must be true or false" in result.stderr

    def test_the_defaults_are_dutch_in_amsterdam_time(self, settings) -> None:
        assert settings.LANGUAGE_CODE == "nl"
        assert settings.TIME_ZONE == "Europe/Amsterdam"
        assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 30


@pytest.mark.django_db
class TestErrorPages:
    def test_an_unknown_page_is_a_friendly_404(self, verified_client: Client) -> None:
        response = verified_client.get("/does-not-exist/")
        assert response.status_code == 404
        assert 'id="main"' in response.content.decode()

    def test_an_expired_form_token_is_explained_and_changes_nothing(
        self, clinician, db: None
    ) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            reverse("accounts:login"), {"username": clinician.email, "password": "x"}
        )
        assert response.status_code == 403
        assert 'id="main"' in response.content.decode()
        # Nothing was counted: the attempt never reached the login form.
        assert not ThrottleBucket.objects.exists()

    def test_the_server_error_page_renders_without_a_request_context(self) -> None:
        from django.template.loader import render_to_string

        html = render_to_string("500.html")
        assert "0800-2000" in html


def test_the_admin_site_is_set_by_the_admin_config() -> None:
    from django.contrib import admin

    from meldcode.admin_site import MeldwijzerAdminSite

    assert isinstance(admin.site, MeldwijzerAdminSite)
    assert admin.site.site_header == "Meldwijzer"
