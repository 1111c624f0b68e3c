"""The scan for what could identify a person: dates, numbers, e-mail addresses and names."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldcode.deidentify import ALLOWED, KINDS, Finding, Kind, contains_identifiers, scan

# Ordinary sentences with a slot in the middle, where an identifier is put.
SENTENCES = [
    "Zij vertelde dat {x} belangrijk voor haar is.",
    "Tijdens het spreekuur noemde hij {x} en keek daarna weg.",
    "Volgens de mentor gaat het om {x}, maar zeker is dat niet.",
    "De patiënte gaf {x} op en wilde verder niets zeggen.",
    "Hij had het over {x} toen de begeleider binnenkwam.",
]
NL_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
NL_SHORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
ALLOWED_WORDS = {a.casefold() for a in ALLOWED}


def kinds(text: str, **kwargs: object) -> list[Kind]:
    return [f.kind for f in scan(text, **kwargs)]  # type: ignore[arg-type]


def covered(
    findings: tuple[Finding, ...], text: str, part: str, kind: Kind | None = None, start: int = -1
) -> bool:
    """Tell whether one finding (of ``kind``) covers the whole of ``part`` in ``text``."""
    start = text.index(part) if start < 0 else start
    end = start + len(part)
    return any(
        f.start <= start and end <= f.end and (kind is None or f.kind == kind) for f in findings
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Geboren op 14-03-2009 in de zomer.", "14-03-2009"),
        ("Geboren op 14/3/09 volgens de moeder.", "14/3/09"),
        ("Gezien op 2009-03-14 op het spreekuur.", "2009-03-14"),
        ("Gezien op 14.03.2009 op het spreekuur.", "14.03.2009"),
        ("Zij is geboren op 14 maart 2009 in het buitenland.", "14 maart 2009"),
        ("Zij is geboren op 1 mei en viert dat niet.", "1 mei"),
        ("Zij kwam op 3 mrt. terug.", "3 mrt."),
        ("He was born on March 14, 2009 abroad.", "March 14, 2009"),
        ("He was born on the 14th of March 2009.", "14th of March 2009"),
        ("Zij kwam in maart 2009 naar Nederland.", "maart 2009"),
        ("Afspraak op 14-3 gemist.", "14-3"),
        ("Afspraak op 14/3 gemist.", "14/3"),
    ],
)
def test_dates_are_found_in_the_usual_ways_of_writing_them(text: str, found: str) -> None:
    findings = scan(text)
    assert covered(findings, text, found, "date"), findings


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Haar BSN is 123456782 zegt zij.", "123456782"),
        ("Zij is geboren in 2009 en woont hier.", "2009"),
        ("Bel haar op 06-12345678 na vijven.", "06-12345678"),
        ("Bel haar op 06 1234 5678 na vijven.", "06 1234 5678"),
        ("Bel haar op 06 12 34 56 78 na vijven.", "06 12 34 56 78"),
        ("Bel haar op +31 6 12345678 na vijven.", "+31 6 12345678"),
        ("Bel haar op +31 (0)20 123 4567 na vijven.", "+31 (0)20 123 4567"),
        ("Het adres heeft postcode 3512 AB en een tuin.", "3512 AB"),
        ("Het adres heeft postcode 3512AB en een tuin.", "3512AB"),
        ("Zij woont op de Kerkstraat 12a bij een kennis.", "Kerkstraat 12a"),
        ("Zij woont op de dorpsweg 3 bij een kennis.", "dorpsweg 3"),
        ("Zij woont op nr. 5 naast de winkel.", "nr. 5"),
        ("He lives at 12 Baker Street with others.", "12 Baker Street"),
        ("De auto met kenteken 12-ABC-3 stond voor de deur.", "12-ABC-3"),
        ("Het loon gaat naar NL91ABNA0417164300 van de baas.", "NL91ABNA0417164300"),
    ],
)
def test_numbers_are_found_whole(text: str, found: str) -> None:
    findings = scan(text)
    assert covered(findings, text, found, "number"), findings


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mail naar jan.jansen@example.nl als het kan.", "jan.jansen@example.nl"),
        ("Haar adres is l_de-vries+zorg@mail.co.uk zegt ze.", "l_de-vries+zorg@mail.co.uk"),
    ],
)
def test_email_addresses_are_found(text: str, found: str) -> None:
    assert covered(scan(text), text, found, "email")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("De patiënte kwam met meneer Jansen binnen.", "Jansen"),
        ("Zij noemde Anna de Vries als vriendin.", "Anna de Vries"),
        ("Het was J. van der Berg die belde.", "J. van der Berg"),
        ("Zij woont nu in Rotterdam bij een tante.", "Rotterdam"),
        ("Volgens mevr. Bakker is alles goed.", "Bakker"),
        ("Dat zei A.B. gisteren.", "A.B."),
        ("Hij volgt @jantje99 op sociale media.", "@jantje99"),
        ("Hij kent O'Brien van het werk.", "O'Brien"),
        ("Anna Jansen kwam alleen.", "Jansen"),
        ("De Vries kwam alleen.", "De Vries"),
    ],
)
def test_capitalised_words_within_a_sentence_are_possible_names(text: str, found: str) -> None:
    assert covered(scan(text), text, found, "name"), scan(text)


def test_a_word_at_the_start_of_a_sentence_is_not_taken_for_a_name() -> None:
    text = "Patiënte komt op het spreekuur. Zij heeft buikpijn! Daarna gaat zij naar huis."
    assert scan(text) == ()
    assert scan("- Buikpijn sinds een week\n1. Koorts gemeten\nGeen klachten.") == ()


def test_a_known_name_is_found_anywhere_in_any_case() -> None:
    text = "Jansen belde. Later zei jansen dat het goed ging; ook JANSEN zelf."
    findings = scan(text, known_names=["Piet Jansen"])
    assert [f.text for f in findings] == ["Jansen", "jansen", "JANSEN"]
    assert {f.kind for f in findings} == {"name"}


def test_known_initials_are_found_with_a_full_stop_or_together() -> None:
    text = "Patiënte M.K. kwam; MK had pijn. Daarna kwam L. alleen. A minor, an adult."
    found = [f.text for f in scan(text, known_names=["M.K.", "L.", "A.N."])]
    assert found == ["M.K.", "MK", "L."]


def test_the_allow_list_and_the_callers_words_pass() -> None:
    text = (
        "Ik heb Veilig Thuis en CoMensha gebeld, de KNMG-meldcode en de V&VN gevolgd, "
        "de GGD en het LECK gevraagd. Bel 0800-2000 of 112, ook 24/7."
    )
    assert scan(text) == ()
    label = "Schuld bij de Werkgever die niet kleiner wordt"
    assert set(kinds(f"Signalen: {label}.")) == {"name"}
    assert scan(f"Signalen: {label}.", allowed=[label]) == ()


def test_a_known_name_is_found_even_inside_allowed_words() -> None:
    findings = scan("Veilig Thuis Jansen", known_names=["Jansen"], allowed=["Veilig Thuis Jansen"])
    assert [f.text for f in findings] == ["Jansen"]


@pytest.mark.parametrize(
    "text",
    [
        "Zij werkt 10-12 uur per dag en 2-3 keer per week ook 's nachts.",
        "Temperatuur 38,5 graden, pols 88, gewicht 62 kg.",
        "Twee kinderen van 4 en 9 jaar; de oudste is 16.",
        "Afwegingen 3-5 samen met Veilig Thuis.",
        "Zij krijgt 50 euro per week en moet een derde afdragen.",
        "Zij is 24/7 bereikbaar voor de baas.",
    ],
)
def test_clinical_numbers_without_identifiers_are_not_flagged(text: str) -> None:
    assert not contains_identifiers(text, kinds=("date", "number", "email"))


def test_findings_are_in_order_and_do_not_overlap() -> None:
    text = "Op 14 Maart 2009 belde Jansen vanaf 06-12345678 (jansen@example.nl), Kerkstraat 12."
    findings = scan(text)
    assert [f.kind for f in findings] == ["date", "name", "number", "email", "number"]
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_contains_identifiers_can_look_for_some_kinds_only() -> None:
    assert contains_identifiers("Zij kwam met Jansen.")
    assert not contains_identifiers("Zij kwam met Jansen.", kinds=("date", "number"))
    assert set(KINDS) == {"date", "number", "email", "name"}


# Generated identifiers, put in the middle of an ordinary sentence.

names = st.from_regex(r"[A-Z][a-z]{2,11}", fullmatch=True).filter(
    lambda n: n.casefold() not in ALLOWED_WORDS
)
birth_dates = st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31))
sentences = st.sampled_from(SENTENCES)


@st.composite
def written_dates(draw: st.DrawFn) -> str:
    """Return a date of birth written in one of the usual ways."""
    d = draw(birth_dates)
    formats = [
        f"{d:%d-%m-%Y}",
        f"{d.day}-{d.month}-{d.year}",
        f"{d:%d/%m/%y}",
        f"{d.day}/{d.month}/{d:%y}",
        f"{d:%d.%m.%Y}",
        d.isoformat(),
        f"{d:%Y/%m/%d}",
        f"{d.day} {NL_MONTHS[d.month - 1]} {d.year}",
        f"{d.day} {NL_SHORT[d.month - 1]} {d.year}",
        f"{d.day}-{NL_SHORT[d.month - 1]}-{d.year}",
        f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}",
        f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}",
        f"{d.day} {NL_MONTHS[d.month - 1]}",
    ]
    return draw(st.sampled_from(formats))


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """Return a Dutch mobile or landline number written in one of the usual ways."""
    digits = draw(st.from_regex(r"[0-9]{8}", fullmatch=True))
    area = draw(st.from_regex(r"[1-9][0-9]{1,2}", fullmatch=True))
    local = draw(st.from_regex(r"[0-9]{7}", fullmatch=True))
    formats = [
        f"06-{digits}",
        f"06 {digits}",
        f"06 {digits[:4]} {digits[4:]}",
        f"06 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
        f"+31 6 {digits}",
        f"+31 (0)6 {digits[:4]} {digits[4:]}",
        f"0031 6 {digits}",
        f"0{area}-{local}",
        f"0{area} {local[:3]} {local[3:]}",
    ]
    return draw(st.sampled_from(formats))


bsns = st.from_regex(r"[0-9]{9}", fullmatch=True)
postcodes = st.from_regex(r"[1-9][0-9]{3} ?[A-Z]{2}", fullmatch=True)


@given(sentence=sentences, name=names)
def test_a_generated_name_within_a_sentence_is_found(sentence: str, name: str) -> None:
    text = sentence.format(x=name)
    assert covered(scan(text), text, name, "name", sentence.index("{x}"))


@given(sentence=sentences, name=names)
def test_a_generated_known_name_is_found_even_lower_case(sentence: str, name: str) -> None:
    text = sentence.format(x=name.lower())
    slot = sentence.index("{x}")
    assert covered(scan(text, known_names=[name]), text, name.lower(), "name", slot)


@given(sentence=sentences, written=written_dates())
def test_a_generated_date_of_birth_is_found(sentence: str, written: str) -> None:
    text = sentence.format(x=written)
    assert covered(scan(text), text, written, "date", sentence.index("{x}")), scan(text)


@given(sentence=sentences, phone=phone_numbers())
def test_a_generated_phone_number_is_found_whole(sentence: str, phone: str) -> None:
    text = sentence.format(x=phone)
    assert covered(scan(text), text, phone, "number", sentence.index("{x}")), scan(text)


@given(sentence=sentences, number=st.one_of(bsns, postcodes))
def test_a_generated_bsn_or_postcode_is_found(sentence: str, number: str) -> None:
    text = sentence.format(x=number)
    assert covered(scan(text), text, number, "number", sentence.index("{x}")), scan(text)


CLINICAL = [
    "patiënte komt op het spreekuur met buikpijn",
    "zij is {n} jaar en woont bij een vriend",
    "er zijn {n} kinderen in het huishouden",
    "hij werkt {n} uur per dag zonder pauze",
    "de wond is {n} cm lang en niet ontstoken",
    "zij moet {n} euro per week afdragen",
    "de begeleider spreekt voor haar",
    "het paspoort ligt bij de werkgever",
    "zij slaapt op het werk en mag niet weg",
    "de temperatuur is {n},{m} graden",
    "ze komt {n} tot {m} keer per maand",
]


@given(
    parts=st.lists(st.sampled_from(CLINICAL), min_size=1, max_size=5),
    n=st.integers(min_value=0, max_value=99),
    m=st.integers(min_value=0, max_value=99),
)
def test_plain_clinical_sentences_hold_no_dates_or_numbers(
    parts: list[str], n: int, m: int
) -> None:
    text = ". ".join(p.format(n=n, m=m).capitalize() for p in parts) + "."
    assert not contains_identifiers(text, kinds=("date", "number", "email")), scan(text)
    # Nothing in them is capitalised except at the start of a sentence.
    assert scan(text) == ()
