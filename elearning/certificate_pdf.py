"""Draw the certificate of a completed e-learning module as a one-page PDF.

The page is drawn only from a :class:`~elearning.frozen.FrozenCertificate`,
so a certificate printed today and one printed in a year are the same
document (``invariant`` fixes the dates and the file identifier that
reportlab would otherwise vary). It is drawn on the canvas directly rather
than laid out with platypus: one fixed page needs no flowing, and the
certificate is made on request, so every millisecond counts.

Names are printed in the embedded DejaVu Sans of the record PDF: the
standard 14 PDF fonts are not embedded and cannot print Ł, ș or ğ.
The verification URL is on the page three times over — as text to type, as a
link to click (mod_customcert users still ask for one) and as a QR code to
scan.
"""

import io
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Final

import segno
from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from elearning.content import content_language
from meldcode.cases.record.pdf.styles import (
    BOLD,
    FACT,
    INK,
    LABEL_BG,
    MUTED,
    PATH,
    REGULAR,
    RULE,
    register_fonts,
)

from .frozen import FrozenAccreditation, FrozenCertificate

ISSUER: Final = "Meldwijzer"

WIDTH, HEIGHT = landscape(A4)
MARGIN: Final = 22 * mm
CONTENT_WIDTH: Final = WIDTH - 2 * MARGIN
CENTRE: Final = WIDTH / 2

# The dark part of the QR code, without its quiet zone: 35 mm or more scans
# from a printed page at arm's length, even on a phone with a poor camera.
QR_SIZE: Final = 38 * mm
# ISO/IEC 18004 asks for a light border of 4 modules around the symbol.
QUIET_MODULES: Final = 4
# The outer corner of the QR code's quiet zone: bottom right, inside the frame.
QR_RIGHT: Final = WIDTH - 15 * mm
QR_BOTTOM: Final = 19 * mm

# The accreditation table stops above the code and the QR code.
TABLE_WIDTH: Final = 620.0
TABLE_FLOOR: Final = 195.0
TABLE_COLUMNS: Final = (0.40, 0.24, 0.12, 0.24)
ROW_HEIGHT: Final = 15.0
CELL_PADDING: Final = 4.0

# Shown when the learner gave no number for a register.
NONE: Final = "—"


def _fitted(text: str, font: str, size: float, width: float) -> float:
    """Return ``size``, or the smaller size at which ``text`` is ``width`` wide.

    A name or a title is never cut or wrapped: a certificate must print it
    whole, on one line, so a long one is set smaller instead.
    """
    measured = stringWidth(text, font, size)
    return size if measured <= width else size * width / measured


def _centred(
    canvas: Canvas,
    text: str,
    y: float,
    *,
    font: str = REGULAR,
    size: float,
    colour: colors.Color = INK,
    width: float = CONTENT_WIDTH,
) -> None:
    """Draw ``text`` centred on the page at ``y``, shrunk to fit ``width``."""
    canvas.setFont(font, _fitted(text, font, size, width))
    canvas.setFillColor(colour)
    canvas.drawCentredString(CENTRE, y, text)


def _date(value: date, language: str) -> str:
    """Return a date as words in ``language``: 14 maart 2026, March 14, 2026."""
    return str(format_date(value, format="long", locale=translation.to_locale(language)))


def _points(points: Decimal, language: str) -> str:
    """Return points as the language writes them: 1,5 in Dutch, 1.5 in English."""
    return str(format_decimal(points.normalize(), locale=translation.to_locale(language)))


def _frame(canvas: Canvas) -> None:
    """Draw the double border of the page."""
    canvas.setStrokeColor(FACT)
    canvas.setLineWidth(1.6)
    canvas.rect(9 * mm, 9 * mm, WIDTH - 18 * mm, HEIGHT - 18 * mm, stroke=1, fill=0)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.rect(11 * mm, 11 * mm, WIDTH - 22 * mm, HEIGHT - 22 * mm, stroke=1, fill=0)


