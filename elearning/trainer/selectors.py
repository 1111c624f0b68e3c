"""Reads of the trainer's pages, each owning its access check.

A trainer sees only their own cohorts, and in a cohort only its members'
records of its modules: another trainer's cohort, a learner who is not a
member and a certificate outside the cohort all answer the same 404 as a
missing one (:func:`cohort_get_for_user`, :func:`member_get`,
:func:`certificate_get_for_cohort`). The dashboard's figures are in
:mod:`~elearning.trainer.dashboard`; the reads of the exports are here.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Count, Exists, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import get_language

from elearning.content import content_language
from elearning.models import (
    Accreditation,
    Certificate,
    Cohort,
    Membership,
    Module,
    Register,
    RegisterNumber,
)
from meldcode.accounts.models import User

# The largest primary key the databases store; a longer number in a URL is no row.
_MAX_ID: Final = 2**63 - 1


def language() -> str:
    """Return the language of the request's texts: ``"en"`` or ``"nl"``."""
    return content_language(get_language())


def _id(value: object) -> int:
    """Return ``value`` as a row id, or raise 404 when it cannot be one."""
    try:
        number = int(str(value))
    except ValueError:
        raise Http404("No such record.") from None
    if not 0 < number <= _MAX_ID:
        raise Http404("No such record.")
    return number


# --- cohorts ------------------------------------------------------------------


def _count(queryset: QuerySet[Any], key: str) -> Coalesce:
    """Return a subquery that counts ``queryset``'s rows grouped by ``key`` (0 for none)."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(key).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


@dataclass(frozen=True, slots=True)
class CohortSummary:
    """A line of the trainer's list of cohorts."""

    cohort: Cohort
    members: int
    modules: int
    # Pairs of a member and a cohort module that have a certificate.
    completed: int

    @property
    def pairs(self) -> int:
        """Return how many member and module pairs the cohort has."""
        return self.members * self.modules


def cohort_list_for_user(*, user: User) -> list[CohortSummary]:
    """Return the trainer's cohorts, newest first, with their counts (one query)."""
    through = Cohort.modules.through
    completed = (
        Membership.objects.filter(cohort_id=OuterRef("pk"))
        .annotate(module_ref=F("cohort__modules"))
        .filter(
            Exists(
                Certificate.objects.filter(
                    user_id=OuterRef("user_id"), module_id=OuterRef("module_ref")
                )
            )
        )
    )
    cohorts = Cohort.objects.filter(trainer=user).annotate(
        member_count=_count(Membership.objects.filter(cohort_id=OuterRef("pk")), "cohort_id"),
        module_count=_count(through.objects.filter(cohort_id=OuterRef("pk")), "cohort_id"),
        completed_count=_count(completed, "cohort_id"),
    )
    return [
        CohortSummary(
            cohort=cohort,
            members=cohort.member_count,
            modules=cohort.module_count,
            completed=cohort.completed_count,
        )
        for cohort in cohorts.order_by("-created_at", "-pk")
    ]


def cohort_get_for_user(*, user: User, cohort_id: object) -> Cohort:
    """Return the cohort with ``cohort_id`` if ``user`` is its trainer; 404 alike otherwise."""
    cohort = Cohort.objects.filter(pk=_id(cohort_id), trainer=user).first()
    if cohort is None:
        raise Http404("No such cohort.")
    return cohort


def cohort_modules(cohort: Cohort) -> list[Module]:
    """Return the cohort's modules in their order, with their current version."""
    return list(cohort.modules.select_related("current_version").order_by("order", "slug"))


def member_ids(cohort: Cohort) -> QuerySet[Membership, int]:
    """Return the ids of the cohort's members, as a subquery."""
    return Membership.objects.filter(cohort=cohort).values_list("user_id", flat=True)


def cohort_certificates(cohort: Cohort) -> QuerySet[Certificate]:
    """Return the members' certificates of the cohort's modules (any state, any date).

    A learner who completed a module before joining counts too: the trainer
    of a regional session hands in attendance for what was done for it.
    """
    return Certificate.objects.filter(
        user_id__in=member_ids(cohort),
        module_id__in=cohort.modules.values("pk"),
    )


