"""Reads of the inbox: one region's reports only, and the overdue filter both ways."""

from datetime import timedelta

import pytest
from django.http import Http404

from meldcode.accounts.models import Role, User
from meldcode.veiligthuis.inbox.selectors import (
    report_get_for_user,
    report_is_overdue,
    report_list_for_user,
)
from meldcode.veiligthuis.models import ReceivedReport, SenderKey
from meldcode.veiligthuis.working_days import receiving_date

from .factories import ELSEWHERE, melding_payload, receive


def test_overdue_true_false_and_none(
    staff: User, melding: ReceivedReport, advies: ReceivedReport, sender: SenderKey
) -> None:
    late = receive(melding_payload(), sender=sender)
    today = receiving_date(late.received_at)
    ReceivedReport.objects.filter(pk=late.pk).update(assessment_due=today - timedelta(days=1))
    late.refresh_from_db()
    assert list(report_list_for_user(user=staff, overdue=True, today=today)) == [late]
    assert set(report_list_for_user(user=staff, overdue=False, today=today)) == {melding, advies}
    assert report_list_for_user(user=staff, today=today).count() == 3
    assert report_is_overdue(late, today=today)
    assert not report_is_overdue(melding, today=today)
    # The due day itself is not overdue yet.
    assert not report_is_overdue(late, today=today - timedelta(days=1))


def test_only_the_own_region_and_only_for_veilig_thuis_staff(
    staff: User, other_staff: User, melding: ReceivedReport, sender: SenderKey, make_user
) -> None:
    elsewhere = receive(melding_payload(region=ELSEWHERE), sender=sender)
    assert list(report_list_for_user(user=staff)) == [melding]
    assert list(report_list_for_user(user=other_staff)) == [elsewhere]
    # A region alone is not enough: the role is needed too.
    clinician = make_user(roles=(Role.CLINICIAN,), region_id=staff.region_id)
    assert not report_list_for_user(user=clinician).exists()
    for user, payload_id in (
        (other_staff, melding.payload_id),
        (clinician, melding.payload_id),
        (staff, "not-a-uuid"),
    ):
        with pytest.raises(Http404):
            report_get_for_user(user=user, payload_id=payload_id)
    assert report_get_for_user(user=staff, payload_id=str(melding.payload_id)) == melding
