"""The strict catalogue loader, and the real catalogue passing it."""

from collections import Counter
from pathlib import Path

import pytest

from signals.catalogue import (
    CatalogueError,
    catalogue_from_dict,
    catalogue_to_dict,
    load,
    parse_directory,
)
from signals.vocabulary import DIMENSIONS, FORMS, LISTS, TYPES

META = 'edition = "t1"\ntitle = { nl = "Titel", en = "Title" }\n'
ALL_STRONG = (
    'adult_labour = "strong", adult_sexual = "strong", child_labour = "strong", '
    'child_sexual = "strong"'
)
INDICATORS = "".join(
    f"""
[[indicator]]
dimension = "{dimension}"
id = "{indicator_id}"
grades = {{ {ALL_STRONG} }}
label = {{ nl = "Indicator", en = "Indicator" }}
source = "test"
"""
    for dimension in DIMENSIONS
    for indicator_id in ("debt_bondage", "other")
)
GOOD = """
[[signal]]
code = "debt_to_boss"
type = "situational"
forms = ["arbeidsuitbuiting"]
indicator = "coercion_at_destination.debt_bondage"
counter = false
acute = false
population = "all"
source = "ILO/EC 2009, debt bondage"
label = { nl = "Schuld bij de baas", en = "Debt to the boss" }
explanation = { nl = "Schuld bindt.", en = "Debt binds." }
question = { nl = "Hoe gaat het met uw geld?", en = "How are you doing for money?" }
question_minor = { nl = "Hoe gaat het met je geld?", en = "How are you doing for money?" }
"""


