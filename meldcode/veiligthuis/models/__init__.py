"""Veilig Thuis: regions and receivers, the receiving side, and the sending side."""

from .receiving import (
    AssessmentDecision,
    ReceivedReport,
    SenderKey,
    Terugkoppeling,
    TerugkoppelingFields,
)
from .regions import NATIONAL_PHONE, Receiver, Region
from .sending import AdviesPrep, CaseTerugkoppeling, Delivery, MeldingDetails

__all__ = [
    "NATIONAL_PHONE",
    "AdviesPrep",
    "AssessmentDecision",
    "CaseTerugkoppeling",
    "Delivery",
    "MeldingDetails",
    "ReceivedReport",
    "Receiver",
    "Region",
    "SenderKey",
    "Terugkoppeling",
    "TerugkoppelingFields",
]
