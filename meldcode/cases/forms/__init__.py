"""The forms of the cases app: one module per Meldcode step, and the case's own."""

from .beslissen import BeslissenForm
from .case import AcuteForm, CaseDetailsForm, CloseForm
from .consultatie import ConsultatieForm
from .gesprek import GesprekForm
from .signalen import SignalenForm
from .wegen import WegenForm

STEP_FORMS = {
    "signalen": SignalenForm,
    "consultatie": ConsultatieForm,
    "gesprek": GesprekForm,
    "wegen": WegenForm,
    "beslissen": BeslissenForm,
}

__all__ = [
    "STEP_FORMS",
    "AcuteForm",
    "BeslissenForm",
    "CaseDetailsForm",
    "CloseForm",
    "ConsultatieForm",
    "GesprekForm",
    "SignalenForm",
    "WegenForm",
]
