"""The record PDF: valid, every font embedded, and the whole case in the user's language.

The PDF is read back as a reader would: ``qpdf --check`` judges its structure,
pypdf lists its fonts and extracts its text. qpdf is a Debian package that
.ci/run installs; a machine without it fails here rather than skipping.
"""

import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any, cast

import pytest
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from meldcode.accounts.models import Profession, User
from meldcode.cases.demo import demo_cases_ensure, demo_step_save
from meldcode.cases.models import Case
from meldcode.cases.record.pdf import record_pdf
from tests.meldcode.cases.factories import make_case, rows

pytestmark = pytest.mark.django_db

NAMES = ("Zoë Çelik", "Łukasz", "Ștefan")
MARKUP = "<b>niet vet</b> & <br/> <font name='Helvetica'>"


@pytest.fixture
def demo(clinician: User, make_user: Callable[..., User]) -> dict[str, Case]:
    """Return the three demo cases by reference, owned as ``demo`` owns them."""
    nurse = make_user(profession=Profession.VERPLEEGKUNDIGE, full_name="Sanne Bakker")
    demo_cases_ensure(owners=[clinician, nurse])
    return {c.reference: c for c in Case.objects.filter(reference__startswith="MW-DEMO-")}


@pytest.fixture
def names_case(make_user: Callable[..., User]) -> Case:
    """Return a decided case whose owner and free text hold names in several alphabets."""
    owner = make_user(full_name="Zoë Çelik")
    case = make_case(owner, reference="MW-NAMES-1")
    case = demo_step_save(
        user=owner,
        case=case,
        step="signalen",
        answers={
            "signals": ["no_access_to_own_id", "debt_to_employer"],
            **rows(
                "observations",
                [
                    {
                        "what": f"Łukasz zegt dat Ștefan zijn paspoort heeft. {MARKUP}",
                        "when": "2026-03-14",
                        "where": "spreekuur",
                        "kind": "feit",
                        "source": "patient",
                    },
                    {
                        "what": "Ștefan lijkt de werkgever die hem afhankelijk houdt.",
                        "kind": "interpretatie",
                        "source": "eigen",
                    },
                ],
            ),
            "children_count": "0",
            "network": "Zoë Çelik, een nicht in Gdańsk",
        },
    )
    case = demo_step_save(
        user=owner,
        case=case,
        step="beslissen",
        answers={"q1": "ja", "q2": "ja", "reasons": f"Uitbuiting door Ștefan. {MARKUP}"},
    )
    return case