def _statement(canvas: Canvas, frozen: FrozenCertificate, language: str) -> None:
    """Draw who completed which module, when, and until when it counts."""
    _centred(canvas, ISSUER, HEIGHT - 30 * mm, font=BOLD, size=14, colour=FACT)
    _centred(canvas, _("Certificate"), 470, font=BOLD, size=32)
    _centred(canvas, _("This is to certify that"), 440, size=12, colour=MUTED)
    _centred(canvas, frozen.name, 405, font=BOLD, size=28)
    _centred(canvas, _("has completed the e-learning module"), 378, size=12, colour=MUTED)
    _centred(canvas, frozen.module_title.get(language), 352, font=BOLD, size=18, colour=FACT)
    minutes = ngettext("%(minutes)d minute", "%(minutes)d minutes", frozen.minutes) % {
        "minutes": frozen.minutes
    }
    version = _("version %(version)s") % {"version": frozen.module_version}
    _centred(canvas, f"{version} · {minutes}", 332, size=11, colour=MUTED)
    facts = [
        _("Completed on %(date)s") % {"date": _date(frozen.completed_on, language)},
        _("Valid until %(date)s") % {"date": _date(frozen.valid_until, language)},
    ]
    if frozen.big_number:
        facts.append(_("BIG-nummer %(number)s") % {"number": frozen.big_number})
    _centred(canvas, "  ·  ".join(facts), 308, size=10.5)


def _accreditations(
    canvas: Canvas, accreditations: Sequence[FrozenAccreditation], language: str
) -> None:
    """Draw what the accredited points count for, and a table of the accreditations.

    The sentence names re-registration in the registers of the table and
    nothing else: a Kwaliteitsregister counts accredited points, the BIG
    register does not, so a certificate must never suggest it does.
    """
    if not accreditations:
        return
    sentence = _(
        "The registers below have accredited this module: its points count towards "
        "the accredited continuing education each of them asks."
    )
    y = 284.0
    canvas.setFont(REGULAR, 9.5)
    canvas.setFillColor(INK)
    for line in simpleSplit(sentence, REGULAR, 9.5, TABLE_WIDTH):
        canvas.drawCentredString(CENTRE, y, line)
        y -= 12
    top = y - 4
    # Many registers would run into the code: rows then get lower rather than
    # the table longer, so the certificate stays one page.
    rows = len(accreditations) + 1
    row = min(ROW_HEIGHT, (top - TABLE_FLOOR) / rows)
    size = min(9.0, row * 0.62)
    left = CENTRE - TABLE_WIDTH / 2
    widths = [TABLE_WIDTH * share for share in TABLE_COLUMNS]
    canvas.setFillColor(LABEL_BG)
    canvas.rect(left, top - row, TABLE_WIDTH, row, stroke=0, fill=1)
    head = [_("Register"), _("Accreditation ID"), _("Points"), _("Your number")]
    body = [
        [item.register, item.accreditation_id, _points(item.points, language), item.number or NONE]
        for item in accreditations
    ]
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    for index, cells in enumerate([head, *body]):
        font = BOLD if index == 0 else REGULAR
        baseline = top - (index + 1) * row + (row - size) / 2 + size * 0.2
        x = left
        for column, (text, width) in enumerate(zip(cells, widths, strict=True)):
            canvas.setFont(font, _fitted(text, font, size, width - 2 * CELL_PADDING))
            canvas.setFillColor(INK)
            if column == 2:
                canvas.drawCentredString(x + width / 2, baseline, text)
            else:
                canvas.drawString(x + CELL_PADDING, baseline, text)
            x += width
        line = top - (index + 1) * row
        canvas.line(left, line, left + TABLE_WIDTH, line)
    canvas.line(left, top, left + TABLE_WIDTH, top)


