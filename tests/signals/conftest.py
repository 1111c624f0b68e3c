"""A synthetic catalogue with known signals per dimension and strength."""

import pytest

from signals.catalogue import build
from signals.core import DIMENSIONS, Catalogue, LocalText, Signal


def make_signal(
    code: str,
    *,
    dimension: str | None = None,
    strength: str | None = None,
    counter: bool = False,
    population: str = "all",
    forms: tuple[str, ...] = ("arbeidsuitbuiting",),
    question: bool = True,
    signal_type: str = "situational",
) -> Signal:
    return Signal(
        code=code,
        type=signal_type,  # type: ignore[arg-type]
        forms=frozenset(forms),  # type: ignore[arg-type]
        dimension=dimension,  # type: ignore[arg-type]
        strength=strength,  # type: ignore[arg-type]
        counter=counter,
        population=population,  # type: ignore[arg-type]
        label=LocalText(nl=f"{code} nl", en=f"{code} en"),
        explanation=LocalText(nl="uitleg", en="explanation"),
        question=LocalText(nl=f"vraag {code}?", en=f"question {code}?") if question else None,
        source="test",
    )


def synthetic_catalogue() -> Catalogue:
    """Three signals of each strength in each dimension, plus counters and general ones.

    Codes read as ``<dimension>__<strength><n>``, e.g. ``exploitation__strong1``.
    """
    signals = []
    for dimension in DIMENSIONS:
        for strength in ("strong", "medium", "weak"):
            for n in (1, 2, 3):
                signals.append(
                    make_signal(
                        f"{dimension}__{strength}{n}", dimension=dimension, strength=strength
                    )
                )
        signals.append(
            make_signal(
                f"{dimension}__counter", dimension=dimension, strength="strong", counter=True
            )
        )
    signals.append(
        make_signal(
            "general_injury", signal_type="physical", question=False, forms=("seksuele_uitbuiting",)
        )
    )
    signals.append(make_signal("general_counter", counter=True, forms=()))
    signals.append(
        make_signal(
            "minor_only",
            population="minor",
            dimension="exploitation",
            strength="weak",
            forms=("criminele_uitbuiting",),
        )
    )
    signals.append(
        make_signal(
            "adult_only",
            population="adult",
            dimension="coercion_at_destination",
            strength="medium",
            forms=("seksuele_uitbuiting",),
        )
    )
    return build(edition="test", title=LocalText(nl="Test", en="Test"), signals=signals)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return synthetic_catalogue()
