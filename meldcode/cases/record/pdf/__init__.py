"""The record of a case as a PDF for the patient file, drawn with reportlab.

A4 in DejaVu Sans, registered as a TrueType font so that reportlab embeds a
subset of it and every name prints (Zoë Çelik, Łukasz, Ștefan). No text run
may fall back to one of the 14 standard fonts, which are never embedded: the
canvas starts in DejaVu Sans, and every style, table and drawing names it.
The fonts are DejaVu 2.37 from Debian's fonts-dejavu-core; their licence is
in ``../fonts/LICENSE``.

The words come from gettext in the user's language, the dates from Babel.
Field labels and choice names are read from the step forms, so that the
record uses the words the clinician answered. Facts and interpretations
stand in separate tables, each item with its source; the signal profile is
boxed as the output of a tool, not a diagnosis.
"""

from .document import record_pdf

__all__ = ["record_pdf"]
