"""The "Signalen wegen" page: pick, see the profile, nothing stored, no 500s."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signals.catalogue import load
from signals.models import CatalogueVersion
from signals.weighing import weigh
from tests.conftest import verify_session

URL = reverse("signals:weigh")
CATALOGUE = load()


def strongest_codes() -> list[str]:
    """Return codes that make every dimension positive, hence a strong suspicion."""
    chosen = []
    for signal in CATALOGUE.signals:
        if signal.counter or signal.dimension is None:
            continue
        chosen.append(signal.code)
    return chosen


@pytest.mark.django_db
class TestWeighPage:
    def test_the_page_shows_every_signal_grouped_by_type(self, verified_client: Client) -> None:
        response = verified_client.get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        for signal in CATALOGUE.signals:
            assert f'value="{signal.code}"' in html
        assert html.count("<fieldset") == 4
        assert response.context["profile"]["level"] == "geen"

    def test_choosing_signals_shows_their_profile(self, verified_client: Client) -> None:
        codes = strongest_codes()
        response = verified_client.post(URL, {"signals": codes})
        assert response.status_code == 200
        expected = weigh(codes)
        assert response.context["profile"]["level"] == expected.level == "sterk_vermoeden"
        html = response.content.decode()
        assert 'data-level="sterk_vermoeden"' in html
        for code in codes:
            assert (
                f'value="{code}" id="signal-{code}" aria-describedby="signal-{code}-help" checked'
                in html
            )

    def test_the_minor_rule_is_applied_when_asked(self, verified_client: Client) -> None:
        recruitment_and_exploitation = [
            s.code
            for s in CATALOGUE.signals
            if not s.counter
            and s.dimension in {"deceptive_recruitment", "coercive_recruitment", "exploitation"}
        ]
        adult = verified_client.post(URL, {"signals": recruitment_and_exploitation})
        minor = verified_client.post(URL, {"signals": recruitment_and_exploitation, "minor": "on"})
        assert adult.context["profile"]["level"] == "vermoeden"
        assert minor.context["profile"]["level"] == "sterk_vermoeden"

    def test_the_partial_request_returns_only_the_panel(self, verified_client: Client) -> None:
        response = verified_client.post(
            URL, {"signals": strongest_codes()[:3]}, headers={"X-Meldwijzer-Partial": "profile"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith("<section")
        assert "<html" not in html

    def test_the_filter_hides_but_keeps_chosen_signals(self, verified_client: Client) -> None:
        target = CATALOGUE.signals[0]
        response = verified_client.post(URL, {"signals": [target.code], "q": "zzzzqqq"})
        html = response.content.decode()
        assert response.status_code == 200
        assert f'value="{target.code}"' in html
        groups = response.context["groups"]
        assert all(group.visible_count == 0 for group in groups)
        assert (
            response.context["profile"]["signal_count"]
            + len(response.context["profile"]["counter_signals"])
            == 1
        )

    @pytest.mark.parametrize(
        "data",
        [
            {"signals": ["not_a_signal"]},
            {"signals": ["<script>alert(1)</script>"]},
            {"signals": [CATALOGUE.signals[0].code, "x" * 5000]},
            {"q": "x" * 500},
        ],
    )
    def test_tampered_input_gets_a_clear_message_not_a_500(
        self, verified_client: Client, data: dict[str, object]
    ) -> None:
        response = verified_client.post(URL, data)
        assert response.status_code == 400
        html = response.content.decode()
        assert 'role="alert"' in html
        assert "<script>alert(1)</script>" not in html
        assert response.context["profile"] is None

    def test_chosen_signals_survive_a_refused_submission(self, verified_client: Client) -> None:
        good = CATALOGUE.signals[1].code
        response = verified_client.post(URL, {"signals": [good, "not_a_signal"]})
        assert response.status_code == 400
        assert (
            f'value="{good}" id="signal-{good}" aria-describedby="signal-{good}-help" checked'
            in (response.content.decode())
        )

    def test_nothing_is_stored(self, verified_client: Client) -> None:
        with CaptureQueriesContext(connection) as queries:
            verified_client.post(URL, {"signals": strongest_codes()})
        writes = [
            q["sql"]
            for q in queries
            if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
            and "django_session" not in q["sql"]
        ]
        assert writes == []

    def test_the_page_is_for_clinicians(self, client: Client, make_user) -> None:
        trainer = make_user(roles=())
        verify_session(client, trainer)
        assert client.get(URL).status_code == 403

    def test_english_texts_are_shown_in_english(self, verified_client: Client) -> None:
        verified_client.post(reverse("set_language"), {"language": "en", "next": "/"})
        signal = CATALOGUE.signals[0]
        html = verified_client.get(URL).content.decode()
        assert signal.label.en in html


@pytest.mark.django_db
def test_the_catalogue_version_is_recorded_after_migrating() -> None:
    record = CatalogueVersion.objects.get(version=CATALOGUE.version)
    assert record.signal_count == len(CATALOGUE.signals)
    assert record.signals.count() == len(CATALOGUE.signals)
    assert record.as_catalogue() == CATALOGUE


@pytest.mark.django_db
def test_older_versions_stay_readable_after_the_catalogue_changes(tmp_path) -> None:
    from django.core.management import call_command

    from signals.catalogue import catalogue_to_dict

    data = catalogue_to_dict(CATALOGUE)
    data["signals"][0]["label"]["nl"] = "Gewijzigd label"
    (tmp_path / "catalogue.toml").write_text(
        'edition = "2026.1"\ntitle = { nl = "T", en = "T" }\n', "utf-8"
    )
    lines = []
    for s in data["signals"]:
        lines.append("[[signal]]")
        for key, value in s.items():
            if isinstance(value, dict):
                inner = ", ".join(f"{k} = {quote(v)}" for k, v in value.items())
                lines.append(f"{key} = {{ {inner} }}")
            elif isinstance(value, list):
                lines.append(f"{key} = [{', '.join(quote(v) for v in value)}]")
            elif isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            else:
                lines.append(f"{key} = {quote(value)}")
    (tmp_path / "all.toml").write_text("\n".join(lines), "utf-8")
    call_command("load_catalogue", directory=tmp_path)
    assert CatalogueVersion.objects.count() == 2
    old = CatalogueVersion.objects.get(version=CATALOGUE.version).as_catalogue()
    assert old.signals[0].label.nl == CATALOGUE.signals[0].label.nl


def quote(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
