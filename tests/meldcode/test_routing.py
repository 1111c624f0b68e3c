"""Who to contact: the routing table of the domain notes, row by row."""

import pytest

from meldcode.routing import route

ALL_FORMS = [
    "seksuele_uitbuiting",
    "arbeidsuitbuiting",
    "criminele_uitbuiting",
    "orgaanverwijdering",
]

# (minor, domestic_or_dependency, acute_danger, forms, needs_shelter) -> codes in order.
TABLE = [
    # A minor, any form: Veilig Thuis, who brings in police and child protection.
    ((True, False, False, ["seksuele_uitbuiting"], False), ["veilig_thuis"]),
    ((True, False, False, ["arbeidsuitbuiting"], False), ["veilig_thuis"]),
    ((True, True, False, ["criminele_uitbuiting"], False), ["veilig_thuis"]),
    # A minor's shelter goes through Veilig Thuis and youth care, never CoMensha.
    ((True, False, False, ["seksuele_uitbuiting"], True), ["veilig_thuis"]),
    ((True, False, True, ["criminele_uitbuiting"], True), ["112", "veilig_thuis"]),
    ((True, False, True, [], False), ["112", "veilig_thuis"]),
    # An adult, exploiter in the domestic circle or a dependency: Veilig Thuis first.
    (
        (False, True, False, ["seksuele_uitbuiting"], False),
        ["veilig_thuis", "zorgcoordinator", "politie"],
    ),
    (
        (False, True, False, ["arbeidsuitbuiting"], True),
        ["veilig_thuis", "comensha", "zorgcoordinator", "politie", "arbeidsinspectie"],
    ),
    # An adult, exploiter outside the domestic circle: the zorgcoördinator first.
    (
        (False, False, False, ["seksuele_uitbuiting"], False),
        ["zorgcoordinator", "veilig_thuis", "politie"],
    ),
    (
        (False, False, False, ["arbeidsuitbuiting"], False),
        ["zorgcoordinator", "veilig_thuis", "politie", "arbeidsinspectie"],
    ),
    (
        (False, False, False, ["criminele_uitbuiting"], False),
        ["zorgcoordinator", "veilig_thuis", "politie"],
    ),
    (
        (False, False, False, ["orgaanverwijdering"], False),
        ["zorgcoordinator", "veilig_thuis", "politie"],
    ),
    (
        (False, False, False, ["seksuele_uitbuiting"], True),
        ["zorgcoordinator", "comensha", "veilig_thuis", "politie"],
    ),
    # Acute danger: 112 first, Veilig Thuis straight after it.
    (
        (False, False, True, ["arbeidsuitbuiting"], False),
        ["112", "veilig_thuis", "zorgcoordinator", "politie", "arbeidsinspectie"],
    ),
    (
        (False, True, True, ["seksuele_uitbuiting"], False),
        ["112", "veilig_thuis", "zorgcoordinator", "politie"],
    ),
    (
        (False, False, True, ALL_FORMS, True),
        ["112", "veilig_thuis", "zorgcoordinator", "comensha", "politie", "arbeidsinspectie"],
    ),
]


@pytest.mark.parametrize(("situation", "expected"), TABLE)
def test_the_route_for_each_situation(
    situation: tuple[bool, bool, bool, list[str], bool], expected: list[str]
) -> None:
    minor, domestic, acute, forms, shelter = situation
    destinations = route(
        minor=minor,
        domestic_or_dependency=domestic,
        acute_danger=acute,
        forms=forms,
        needs_shelter=shelter,
    )
    assert [d.code for d in destinations] == expected


def test_needs_shelter_defaults_to_false() -> None:
    codes = [
        d.code
        for d in route(minor=False, domestic_or_dependency=False, acute_danger=False, forms=[])
    ]
    assert "comensha" not in codes


def test_every_destination_has_a_number_and_a_reason() -> None:
    phones = {}
    for minor in (False, True):
        for domestic in (False, True):
            for acute in (False, True):
                for shelter in (False, True):
                    for d in route(
                        minor=minor,
                        domestic_or_dependency=domestic,
                        acute_danger=acute,
                        forms=ALL_FORMS,
                        needs_shelter=shelter,
                    ):
                        assert d.phone
                        assert d.reason
                        assert d.name
                        assert d.tel.isdigit()
                        phones[d.code] = d.phone
    assert phones == {
        "112": "112",
        "veilig_thuis": "0800-2000",
        # No national number: CoMensha's helpdesk gives the regional one.
        "zorgcoordinator": "033 448 11 86",
        "comensha": "033 448 11 86",
        "politie": "0900-8844",
        "arbeidsinspectie": "0800-5151",
    }


@pytest.mark.parametrize("forms", ["arbeidsuitbuiting", [1], [None], [["arbeidsuitbuiting"]]])
def test_forms_that_are_not_form_names_raise_a_value_error(forms: object) -> None:
    with pytest.raises(ValueError, match="form"):
        route(
            minor=False,
            domestic_or_dependency=False,
            acute_danger=False,
            forms=forms,  # type: ignore[arg-type]
        )


def test_unknown_forms_raise_a_value_error_naming_them() -> None:
    with pytest.raises(ValueError, match="slavery, trade"):
        route(
            minor=False,
            domestic_or_dependency=False,
            acute_danger=False,
            forms=["arbeidsuitbuiting", "trade", "slavery"],
        )


@pytest.mark.parametrize("minor", [False, True])
@pytest.mark.parametrize("domestic", [False, True])
def test_acute_unsafety_puts_a_melding_to_veilig_thuis_today_first(
    minor: bool, domestic: bool
) -> None:
    forms = ["arbeidsuitbuiting"]
    plain = route(minor=minor, domestic_or_dependency=domestic, acute_danger=False, forms=forms)
    unsafe = route(
        minor=minor,
        domestic_or_dependency=domestic,
        acute_danger=False,
        forms=forms,
        acute_unsafety=True,
    )
    assert unsafe[0].code == "veilig_thuis"
    assert "today" in unsafe[0].reason
    assert "112" not in [d.code for d in unsafe]
    rest = [d for d in plain if d.code != "veilig_thuis"]
    assert unsafe[1:] == rest
    # Direct danger still puts 112 first.
    both = route(
        minor=minor,
        domestic_or_dependency=domestic,
        acute_danger=True,
        forms=forms,
        acute_unsafety=True,
    )
    assert [d.code for d in both[:2]] == ["112", "veilig_thuis"]
