"""Put the record together: the pages, the footer with page numbers, the bytes.

:func:`render_pdf` and :func:`numbered_canvas` are the page template that
other PDFs of Meldwijzer (the Veilig Thuis summaries) share with the record.
"""

import io
from collections.abc import Callable
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    SimpleDocTemplate,
)

from meldcode.cases.forms.case import AGE_CHOICES
from meldcode.cases.models import Case, Track
from meldcode.cases.steps import STEPS

from .content import _acute, _step
from .drawing import _path, _profile_and_route, _timeline
from .styles import (
    BOLD,
    INK,
    MARGIN,
    MUTED,
    REGULAR,
    TITLE,
    _date,
    _pairs,
    paragraph,
    register_fonts,
)

Footer = Callable[[int, int], tuple[str, str]]


def numbered_canvas(footer: Footer, header: str | None = None) -> Callable[..., Canvas]:
    """Return a canvas maker that writes the footer, "page N of M", once M is known.

    ``header``, when given, is written in bold at the top of every page.
    """

    class NumberedCanvas(Canvas):
        """A canvas that holds its pages back until the number of pages is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            """Start with no page held back."""
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            """Hold the finished page back and start the next."""
            self._held.append(dict(self.__dict__))
            # reportlab's own step to a fresh page, which its stubs leave out.
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            """Write the header and the footer on every held page, then the document."""
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                if header:
                    self.setFont(BOLD, 9)
                    self.setFillColor(INK)
                    self.drawString(MARGIN, A4[1] - 11 * mm, header)
                left, right = footer(number, len(self._held))
                self.setFont(REGULAR, 8)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 10 * mm, left)
                self.drawRightString(A4[0] - MARGIN, 10 * mm, right)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    language: str,
    footer: Footer,
    header: str | None = None,
) -> bytes:
    """Return ``story`` laid out on A4 pages in DejaVu Sans, numbered, as PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author=author,
        creator="Meldwijzer",
        lang=language,
        initialFontName=REGULAR,
    )
    document.build(story, canvasmaker=numbered_canvas(footer, header))
    return buffer.getvalue()


def record_pdf(case: Case, *, language: str, author: str | None = None) -> bytes:
    """Return the record of ``case`` for the patient file as PDF bytes, in ``language``.

    ``author`` is the name printed as the record's author; it defaults to
    the full name of the case's owner.
    """
    register_fonts()
    if author is None:
        author = case.owner.full_name or case.owner.email
    with translation.override(language):
        title = _("Record of case %(reference)s") % {"reference": case.reference}
        created = _date(timezone.localtime(case.created_at).date(), language)
        printed = _date(timezone.localdate(), language)
        ages = dict(AGE_CHOICES)
        story: list[Flowable] = [
            paragraph(title, TITLE),
            _pairs(
                [
                    (_("Case reference"), case.reference),
                    (_("Author"), author),
                    (_("Created"), created),
                    (_("Printed"), printed),
                    (_("Meldcode"), Track(case.track).label),
                    (_("The patient is"), ages["minderjarige" if case.minor else "volwassene"]),
                ]
            ),
        ]
        story += _acute(case, language)
        for number, step in enumerate(STEPS, start=1):
            story += _step(case, number, step, language)
        story += _path(case) + _profile_and_route(case, language) + _timeline(case, language)

        page = _("page %(page)d of %(pages)d")

        def footer(number: int, pages: int) -> tuple[str, str]:
            return f"{title} · {printed}", page % {"page": number, "pages": pages}

        return render_pdf(story, title=title, author=author, language=language, footer=footer)
