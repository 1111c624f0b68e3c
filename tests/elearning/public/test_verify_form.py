"""The form to type a code: a readable code goes on to its page, anything else is a form error."""

from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elearning.certificates import read_code
from elearning.models import Certificate

from .pages import attribute, verify_path

FORM = reverse("credentials:verify_form")


def test_the_empty_form_asks_for_a_code(db: None, client: Client) -> None:
    response = client.get(FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="code"' in html
    assert 'for="id_code"' in html  # labelled
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


def test_a_typed_code_goes_to_its_canonical_page(client: Client, certificate: Certificate) -> None:
    typed = f"  {certificate.code.lower().replace('-', ' ')} "
    response = client.get(FORM, {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == verify_path(certificate.code)
    page = client.get(response["Location"])
    assert attribute(page.content.decode(), "data-state") == ["valid"]


def test_something_that_is_no_code_is_a_form_error(db: None, client: Client) -> None:
    for typed in ("", "hello", "7K3P-9QX2", "x" * 500, "7K3P-9QX2-M4TD-H8V!"):
        response = client.get(FORM, {"code": typed})
        assert response.status_code == 400, typed
        html = response.content.decode()
        assert 'aria-invalid="true"' in html
        assert 'id="id_code_error"' in html


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(typed=st.text(max_size=80))
def test_any_input_is_a_redirect_or_a_form_error(db: None, client: Client, typed: str) -> None:
    response = client.get(f"{FORM}?{urlencode({'code': typed})}")
    canonical = read_code(typed) if "\x00" not in typed else None
    if canonical is not None and len(typed) <= 60:
        assert response.status_code == 302
        assert response["Location"] == verify_path(canonical)
    else:
        assert response.status_code == 400
