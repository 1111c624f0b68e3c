"""The municipality → Veilig Thuis region table, its strict loader and its forgiving lookup."""

import importlib
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldcode.veiligthuis.municipalities import (
    DATA_FILE,
    REGION_CODES,
    Municipality,
    MunicipalityDataError,
    find,
    load,
    municipalities,
    normalise,
    region_for,
    search,
)
from meldcode.veiligthuis.regions_data import REGIONS, REGIONS_BY_CODE

KNOWN = [
    ("Amsterdam", "amsterdam-amstelland"),
    ("Rotterdam", "rotterdam-rijnmond"),
    ("Utrecht", "utrecht"),
    ("'s-Gravenhage", "haaglanden"),
    ("Den Haag", "haaglanden"),
    ("Leiden", "hollands-midden"),
    ("Groningen", "groningen"),
    ("Eindhoven", "zuidoost-brabant"),
    ("Tilburg", "hart-van-brabant"),
    ("Breda", "west-brabant"),
    ("Maastricht", "zuid-limburg"),
    ("Venlo", "limburg-noord"),
    ("Almere", "flevoland"),
    ("Zwolle", "ijsselland"),
    ("Enschede", "twente"),
    ("Apeldoorn", "noord-en-oost-gelderland"),
    ("Arnhem", "gelderland-midden"),
    ("Nijmegen", "gelderland-zuid"),
    ("Haarlem", "kennemerland"),
    ("Zaanstad", "zaanstreek-waterland"),
    ("Hilversum", "gooi-en-vechtstreek"),
    ("Alkmaar", "noord-holland-noord"),
    ("Dordrecht", "zuid-holland-zuid"),
    ("Middelburg", "zeeland"),
    ("'s-Hertogenbosch", "brabant-noordoost"),
    ("Den Bosch", "brabant-noordoost"),
    ("Assen", "drenthe"),
    ("Leeuwarden", "friesland"),
]

HEADER = "code,name,region,aliases\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gemeenten.csv"
    path.write_text(text, encoding="utf-8")
    return path


# The shipped table


def test_the_table_holds_every_current_municipality_once() -> None:
    rows = municipalities()
    assert 340 <= len(rows) <= 345
    assert len({row.code for row in rows}) == len(rows)
    assert len({row.name for row in rows}) == len(rows)
    assert len({normalise(row.name) for row in rows}) == len(rows)


def test_every_row_names_one_of_the_26_regions() -> None:
    assert len(REGION_CODES) == 26
    assert {row.region for row in municipalities()} <= REGION_CODES


def test_every_region_serves_at_least_one_municipality() -> None:
    served = Counter(row.region for row in municipalities())
    assert set(served) == REGION_CODES
    assert min(served.values()) >= 1


def test_the_file_is_sorted_by_name() -> None:
    names = [normalise(row.name) for row in municipalities()]
    assert names == sorted(names)


def test_the_file_is_read_as_shipped_from_the_source_tree() -> None:
    assert DATA_FILE.is_file()
    assert DATA_FILE.parent.name == "data"
    assert municipalities() == load(DATA_FILE)
    text = DATA_FILE.read_text(encoding="utf-8")
    assert "Reference date: 1 January 2026" in text
    assert "herindeling" in text


def test_municipalities_merged_away_are_gone_and_their_successors_present() -> None:
    names = {row.name for row in municipalities()}
    assert {"Voorne aan Zee", "Land van Cuijk", "Maashorst", "Dijk en Waard"} <= names
    gone = {"Weesp", "Beemster", "Uden", "Landerd", "Boxmeer", "Cuijk", "Heerhugowaard", "Brielle"}
    assert not names & gone
    assert region_for("Voorne aan Zee") == "rotterdam-rijnmond"
    assert region_for("Land van Cuijk") == "brabant-noordoost"


@pytest.mark.parametrize(("name", "region"), KNOWN)
def test_known_municipalities_map_to_their_region(name: str, region: str) -> None:
    assert region_for(name) == region


def test_codes_are_the_cbs_codes() -> None:
    amsterdam = find("Amsterdam")
    assert amsterdam == Municipality(
        code="GM0363", name="Amsterdam", region="amsterdam-amstelland", aliases=("Weesp",)
    )
    hague = find("Den Haag")
    assert hague is not None
    assert (hague.code, hague.name) == ("GM0518", "'s-Gravenhage")


# Forgiving lookup


@pytest.mark.parametrize(
    "typed",
    [
        "Súdwest-Fryslân",
        "Sudwest-Fryslan",
        "  sudwest fryslan ",
        "SÚDWEST-FRYSLÂN",
        "Zuidwest-Friesland",
    ],
)
def test_lookup_ignores_case_spacing_and_accents(typed: str) -> None:
    found = find(typed)
    assert found is not None
    assert found.name == "Súdwest-Fryslân"
    assert region_for(typed) == "friesland"


@pytest.mark.parametrize(
    "typed",
    [
        "'s-Hertogenbosch",
        "\u2019s-Hertogenbosch",
        "s-Hertogenbosch",
        "'s Hertogenbosch",
        "den bosch",
    ],
)
def test_lookup_forgives_the_apostrophe_and_knows_den_bosch(typed: str) -> None:
    assert region_for(typed) == "brabant-noordoost"


def test_an_unknown_or_empty_name_has_no_region() -> None:
    assert region_for("Atlantis") is None
    assert region_for("") is None
    assert region_for("   ") is None
    assert region_for("Amsterdam Zuid") is None


def test_the_two_bergens_need_their_suffix() -> None:
    assert region_for("Bergen") is None
    assert region_for("Bergen (L.)") == "limburg-noord"
    assert region_for("bergen nh") == "noord-holland-noord"


