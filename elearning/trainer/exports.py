"""What a trainer takes out of the site: the CSV, the ZIP of PDFs, and attendance for PE-online.

Memory stays bounded whatever the cohort's size: the CSV is written while
the rows stream from the database in chunks, and the ZIP is written into a
spooled temporary file (in memory while small, on disk beyond) from PDFs
read a few at a time.

Attendance follows PE-online as it really takes it (see
``shared/domain/elearning.md`` §2): one paste list of numbers per
accreditation ID and completion date, in the register's number format, and
for providers with the licensed webservice the same attendance as batches of
at most 1,000 records. Points are never exported: PE-online credits them.
"""

import csv
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any, Final

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from elearning.attendance import (
    Completion,
    PasteList,
    paste_lists,
    register_number,
)
from elearning.attendance import batches as split_batches
from elearning.frozen import FrozenCertificate
from elearning.models import Accreditation, Cohort, Register, RevocationReason
from elearning.services import certificate_pdf_bytes
from meldcode.accounts.rules import BigNumberError, normalise_big_number

from . import selectors

# Rows are handed to the response in pieces of this many, not one by one.
CSV_PIECE: Final = 500
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
# The ZIP is kept in memory up to this size, then on disk.
ZIP_IN_MEMORY: Final = 16 * 1024 * 1024
# PDFs read from the database at a time.
ZIP_CHUNK: Final = 50

STATE_LABELS: Final[dict[str, Promise]] = {
    "valid": gettext_lazy("valid"),
    "expired": gettext_lazy("expired"),
    "revoked": gettext_lazy("revoked"),
}


# --- CSV ---------------------------------------------------------------------


def neutralise(value: str) -> str:
    """Return ``value`` so that no spreadsheet reads it as a formula.

    A leading apostrophe is what spreadsheets themselves use to mark text
    (OWASP's advice on CSV injection).
    """
    return "'" + value if value.startswith(FORMULA_START) else value


class _Echo:
    """A file that hands back what is written to it, so csv.writer makes strings."""

    def write(self, value: str) -> str:
        """Return ``value``."""
        return value


def csv_header() -> list[str]:
    """Return the CSV's column names in the request's language."""
    return [
        _("Name"),
        _("E-mail address"),
        _("BIG-nummer"),
        _("Module"),
        _("Version"),
        _("Completed on"),
        _("Certificate code"),
        _("Valid until"),
        _("State"),
        _("Reason for revocation"),
    ]


def big_number(current: str, frozen: str) -> str:
    """Return the learner's BIG-nummer as 11 digits: the current one, else the certificate's.

    A number added or corrected after completion is the one the register
    knows the learner by now.
    """
    for number in (current, frozen):
        try:
            return normalise_big_number(number)
        except BigNumberError:
            continue
    return ""


def csv_pieces(cohort: Cohort, *, today: date) -> Iterator[str]:
    """Return the CSV of the members' certificates as pieces of UTF-8 text, with a byte order mark.

    The mark tells Excel the file is UTF-8, so names such as Zoë Çelik
    arrive intact; columns are separated by commas. The texts are
    translated here, in the request; the rows are read while the response
    streams, when the request's language may no longer be active.
    """
    header = csv_header()
    reasons = {value: str(label) for value, label in RevocationReason.choices}
    states = {key: str(label) for key, label in STATE_LABELS.items()}
    rows = selectors.certificate_rows(cohort, language=selectors.language())
    return _csv_stream(rows, header=header, states=states, reasons=reasons, today=today)


def _csv_stream(
    rows: Iterator[tuple[Any, ...]],
    *,
    header: list[str],
    states: dict[str, str],
    reasons: dict[str, str],
    today: date,
) -> Iterator[str]:
    """Yield the header, then the rows a few hundred at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + str(writer.writerow(header))
    piece: list[str] = []
    for row in rows:
        (name, email, current_big, frozen_big, title, version, completed_on) = row[:7]
        (code, valid_until, revoked_at, revoked_reason) = row[7:]
        if revoked_at is not None:
            state = "revoked"
        elif today > valid_until:
            state = "expired"
        else:
            state = "valid"
        cells = [
            name or "",
            email or "",
            big_number(current_big or "", frozen_big or ""),
            title or "",
            version or "",
            completed_on or "",
            code,
            valid_until.isoformat(),
            states[state],
            reasons.get(revoked_reason, revoked_reason) if revoked_reason else "",
        ]
        piece.append(str(writer.writerow([neutralise(str(cell)) for cell in cells])))
        if len(piece) >= CSV_PIECE:
            yield "".join(piece)
            piece.clear()
    if piece:
        yield "".join(piece)


# --- ZIP ---------------------------------------------------------------------


def certificates_zip(cohort: Cohort) -> IO[bytes]:
    """Return a spooled file holding a ZIP of the members' certificate PDFs, rewound.

    Each PDF is named ``<module-slug>/<CODE>.pdf``. A certificate whose PDF
    was not kept is drawn from its frozen data, as its download would be.
    """
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in selectors.zip_certificates(cohort).iterator(chunk_size=ZIP_CHUNK):
            archive.writestr(
                f"{certificate.module.slug}/{certificate.code}.pdf",
                certificate_pdf_bytes(certificate),
            )
    spool.seek(0)
    return spool


# --- attendance ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendanceList:
    """A paste list with its accreditation and the deadline for entering it."""

    paste: PasteList
    accreditation: Accreditation
    deadline: date
    days_left: int

    @property
    def overdue(self) -> bool:
        """Tell whether the deadline has passed."""
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        """Return how many days the deadline has passed."""
        return -self.days_left

    @property
    def text(self) -> str:
        """Return the list as a text file: one number per line, each line ended."""
        return "".join(f"{number}\n" for number in self.paste.numbers)


@dataclass(frozen=True, slots=True, order=True)
class Record:
    """One attendance record in the webservice's shape (sorted as the batches are cut)."""

    accreditation_id: str
    completed_on: date
    number: str
    course_id: str
    external_course_id: str
    module_id: str