def write(tmp_path: Path, body: str, meta: str = META, indicators: str = INDICATORS) -> Path:
    (tmp_path / "catalogue.toml").write_text(meta, encoding="utf-8")
    (tmp_path / "indicators.toml").write_text(indicators, encoding="utf-8")
    (tmp_path / "situational.toml").write_text(body, encoding="utf-8")
    return tmp_path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    catalogue = parse_directory(write(tmp_path, GOOD))
    signal = catalogue.by_code["debt_to_boss"]
    assert signal.indicator == "coercion_at_destination.debt_bondage"
    assert signal.dimension == "coercion_at_destination"
    assert signal.question is not None
    assert signal.question.nl.endswith("uw geld?")
    assert signal.question_for(minor=True) == signal.question_minor
    assert catalogue.version.startswith("t1+")
    indicator = catalogue.indicators["coercion_at_destination.debt_bondage"]
    assert indicator.grades == dict.fromkeys(LISTS, "strong")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("counter = false", "counter = false\ncolour = 'red'"), "unknown key 'colour'"),
        (('type = "situational"', 'type = "social"'), "'type' is 'social'"),
        (
            ("coercion_at_destination.debt_bondage", "exploitation.nothing"),
            "'exploitation.nothing' does not exist",
        ),
        (('"arbeidsuitbuiting"]', '"slavery"]'), "'forms' must be a list"),
        (('forms = ["arbeidsuitbuiting"]', "forms = []"), "only be empty for a counter-signal"),
        (('en = "Debt to the boss"', 'en = ""'), "the en translation is missing"),
        ((', en = "Debt binds."', ""), "'explanation': the en translation is missing"),
        (('population = "all"', 'population = "elderly"'), "'population' is 'elderly'"),
        (("counter = false", 'counter = "no"'), "'counter' must be true or false"),
        (("acute = false", "acute = 1"), "'acute' must be true or false"),
        (('en = "Debt binds."', 'en = "Debt\\u0000 binds."'), "contains a control character"),
        (('code = "debt_to_boss"', 'code = "Debt Boss"'), "'code' must be"),
        (('source = "ILO/EC 2009, debt bondage"\n', ""), "missing key 'source'"),
        (("acute = false\n", ""), "missing key 'acute'"),
        (("[[signal]]", "[[signal]\n"), "not valid TOML"),
        (("question_minor = {", "question_other = {"), "unknown key 'question_other'"),
        (
            ('population = "all"', 'population = "adult"'),
            "a signal for adults has no 'question_minor'",
        ),
        (
            ('population = "all"', 'population = "minor"'),
            "a signal for minors asks with 'question_minor' only",
        ),
        (("counter = false", "counter = true"), "a counter-signal suggests no question"),
    ],
)
def test_every_mistake_in_a_signal_is_an_error_naming_the_file_and_signal(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(CatalogueError) as error:
        parse_directory(write(tmp_path, GOOD.replace(old, new, 1)))
    assert message in str(error.value)
    assert "situational.toml" in str(error.value)
    if "TOML" not in message and "'code' must" not in message:
        assert "debt_to_boss" in str(error.value)


FIRST = 'dimension = "deceptive_recruitment"\nid = "debt_bondage"'


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("grades = {", "colour = 'red'\ngrades = {"), "unknown key 'colour'"),
        (
            ('dimension = "deceptive_recruitment"', 'dimension = "transport"'),
            "'dimension' is 'transport'",
        ),
        (
            ('adult_labour = "strong"', 'adult_labour = "huge"'),
            "the grade on 'adult_labour' is 'huge'",
        ),
        (
            ('child_sexual = "strong"', 'child_sexual = "weak"'),
            "the child lists have no weak grade",
        ),
        (('child_labour = "strong", ', ""), "'grades': missing key 'child_labour'"),
        ((ALL_STRONG, ALL_STRONG.replace('"strong"', '"none"')), "on none of the lists"),
        (
            ('source = "test"', 'source = "test"\nunverified = ["adult_erotic"]'),
            "'unverified' must be a list",
        ),
        (
            ('label = { nl = "Indicator", en = "Indicator" }', 'label = { nl = "Indicator" }'),
            "the en translation is missing",
        ),
    ],
)
def test_every_mistake_in_an_indicator_is_an_error_naming_it(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    first, rest = INDICATORS.split("[[indicator]]", 2)[1:]
    assert old in first
    indicators = "[[indicator]]" + first.replace(old, new, 1) + "[[indicator]]" + rest
    with pytest.raises(CatalogueError) as error:
        parse_directory(write(tmp_path, GOOD, indicators=indicators))
    assert message in str(error.value)
    assert "indicators.toml" in str(error.value)


def test_every_list_needs_an_indicator_in_every_dimension(tmp_path: Path) -> None:
    blocks = INDICATORS.split("[[indicator]]")
    incomplete = "[[indicator]]".join(
        block.replace('adult_sexual = "strong"', 'adult_sexual = "none"')
        if 'dimension = "exploitation"' in block
        else block
        for block in blocks
    )
    assert incomplete != INDICATORS
    with pytest.raises(CatalogueError, match="the list 'adult_sexual' has no indicator") as error:
        parse_directory(write(tmp_path, GOOD, indicators=incomplete))
    assert "'exploitation'" in str(error.value)


def test_a_duplicate_indicator_is_an_error(tmp_path: Path) -> None:
    first = "[[indicator]]" + INDICATORS.split("[[indicator]]")[1]
    with pytest.raises(CatalogueError, match=r"'deceptive_recruitment\.debt_bondage': duplicate"):
        parse_directory(write(tmp_path, GOOD, indicators=INDICATORS + first))


def test_duplicate_codes_across_files_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    (tmp_path / "physical.toml").write_text(GOOD.replace("situational", "physical"), "utf-8")
    with pytest.raises(CatalogueError, match=r"'debt_to_boss': duplicate code, already in"):
        parse_directory(tmp_path)


def test_a_missing_meta_or_indicator_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "situational.toml").write_text(GOOD, "utf-8")
    with pytest.raises(CatalogueError, match=r"catalogue\.toml"):
        parse_directory(tmp_path)
    (tmp_path / "catalogue.toml").write_text(META, "utf-8")
    with pytest.raises(CatalogueError, match=r"indicators\.toml"):
        parse_directory(tmp_path)


def test_any_change_of_content_changes_the_version(tmp_path: Path) -> None:
    first = parse_directory(write(tmp_path, GOOD)).version
    assert parse_directory(write(tmp_path, "# a comment\n" + GOOD)).version == first
    changed = parse_directory(write(tmp_path, GOOD.replace("Debt binds.", "Debt ties.")))
    assert changed.version != first
    regraded = INDICATORS.replace('adult_labour = "strong"', 'adult_labour = "medium"', 1)
    assert parse_directory(write(tmp_path, GOOD, indicators=regraded)).version != first


def test_a_stored_catalogue_rebuilds_exactly(tmp_path: Path) -> None:
    catalogue = parse_directory(write(tmp_path, GOOD))
    assert catalogue_from_dict(catalogue_to_dict(catalogue)) == catalogue
    assert catalogue_from_dict(catalogue_to_dict(load())) == load()


DOMAIN_NOTES = Path(__file__).resolve().parents[3] / "shared" / "domain" / "ilo-indicators.md"
GRADE_LETTERS = {"S": "strong", "M": "medium", "W": "weak", "—": None}


