"""The certificate PDF: names print, fonts are embedded, the QR code scans, the bytes repeat."""

import dataclasses
import io
from datetime import date
from decimal import Decimal
from typing import Any, cast

# pypdfium2 ships no type hints; it is here only to render a page independently.
import pypdfium2  # type: ignore[import-untyped]
import pytest
import zxingcpp
from django.utils import translation
from pypdf import PdfReader
from reportlab.lib.units import mm

from elearning.certificate_pdf import certificate_pdf
from elearning.content import Text
from elearning.frozen import FrozenAccreditation, FrozenCertificate

URL = "https://meldwijzer.nl/e-learning/certificaat/7K3P-9QX2-M4TD-H8VA/"
TITLE = Text(
    nl="Mensenhandel herkennen en bespreken",
    en="Recognising and discussing human trafficking",
)
STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}
A4_LANDSCAPE = (841.89, 595.28)


def certificate(**changes: Any) -> FrozenCertificate:
    """Return a realistic frozen certificate, with ``changes`` made."""
    frozen = FrozenCertificate(
        code="7K3P-9QX2-M4TD-H8VA",
        name="Zoë Çelik",
        big_number="09123456789",
        module_slug="mensenhandel",
        module_title=TITLE,
        module_version="2.1",
        minutes=45,
        completed_on=date(2026, 3, 14),
        valid_until=date(2028, 3, 14),
        language="nl",
        accreditations=(
            FrozenAccreditation(
                register="Kwaliteitsregister V&VN",
                accreditation_id="AC-2026-48213",
                points=Decimal("1.50"),
                number="4821937",
            ),
            FrozenAccreditation(
                register="ABC1 (KNMG)",
                accreditation_id="489123",
                points=Decimal("2"),
                number="",
            ),
        ),
    )
    return dataclasses.replace(frozen, **changes)


def reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(content).pages)


