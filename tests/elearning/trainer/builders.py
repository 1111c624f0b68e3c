"""Bulk builders of cohort data: learners, memberships, certificates, attempts and answers.

Completing a module through the services renders a PDF and takes a tenth of
a second; the dashboard's and the exports' tests need tens (the benchmark
a hundred thousand) of completions, so these write the rows directly with
``bulk_create``, each certificate with real frozen data
(:class:`~elearning.frozen.FrozenCertificate`) and no PDF.
"""

import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from itertools import islice

from django.db.models import Model
from django.utils import timezone

from elearning import content
from elearning.frozen import FrozenAccreditation, FrozenCertificate
from elearning.models import (
    Accreditation,
    Attempt,
    AttemptAnswer,
    Certificate,
    Cohort,
    Membership,
    Module,
)
from meldcode.accounts.models import User

BATCH = 2000


def chunks[T](items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """Yield lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def bulk[M: Model](model: type[M], rows: Iterable[M], size: int = BATCH) -> list[M]:
    """Insert ``rows`` a chunk at a time; return them with their primary keys."""
    saved: list[M] = []
    for chunk in chunks(rows, size):
        saved.extend(model._default_manager.bulk_create(chunk, batch_size=size))
    return saved


def learners(
    count: int, *, prefix: str = "learner", big_numbers: bool = True, start: int = 0
) -> list[User]:
    """Create ``count`` learners named ``Learner 00000`` and up, each with a BIG-nummer."""
    return bulk(
        User,
        (
            User(
                email=f"{prefix}{n}@example.org",
                full_name=f"Learner {n:05d}",
                password="!",  # no usable password: these never log in
                big_number=f"{19_000_000_000 + n:011d}" if big_numbers else "",
            )
            for n in range(start, start + count)
        ),
    )


def join(cohort: Cohort, users: Iterable[User]) -> None:
    """Make ``users`` members of ``cohort``."""
    bulk(Membership, (Membership(cohort=cohort, user=user) for user in users))


def code(number: int, prefix: str = "TEST") -> str:
    """Return a certificate code that is unique per ``number`` (19 characters)."""
    digits = f"{number:012X}"
    return f"{prefix}-{digits[:4]}-{digits[4:8]}-{digits[8:]}"


def frozen_accreditations(
    accreditations: Sequence[Accreditation], *, number: str = ""
) -> tuple[FrozenAccreditation, ...]:
    """Return the accreditations as a certificate freezes them."""
    return tuple(
        FrozenAccreditation(
            register=item.register.name,
            accreditation_id=item.accreditation_id,
            points=item.points,
            number=number,
        )
        for item in accreditations
    )


def certificate(
    user: User,
    module: Module,
    *,
    code: str,
    completed_at: datetime,
    name: str | None = None,
    big_number: str | None = None,
    accreditations: tuple[FrozenAccreditation, ...] = (),
    valid_until: date | None = None,
    revoked_reason: str = "",
) -> Certificate:
    """Return an unsaved certificate of ``user`` for ``module`` with its frozen data."""
    version = module.current_version
    assert version is not None
    completed_on = timezone.localdate(completed_at)
    until = valid_until or completed_on.replace(year=completed_on.year + 2) - timedelta(days=1)
    frozen = FrozenCertificate(
        code=code,
        name=user.full_name if name is None else name,
        big_number=user.big_number if big_number is None else big_number,
        module_slug=module.slug,
        module_title=version.title,
        module_version=version.version,
        minutes=version.minutes,
        completed_on=completed_on,
        valid_until=until,
        language="nl",
        accreditations=accreditations,
    )
    return Certificate(
        code=code,
        user=user,
        module=module,
        module_version=version,
        completed_at=completed_at,
        valid_until=until,
        data=frozen.to_json(),
        pdf=None,
        badge_salt="",
        badge_identity="",
        revoked_at=completed_at + timedelta(days=1) if revoked_reason else None,
        revoked_reason=revoked_reason,
    )


def attempt(
    user: User, module: Module, *, finished_at: datetime, percent: int, passed: bool
) -> Attempt:
    """Return an unsaved finished attempt."""
    assert module.current_version is not None
    return Attempt(
        user=user,
        module=module,
        module_version=module.current_version,
        started_at=finished_at - timedelta(minutes=10),
        finished_at=finished_at,
        drawn=[],
        percent=percent,
        passed=passed,
    )


def answers(
    attempts: Iterable[Attempt], *, per_attempt: int = 8, seed: int = 1
) -> Iterator[AttemptAnswer]:
    """Yield ``per_attempt`` answers of each attempt, wrong at random by its percentage.

    The questions come from the module's files; the first questions of the
    pool are answered wrong more often, so the hardest questions are known.
    """
    rng = random.Random(seed)  # noqa: S311 - repeatable test data
    pools = {item.slug: [q.id for q in item.questions] for item in content.modules()}
    slugs = dict(Module.objects.values_list("pk", "slug"))
    for item in attempts:
        pool = pools[slugs[item.module_id]]
        for question in rng.sample(pool, min(per_attempt, len(pool))):
            wrong_chance = 0.6 if pool.index(question) < 3 else 0.1
            yield AttemptAnswer(
                attempt=item,
                module_id=item.module_id,
                question=question,
                right=rng.random() >= wrong_chance,
            )


def large_cohort(
    cohort: Cohort,
    modules: Sequence[Module],
    *,
    learner_count: int,
    per_pair: int,
    failed_share: float = 0.25,
    now: datetime | None = None,
) -> int:
    """Fill ``cohort`` with learners who each completed every module ``per_pair`` times.

    The completions of a pair lie two years apart (each renews the one before,
    whose validity has run out), the last of them within the past weeks. Each
    certificate has its passed attempt and a share of pairs a failed one too,
    each attempt with eight answers. Return the number of certificates.
    """
    now = now or timezone.now()
    users = learners(learner_count)
    join(cohort, users)
    made = 0

    def certificates() -> Iterator[Certificate]:
        nonlocal made
        for n, user in enumerate(users):
            for m, module in enumerate(modules):
                for renewal in range(per_pair):
                    completed_at = now - timedelta(days=(n + m) % 60 + 730 * renewal)
                    made += 1
                    yield certificate(user, module, code=code(made), completed_at=completed_at)

    bulk(Certificate, certificates())
    rng = random.Random(7)  # noqa: S311 - repeatable test data

    def all_attempts() -> Iterator[Attempt]:
        for n, user in enumerate(users):
            for m, module in enumerate(modules):
                for renewal in range(per_pair):
                    finished = now - timedelta(days=(n + m) % 60 + 730 * renewal, minutes=5)
                    yield attempt(
                        user,
                        module,
                        finished_at=finished,
                        percent=rng.randint(70, 100),
                        passed=True,
                    )
                if rng.random() < failed_share:
                    finished = now - timedelta(days=(n + m) % 60 + 1)
                    yield attempt(
                        user,
                        module,
                        finished_at=finished,
                        percent=rng.randint(20, 69),
                        passed=False,
                    )

    for chunk in chunks(all_attempts(), 5000):
        saved = Attempt.objects.bulk_create(chunk, batch_size=BATCH)
        bulk(AttemptAnswer, answers(saved, seed=saved[0].pk), size=5000)
    return made
