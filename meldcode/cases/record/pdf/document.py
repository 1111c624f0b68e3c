"""Put the record together: the pages, the footer with page numbers, the bytes."""

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
from .styles import MARGIN, MUTED, REGULAR, TITLE, _date, _p, _pairs, _register_fonts


def _numbered_canvas(footer: Callable[[int, int], tuple[str, str]]) -> Callable[..., Canvas]:
    """Return a canvas maker that writes the footer, "page N of M", once M is known."""

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
            """Write the footer on every held page, then the document."""
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                left, right = footer(number, len(self._held))
                self.setFont(REGULAR, 8)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 10 * mm, left)
                self.drawRightString(A4[0] - MARGIN, 10 * mm, right)
                super().showPage()
            super().save()

    return NumberedCanvas


def record_pdf(case: Case, *, language: str, author: str | None = None) -> bytes:
    """Return the record of ``case`` for the patient file as PDF bytes, in ``language``.

    ``author`` is the name printed as the record's author; it defaults to
    the full name of the case's owner.
    """
    _register_fonts()
    if author is None:
        author = case.owner.full_name or case.owner.email
    with translation.override(language):
        title = _("Record of case %(reference)s") % {"reference": case.reference}
        created = _date(timezone.localtime(case.created_at).date(), language)
        printed = _date(timezone.localdate(), language)
        ages = dict(AGE_CHOICES)
        story: list[Flowable] = [
            _p(title, TITLE),
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
        document.build(story, canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()