def member_get(*, cohort: Cohort, user_id: object) -> User:
    """Return the member with ``user_id``; 404 for anyone who is not in the cohort."""
    membership = (
        Membership.objects.filter(cohort=cohort, user_id=_id(user_id))
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404("No such learner in this cohort.")
    return membership.user


def certificate_get_for_cohort(*, cohort: Cohort, certificate_id: object) -> Certificate:
    """Return a member's certificate of a cohort module; 404 for any other certificate."""
    certificate = cohort_certificates(cohort).filter(pk=_id(certificate_id)).defer("pdf").first()
    if certificate is None:
        raise Http404("No such certificate in this cohort.")
    return certificate


def module_title(module: Module) -> str:
    """Return the title of the module's current version in the request's language."""
    version = module.current_version
    if version is None:
        return module.slug
    return version.title.get(language())


# --- exports ----------------------------------------------------------------


def certificate_rows(cohort: Cohort, *, language: str) -> Iterator[tuple[Any, ...]]:
    """Yield the CSV's fields of each member's certificate, streamed in chunks.

    The name, title, version and completion date come from the frozen data,
    read in the database (``KT``) so that the whole record is never loaded;
    the e-mail address and current BIG-nummer from the learner's account.
    """
    lang = content_language(language)
    rows = (
        cohort_certificates(cohort)
        .order_by(
            "module__order", "module__slug", "user__full_name", "user_id", "completed_at", "pk"
        )
        .values_list(
            KT("data__name"),
            "user__email",
            "user__big_number",
            KT("data__big_number"),
            KT(f"data__module__title__{lang}"),
            KT("data__module__version"),
            KT("data__completed_on"),
            "code",
            "valid_until",
            "revoked_at",
            "revoked_reason",
        )
    )
    yield from rows.iterator(chunk_size=2000)


def zip_certificates(cohort: Cohort) -> QuerySet[Certificate]:
    """Return the members' certificates with what their PDF needs, and nothing more."""
    return (
        cohort_certificates(cohort)
        .select_related("module")
        .only("pk", "code", "pdf", "data", "module__slug")
        .order_by("module__order", "module__slug", "code")
    )


# --- attendance ---------------------------------------------------------------


def registers() -> QuerySet[Register]:
    """Return the accreditation registers, by name."""
    return Register.objects.order_by("name", "code")


def register_accreditations(cohort: Cohort, register: Register) -> list[Accreditation]:
    """Return the register's accreditations of the cohort's modules."""
    return list(
        Accreditation.objects.filter(
            register=register, module_id__in=cohort.modules.values("pk")
        ).order_by("accreditation_id")
    )


@dataclass(frozen=True, slots=True)
class AttendanceSource:
    """A member's certificate as the attendance export reads it."""

    user_id: int
    module_id: int
    # The frozen record as stored: read with FrozenCertificate.from_json.
    data: Any
    big_number: str


def attendance_sources(cohort: Cohort, module_ids: Sequence[int]) -> list[AttendanceSource]:
    """Return the members' certificates of ``module_ids`` that are not revoked (one query)."""
    rows = (
        cohort_certificates(cohort)
        .filter(revoked_at__isnull=True, module_id__in=list(module_ids))
        .order_by("completed_at", "pk")
        .values_list("user_id", "module_id", "data", "user__big_number")
    )
    return [
        AttendanceSource(user_id=user_id, module_id=module_id, data=data, big_number=big or "")
        for user_id, module_id, data, big in rows.iterator(chunk_size=2000)
    ]


def register_numbers(cohort: Cohort, register: Register) -> dict[int, str]:
    """Return the members' current numbers in ``register``, by user id (one query)."""
    return dict(
        RegisterNumber.objects.filter(
            register=register, user_id__in=member_ids(cohort)
        ).values_list("user_id", "number")
    )