def nfc(text: str) -> str:
    """Return ``text`` in NFC with its whitespace collapsed, as it is compared."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pages_text(pdf: bytes) -> list[str]:
    """Return the extracted text of each page, normalised."""
    return [nfc(page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    """Return the extracted text of the whole document, normalised."""
    return " ".join(pages_text(pdf))


def qpdf_check(pdf: bytes, tmp_path: Path) -> str:
    """Run ``qpdf --check`` on the PDF and return its report; fail on an error or a warning."""
    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is not installed: apt-get install qpdf (.ci/run does)"
    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 (a fixed program on a file of our own)
        [qpdf, "--check", str(path)], capture_output=True, text=True, check=False
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "WARNING" not in report.upper(), report
    return report


def fonts_of(pdf: bytes) -> dict[str, DictionaryObject]:
    """Return every font the pages (and their form XObjects) use, by name."""
    found: dict[str, DictionaryObject] = {}

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else None
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font.get("/BaseFont"))] = font
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in PdfReader(BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return found


def is_embedded(font: DictionaryObject) -> bool:
    """Tell whether a font's program is in the file (a Type0 font's, in its descendant)."""
    if font.get("/Subtype") == "/Type0":
        font = cast(Any, font["/DescendantFonts"])[0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def assert_sound(pdf: bytes, tmp_path: Path) -> None:
    """Assert that the PDF passes qpdf and embeds every font it uses, all DejaVu Sans."""
    assert pdf.startswith(b"%PDF-")
    qpdf_check(pdf, tmp_path)
    fonts = fonts_of(pdf)
    assert fonts
    assert [name for name, font in fonts.items() if not is_embedded(font)] == []
    assert all("DejaVuSans" in name for name in fonts), sorted(fonts)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("reference", ["MW-DEMO-1", "MW-DEMO-2", "MW-DEMO-3"])
def test_every_demo_record_passes_qpdf_and_embeds_every_font(
    demo: dict[str, Case], reference: str, language: str, tmp_path: Path
) -> None:
    pdf = record_pdf(demo[reference], language=language)
    assert_sound(pdf, tmp_path)
    assert reference in text_of(pdf)


def test_the_record_keeps_facts_apart_from_interpretations_each_with_its_source(
    demo: dict[str, Case],
) -> None:
    text = text_of(record_pdf(demo["MW-DEMO-1"], language="en"))
    facts = text.index("Facts and observations")
    interpretations = text.index("Interpretations", facts)
    fact = "Tweede soa binnen vier maanden; noemt een 'vriend' van 22 die alles betaalt."
    third_party = "Volgens de mentor vaak afwezig en opgehaald door oudere jongens in een auto."
    interpretation = "Vermoedelijk een pooierboy die haar afhankelijk maakt."
    assert facts < text.index(fact) < interpretations
    assert facts < text.index(third_party) < interpretations
    assert text.index(interpretation) > interpretations
    # Each item with its source; a third party by its role.
    assert "The patient" in text[facts:interpretations]
    assert "A third party (mentor op school)" in text[facts:interpretations]
    assert "My own observation" in text[interpretations : interpretations + 400]


def test_the_record_holds_every_step_the_decision_the_reasons_and_the_route(
    demo: dict[str, Case], clinician: User
) -> None:
    text = text_of(record_pdf(demo["MW-DEMO-1"], language="en"))
    for expected in (
        "Record of case MW-DEMO-1",
        clinician.full_name,
        "Map the signals (Signalen in kaart brengen)",
        "Decide: organise help and/or report (Beslissen: hulp organiseren en/of melden)",
        # Step 1: the patient's language.
        "Nederlands",
        # Step 2: the colleague and the Veilig Thuis advies.
        "collega-huisarts (aandachtsfunctionaris)",
        "Melden; er is sprake van structurele onveiligheid van een minderjarige.",
        # Step 3 and step 4.
        "Schrok, ontkende eerst, wil niet dat haar moeder het weet.",
        "Structurele onveiligheid: herhaalde seksuele uitbuiting van een 16-jarige.",
        # Step 5: the afwegingsvragen by their Dutch names, the decision and the reasons.
        "1. Vermoeden",
        "2. Acute of structurele onveiligheid",
        "Melden: report to Veilig Thuis",
        "Vermoeden van seksuele uitbuiting van een minderjarige; structurele onveiligheid.",
        "Veilig Thuis belt terug na de veiligheidsbeoordeling",
        # The flowchart's path, the route, the profile as the tool's output, the timeline.
        "1. Vermoeden: yes → 2. Acute of structurele onveiligheid: yes",
        "0800-2000",
        "Signal profile Tool output, not a diagnosis",
        "Decision recorded: Melden: report to Veilig Thuis",
    ):
        assert expected in text, expected


def test_the_acute_exit_is_recorded_with_its_reason_and_the_steps_it_skipped(
    demo: dict[str, Case],
) -> None:
    text = text_of(record_pdf(demo["MW-DEMO-2"], language="en"))
    assert "Acute path" in text
    assert "Acute unsafety: a melding by phone to Veilig Thuis today" in text
    assert "Mag het terrein niet af en moet morgen terug aan het werk" in text
    assert "Skipped on the acute path." in text


def test_every_page_carries_its_number_and_the_case_reference(demo: dict[str, Case]) -> None:
    pages = pages_text(record_pdf(demo["MW-DEMO-1"], language="en"))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
        assert "MW-DEMO-1" in page


def test_names_in_every_alphabet_print_and_typed_markup_stays_text(
    names_case: Case, tmp_path: Path
) -> None:
    pdf = record_pdf(names_case, language="nl")
    assert_sound(pdf, tmp_path)
    text = text_of(pdf)
    for name in NAMES:
        assert nfc(name) in text, name
    assert nfc(MARKUP) in text
    # The author defaults to the owner's full name, and can be given.
    metadata = PdfReader(BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.author == "Zoë Çelik"
    other = record_pdf(names_case, language="en", author="Łukasz Wiśniewski")
    assert "Łukasz Wiśniewski" in text_of(other)


def test_dates_and_words_follow_the_language(names_case: Case) -> None:
    dutch = text_of(record_pdf(names_case, language="nl"))
    english = text_of(record_pdf(names_case, language="en"))
    assert "14 maart 2026" in dutch
    assert "March 14, 2026" in english
    with translation.override("nl"):
        melden = translation.gettext("Melden: report to Veilig Thuis")
        patient = translation.gettext("The patient")
    assert melden != "Melden: report to Veilig Thuis"
    assert melden in dutch
    assert patient in dutch
    assert "Melden: report to Veilig Thuis" in english
    assert "Map the signals" in english
    assert "Map the signals" not in dutch
