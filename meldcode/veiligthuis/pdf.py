"""A Veilig Thuis payload as a PDF: the advies sheet for the phone call, the melding summary.

Drawn from :func:`~meldcode.veiligthuis.presentation.payload_sections`, so
that the PDF says what the screen says, with the record PDF's fonts (DejaVu
Sans, embedded, so every name prints), styles and page template (A4, "page N
of M"). Facts and interpretations stand in separate tables with their source
and date; the signal profile is boxed as the output of a tool; the part for
Veilig Thuis only starts on a page of its own, so that the pages before it
can be shown to the persons concerned without it. The advies sheet carries
0800-2000 and 112 at the top of every page, and fits on one page for a
typical advies.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from meldcode.cases.record.pdf.document import render_pdf
from meldcode.cases.record.pdf.styles import (
    CELL,
    FACT,
    H2,
    HEAD_CELL,
    INTERPRETATION,
    INTERPRETATION_BG,
    LABEL,
    LABEL_BG,
    SMALL,
    TITLE,
    TOOL,
    TOOL_BG,
    TOOL_LABEL,
    WIDTH,
    boxed,
    grid,
    paragraph,
    register_fonts,
)

from .presentation import Row, Section, format_day, payload_sections

# The padding of a box on each side (see ``boxed``): what a table inside it loses.
BOX_INNER = WIDTH - 16
VT_ONLY = colors.HexColor("#b3261e")
VT_ONLY_BG = colors.HexColor("#fdecea")
VT_ONLY_LABEL = TOOL_LABEL.clone("vt-only", textColor=VT_ONLY)
# On the advies sheet headings and rows take less room, so that it fits on one page.
SHEET_H2 = H2.clone("sheet-h2", spaceBefore=7, spaceAfter=2)
SHEET_PADDING = 2


def _value(row: Row) -> list[Flowable]:
    """Return the value of a row, its date, source and note in small print under it."""
    cell: list[Flowable] = [paragraph(row.value, CELL)]
    extra = [text for text in (row.date, row.source, row.note) if text]
    if extra:
        cell.append(paragraph(" · ".join(extra), SMALL))
    return cell


def _pairs(rows: Sequence[Row], width: float, *, compact: bool) -> Table:
    """Return the rows as a two-column table of labels and values."""
    cells: list[list[Flowable | list[Flowable]]] = [
        [paragraph(row.label, LABEL), _value(row)] for row in rows
    ]
    table = grid(cells, (width * 0.34, width * 0.66))
    commands: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (0, -1), LABEL_BG)]
    if compact:
        commands += [
            ("TOPPADDING", (0, 0), (-1, -1), SHEET_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), SHEET_PADDING),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _statements(section: Section) -> Table:
    """Return facts or interpretations as a table: what, source and date, each in a column."""
    head = ["#", _("What"), _("Source"), _("Date")]
    cells: list[list[Flowable]] = [[paragraph(h, HEAD_CELL) for h in head]]
    for row in section.rows:
        texts = (row.label, row.value, row.source or "—", row.date or "—")
        cells.append([paragraph(text, CELL) for text in texts])
    interpretations = section.kind == "interpretations"
    widths = (WIDTH * 0.06, WIDTH * 0.56, WIDTH * 0.22, WIDTH * 0.16)
    table = grid(cells, widths, head=INTERPRETATION if interpretations else FACT)
    if interpretations:
        table.setStyle(TableStyle([("BACKGROUND", (0, 1), (-1, -1), INTERPRETATION_BG)]))
    return table


def _section(section: Section, *, compact: bool) -> list[Flowable]:
    """Return one section: its heading, then its rows as the section's kind asks."""
    story: list[Flowable] = [paragraph(section.title, SHEET_H2 if compact else H2)]
    if section.kind in ("tool", "vt_only"):
        tool = section.kind == "tool"
        box: list[Flowable] = [paragraph(section.note, TOOL_LABEL if tool else VT_ONLY_LABEL)]
        if section.rows:
            box.append(_pairs(section.rows, BOX_INNER, compact=compact))
        border, background = (TOOL, TOOL_BG) if tool else (VT_ONLY, VT_ONLY_BG)
        return [*story, boxed(box, border=border, background=background)]
    if section.note:
        story.append(paragraph(section.note, SMALL))
    if not section.rows:
        if not section.note:
            story.append(paragraph(_("None recorded."), SMALL))
        return story
    if section.kind in ("facts", "interpretations"):
        return [*story, _statements(section)]
    return [*story, _pairs(section.rows, WIDTH, compact=compact)]


def payload_pdf(
    payload: Mapping[str, Any],
    *,
    title: str,
    language: str,
    author: str | None,
    reference: str | None,
) -> bytes:
    """Return ``payload`` (an advies or a melding) as PDF bytes in ``language``.

    ``title`` heads the first page and every footer; ``author`` (who
    prepared it) and ``reference`` (a case or report reference) are printed
    under the title when given. An advies is a sheet to read from during the
    phone call, with Veilig Thuis's number and 112 at the top.
    """
    # Paragraphs look their font up when they are made, before the page template registers it.
    register_fonts()
    advies = payload.get("type") == "advies"
    with translation.override(language):
        printed = format_day(timezone.localdate())
        about = [f"{_('Printed')}: {printed}"]
        if author:
            about.insert(0, f"{_('Prepared by')}: {author}")
        if reference:
            about.insert(0, f"{_('Reference')}: {reference}")
        story: list[Flowable] = [paragraph(title, TITLE), paragraph(" · ".join(about), SMALL)]
        for section in payload_sections(payload):
            if section.kind == "vt_only":
                story.append(PageBreak())
            story += _section(section, compact=advies)
        header = None
        if advies:
            header = _("Veilig Thuis: 0800-2000 (free, 24/7) · in direct danger: 112")
        page = _("page %(page)d of %(pages)d")
        left = f"{title} · {reference}" if reference else title

        def footer(number: int, pages: int) -> tuple[str, str]:
            return left, page % {"page": number, "pages": pages}

        return render_pdf(
            story,
            title=title,
            author=author or "",
            language=language,
            footer=footer,
            header=header,
        )
