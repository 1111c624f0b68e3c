"""One member's page: progress, attempts and certificates in each of the cohort's modules.

The caller got the cohort from
:func:`~elearning.trainer.selectors.cohort_get_for_user` and the member from
:func:`~elearning.trainer.selectors.member_get`: access is checked there.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from elearning.models import Attempt, Certificate, Cohort, Module
from meldcode.accounts.models import User

from .dashboard import Cell, progress_cells
from .selectors import language, module_title


@dataclass(frozen=True, slots=True)
class CertificateLine:
    """A certificate as the per-learner view lists it."""

    certificate: Certificate
    title: str
    version: str
    state: str


@dataclass(frozen=True, slots=True)
class LearnerModule:
    """One cohort module on the per-learner view."""

    cell: Cell
    title: str
    attempts: tuple[Attempt, ...]
    certificates: tuple[CertificateLine, ...]


def learner_modules(
    cohort: Cohort, modules: Sequence[Module], member: User, *, today: date
) -> list[LearnerModule]:
    """Return the member's progress, attempts and certificates per cohort module."""
    cells = progress_cells(cohort, modules, [member.pk], today=today)[member.pk]
    ids = [m.pk for m in modules]
    attempts: dict[int, list[Attempt]] = {pk: [] for pk in ids}
    for attempt in (
        Attempt.objects.filter(user=member, module_id__in=ids, finished_at__isnull=False)
        .select_related("module_version")
        .only(
            "pk",
            "module_id",
            "module_version__version",
            "started_at",
            "finished_at",
            "percent",
            "passed",
        )
        .order_by("-finished_at", "-pk")
    ):
        attempts[attempt.module_id].append(attempt)
    certificates: dict[int, list[CertificateLine]] = {pk: [] for pk in ids}
    lang = language()
    for certificate in (
        Certificate.objects.filter(user=member, module_id__in=ids)
        .defer("pdf")
        .order_by("-completed_at", "-pk")
    ):
        frozen_module = (
            certificate.data.get("module", {}) if isinstance(certificate.data, dict) else {}
        )
        title = frozen_module.get("title", {}).get(lang, "")
        certificates[certificate.module_id].append(
            CertificateLine(
                certificate=certificate,
                title=str(title),
                version=str(frozen_module.get("version", "")),
                state=certificate.state(today),
            )
        )
    return [
        LearnerModule(
            cell=cell,
            title=module_title(cell.module),
            attempts=tuple(attempts[cell.module.pk]),
            certificates=tuple(certificates[cell.module.pk]),
        )
        for cell in cells
    ]