@pytest.mark.parametrize("name", ["Zoë Çelik", "Łukasz Ștefan Öztürk-Ğüneş"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_name_with_diacritics_prints(name: str, language: str) -> None:
    text = text_of(certificate_pdf(certificate(name=name, language=language), verify_url=URL))
    assert name in text


@pytest.mark.parametrize(
    ("language", "completed", "other"),
    [
        ("nl", "14 maart 2026", "en"),
        ("en", "March 14, 2026", "nl"),
    ],
)
def test_the_page_is_in_the_certificates_language(
    language: str, completed: str, other: str
) -> None:
    text = text_of(certificate_pdf(certificate(language=language), verify_url=URL))
    assert TITLE.get(language) in text
    assert TITLE.get(other) not in text
    assert completed in text
    assert "2028" in text  # the valid-until date


def test_the_english_page_says_what_was_completed() -> None:
    text = text_of(certificate_pdf(certificate(language="en"), verify_url=URL))
    for words in (
        "Meldwijzer",
        "Certificate",
        "has completed the e-learning module",
        "version 2.1",
        "45 minutes",
        "Completed on March 14, 2026",
        "Valid until March 14, 2028",
    ):
        assert words in text


def test_drawing_leaves_the_active_language_alone() -> None:
    before = translation.get_language()
    certificate_pdf(certificate(language="en"), verify_url=URL)
    assert translation.get_language() == before


def test_the_code_url_big_number_and_accreditations_print() -> None:
    text = text_of(certificate_pdf(certificate(), verify_url=URL))
    assert "7K3P-9QX2-M4TD-H8VA" in text
    assert URL in text
    # The BIG-nummer keeps its leading zero: 11 digits.
    assert "09123456789" in text
    for printed in ("Kwaliteitsregister V&VN", "AC-2026-48213", "4821937", "ABC1 (KNMG)", "489123"):
        assert printed in text
    # Points as Dutch writes them.
    assert "1,5" in text


def test_points_are_written_as_the_language_writes_them() -> None:
    text = text_of(certificate_pdf(certificate(language="en"), verify_url=URL))
    assert "1.5" in text
    assert "1,5" not in text


def test_without_accreditations_there_is_no_table() -> None:
    text = text_of(certificate_pdf(certificate(language="en", accreditations=()), verify_url=URL))
    assert "Accreditation ID" not in text
    assert "continuing education" not in text
    with_table = text_of(certificate_pdf(certificate(language="en"), verify_url=URL))
    assert "Accreditation ID" in with_table
    assert "continuing education" in with_table


def test_without_a_big_number_none_is_printed() -> None:
    text = text_of(certificate_pdf(certificate(language="en", big_number=""), verify_url=URL))
    assert "BIG-nummer" not in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_certificate_never_claims_big_re_registration(language: str) -> None:
    text = text_of(certificate_pdf(certificate(language=language), verify_url=URL)).lower()
    for claim in (
        "big-herregistratie",
        "big herregistratie",
        "herregistratie in het big",
        "big re-registration",
        "big-re-registration",
        "re-registration in the big",
    ):
        assert claim not in text


def test_every_font_is_embedded_and_none_is_a_standard_14_font() -> None:
    page = reader(certificate_pdf(certificate(), verify_url=URL)).pages[0]
    fonts = cast(Any, page["/Resources"])["/Font"]
    assert fonts
    for reference in fonts.values():
        font = reference.get_object()
        if font["/Subtype"] == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
        assert str(font["/BaseFont"]).lstrip("/").split("+")[-1] not in STANDARD_14


def test_the_page_is_one_a4_landscape_page() -> None:
    pages = reader(certificate_pdf(certificate(), verify_url=URL)).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_LANDSCAPE[0], abs=1)
    assert float(box.height) == pytest.approx(A4_LANDSCAPE[1], abs=1)


def test_the_same_certificate_gives_the_same_bytes() -> None:
    first = certificate_pdf(certificate(), verify_url=URL)
    # Another certificate in between must leave no trace (fonts, counters).
    certificate_pdf(certificate(name="Łukasz Ștefan Öztürk-Ğüneş", language="en"), verify_url=URL)
    assert certificate_pdf(certificate(), verify_url=URL) == first
    assert certificate_pdf(certificate(code="ABCD-EFGH-JKMN-PQRS"), verify_url=URL) != first


def test_the_metadata_name_the_certificate() -> None:
    document = reader(certificate_pdf(certificate(language="en"), verify_url=URL))
    metadata = document.metadata
    assert metadata is not None
    assert metadata.author == "Meldwijzer"
    assert metadata.title is not None
    assert "7K3P-9QX2-M4TD-H8VA" in metadata.title
    assert TITLE.en in metadata.title
    assert metadata.subject is not None
    assert "Zoë Çelik" in metadata.subject
    assert cast(Any, document.trailer["/Root"])["/Lang"] == "en"


def test_a_very_long_name_shrinks_to_fit_the_page() -> None:
    name = ("Łukasz Ștefan Öztürk-Ğüneş van den Berg-Çelik " * 4)[:150].strip()
    content = certificate_pdf(certificate(name=name), verify_url=URL)
    assert len(reader(content).pages) == 1
    assert name in text_of(content)
    # Measured on the rendered page by an independent PDF engine: the first
    # and the last letter of the name lie inside the frame (11 mm in).
    page = pypdfium2.PdfDocument(content)[0]
    textpage = page.get_textpage()
    start = textpage.get_text_range().index(name)
    left = textpage.get_charbox(start)[0]
    right = textpage.get_charbox(start + len(name) - 1)[2]
    assert left >= 11 * mm
    assert right <= page.get_width() - 11 * mm


def test_the_url_is_a_link() -> None:
    page = reader(certificate_pdf(certificate(), verify_url=URL)).pages[0]
    annotations = [reference.get_object() for reference in cast(Any, page["/Annots"])]
    assert annotations
    assert {annotation["/A"]["/URI"] for annotation in annotations} == {URL}


@pytest.mark.parametrize("url", [URL, "https://mw.nl/c/1"])
def test_the_qr_code_scans_to_the_verification_url(url: str) -> None:
    content = certificate_pdf(certificate(), verify_url=url)
    scale = 3
    image = pypdfium2.PdfDocument(content)[0].render(scale=scale).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert [barcode.text for barcode in found] == [url]
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode
    # At least 35 mm wide, in the bottom right corner of the page.
    corners = found[0].position
    width = (corners.top_right.x - corners.top_left.x) / scale
    assert width >= 35 * mm - 2
    assert corners.top_left.x > image.width * 0.7
    assert corners.top_left.y > image.height * 0.6
