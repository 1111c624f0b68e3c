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
from signals.core import DIMENSIONS, FORMS, TYPES

META = 'edition = "t1"\ntitle = { nl = "Titel", en = "Title" }\n'
GOOD = """
[[signal]]
code = "debt_to_boss"
type = "situational"
forms = ["arbeidsuitbuiting"]
dimension = "coercion_at_destination"
strength = "strong"
counter = false
population = "all"
source = "ILO/EC 2009, debt bondage (strong)"
label = { nl = "Schuld bij de baas", en = "Debt to the boss" }
explanation = { nl = "Schuld bindt.", en = "Debt binds." }
question = { nl = "Hoe gaat het met geld?", en = "How are you doing for money?" }
"""


def write(tmp_path: Path, body: str, meta: str = META) -> Path:
    (tmp_path / "catalogue.toml").write_text(meta, encoding="utf-8")
    (tmp_path / "situational.toml").write_text(body, encoding="utf-8")
    return tmp_path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    catalogue = parse_directory(write(tmp_path, GOOD))
    signal = catalogue.by_code["debt_to_boss"]
    assert signal.strength == "strong"
    assert signal.question is not None
    assert signal.question.en.startswith("How")
    assert catalogue.version.startswith("t1+")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("counter = false", "counter = false\ncolour = 'red'"), "unknown key 'colour'"),
        (('type = "situational"', 'type = "social"'), "'type' is 'social'"),
        (('strength = "strong"', 'strength = "huge"'), "'strength' is 'huge'"),
        (('strength = "strong"\n', ""), "a signal with a dimension needs a strength"),
        (('dimension = "coercion_at_destination"\n', ""), "strength is only allowed with"),
        (('"arbeidsuitbuiting"]', '"slavery"]'), "'forms' must be a list"),
        (('forms = ["arbeidsuitbuiting"]', "forms = []"), "only be empty for a counter-signal"),
        (('en = "Debt to the boss"', 'en = ""'), "the en translation is missing"),
        ((', en = "Debt binds."', ""), "'explanation': the en translation is missing"),
        (('population = "all"', 'population = "elderly"'), "'population' is 'elderly'"),
        (("counter = false", 'counter = "no"'), "'counter' must be true or false"),
        (('code = "debt_to_boss"', 'code = "Debt Boss"'), "'code' must be"),
        (('source = "ILO/EC 2009, debt bondage (strong)"\n', ""), "missing key 'source'"),
        (("[[signal]]", "[[signal]\n"), "not valid TOML"),
    ],
)
def test_every_mistake_is_an_error_naming_the_file_and_signal(
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


def test_duplicate_codes_across_files_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    (tmp_path / "physical.toml").write_text(GOOD.replace("situational", "physical"), "utf-8")
    with pytest.raises(CatalogueError, match=r"'debt_to_boss': duplicate code, already in"):
        parse_directory(tmp_path)


def test_a_missing_meta_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "situational.toml").write_text(GOOD, "utf-8")
    with pytest.raises(CatalogueError, match=r"catalogue\.toml"):
        parse_directory(tmp_path)


def test_any_change_of_content_changes_the_version(tmp_path: Path) -> None:
    first = parse_directory(write(tmp_path, GOOD)).version
    assert parse_directory(write(tmp_path, "# a comment\n" + GOOD)).version == first
    changed = parse_directory(write(tmp_path, GOOD.replace("Debt binds.", "Debt ties.")))
    assert changed.version != first


def test_a_stored_catalogue_rebuilds_exactly(tmp_path: Path) -> None:
    catalogue = parse_directory(write(tmp_path, GOOD))
    assert catalogue_from_dict(catalogue_to_dict(catalogue)) == catalogue


class TestTheRealCatalogue:
    """The catalogue in signals/data passes the loader and covers what the issue asks."""

    catalogue = load()

    def test_it_has_enough_signals_and_counter_signals(self) -> None:
        assert len(self.catalogue.signals) >= 60
        assert sum(s.counter for s in self.catalogue.signals) >= 5

    def test_it_covers_every_type_form_dimension_and_population(self) -> None:
        signals = self.catalogue.signals
        assert {s.type for s in signals} == set(TYPES)
        assert set().union(*(s.forms for s in signals)) == set(FORMS)
        assert {s.dimension for s in signals if s.dimension} == set(DIMENSIONS)
        populations = Counter(s.population for s in signals)
        assert populations["minor"] >= 5
        assert populations["all"] + populations["adult"] >= 40

    def test_every_dimension_can_become_positive_and_has_questions(self) -> None:
        for dimension in DIMENSIONS:
            members = [
                s for s in self.catalogue.signals if s.dimension == dimension and not s.counter
            ]
            strengths = Counter(s.strength for s in members)
            assert (
                strengths["strong"] >= 2
                or strengths["medium"] >= 3
                or (strengths["strong"] >= 1 and strengths["medium"] + strengths["weak"] >= 1)
            ), dimension
            assert any(s.question for s in members), dimension

    def test_medical_signals_without_an_ilo_counterpart_exist(self) -> None:
        assert any(s.dimension is None and s.type == "physical" for s in self.catalogue.signals)