def _runs(cells: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Yield the start and the length of every run of dark cells in a row."""
    start: int | None = None
    for index, dark in enumerate([*cells, 0]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            yield start, index - start
            start = None


def _qr(canvas: Canvas, url: str) -> float:
    """Draw ``url`` as a QR code in the bottom right corner; return its left edge.

    The modules are drawn as vector rectangles, a run of dark modules in a
    row as one, in a single path: sharp at any zoom, and much faster than
    reportlab's own QR widget. One path is filled as one shape, which keeps
    viewers that smooth edges (pdfium, at least) from drawing pale hairlines
    between two rows.
    """
    # make_qr, not make: a short URL must not become a Micro QR code,
    # which few phone cameras read.
    matrix = segno.make_qr(url, error="m").matrix
    count = len(matrix)
    module = QR_SIZE / count
    quiet = QUIET_MODULES * module
    left = QR_RIGHT - quiet - QR_SIZE
    bottom = QR_BOTTOM + quiet
    top = bottom + QR_SIZE
    path = canvas.beginPath()
    for index, row in enumerate(matrix):
        for start, length in _runs(row):
            path.rect(left + start * module, top - (index + 1) * module, length * module, module)
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.linkURL(url, (left, bottom, left + QR_SIZE, top), relative=0, thickness=0)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(left + QR_SIZE / 2, QR_BOTTOM - 4 * mm, _("Scan to verify"))
    return left - quiet


def _code_and_link(canvas: Canvas, code: str, url: str, *, right: float) -> None:
    """Draw the certificate code to read out and the verification URL to type or click."""
    canvas.setFont(REGULAR, 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, 150, _("Certificate code"))
    # The code is read out over the phone: large, bold and spaced, so that
    # every character stands apart; its alphabet has no 0/O or 1/I to confuse.
    code_text = canvas.beginText(MARGIN, 124)
    code_text.setFont(BOLD, 24)
    code_text.setCharSpace(2.5)
    code_text.setFillColor(INK)
    code_text.textOut(code)
    # The spacing is text state, which outlasts the text object: end it here.
    code_text.setCharSpace(0)
    canvas.drawText(code_text)
    canvas.setFont(REGULAR, 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, 98, _("Verify this certificate at"))
    width = right - 10 * mm - MARGIN
    size = _fitted(url, REGULAR, 10.5, width)
    canvas.setFont(REGULAR, size)
    canvas.setFillColor(PATH)
    canvas.drawString(MARGIN, 82, url)
    drawn = stringWidth(url, REGULAR, size)
    canvas.linkURL(url, (MARGIN, 79, MARGIN + drawn, 82 + size), relative=0, thickness=0)


def certificate_pdf(frozen: FrozenCertificate, *, verify_url: str) -> bytes:
    """Return the certificate ``frozen`` as one A4 landscape PDF page, in its language.

    ``verify_url`` is the public verification page of the certificate; it is
    printed, linked and drawn as a QR code. The same record and URL always
    give the same bytes.
    """
    register_fonts()
    # The language the learner took the module in; Text.get falls back to Dutch too.
    language = content_language(frozen.language)
    buffer = io.BytesIO()
    with translation.override(language):
        canvas = Canvas(
            buffer,
            pagesize=(WIDTH, HEIGHT),
            invariant=True,
            lang=language,
            # Without it the page starts in Helvetica, a standard-14 font that
            # is not embedded; the stubs type the name as a float by mistake.
            initialFontName=REGULAR,  # type: ignore[arg-type]
        )
        title = frozen.module_title.get(language)
        canvas.setTitle(
            _("Certificate %(code)s: %(title)s") % {"code": frozen.code, "title": title}
        )
        canvas.setAuthor(ISSUER)
        canvas.setCreator(ISSUER)
        canvas.setSubject(
            _("%(name)s has completed the e-learning module %(title)s")
            % {"name": frozen.name, "title": title}
        )
        _frame(canvas)
        _statement(canvas, frozen, language)
        _accreditations(canvas, frozen.accreditations, language)
        qr_left = _qr(canvas, verify_url)
        _code_and_link(canvas, frozen.code, verify_url, right=qr_left)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()
