"""Demo data of the e-learning: accreditations, a cohort, and the demo learner's certificates.

The demo learner completes the first module (a valid certificate) and the
second (a certificate revoked as issued in error), through the same services
a learner's requests use, so the demo shows real certificates whose
verification pages, QR codes and badges work. Running it again changes
nothing that already exists.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from meldcode.accounts.models import User

from . import services
from .links import verify_url
from .models import Accreditation, Certificate, Cohort, Module, Register, RevocationReason

# Fictional accreditation ids: the real ones come from GAIA and PE-online.
DEMO_ACCREDITATIONS = {
    "knmg-gaia": ("DEMO-GAIA-{order}01", 42),
    "kwaliteitsregister-vv": ("DEMO-VV-{order}02", 60),
}
DEMO_COHORT = "Huisartsenkring Utrecht, najaar 2026 (demo)"


@dataclass(frozen=True, slots=True)
class DemoCertificate:
    """A demo certificate as printed by ``demo``."""

    code: str
    state: str
    module: str
    url: str


def _points(minutes: int) -> Decimal:
    """Return the points of a module: half an hour per full 30 minutes, as GAIA counts."""
    return Decimal(minutes // 30) / 2


@transaction.atomic
def demo_accreditations_ensure() -> None:
    """Accredit every module in both seeded registers for two years from this year."""
    year = timezone.localdate().year
    for module in Module.objects.select_related("current_version"):
        if module.current_version is None:
            continue
        for code, (pattern, deadline) in DEMO_ACCREDITATIONS.items():
            register = Register.objects.filter(code=code).first()
            if register is None:
                continue
            Accreditation.objects.get_or_create(
                register=register,
                accreditation_id=pattern.format(order=module.order),
                defaults={
                    "module": module,
                    "points": _points(module.current_version.minutes),
                    "valid_from": date(year, 1, 1),
                    "valid_until": date(year + 1, 12, 31),
                    "entry_deadline_days": deadline,
                    "course_id": f"DEMO-{module.order}",
                    "webservice_module_id": str(module.order),
                },
            )


def _complete(user: User, module: Module) -> Certificate:
    """Read every lesson and pass the quiz with the right answers, as a learner would."""
    content = services.module_content(module)
    for lesson in content.lessons:
        services.lesson_view_record(user=user, module=module, lesson=lesson.slug)
    attempt = services.attempt_start(user=user, module=module)
    answers = {}
    for item in attempt.drawn:
        question = content.question(str(item["question"]))
        if question is not None:
            answers[question.id] = question.correct
    _, _, certificate = services.attempt_submit(user=user, attempt_id=attempt.pk, answers=answers)
    if certificate is None:
        raise RuntimeError(f"the demo could not complete {module.slug}")
    return certificate


def _certificate(user: User, module: Module) -> Certificate:
    """Return the learner's first certificate of ``module``, completing it if there is none."""
    existing = Certificate.objects.filter(user=user, module=module).order_by("pk").first()
    if existing is not None:
        return existing
    with translation.override("nl"):
        return _complete(user, module)


def demo_elearning_ensure(
    *, learner: User, trainer: User, members: list[User], admin: User
) -> list[DemoCertificate]:
    """Prepare the e-learning demo and return the demo learner's certificates."""
    services.modules_load()
    demo_accreditations_ensure()
    modules = list(Module.objects.filter(current_version__isnull=False).order_by("order"))
    cohort = Cohort.objects.filter(trainer=trainer, name=DEMO_COHORT).first()
    if cohort is None:
        cohort = services.cohort_create(trainer=trainer, name=DEMO_COHORT, modules=modules)
    for member in [learner, *members]:
        services.cohort_join(user=member, code=cohort.join_code)
    valid = _certificate(learner, modules[0])
    revoked = _certificate(learner, modules[1])
    if revoked.revoked_at is None:
        services.certificate_revoke(
            certificate_id=revoked.pk, by=admin, reason=RevocationReason.ISSUED_IN_ERROR
        )
        revoked.refresh_from_db()
    # A colleague in the cohort has finished the first module too, for the trainer's dashboard.
    if members:
        _certificate(members[0], modules[0])
    today = timezone.localdate()
    return [
        DemoCertificate(
            code=certificate.code,
            state=certificate.state(today),
            module=certificate.module.slug,
            url=verify_url(certificate.code),
        )
        for certificate in (valid, revoked)
    ]
