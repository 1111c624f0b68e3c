"""The completion chart's figures and geometry (pure)."""

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from elearning.trainer import chart

START = date(2026, 1, 5)
ROOT = Path(__file__).resolve().parents[3]


def test_a_cohort_created_today_has_one_point() -> None:
    points = chart.series(first_completions={}, start=START, today=START, pairs=8)
    assert [(p.week, p.completed, p.share) for p in points] == [(0, 0, 0.0)]


def test_cumulative_by_week_with_earlier_completions_at_the_start() -> None:
    points = chart.series(
        first_completions={
            START - timedelta(days=3): 1,  # before the cohort: counts from its start
            START + timedelta(days=1): 2,
            START + timedelta(days=8): 1,
            START + timedelta(days=16): 4,
        },
        start=START,
        today=START + timedelta(days=16),
        pairs=10,
    )
    assert [(p.week, p.completed) for p in points] == [(0, 1), (1, 3), (2, 4), (3, 8)]
    assert points[-1].day == START + timedelta(days=16)
    assert points[-1].share == 0.8
    assert points[-1].percent == 80


def test_no_pairs_is_no_division() -> None:
    points = chart.series(
        first_completions={}, start=START, today=START + timedelta(days=20), pairs=0
    )
    assert {p.share for p in points} == {0.0}


def test_a_long_cohort_is_drawn_a_few_weeks_a_point() -> None:
    points = chart.series(
        first_completions={START: 1}, start=START, today=START + timedelta(days=7 * 300), pairs=1
    )
    assert len(points) <= chart.MAX_POINTS + 1
    assert points[0].day == START
    assert points[-1].day == START + timedelta(days=7 * 300)
    assert [p.completed for p in points] == [1] * len(points)


def test_geometry_puts_shares_between_the_bottom_and_the_top() -> None:
    points = chart.series(
        first_completions={START + timedelta(days=10): 5},
        start=START,
        today=START + timedelta(days=14),
        pairs=5,
    )
    shape = chart.geometry(points)
    xs = [x for x, _, _ in shape.dots]
    ys = [y for _, y, _ in shape.dots]
    assert xs[0] == shape.left
    assert xs[-1] == shape.right
    assert xs == sorted(xs)
    assert ys[0] == shape.bottom  # nothing completed at the start
    assert ys[-1] == shape.top  # everything at the end
    assert shape.line == " ".join(f"{x},{y}" for x, y, _ in shape.dots)
    assert [t.label for t in shape.y_ticks] == ["0%", "50%", "100%"]
    assert shape.x_ticks[0].label == "0"
    assert shape.x_ticks[-1].at == shape.right


def test_geometry_of_one_point() -> None:
    shape = chart.geometry(chart.series(first_completions={}, start=START, today=START, pairs=1))
    assert len(shape.dots) == 1
    assert shape.line


def test_the_chart_loads_without_django() -> None:
    # A fresh interpreter: this test process has Django loaded already.
    script = (
        "import sys, elearning.trainer.chart\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
