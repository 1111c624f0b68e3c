"""Time to draw one certificate PDF (target: median under 30 milliseconds).

Run with ``uv run pytest tests/bench/test_certificate_pdf.py --benchmark-only``;
the figure is reported, not asserted. The certificate is realistic: a name
that needs the embedded font, a BIG-nummer and two accreditations, with the
verification URL as it is printed and drawn as a QR code.
"""

from typing import Any

from elearning.certificate_pdf import certificate_pdf
from tests.elearning.test_certificate_pdf import certificate

URL = "http://127.0.0.1:8000/verify/7K3P-9QX2-M4TD-H8VA"
# A PDF takes milliseconds: the default calibration gives it few rounds.
ROUNDS = 50
CERTIFICATE = certificate(name="Łukasz Ștefan Öztürk-Ğüneş")


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