def test_a_former_municipality_finds_its_successor() -> None:
    assert region_for("Weesp") == "amsterdam-amstelland"
    uden = find("Uden")
    assert uden is not None
    assert uden.name == "Maashorst"


def test_every_name_and_alias_finds_its_own_row() -> None:
    for row in municipalities():
        for spelling in (row.name, *row.aliases):
            assert find(spelling) == row, spelling
            stripped = "".join(
                char
                for char in unicodedata.normalize("NFKD", spelling.upper())
                if not unicodedata.combining(char)
            )
            assert find(f"  {stripped} ") == row, stripped


@given(st.text(max_size=40))
def test_lookup_never_fails_and_answers_a_region_or_none(typed: str) -> None:
    region = region_for(typed)
    assert region is None or region in REGION_CODES


# Search


def test_search_lists_names_that_start_with_the_prefix_first() -> None:
    names = [row.name for row in search("ams")]
    assert names[:3] == ["Amstelveen", "Amsterdam", "Ouder-Amstel"]


def test_search_finds_by_alias_and_by_a_later_word() -> None:
    assert [row.name for row in search("den b")] == ["'s-Hertogenbosch"]
    assert {row.name for row in search("fryslan")} >= {"Súdwest-Fryslân", "Noardeast-Fryslân"}
    assert search("den haag")[0].name == "'s-Gravenhage"


def test_search_respects_the_limit_and_forgives_like_the_lookup() -> None:
    assert len(search("a", limit=3)) == 3
    assert len(search("a")) == 10
    assert [row.name for row in search("  SUDW ")] == ["Súdwest-Fryslân"]


def test_search_with_nothing_typed_or_no_match_lists_nothing() -> None:
    assert search("") == ()
    assert search("   ") == ()
    assert search("xyzzy") == ()


def test_search_refuses_a_limit_below_one() -> None:
    with pytest.raises(ValueError, match="limit"):
        search("a", limit=0)


# The strict loader


def test_a_good_file_with_comments_and_quoted_names_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# a comment, with commas\n\n"
        + HEADER
        + 'GM0820,"Nuenen, Gerwen en Nederwetten",zuidoost-brabant,Nuenen\n'
        + "GM0518,'s-Gravenhage,haaglanden,Den Haag;The Hague\n",
    )
    assert load(path) == (
        Municipality("GM0820", "Nuenen, Gerwen en Nederwetten", "zuidoost-brabant", ("Nuenen",)),
        Municipality("GM0518", "'s-Gravenhage", "haaglanden", ("Den Haag", "The Hague")),
    )


@pytest.mark.parametrize(
    ("rows", "line", "problem"),
    [
        ("GM0001,Ergens,nergens,\n", 4, "unknown region code 'nergens'"),
        ("GM0363,Amsterdam,amsterdam-amstelland,\nGM0363,Elders,utrecht,\n", 5, "duplicate code"),
        ("GM0001,Amsterdam,utrecht,\nGM0002,AMSTERDAM,utrecht,\n", 5, "duplicate name"),
        ("GM0001,Ergens,utrecht,Elders\nGM0002,Elders,utrecht,\n", 5, "duplicate name"),
        ("363,Amsterdam,amsterdam-amstelland,\n", 4, "not of the form GMxxxx"),
        ("GM0363,Amsterdam,amsterdam-amstelland\n", 4, "has 3 fields, expected 4"),
        ("GM0363,,amsterdam-amstelland,\n", 4, "the name is empty"),
        ("GM0363, Amsterdam,amsterdam-amstelland,\n", 4, "surrounding whitespace"),
        ("GM0363,Amsterdam,amsterdam-amstelland,Weesp;;\n", 4, "an alias is empty"),
        ('GM0363,"Amster"dam,amsterdam-amstelland,\n', 4, "not valid CSV"),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(
    tmp_path: Path, rows: str, line: int, problem: str
) -> None:
    path = write(tmp_path, "# reference date\n\n" + HEADER + rows)
    with pytest.raises(MunicipalityDataError) as caught:
        load(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert problem in str(caught.value)


def test_a_wrong_header_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\ncode,naam,regio\nGM0363,Amsterdam,amsterdam-amstelland\n")
    with pytest.raises(MunicipalityDataError, match=r":2: the header must be"):
        load(path)


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gemeenten.csv"
    path.write_bytes((HEADER + "GM1900,Súdwest-Fryslân,friesland,\n").encode("latin-1"))
    with pytest.raises(MunicipalityDataError, match=r":2: is not UTF-8"):
        load(path)


def test_an_empty_or_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MunicipalityDataError, match="holds no municipalities"):
        load(write(tmp_path, "# only a comment\n" + HEADER))
    missing = tmp_path / "absent.csv"
    with pytest.raises(MunicipalityDataError, match=r"absent\.csv: cannot be read"):
        load(missing)


# The region list and migration 0002


def test_the_pure_region_list_equals_the_migrations_regions() -> None:
    migration = importlib.import_module("meldcode.veiligthuis.migrations.0002_regions")
    assert [(region.code, region.name) for region in REGIONS] == migration.REGIONS


def test_the_region_list_has_26_distinct_regions_that_all_want_a_call_first() -> None:
    assert len(REGIONS) == 26
    assert len({region.name for region in REGIONS}) == 26
    assert set(REGIONS_BY_CODE) == REGION_CODES
    assert all(region.phone_first for region in REGIONS)


@pytest.mark.django_db
def test_the_seeded_regions_are_the_pure_list() -> None:
    from meldcode.veiligthuis.models import Region

    seeded = {(region.code, region.name) for region in Region.objects.all()}
    assert seeded == {(region.code, region.name) for region in REGIONS}
