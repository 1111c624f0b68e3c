"""The cases a trafficking expert and a GP tried on the first edition, weighed again.

Each test is one vignette from the issue that introduced the second edition,
with the answer an expert would give. They run on the real catalogue.
"""

from signals.catalogue import load
from signals.weighing import Profile, weigh

CATALOGUE = load()


def question_texts(profile: Profile) -> str:
    return " ".join(
        (s.question_for(minor=profile.minor) or s.label).nl.lower() for s in profile.questions
    )


def test_vulnerability_alone_is_not_exploitation() -> None:
    # An undocumented migrant who speaks no Dutch and fears deportation.
    profile = weigh(
        [
            "no_valid_residence_status",
            "language_barrier_in_unknown_area",
            "fear_of_authorities_or_deportation",
            "does_not_know_own_address",
        ]
    )
    assert profile.level == "signalen"
    assert all(reading.level == "signalen" for reading in profile.readings.values())
    # Residence status and fear of deportation are one indicator; language and
    # not knowing the address another: two distinct indicators.
    destination = profile.dimensions["abuse_of_vulnerability_at_destination"]
    assert len(destination.indicators) == 2
    assert len(destination.signals) == 4


def test_one_companion_is_one_indicator() -> None:
    # Speaks for the patient, will not leave the room, interprets.
    profile = weigh(
        [
            "companion_speaks_for_patient",
            "companion_will_not_leave",
            "companion_acts_as_interpreter",
        ]
    )
    coercion = profile.dimensions["coercion_at_destination"]
    assert coercion.indicators == ("coercion_at_destination.isolation_confinement_surveillance",)
    assert (coercion.strong, coercion.medium, coercion.weak) == (1, 0, 0)
    assert coercion.positive is False
    assert profile.level == "signalen"


def test_a_minor_is_weighed_with_the_child_grades() -> None:
    # Debt bondage and abduction or forced marriage at recruitment: medium
    # for an adult, strong for a child.
    codes = ["debt_incurred_for_recruitment_or_journey", "forced_marriage_or_abduction"]
    adult = weigh(codes)
    minor = weigh(codes, minor=True)
    assert adult.dimensions["coercive_recruitment"].grades == ("medium", "medium")
    assert adult.dimensions["coercive_recruitment"].positive is False
    assert minor.list.startswith("child_")
    assert minor.dimensions["coercive_recruitment"].grades == ("strong", "strong")
    assert minor.dimensions["coercive_recruitment"].positive is True
    # Deceived about education: weak for an adult, strong for a child.
    education = "deceptive_recruitment.deceived_education"
    assert CATALOGUE.indicators[education].grades["adult_labour"] == "weak"
    assert weigh(["deceived_about_education"], minor=True).dimensions[
        "deceptive_recruitment"
    ].grades == ("strong",)


def test_sexual_exploitation_is_weighed_with_the_sexual_grades() -> None:
    # Cannot refuse clients (strong on the sexual list) and threats (medium).
    profile = weigh(["cannot_refuse_clients_or_unsafe_sex", "threatened_with_violence"])
    assert profile.headline == "sexual"
    assert profile.list == "adult_sexual"
    assert profile.dimensions["coercion_at_destination"].positive is True
    assert profile.readings["labour"].dimensions["coercion_at_destination"].positive is False
    assert profile.level == "elementen"
    # Cannot refuse clients is coercion at destination, not exploitation.
    assert profile.dimensions["exploitation"].indicators == ()
    # Excessive hours is strong for labour but not on the adult sexual list.
    hours = weigh(["works_excessive_hours", "little_or_no_pay"])
    assert hours.readings["labour"].dimensions["exploitation"].positive is True
    assert hours.readings["sexual"].dimensions["exploitation"].positive is False
    assert hours.headline == "labour"


def test_a_sexual_only_indicator_is_read_on_the_sexual_list() -> None:
    profile = weigh(["deceived_about_sex_work_conditions"])
    assert profile.readings["labour"].level == "geen"
    assert (profile.list, profile.level) == ("adult_sexual", "signalen")
    assert profile.dimensions["deceptive_recruitment"].indicators == (
        "deceptive_recruitment.deceived_conditions_of_prostitution",
    )


def test_minor_only_signals_do_not_count_for_an_adult() -> None:
    profile = weigh(["minor_truancy_or_school_absence", "minor_carries_drugs_or_cash_for_others"])
    assert {s.code for s in profile.not_applicable} == {
        "minor_truancy_or_school_absence",
        "minor_carries_drugs_or_cash_for_others",
    }
    assert profile.signals == ()
    assert profile.level == "geen"


def test_organ_removal_is_named_as_outside_the_ilo_lists() -> None:
    organ = [s.code for s in CATALOGUE.signals if s.forms == {"orgaanverwijdering"}]
    assert len(organ) >= 4
    profile = weigh(organ)
    assert profile.uncovered_forms == ("orgaanverwijdering",)
    assert profile.level == "signalen"
    assert not any(reading.positive_count for reading in profile.readings.values())


def test_a_labour_case_is_not_asked_about_marriage() -> None:
    profile = weigh(
        [
            "works_excessive_hours",
            "little_or_no_pay",
            "wage_deductions_or_fines",
            "lives_at_workplace",
        ]
    )
    assert profile.questions
    asked = question_texts(profile)
    for word in ("huwelijk", "trouw", "partner", "relatie"):
        assert word not in asked
    assert all("arbeidsuitbuiting" in s.forms for s in profile.questions)


def test_a_young_drug_runner_is_asked_in_je_form_and_not_about_a_journey() -> None:
    profile = weigh(
        [
            "minor_carries_drugs_or_cash_for_others",
            "minor_has_several_phones",
            "minor_stays_out_at_night",
        ],
        minor=True,
    )
    assert profile.list == "child_labour"
    assert profile.questions
    asked = question_texts(profile)
    assert "reis" not in asked
    words = {w.strip("?,.!") for w in asked.split()}
    assert not words & {"u", "uw"}
    assert words & {"je", "jij", "jou", "jouw"}
    # Dutch law counts forced criminality as exploitation itself.
    assert profile.forced_criminality is True


def test_strangulation_and_death_threats_are_acute() -> None:
    for code in ("signs_of_strangulation_or_restraint", "threatened_with_death"):
        assert weigh([code]).acute is True
    assert weigh(["minor_sextortion_with_images"], minor=True).acute is True
    assert weigh(["repeated_stis"]).acute is False
