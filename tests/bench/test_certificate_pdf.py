"""Time to draw one certificate PDF (target: median under 30 milliseconds).

Run with ``uv run pytest tests/bench/test_certificate_pdf.py --benchmark-only``;
the figure is reported, not asserted. The certificate is realistic: a name
that needs the embedded font, a BIG-nummer and two accreditations, with the
verification URL as it is printed and drawn as a QR code.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from elearning.certificate_pdf import certificate_pdf
from elearning.content import Text
from elearning.frozen import FrozenAccreditation, FrozenCertificate

URL = "https://meldwijzer.nl/e-learning/certificaat/7K3P-9QX2-M4TD-H8VA/"
# A PDF takes milliseconds: the default calibration gives it few rounds.
ROUNDS = 50

CERTIFICATE = FrozenCertificate(
    code="7K3P-9QX2-M4TD-H8VA",
    name="Łukasz Ștefan Öztürk-Ğüneş",
    big_number="09123456789",
    module_slug="mensenhandel",
    module_title=Text(
        nl="Mensenhandel herkennen en bespreken",
        en="Recognising and discussing human trafficking",
    ),
    module_version="2.1",
    minutes=45,
    completed_on=date(2026, 3, 14),
    valid_until=date(2028, 3, 14),
    language="nl",
    accreditations=(
        FrozenAccreditation(
            register="Kwaliteitsregister V&VN",
            accreditation_id="AC-2026-48213",
            points=Decimal("1.50"),
            number="4821937",
        ),
        FrozenAccreditation(
            register="ABC1 (KNMG)",
            accreditation_id="489123",
            points=Decimal("2"),
            number="",
        ),
    ),
)


def test_certificate_pdf(benchmark: Any) -> None:
    content = benchmark.pedantic(
        certificate_pdf,
        args=(CERTIFICATE,),
        kwargs={"verify_url": URL},
        rounds=ROUNDS,
        warmup_rounds=1,
    )
    assert content.startswith(b"%PDF")
    benchmark.extra_info["bytes"] = len(content)
