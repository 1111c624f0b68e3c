"""The flowchart of the path, the profile as tool output, the route and the timeline."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
)

from meldcode.cases import flowchart
from meldcode.cases.models import Case
from meldcode.cases.presentation import (
    answers_of,
    case_profile,
    case_routes,
    flowchart_context,
    timeline_context,
)
from meldcode.cases.selectors import case_catalogue, case_events
from meldcode.cases.steps import decision
from signals.presentation import profile_context

from .styles import (
    BOLD,
    BOX_HEAD,
    BOX_ITEM,
    CELL,
    H2,
    INK,
    LABEL,
    MUTED,
    PATH,
    REGULAR,
    RULE,
    SMALL,
    TOOL,
    TOOL_BG,
    TOOL_LABEL,
    WIDTH,
    _items,
    _moment,
    boxed,
    grid,
    paragraph,
)


class _Flowchart(Flowable):
    """The afwegingskader drawn from :mod:`meldcode.cases.flowchart`, the path in bold."""

    def __init__(self, chart: Mapping[str, Any]) -> None:
        """Keep the flowchart context: boxes and arrows with their labels and path."""
        super().__init__()
        self.chart = chart
        self.scale = WIDTH / flowchart.WIDTH
        self.width, self.height = WIDTH, flowchart.HEIGHT * self.scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Take the full width, and the height the geometry scales to."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the boxes and arrows, flipping SVG's y axis to PDF's."""
        top = flowchart.HEIGHT
        group = Group()
        for e in self.chart["edges"]:
            colour, width = (PATH, 3.0) if e["taken"] else (RULE, 1.2)
            x1, y1, x2, y2 = e["x1"], top - e["y1"], e["x2"], top - e["y2"]
            group.add(Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=width))
            # The arrowhead: a triangle pointing along the (straight) arrow.
            dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
            head = [x2, y2, x2 - 9 * dx - 5 * dy, y2 - 9 * dy - 5 * dx]
            head += [x2 - 9 * dx + 5 * dy, y2 - 9 * dy + 5 * dx]
            group.add(Polygon(head, fillColor=colour, strokeColor=colour, strokeWidth=0.5))
            if e["label"]:
                group.add(
                    String(
                        e["lx"],
                        top - e["ly"],
                        e["label"],
                        fontName=REGULAR,
                        fontSize=11,
                        fillColor=MUTED,
                    )
                )
        for n in self.chart["nodes"]:
            taken, waiting = n["taken"], n["waiting"]
            box = Rect(n["x"], top - n["y"] - n["height"], n["width"], n["height"])
            box.rx = box.ry = 4 if n["kind"] == "question" else 20
            box.fillColor = PATH if taken else colors.white
            box.strokeColor = PATH if taken or waiting else RULE
            box.strokeWidth = 3 if waiting else 1.2
            # The question the case waits for is dashed, as on the summary page.
            if waiting:
                box.strokeDashArray = [6, 3]
            group.add(box)
            font = BOLD if taken else REGULAR
            size = min(13.0, (n["width"] - 14) / pdfmetrics.stringWidth(n["label"], font, 1))
            baseline = top - n["y"] - n["height"] / 2 - size / 3
            group.add(
                String(
                    n["x"] + n["width"] / 2,
                    baseline,
                    n["label"],
                    fontName=font,
                    fontSize=size,
                    fillColor=colors.white if taken else INK,
                    textAnchor="middle",
                )
            )
        group.scale(self.scale, self.scale)
        drawing = Drawing(self.width, self.height, initialFontName=REGULAR)
        drawing.add(group)
        drawing.drawOn(self.canv, 0, 0)


def _path(case: Case) -> list[Flowable]:
    """Return the flowchart of the afwegingskader with the case's path, and its description."""
    chart = flowchart_context(answers_of(case), decision(case.state()))
    heading = paragraph(_("The afwegingskader, with the path of this case"), H2)
    return [
        KeepTogether(
            [heading, _Flowchart(chart), Spacer(1, 4), paragraph(chart["description"], SMALL)]
        )
    ]


def _profile_and_route(case: Case, language: str) -> list[Flowable]:
    """Return the route, and the signal profile boxed and labelled as the tool's output."""
    profile = case_profile(case)
    panel = profile_context(profile, catalogue=case_catalogue(case), language=language)
    routes = case_routes(case, profile)
    story: list[Flowable] = [paragraph(_("Whom to contact"), H2)]
    story += _items((f"{r['name']}, {r['phone']}: {r['reason']}" for r in routes), numbered=True)
    box: list[Flowable] = [
        paragraph(_("Tool output, not a diagnosis"), TOOL_LABEL),
        paragraph(panel["level_name"], LABEL),
        paragraph(panel["reason"], CELL),
    ]
    if panel["signal_count"]:
        reading = _("Read with the ILO/EC list for %(name)s.") % {"name": panel["list_name"]}
        box.append(paragraph(f"{reading} {panel['list_reason']}", CELL))
        for heading, texts in (
            (_("Elements of trafficking"), [e["text"] for e in panel["elements"]]),
            (
                _("ILO dimensions"),
                [f"{d['name']}: {d['status']}. {d['counts']}" for d in panel["dimensions"]],
            ),
            (
                _("Forms of exploitation the signals point to"),
                [f"{f['name']}: {f['count']}" for f in panel["forms"]],
            ),
            (_("Counter-signals"), panel["counter_signals"]),
        ):
            if texts:
                box += [paragraph(heading, BOX_HEAD), *_items(texts, style=BOX_ITEM)]
    box += [
        Spacer(1, 4),
        paragraph(
            _("This profile supports your professional judgement; it does not replace it."), SMALL
        ),
        paragraph(
            _("Catalogue version: %(version)s") % {"version": panel["catalogue_version"]}, SMALL
        ),
    ]
    return [*story, paragraph(_("Signal profile"), H2), boxed(box, border=TOOL, background=TOOL_BG)]


def _timeline(case: Case, language: str) -> list[Flowable]:
    """Return the case's timeline: when, what, and who."""
    rows = timeline_context(case_events(case))
    if not rows:
        return []
    cells = [
        [
            paragraph(_moment(r["at"], language), CELL),
            paragraph(r["text"], CELL),
            paragraph(r["actor"], CELL),
        ]
        for r in rows
    ]
    return [paragraph(_("Timeline"), H2), grid(cells, (WIDTH * 0.22, WIDTH * 0.5, WIDTH * 0.28))]
