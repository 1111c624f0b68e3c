"""The "Signalen wegen" page: pick, see the profile, nothing stored, no 500s."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signals.catalogue import DATA_DIR, load
from signals.models import CatalogueVersion
from signals.weighing import weigh
from tests.helpers import verify_session

URL = reverse("signals:weigh")
CATALOGUE = load()


def strongest_codes() -> list[str]:
    """Return a signal of every indicator for adults: every element meets the ILO rule."""
    seen: set[str] = set()
    chosen = []
    for signal in CATALOGUE.signals:
        if signal.counter or signal.indicator is None or signal.population == "minor":
            continue
        if signal.indicator not in seen:
            seen.add(signal.indicator)
            chosen.append(signal.code)
    return chosen


def checked(html: str, code: str) -> bool:
    attributes = f'id="signal-{code}" aria-describedby="signal-{code}-help" data-weigh-input'
    return f'value="{code}" {attributes} checked' in html


@pytest.mark.django_db
class TestWeighPage:
    def test_the_page_shows_every_signal_grouped_by_type(self, verified_client: Client) -> None:
        response = verified_client.get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        for signal in CATALOGUE.signals:
            assert f'value="{signal.code}"' in html
        assert html.count("<details") == 4
        assert response.context["profile"]["level"] == "geen"
        # Nothing chosen: every group starts closed, nothing is checked.
        assert " checked" not in html.split('id="picker-groups"')[1]
        assert '<details class="picker__group" data-picker-group open' not in html

    def test_choosing_signals_shows_their_profile(self, verified_client: Client) -> None:
        codes = strongest_codes()
        response = verified_client.post(URL, {"signals": codes})
        assert response.status_code == 200
        expected = weigh(codes)
        assert response.context["profile"]["level"] == expected.level == "alle_elementen"
        html = response.content.decode()
        assert 'data-level="alle_elementen"' in html
        for code in codes:
            assert checked(html, code)
        # Groups with a chosen signal start open.
        assert all(group.open for group in response.context["groups"] if group.selected_count)

    def test_the_minor_rule_is_applied_when_asked(self, verified_client: Client) -> None:
        recruitment_and_exploitation = [
            s.code
            for s in CATALOGUE.signals
            if not s.counter
            and s.population == "all"
            and s.dimension in {"deceptive_recruitment", "coercive_recruitment", "exploitation"}
        ]
        adult = verified_client.post(URL, {"signals": recruitment_and_exploitation})
        minor = verified_client.post(URL, {"signals": recruitment_and_exploitation, "minor": "on"})
        assert adult.context["profile"]["level"] == "elementen"
        assert adult.context["profile"]["list"].startswith("adult_")
        assert minor.context["profile"]["level"] == "alle_elementen"
        assert minor.context["profile"]["list"].startswith("child_")

    def test_the_partial_request_returns_only_the_panel_and_summary(
        self, verified_client: Client
    ) -> None:
        response = verified_client.post(
            URL, {"signals": strongest_codes()[:3]}, headers={"X-Meldwijzer-Partial": "profile"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith('<div data-part="profile">')
        assert '<div data-part="summary">' in html
        assert "<html" not in html
        assert "picker-groups" not in html

    def test_the_filter_hides_but_keeps_chosen_signals(self, verified_client: Client) -> None:
        target = CATALOGUE.signals[0]
        response = verified_client.post(URL, {"signals": [target.code], "q": "zzzzqqq"})
        html = response.content.decode()
        assert response.status_code == 200
        assert checked(html, target.code)
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
            {"signals": ["not_a_signal"], "minor": "on", "domestic": "on"},
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

    def test_a_refused_partial_update_carries_its_message(self, verified_client: Client) -> None:
        response = verified_client.post(
            URL, {"signals": ["not_a_signal"]}, headers={"X-Meldwijzer-Partial": "profile"}
        )
        assert response.status_code == 400
        panel = response.content.decode().split('<div data-part="summary">')[0]
        assert 'role="alert"' in panel
        assert "not_a_signal" in panel
        assert '<div data-part="status"></div>' in response.content.decode()

    def test_the_partial_update_announces_the_level(self, verified_client: Client) -> None:
        response = verified_client.post(
            URL,
            {"signals": ["signs_of_strangulation_or_restraint"]},
            headers={"X-Meldwijzer-Partial": "profile"},
        )
        status = response.content.decode().split('<div data-part="status">')[1]
        assert status.startswith("Signalen, nog geen element. Acuut gevaar: 112")

    def test_chosen_signals_survive_a_refused_submission(self, verified_client: Client) -> None:
        good = CATALOGUE.signals[1].code
        response = verified_client.post(URL, {"signals": [good, "not_a_signal"]})
        assert response.status_code == 400
        assert checked(response.content.decode(), good)

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
def test_older_versions_stay_readable_after_the_catalogue_changes(tmp_path: Path) -> None:
    from django.core.management import call_command

    directory = tmp_path / "data"
    shutil.copytree(DATA_DIR, directory)
    first = CATALOGUE.signals[0]
    path = directory / f"{first.type}.toml"
    text = path.read_text("utf-8")
    assert first.label.nl in text
    path.write_text(text.replace(first.label.nl, "Gewijzigd label", 1), "utf-8")
    call_command("load_catalogue", directory=directory)
    assert CatalogueVersion.objects.count() == 2
    old = CatalogueVersion.objects.get(version=CATALOGUE.version).as_catalogue()
    assert old.signals[0].label.nl == first.label.nl
    new = CatalogueVersion.objects.exclude(version=CATALOGUE.version).get().as_catalogue()
    assert new.signals[0].label.nl == "Gewijzigd label"


@pytest.mark.django_db
class TestProfileWording:
    """What the panel says: lists, indicators, routes, notices, in words that do not judge."""

    def post(self, client: Client, codes: list[str], **extra: str) -> Any:
        return client.post(URL, {"signals": codes, **extra})

    def test_one_positive_dimension_meets_the_ilo_rule_without_judging(
        self, verified_client: Client
    ) -> None:
        response = self.post(
            verified_client, ["cannot_refuse_clients_or_unsafe_sex", "threatened_with_violence"]
        )
        html = response.content.decode()
        assert response.context["profile"]["level"] == "elementen"
        panel = html.split('id="profile"')[1]
        assert "voldoet aan de ILO-regel" in panel
        for word in ("vermoeden", "aannemelijk", "plausib"):
            assert word not in panel.lower()
        # Which list, which indicators and which signals stood for them.
        assert 'data-list="adult_sexual"' in html
        assert "volwassenen, seksuele uitbuiting" in html
        forced = CATALOGUE.indicators["coercion_at_destination.forced_tasks_or_clients"]
        assert forced.label.nl in html
        assert CATALOGUE.by_code["cannot_refuse_clients_or_unsafe_sex"].label.nl in html

    def test_the_routes_follow_the_patient(self, verified_client: Client) -> None:
        adult = self.post(verified_client, ["works_excessive_hours"])
        assert [r["code"] for r in adult.context["profile"]["routes"]] == [
            "zorgcoordinator",
            "veilig_thuis",
            "politie",
            "arbeidsinspectie",
        ]
        assert 'href="tel:08005151"' in adult.content.decode()
        minor = self.post(verified_client, ["works_excessive_hours"], minor="on", shelter="on")
        assert [r["code"] for r in minor.context["profile"]["routes"]] == ["veilig_thuis"]
        domestic = self.post(verified_client, ["repeated_stis"], domestic="on", shelter="on")
        assert [r["code"] for r in domestic.context["profile"]["routes"]][:2] == [
            "veilig_thuis",
            "comensha",
        ]
        assert self.post(verified_client, []).context["profile"]["routes"] == []

    def test_an_acute_signal_puts_112_first_with_a_banner(self, verified_client: Client) -> None:
        response = self.post(verified_client, ["signs_of_strangulation_or_restraint"])
        html = response.content.decode()
        assert "data-acute" in html
        assert 'href="tel:112"' in html
        assert response.context["profile"]["routes"][0]["code"] == "112"
        summary = html.split("data-profile-summary")[1]
        assert "summary--acute" in summary
        assert "data-acute" not in self.post(verified_client, ["repeated_stis"]).content.decode()

    def test_the_notices_for_organ_removal_forced_criminality_and_age(
        self, verified_client: Client
    ) -> None:
        organ = self.post(verified_client, ["missing_kidney_without_medical_history"])
        assert 'data-notice="organ-removal"' in organ.content.decode()
        runner = self.post(
            verified_client, ["minor_carries_drugs_or_cash_for_others"], minor="on"
        ).content.decode()
        assert 'data-notice="forced-criminality"' in runner
        assert "273f Sr" in runner
        adult = self.post(verified_client, ["minor_carries_drugs_or_cash_for_others"])
        html = adult.content.decode()
        assert 'data-notice="not-applicable"' in html
        assert 'data-notice="forced-criminality"' not in html

    def test_questions_for_a_minor_use_je(self, verified_client: Client) -> None:
        response = self.post(
            verified_client, ["minor_carries_drugs_or_cash_for_others"], minor="on"
        )
        questions = response.context["profile"]["questions"]
        assert questions
        for question in questions:
            words = {w.strip("?,.!").lower() for w in question["question"].split()}
            assert not words & {"u", "uw"}

    def test_the_filter_text_is_capped_with_a_clear_message(self, verified_client: Client) -> None:
        response = verified_client.post(URL, {"q": "x" * 101})
        assert response.status_code == 400
        assert "100" in response.content.decode()


@pytest.mark.django_db
class TestExplanationPage:
    EXPLANATION = reverse("signals:explanation")

    def test_it_explains_the_lists_the_levels_and_every_unverified_grade(
        self, verified_client: Client
    ) -> None:
        response = verified_client.get(self.EXPLANATION)
        assert response.status_code == 200
        html = response.content.decode()
        for indicator in CATALOGUE.indicators.values():
            assert indicator.label.nl in html
        assert len(response.context["unverified"]) == len(CATALOGUE.unverified_grades) > 0
        marked = html.count('<sup aria-hidden="true">*</sup>')
        assert marked == len(CATALOGUE.unverified_grades)
        assert html.count("(niet gecontroleerd aan de hand van de brochure)") == marked
        for name in ("Alle elementen: voldoet aan de ILO-regel", "kinderen, seksuele uitbuiting"):
            assert name in html

    def test_it_is_for_clinicians(self, client: Client, make_user) -> None:
        verify_session(client, make_user(roles=()))
        assert client.get(self.EXPLANATION).status_code == 403
