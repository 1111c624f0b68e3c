"""Dutch by default, English complete, every message translated."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from meldcode import i18n


def test_every_message_in_the_source_is_translated_in_every_catalogue() -> None:
    problems = i18n.check_catalogues()
    assert problems == [], "\n".join(str(p) for p in problems)


def test_extraction_finds_messages_in_python_and_templates() -> None:
    locations = {path for message in i18n.extract_messages() for path, _line in message.locations}
    assert "meldcode/accounts/forms.py" in locations
    assert "meldcode/templates/base.html" in locations


def test_the_check_reports_an_untranslated_message(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    problems = i18n.check_catalogues()
    assert any(p.reason == "missing from the catalogue" for p in problems)
    i18n.update_catalogues()
    problems = i18n.check_catalogues()
    assert {p.language for p in problems} == {"nl"}
    assert {p.reason for p in problems} == {"untranslated"}


def test_the_compiled_catalogues_translate() -> None:
    with translation.override("nl"):
        assert translation.gettext("Log in") == "Inloggen"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


@pytest.mark.django_db
def test_pages_are_dutch_unless_english_is_chosen(client: Client) -> None:
    page = client.get(reverse("accounts:login"))
    assert '<html lang="nl">' in page.content.decode()
    assert "Inloggen" in page.content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()
    assert "Log in" in page.content.decode()


def test_compiling_takes_effect_in_a_running_process() -> None:
    # demo compiles after migrating, in the process that then serves.
    for path in (i18n.catalogue_path(lang, "mo") for lang in i18n.LANGUAGES):
        path.unlink()
    i18n.forget_loaded_translations([i18n.catalogue_path("nl", "mo")])
    with translation.override("nl"):
        assert translation.gettext("Log in") != "Inloggen"
    i18n.compile_catalogues()
    with translation.override("nl"):
        assert translation.gettext("Log in") == "Inloggen"


def test_a_template_whose_indentation_steps_back_oddly_still_extracts() -> None:
    template = (
        b"<ul>\n"
        b'        {% translate "Deep" %}\n'
        b"    <li>{% blocktranslate trimmed %}\n"
        b"      One line,\n"
        b"       another {{ x }}\n"
        b"    {% endblocktranslate %}</li>\n"
        b'  {% translate "Shallow" %}\n'
        b"</ul>\n"
    )
    messages = i18n.extract_django_template(io.BytesIO(template), i18n.KEYWORDS, [], {})
    found = [message[2] for message in messages]
    assert found == ["Deep", "One line, another %(x)s", "Shallow"]
