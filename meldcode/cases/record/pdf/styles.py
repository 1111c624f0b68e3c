"""Fonts, colours, paragraph styles and small building blocks of the record PDF."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from babel.dates import format_date, format_datetime
from django.utils import timezone, translation
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Table,
    TableStyle,
)

FONTS = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#b8bec6")
LABEL_BG = colors.HexColor("#eef1f5")
FACT = colors.HexColor("#1f4e79")
INTERPRETATION = colors.HexColor("#8a4b00")
INTERPRETATION_BG = colors.HexColor("#fff4e0")
PATH = colors.HexColor("#0b5cad")
TOOL = colors.HexColor("#7a2e8c")
TOOL_BG = colors.HexColor("#f7f0f9")


@cache
def register_fonts() -> None:
    """Register DejaVu Sans once per process; reportlab embeds a subset of what is used."""
    pdfmetrics.registerFont(TTFont(REGULAR, FONTS / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONTS / "DejaVuSans-Bold.ttf"))
    # Map <b> and <i> to the embedded faces, so that markup never reaches for Helvetica.
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )


def _style(name: str, size: float, *, bold: bool = False, **extra: Any) -> ParagraphStyle:
    """Return a paragraph style in the embedded font, bullets included."""
    font = BOLD if bold else REGULAR
    settings = {"textColor": INK, "leading": size * 1.3, **extra}
    return ParagraphStyle(name, fontName=font, bulletFontName=font, fontSize=size, **settings)


BODY = _style("body", 9.5, spaceAfter=3)
SMALL = _style("small", 8, textColor=MUTED)
CELL = _style("cell", 8.5)
LABEL = _style("label", 8.5, bold=True)
HEAD_CELL = _style("head", 8.5, bold=True, textColor=colors.white)
TITLE = _style("title", 16, bold=True, spaceAfter=6)
H2 = _style("h2", 12.5, bold=True, spaceBefore=12, spaceAfter=4, keepWithNext=1)
H3 = _style("h3", 10, bold=True, spaceBefore=6, spaceAfter=3, keepWithNext=1)
DECISION = _style("decision", 11, bold=True)
ITEM = _style("item", 9.5, leftIndent=12, bulletIndent=2, spaceAfter=1)
BOX_ITEM = _style("box-item", 8.5, leftIndent=12, bulletIndent=2)
BOX_HEAD = _style("box-head", 8.5, bold=True, spaceBefore=4, spaceAfter=1)
TOOL_LABEL = _style("tool", 10.5, bold=True, textColor=TOOL, spaceAfter=3)


def _markup(text: object) -> str:
    """Escape text for Paragraph markup and keep its line breaks."""
    return escape(str(text)).replace("\n", "<br/>")


def paragraph(text: object, style: ParagraphStyle = BODY) -> Paragraph:
    """Return a paragraph of plain text: anything the user typed is escaped."""
    return Paragraph(_markup(text), style)


def _items(
    texts: Iterable[object], *, numbered: bool = False, style: ParagraphStyle = ITEM
) -> list[Flowable]:
    """Return a bulleted (or numbered) list of plain texts."""
    return [
        Paragraph(_markup(text), style, bulletText=f"{n}." if numbered else "•")
        for n, text in enumerate(texts, start=1)
    ]


def _date(value: object, language: str) -> str:
    """Return an ISO date or a date as words in ``language`` (14 maart 2026)."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return str(format_date(day, format="long", locale=translation.to_locale(language)))


def _moment(value: datetime, language: str) -> str:
    """Return an aware moment as a short local date and time in ``language``."""
    zone = timezone.get_current_timezone()
    locale = translation.to_locale(language)
    return str(format_datetime(value, format="short", tzinfo=zone, locale=locale))


def grid(
    rows: Sequence[Sequence[Flowable | Sequence[Flowable]]],
    widths: Sequence[float],
    *,
    head: colors.Color | None = None,
) -> Table:
    """Return a ruled table; with ``head``, the first row is a header in that colour.

    A cell is a flowable, or a list of flowables stacked in it.
    """
    table = Table(
        [list(row) for row in rows],
        colWidths=list(widths),
        repeatRows=1 if head else 0,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if head is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), head))
    table.setStyle(TableStyle(commands))
    return table


def boxed(content: Sequence[Flowable], *, border: colors.Color, background: colors.Color) -> Table:
    """Return ``content`` in a framed, tinted box the width of the page."""
    table = Table([[list(content)]], colWidths=[WIDTH], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 1.2, border),
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _pairs(rows: Sequence[tuple[object, object]]) -> Table:
    """Return a two-column table of labels and values."""
    table = grid(
        [[paragraph(k, LABEL), paragraph(v, CELL)] for k, v in rows], (WIDTH * 0.36, WIDTH * 0.64)
    )
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), LABEL_BG)]))
    return table
