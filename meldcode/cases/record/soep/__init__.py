"""SOEP entries for the HIS journal: one dated entry per contact, each fact in its line.

GPs keep the patient record as journal entries in SOEP form: S what the
patient said, O own findings, E the evaluation, P the plan. The Meldcode
asks for dated entries per contact, not one block, so each fact of the case
goes to the entry of the day it happened on:

- S: what the patient said (observations with the patient as source), the
  language and the interpreter, the kindcheck, what was discussed and the
  reaction; information from a third party, named by its role.
- O: own findings (own observations, the physical findings and behaviour
  among the chosen signals), the outcome of the letselduiding.
- E: the suspicion: interpretations, the other signals, the weighing, the
  afwegingskader answers and the decision with its reasons; the signal
  profile, labelled as the output of a tool and not a diagnosis.
- P: consultations, the Veilig Thuis advies, the acute exit, the melding, who
  was told and how they reacted, help, and the agreements.

A fact takes the date recorded with it (an observation, a consultation, the
advies, the conversation, the melding, the acute exit). A fact without a date
of its own takes the earliest date of its step, or else the latest date of
the steps before it (the weighing follows the conversation), or else the
date the case was opened. The episode titles are neutral: patient portals
show them, and an exploiter may hold the patient's phone.
"""

from .entries import soep_entries
from .journal import SoepEntry, soep_text

__all__ = ["SoepEntry", "soep_entries", "soep_text"]