@dataclass(frozen=True, slots=True)
class Attendance:
    """A cohort's attendance for one register."""

    register: Register
    accreditations: tuple[Accreditation, ...]
    lists: tuple[AttendanceList, ...]
    records: tuple[Record, ...]
    # Certificates whose frozen data could not be read (none, unless edited by hand).
    unreadable: int

    @property
    def batches(self) -> list[Sequence[Record]]:
        """Return the webservice batches, at most 1,000 records each."""
        return split_batches(self.records)

    @property
    def missing(self) -> int:
        """Return how many completions have no number in this register."""
        return sum(item.paste.missing for item in self.lists)


def _unprefixed(number: str, prefix: str) -> str:
    """Return a number as frozen on a certificate without the register's prefix."""
    return number[len(prefix) :] if prefix and number.startswith(prefix) else number


def attendance(cohort: Cohort, register: Register, *, today: date) -> Attendance:
    """Return the cohort's attendance in ``register``: paste lists, deadlines, records.

    A certificate counts for an accreditation of this register when its
    frozen data names the accreditation (a certificate names those that
    covered its completion date). Revoked certificates are left out. The
    number is the learner's current one (numbers are often added after
    completion), else the one frozen on the certificate.
    """
    accreditations = selectors.register_accreditations(cohort, register)
    known = {(a.module_id, a.accreditation_id): a for a in accreditations}
    by_id = {a.accreditation_id: a for a in accreditations}
    numbers = selectors.register_numbers(cohort, register)
    form = register.number_format()
    completions: list[Completion] = []
    unreadable = 0
    for source in selectors.attendance_sources(
        cohort, sorted({a.module_id for a in accreditations})
    ):
        try:
            frozen = FrozenCertificate.from_json(source.data)
        except ValueError:
            unreadable += 1
            continue
        for item in frozen.accreditations:
            if (source.module_id, item.accreditation_id) not in known:
                continue
            completions.append(
                Completion(
                    accreditation_id=item.accreditation_id,
                    completed_on=frozen.completed_on,
                    big_number=big_number(source.big_number, frozen.big_number),
                    register_number=numbers.get(source.user_id)
                    or _unprefixed(item.number, register.prefix),
                )
            )
    lists = []
    for paste in paste_lists(completions, form):
        accreditation = by_id[paste.accreditation_id]
        deadline = paste.completed_on + timedelta(days=accreditation.entry_deadline_days)
        lists.append(
            AttendanceList(
                paste=paste,
                accreditation=accreditation,
                deadline=deadline,
                days_left=(deadline - today).days,
            )
        )
    records = set()
    for completion in completions:
        number = register_number(completion, form)
        if number is None:
            continue
        accreditation = by_id[completion.accreditation_id]
        records.add(
            Record(
                accreditation_id=completion.accreditation_id,
                completed_on=completion.completed_on,
                number=number,
                course_id=accreditation.course_id,
                external_course_id=accreditation.external_course_id,
                module_id=accreditation.webservice_module_id,
            )
        )
    return Attendance(
        register=register,
        accreditations=tuple(accreditations),
        lists=tuple(lists),
        records=tuple(sorted(records)),
        unreadable=unreadable,
    )


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    """Return ``value`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", value)


def _comment(text: str) -> Any:
    """Return an XML comment of ``text`` (a comment may not hold ``--``)."""
    return ET.Comment(" " + _xml_text(text).replace("--", "- -").rstrip("-") + " ")


def batch_xml(records: Sequence[Record], *, register: Register, batch: int, batches: int) -> bytes:
    """Return one webservice batch as XML, in the record shape of PE-online's webservice.

    Each record names the provider (its UserID), the association (OrgID),
    the course (CourseID, else ExternalCourseID), the module of a
    multi-module e-learning (ModuleID), the person's number as the register
    writes it and the completion date. The element names are ours: the real
    schema comes with the webservice licence.
    """
    root = ET.Element(
        "AttendanceBatch",
        {
            "register": _xml_text(register.code),
            "batch": str(batch),
            "batches": str(batches),
            "records": str(len(records)),
        },
    )
    root.append(
        _comment(
            _(
                "Attendance for the PE-online webservice, in its record shape. The real "
                "schema comes with the webservice licence: map these elements onto it. "
                "Points are not exported; PE-online credits them itself."
            )
        )
    )
    provider = _xml_text(settings.ELEARNING_PE_ONLINE_PROVIDER_ID)
    for record in records:
        element = ET.SubElement(root, "Record")
        ET.SubElement(element, "UserID").text = provider
        ET.SubElement(element, "OrgID").text = _xml_text(register.org_id)
        if record.course_id or not record.external_course_id:
            ET.SubElement(element, "CourseID").text = _xml_text(record.course_id)
        else:
            ET.SubElement(element, "ExternalCourseID").text = _xml_text(record.external_course_id)
        if record.module_id:
            ET.SubElement(element, "ModuleID").text = _xml_text(record.module_id)
        ET.SubElement(element, "PersonNumber").text = _xml_text(record.number)
        ET.SubElement(element, "CompletionDate").text = record.completed_on.isoformat()
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def download_name(*parts: str) -> str:
    """Return a file name made of ``parts``: letters, digits, dots and dashes only."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", "-".join(parts)).strip("-") or "download"
