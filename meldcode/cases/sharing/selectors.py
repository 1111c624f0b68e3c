"""Reads of shares and accesses, each owning its access check (404 alike)."""

import uuid

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from meldcode.accounts.models import User
from meldcode.cases.models import Case, CaseAccess, ColleagueShare


def _uuid(value: str) -> uuid.UUID:
    """Read a public id, answering 404 for anything that is not one."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404("No such consultation.") from None


def shares_open_to(user: User) -> QuerySet[ColleagueShare]:
    """Return the shares ``user`` may open now: theirs, not withdrawn, not expired."""
    return ColleagueShare.objects.filter(
        colleague_id=user.pk, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def share_get_for_colleague(*, user: User, public_id: str) -> ColleagueShare:
    """Return an open share of ``user``; 404 alike for missing, foreign, withdrawn or expired."""
    share = shares_open_to(user).filter(public_id=_uuid(public_id)).first()
    if share is None:
        raise Http404("No such consultation.")
    return share


def shares_of_case(case: Case) -> QuerySet[ColleagueShare]:
    """Return the shares of ``case``, newest first, with the colleagues' names."""
    return case.shares.select_related("colleague").order_by("-created_at")


def share_get_for_owner(*, case: Case, public_id: str) -> ColleagueShare:
    """Return a share of ``case`` (whose owner the caller checked); 404 otherwise."""
    share = case.shares.filter(public_id=_uuid(public_id)).first()
    if share is None:
        raise Http404("No such consultation.")
    return share


def accesses_of_case(case: Case) -> QuerySet[CaseAccess]:
    """Return the active waarnemer accesses of ``case``."""
    return case.accesses.filter(revoked_at__isnull=True).select_related("user")


def access_get_for_owner(*, case: Case, access_id: int) -> CaseAccess:
    """Return an active access of ``case``; 404 otherwise."""
    access = accesses_of_case(case).filter(pk=access_id).first()
    if access is None:
        raise Http404("No such access.")
    return access
