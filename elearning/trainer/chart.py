"""The completion-rate-over-time chart of a cohort: its figures and its SVG geometry (pure).

The figure is the cumulative share of the pairs of a member and a cohort
module that are completed, week by week since the cohort was created. The
template draws it as inline SVG from :func:`geometry`, with SVG attributes
only (the site's CSP allows no inline styles), and lists the same figures
in a table for screen readers.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

# More weeks than this are drawn a few weeks a point, so the chart stays readable.
MAX_POINTS: Final = 53
WIDTH: Final = 640
HEIGHT: Final = 240
# Room for the axis labels: left, right, top, bottom.
MARGIN: Final = (48, 16, 12, 36)


@dataclass(frozen=True, slots=True)
class Point:
    """The cumulative completion at the end of one period."""

    # The week since the cohort was created that the point ends (a part counts as a week);
    # 0 is its first day.
    week: int
    day: date
    completed: int
    share: float

    @property
    def percent(self) -> int:
        """Return the share as a whole percentage."""
        return round(self.share * 100)


def series(
    *, first_completions: Mapping[date, int], start: date, today: date, pairs: int
) -> list[Point]:
    """Return the cumulative completion at the cohort's start and at the end of each week.

    ``first_completions`` counts pairs by the day of their first completion;
    a completion before ``start`` (a learner who finished before joining)
    counts from the start. The last point is ``today``.
    """
    weeks = max(0, (today - start).days + 6) // 7
    step = max(1, math.ceil(weeks / (MAX_POINTS - 1)))
    marks = [start + timedelta(days=7 * week) for week in range(step, weeks, step)]
    if today > start:
        marks.append(today)
    ordered = sorted(first_completions.items())
    points = []
    for day in [start, *marks]:
        done = sum(n for completed_on, n in ordered if completed_on <= day)
        points.append(
            Point(
                week=((day - start).days + 6) // 7,
                day=day,
                completed=done,
                share=done / pairs if pairs else 0.0,
            )
        )
    return points


@dataclass(frozen=True, slots=True)
class Tick:
    """An axis label and where it goes."""

    at: float
    label: str


@dataclass(frozen=True, slots=True)
class Geometry:
    """What the template draws: the plot box, the line, its dots and the axes' ticks."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    line: str
    area: str
    dots: tuple[tuple[float, float, Point], ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]


def geometry(points: Sequence[Point]) -> Geometry:
    """Place ``points`` in the SVG's coordinates: x by day, y by share (0 at the bottom)."""
    left, right_margin, top, bottom_margin = MARGIN
    right, bottom = WIDTH - right_margin, HEIGHT - bottom_margin
    first = points[0].day if points else date.min
    span = max(1, (points[-1].day - first).days) if points else 1

    def x(point: Point) -> float:
        return round(left + (right - left) * (point.day - first).days / span, 1)

    def y(share: float) -> float:
        return round(bottom - (bottom - top) * min(max(share, 0.0), 1.0), 1)

    dots = tuple((x(p), y(p.share), p) for p in points)
    line = " ".join(f"{px},{py}" for px, py, _ in dots)
    area = f"{left},{bottom} {line} {dots[-1][0]},{bottom}" if dots else ""
    y_ticks = tuple(Tick(at=y(share), label=f"{round(share * 100)}%") for share in (0, 0.5, 1))
    # Label at most about six weeks along the axis, always the first and the last.
    every = max(1, math.ceil(len(dots) / 6))
    chosen = [d for i, d in enumerate(dots) if i % every == 0]
    if dots and chosen[-1] is not dots[-1]:
        if len(chosen) > 1 and dots[-1][0] - chosen[-1][0] < (right - left) / 8:
            chosen.pop()
        chosen.append(dots[-1])
    x_ticks = tuple(Tick(at=px, label=str(p.week)) for px, _, p in chosen)
    return Geometry(
        width=WIDTH,
        height=HEIGHT,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        line=line,
        area=area,
        dots=dots,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )
