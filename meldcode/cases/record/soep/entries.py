"""Put the journal together from every step of a case."""

from django.utils import translation

from meldcode.cases.models import Case

from .journal import SoepEntry, _Journal, _opened_on
from .observed import _signalen
from .steps import _acuut, _beslissen, _closed, _consultatie, _gesprek, _wegen


def soep_entries(case: Case, *, language: str) -> list[SoepEntry]:
    """Return the SOEP entries of ``case`` in ``language``, oldest first."""
    with translation.override(language):
        journal = _Journal(fallback=_opened_on(case))
        _signalen(journal, case, language)
        _consultatie(journal, case.record.get("consultatie") or {})
        _gesprek(journal, case.record.get("gesprek") or {})
        _wegen(journal, case.record.get("wegen") or {})
        _beslissen(journal, case)
        _acuut(journal, case)
        _closed(journal, case)
        return journal.entries()
