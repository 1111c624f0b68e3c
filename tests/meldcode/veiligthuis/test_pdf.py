"""The PDF of a Veilig Thuis payload: the advies sheet for the phone call, the melding summary.

Read back as a reader would, with the record PDF's helpers: ``qpdf --check``
judges the structure, pypdf lists the fonts and extracts the text.
"""

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

from meldcode.accounts.models import User
from meldcode.veiligthuis.pdf import payload_pdf
from meldcode.veiligthuis.schema import validate_payload
from tests.meldcode.cases.test_pdf import assert_sound, nfc, pages_text, text_of
from tests.meldcode.veiligthuis.payload_examples import MARKUP, QUESTION, advies_for, full_melding

pytestmark = pytest.mark.django_db

NAMES = ("Zoë Çelik", "Łukasz Wiśniewski", "Ștefan Popescu")


@pytest.fixture
def advies(clinician: User) -> dict[str, Any]:
    return advies_for(clinician)


@pytest.fixture
def melding() -> dict[str, Any]:
    payload = full_melding()
    assert validate_payload(payload) == []
    return payload


def lines_by_height(pdf: bytes) -> list[tuple[float, str]]:
    """Return the text runs of the first page with their height on it, top first."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            # The text matrix is relative to the current transformation (tables move it).
            runs.append((float(tm[4] * cm[1] + tm[5] * cm[3] + cm[5]), text.strip()))

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return sorted(runs, key=lambda run: -run[0])


def advies_pdf(payload: dict[str, Any], language: str = "en") -> bytes:
    return payload_pdf(
        payload,
        title="Advies: questions for Veilig Thuis",
        language=language,
        author="Zoë Çelik",
        reference="MW-ADVIES-1",
    )


def melding_pdf(payload: dict[str, Any], language: str = "en") -> bytes:
    return payload_pdf(
        payload,
        title="Melding to Veilig Thuis",
        language=language,
        author="Zoë Çelik",
        reference="MW-MELDING-1",
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_both_variants_pass_qpdf_and_embed_every_font(
    advies: dict[str, Any], melding: dict[str, Any], language: str, tmp_path: Path
) -> None:
    assert_sound(advies_pdf(advies, language), tmp_path)
    assert_sound(melding_pdf(melding, language), tmp_path)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_typical_advies_fits_on_one_page_with_the_numbers_at_the_top(
    advies: dict[str, Any], language: str
) -> None:
    pdf = advies_pdf(advies, language)
    assert len(pages_text(pdf)) == 1
    with translation.override(language):
        header = translation.gettext("Veilig Thuis: 0800-2000 (free, 24/7) · in direct danger: 112")
    assert "0800-2000" in header
    assert "112" in header
    # The header is the top line of the page, above the title.
    lines = lines_by_height(pdf)
    assert nfc(lines[0][1]) == nfc(header)
    assert lines[1][1] == "Advies: questions for Veilig Thuis"


def test_the_advies_sheet_holds_the_question_the_profile_and_the_professional(
    advies: dict[str, Any],
) -> None:
    text = text_of(advies_pdf(advies))
    for expected in (
        "Veilig Thuis: 0800-2000 (free, 24/7) · in direct danger: 112",
        "Advies: questions for Veilig Thuis",
        nfc(QUESTION),
        "Signal profile",
        "Tool output, not a diagnosis",
        "arbeidsuitbuiting (labour exploitation)",
        "debt_to_employer",
        "General practitioner (huisarts)",
        "Zoë Çelik",
        "030 123 4567",
        "Veilig Thuis Utrecht",
        "page 1 of 1",
        "MW-ADVIES-1",
    ):
        assert expected in text, expected


def test_the_melding_keeps_facts_apart_from_interpretations_each_with_source_and_date(
    melding: dict[str, Any],
) -> None:
    text = text_of(melding_pdf(melding))
    facts = text.index("Facts and observations")
    interpretations = text.index("Interpretations", facts)
    profile = text.index("Signal profile", interpretations)
    assert facts < text.index("Paspoort ligt bij de werkgever.") < interpretations
    assert facts < text.index("opgehaald met een busje.") < interpretations
    assert "The patient" in text[facts:interpretations]
    assert "A third party (buurvrouw)" in text[facts:interpretations]
    assert "November 3, 2026" in text[facts:interpretations]
    between = text[interpretations:profile]
    assert "Vermoedelijk arbeidsuitbuiting met schuldbinding." in between
    assert "The melder's own observation" in between
    assert "A third party (praktijkondersteuner)" in between
    assert "November 6, 2026" in between
    assert "Tool output, not a diagnosis" in text[profile:]


def test_the_melding_holds_the_decision_its_path_and_the_route(melding: dict[str, Any]) -> None:
    text = text_of(melding_pdf(melding))
    for expected in (
        "Decision",
        "Melden: report to Veilig Thuis",
        "1. Vermoeden: yes → 2. Acute of structurele onveiligheid: yes",
        "Telling would threaten the patient's or the household's safety",
        "1. Veilig Thuis (0800-2000)",
        "3. Nederlandse Arbeidsinspectie (0800-5151)",
        "Kerkstraat 12a, 3012 AB Rotterdam",
        "Veilig Thuis Rotterdam Rijnmond",
    ):
        assert expected in text, expected


def test_the_part_for_veilig_thuis_only_is_the_last_page_and_alone_there(
    melding: dict[str, Any],
) -> None:
    pages = pages_text(melding_pdf(melding))
    assert len(pages) > 1
    secret = "De neef van de werkgever werkt op de praktijk."
    assert [secret in page for page in pages] == [False] * (len(pages) - 1) + [True]
    assert pages[-1].startswith("Only for Veilig Thuis")
    assert "Paspoort" not in pages[-1]
    # Without that part there is no page break and no such page.
    del melding["veilig_thuis_only"]
    assert not any("Only for Veilig Thuis" in page for page in pages_text(melding_pdf(melding)))


def test_every_page_is_numbered_with_the_title_and_reference(melding: dict[str, Any]) -> None:
    pages = pages_text(melding_pdf(melding))
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
        assert "Melding to Veilig Thuis · MW-MELDING-1" in page


def test_names_in_every_alphabet_print_and_typed_markup_stays_text(
    melding: dict[str, Any], tmp_path: Path
) -> None:
    pdf = melding_pdf(melding, "nl")
    assert_sound(pdf, tmp_path)
    text = text_of(pdf)
    for name in NAMES:
        assert nfc(name) in text, name
    assert nfc(MARKUP) in text
    metadata = PdfReader(BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.author == "Zoë Çelik"
    assert metadata.title == "Melding to Veilig Thuis"


def test_without_author_or_reference_the_pdf_says_neither(advies: dict[str, Any]) -> None:
    pdf = payload_pdf(advies, title="Advies", language="en", author=None, reference=None)
    text = text_of(pdf)
    assert "Prepared by" not in text
    assert "Reference" not in text
    assert "Advies · " not in text


def test_words_and_dates_follow_the_language(melding: dict[str, Any]) -> None:
    dutch = text_of(melding_pdf(melding, "nl"))
    english = text_of(melding_pdf(melding, "en"))
    assert "3 november 2026" in dutch
    assert "November 3, 2026" in english
    with translation.override("nl"):
        facts = translation.gettext("Facts and observations")
        tool = translation.gettext("Tool output, not a diagnosis")
        melden = translation.gettext("Melden: report to Veilig Thuis")
    assert facts != "Facts and observations"
    assert tool == "Uitkomst hulpmiddel, geen diagnose"
    for word in (facts, tool, melden):
        assert word in dutch
    assert "Facts and observations" not in dutch
    assert "Facts and observations" in english
