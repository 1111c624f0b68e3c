"""The functional core imports nothing from Django, so it can be used and tested on its own."""

import subprocess
import sys
from pathlib import Path

import pytest

PURE_MODULES = [
    "elearning.attendance",
    "elearning.certificates",
    "elearning.content",
    "meldcode.codes",
    "elearning.grading",
    "elearning.frozen",
    "elearning.badges",
    "elearning.badges.baking",
    "elearning.badges.documents",
    "elearning.badges.validation",
    "elearning.markdown",
    "elearning.trainer.chart",
    "signals.vocabulary",
    "signals.catalogue",
    "signals.strict",
    "signals.weighing",
    "signals.weighing.index",
    "signals.weighing.questions",
    "signals.weighing.results",
    "signals.weighing.rule",
    "meldcode.routing",
    "meldcode.afwegingskader",
    "meldcode.audit.chain",
    "meldcode.network",
    "meldcode.accounts.rules",
    "meldcode.cases.steps",
    "meldcode.cases.retention",
    "meldcode.deidentify",
    "meldcode.cases.flowchart",
    "meldcode.veiligthuis.signing",
    "meldcode.veiligthuis.delivery_policy",
    "meldcode.veiligthuis.municipalities",
    "meldcode.veiligthuis.regions_data",
    "meldcode.veiligthuis.identity",
    "meldcode.veiligthuis.working_days",
]
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module", PURE_MODULES)
def test_a_pure_module_loads_without_django(module: str) -> None:
    # A fresh interpreter: this test process has Django loaded already.
    script = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} imports {result.stdout.strip()}"