def domain_labour_grades() -> dict[str, tuple[str | None, str | None]]:
    """Read the adult- and child-labour grades from the domain notes' tables."""
    grades: dict[str, tuple[str | None, str | None]] = {}
    dimension = None
    for line in DOMAIN_NOTES.read_text("utf-8").splitlines():
        if line.startswith("## ") and "(`" in line:
            dimension = line.split("(`")[1].split("`")[0]
        elif line.startswith("| `") and line.count("|") == 5 and dimension:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            key = f"{dimension}.{cells[0].strip('`')}"
            grades[key] = (GRADE_LETTERS[cells[2]], GRADE_LETTERS[cells[3]])
    return grades


def words(text: str) -> set[str]:
    return {w.strip("?,.!'\"()").lower() for w in text.split()}


class TestTheRealCatalogue:
    """The catalogue in signals/data passes the loader and matches the domain notes."""

    catalogue = load()

    def test_the_indicators_match_the_domain_notes(self) -> None:
        expected = domain_labour_grades()
        assert len(expected) == 67
        labour = {
            key: (i.grades["adult_labour"], i.grades["child_labour"])
            for key, i in self.catalogue.indicators.items()
            if i.grades["adult_labour"] or i.grades["child_labour"]
        }
        assert labour == expected

    def test_the_adult_labour_list_has_the_brochures_size_per_dimension(self) -> None:
        sizes = Counter(
            i.dimension for i in self.catalogue.indicators.values() if i.grades["adult_labour"]
        )
        assert [sizes[d] for d in DIMENSIONS] == [10, 10, 16, 9, 15, 7]

    def test_the_known_differences_of_the_sexual_lists(self) -> None:
        indicators = self.catalogue.indicators
        forced = indicators["coercion_at_destination.forced_tasks_or_clients"].grades
        assert (forced["adult_sexual"], forced["child_sexual"]) == ("strong", "strong")
        assert indicators["exploitation.hazardous_work"].grades["child_sexual"] == "strong"
        assert not [
            i.key
            for i in indicators.values()
            if i.dimension == "exploitation" and i.grades["adult_sexual"] == "strong"
        ]
        prostitution = indicators["deceptive_recruitment.deceived_conditions_of_prostitution"]
        assert prostitution.grades["adult_labour"] is None
        assert prostitution.grades["adult_sexual"] is not None

    def test_every_sexual_grade_is_marked_unverified(self) -> None:
        # None could be checked against the brochure; the explanation page lists them.
        for indicator in self.catalogue.indicators.values():
            assert indicator.unverified == {"adult_sexual", "child_sexual"}, indicator.key
        assert len(self.catalogue.unverified_grades) == 2 * len(self.catalogue.indicators)

    def test_it_has_enough_signals_and_counter_signals(self) -> None:
        assert len(self.catalogue.signals) >= 100
        assert sum(s.counter for s in self.catalogue.signals) >= 5

    def test_it_covers_every_type_form_dimension_and_population(self) -> None:
        signals = self.catalogue.signals
        assert {s.type for s in signals} == set(TYPES)
        assert set().union(*(s.forms for s in signals)) == set(FORMS)
        assert {s.dimension for s in signals if s.dimension} == set(DIMENSIONS)
        populations = Counter(s.population for s in signals)
        assert populations["minor"] >= 10
        assert populations["all"] + populations["adult"] >= 60

    @pytest.mark.parametrize(
        ("code", "indicator"),
        [
            ("threats_against_family", "coercion_at_destination.violence_on_family"),
            ("threatened_with_violence", "coercion_at_destination.threats_of_violence"),
            (
                "cannot_refuse_clients_or_unsafe_sex",
                "coercion_at_destination.forced_tasks_or_clients",
            ),
            (
                "forced_marriage_or_abduction",
                "coercive_recruitment.abduction_forced_marriage_selling",
            ),
            ("minor_truancy_or_school_absence", "exploitation.no_access_to_education"),
            (
                "minor_in_youth_care_or_with_disability",
                "abuse_of_vulnerability_recruitment.personal_situation",
            ),
            (
                "intellectual_disability_or_psychiatric_vulnerability",
                "abuse_of_vulnerability_at_destination.personal_characteristics",
            ),
            ("deceived_about_education", "deceptive_recruitment.deceived_education"),
            ("debt_to_employer", "coercion_at_destination.debt_bondage"),
            (
                "does_not_know_own_address",
                "abuse_of_vulnerability_at_destination.difficulty_to_live_in_unknown_area",
            ),
            (
                "language_barrier_in_unknown_area",
                "abuse_of_vulnerability_at_destination.difficulty_to_live_in_unknown_area",
            ),
            (
                "minor_carries_drugs_or_cash_for_others",
                "coercion_at_destination.forced_into_illicit_activities",
            ),
            ("injuries_in_various_stages_of_healing", None),
            (
                "reports_violence_by_employer_partner_or_boss",
                "coercion_at_destination.violence_on_victim",
            ),
            (
                "threatened_to_tell_family_or_community",
                "coercion_at_destination.threat_to_inform_family",
            ),
        ],
    )
    def test_the_mappings_the_issue_names(self, code: str, indicator: str | None) -> None:
        assert self.catalogue.by_code[code].indicator == indicator

    def test_debt_bondage_is_explained_in_its_label(self) -> None:
        label = self.catalogue.by_code["debt_to_employer"].label
        assert "niet kleiner" in label.nl
        assert "schuldslavernij" in label.nl
        assert "debt bondage" in label.en.lower()

    def test_no_control_over_a_bank_account_applies_to_minors_too(self) -> None:
        assert self.catalogue.by_code["no_control_over_own_bank_account"].population == "all"

    @pytest.mark.parametrize(
        "code",
        [
            "age_does_not_fit_appearance_or_false_id",
            "third_party_arranges_contraception_or_abortion",
            "travel_or_visa_arranged_by_others",
            "threatened_to_tell_family_or_community",
            "reports_violence_by_employer_partner_or_boss",
            "minor_collected_and_dropped_off_by_older_people",
            "minor_has_several_phones",
            "minor_bank_card_or_loans_used_by_others",
            "minor_sextortion_with_images",
            "minor_stays_out_at_night",
        ],
    )
    def test_the_signals_the_issue_adds_exist(self, code: str) -> None:
        signal = self.catalogue.by_code[code]
        assert signal.population == ("minor" if code.startswith("minor_") else "all")

    def test_acute_signals_are_the_ones_that_call_for_safety_now(self) -> None:
        acute = {s.code for s in self.catalogue.signals if s.acute}
        assert {
            "signs_of_strangulation_or_restraint",
            "threatened_with_death",
            "locked_in_or_not_allowed_to_leave",
            "minor_sextortion_with_images",
        } <= acute
        assert not any(s.counter for s in self.catalogue.signals if s.acute)

    def test_minors_are_asked_with_je_and_adults_with_u(self) -> None:
        for signal in self.catalogue.signals:
            if signal.question_minor is not None:
                assert not words(signal.question_minor.nl) & {"u", "uw"}, signal.code
            if signal.question is not None:
                assert not words(signal.question.nl) & {"je", "jij", "jou", "jouw"}, signal.code
        asked_minors = [s for s in self.catalogue.signals if s.question_minor]
        assert len(asked_minors) >= 30

    def test_the_dutch_the_issue_corrects(self) -> None:
        labels = {s.code: s.label.nl for s in self.catalogue.signals}
        assert labels["wounds_or_infections_presented_late"].startswith("Laat hulp gezocht bij")
        assert labels["repeated_stis"] == "Herhaaldelijk soa's"
        assert "jonger dan 16" in labels["sti_or_pregnancy_in_young_minor"]
        pooierboy = self.catalogue.by_code["minor_older_boyfriend_with_gifts"]
        assert "pooierboy" in pooierboy.label.nl
        assert "leeftijdgenoot" in pooierboy.explanation.nl

    @pytest.mark.parametrize("list_name", LISTS)
    def test_every_dimension_can_meet_the_rule_and_has_questions(self, list_name: str) -> None:
        from signals.weighing import weigh

        minor = list_name.startswith("child")
        seen: set[str] = set()
        codes = []
        for s in self.catalogue.signals:
            applies = s.indicator and not s.counter and s.applies_to(minor=minor)
            if applies and s.indicator not in seen:
                seen.add(s.indicator)  # type: ignore[arg-type]
                codes.append(s.code)
        reading = weigh(codes, minor=minor).readings[list_name.split("_")[1]]  # type: ignore[index]
        assert reading.list == list_name
        assert all(r.positive for r in reading.dimensions.values())
        for dimension in DIMENSIONS:
            assert any(
                s.question_for(minor=minor) and s.dimension == dimension
                for s in self.catalogue.signals
            ), dimension

    def test_medical_signals_without_an_indicator_exist(self) -> None:
        assert any(s.indicator is None and s.type == "physical" for s in self.catalogue.signals)
