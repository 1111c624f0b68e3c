"""When a case may be purged: a pure rule.

The record belongs in the patient file (the HIS), kept there for 20 years;
Meldwijzer keeps a case only as long as its owner needs it. A case is
purged only when it is closed, its owner confirmed that the record was taken
over in the HIS, and the configured retention after closing has passed. An
unconfirmed case is never purged: it may be the only record. No Django
imports here.
"""

from datetime import date, datetime, timedelta
from typing import Literal

Verdict = Literal["open", "unconfirmed", "retained", "purge"]


def purge_verdict(
    *,
    closed_at: datetime | None,
    his_transferred_on: date | None,
    now: datetime,
    retention: timedelta,
) -> Verdict:
    """Say whether a case may be purged now, and if not, why not.

    ``open``: not closed. ``unconfirmed``: closed, but the transfer to the
    HIS was not confirmed. ``retained``: confirmed, but the retention after
    closing has not passed. ``purge``: everything allows it.
    """
    if closed_at is None:
        return "open"
    if his_transferred_on is None:
        return "unconfirmed"
    if now < closed_at + retention:
        return "retained"
    return "purge"
