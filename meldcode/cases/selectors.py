"""Reads of cases, each owning its access check.

A missing case and someone else's case answer the same 404, so that a
reference reveals nothing about cases one may not see (as Zulip's
``access_stream_by_id`` does for streams).
"""

from functools import lru_cache

from django.db.models import Q, QuerySet
from django.http import Http404

from meldcode.accounts.models import User
from signals.catalogue import load
from signals.models import CatalogueVersion
from signals.vocabulary import Catalogue

from .models import Case, CaseAccess, CaseEvent, Status

FLAGS = ("advies_gevraagd", "hulp", "gemeld", "acute")


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Return the cases ``user`` may read: their own, and those they are waarnemer for."""
    shared = CaseAccess.objects.filter(user_id=user.pk, revoked_at__isnull=True)
    return Case.objects.filter(Q(owner_id=user.pk) | Q(pk__in=shared.values("case_id")))


def case_get_for_user(*, user: User, reference: str, write: bool = False) -> Case:
    """Return the case with ``reference`` if ``user`` may read it (or, with ``write``, change it).

    Missing, foreign and read-only cases answer the same 404 when they may
    not be used this way. Only the owner writes; a waarnemer reads.
    """
    cases = Case.objects.filter(owner_id=user.pk) if write else cases_visible_to(user)
    case = cases.filter(reference=reference).first()
    if case is None:
        raise Http404("No such case.")
    return case


def case_list_for_user(
    *, user: User, status: str = "", flag: str = "", query: str = ""
) -> QuerySet[Case]:
    """Return ``user``'s cases, most recently changed first, filtered as asked."""
    cases = cases_visible_to(user)
    if status in Status.values:
        cases = cases.filter(status=status)
    if flag in FLAGS:
        cases = cases.filter(**{flag: True})
    if query:
        # Only the reference: the query travels in the URL, where initials must not.
        cases = cases.filter(reference__icontains=query)
    return cases.only(
        "reference",
        "track",
        "minor",
        "initials",
        "birth_year",
        "status",
        "advies_gevraagd",
        "hulp",
        "gemeld",
        "acute",
        "decision",
        "updated_at",
    )


def case_events(case: Case) -> QuerySet[CaseEvent]:
    """Return the timeline of ``case``, oldest first, with the actors' names."""
    return case.events.select_related("actor").only(
        "at", "kind", "detail", "actor__full_name", "case_id"
    )


@lru_cache(maxsize=8)
def _catalogue_of_version(version: str) -> Catalogue:
    """Rebuild a stored catalogue version; versions never change, so caching is safe."""
    return CatalogueVersion.objects.get(version=version).as_catalogue()


def case_catalogue(case: Case) -> Catalogue:
    """Return the catalogue ``case`` was weighed with, or the current one for a new case.

    A case keeps showing the signals and texts it was weighed with after the
    catalogue changes.
    """
    current = load()
    if not case.catalogue_version or case.catalogue_version == current.version:
        return current
    try:
        return _catalogue_of_version(case.catalogue_version)
    except CatalogueVersion.DoesNotExist:
        return current
