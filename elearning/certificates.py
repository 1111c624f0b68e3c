"""Certificate codes (pure): unguessable, yet easy to read out over the phone."""

from typing import Final

from meldcode.codes import BITS_PER_CHARACTER, normalise, random_code

GROUPS: Final = 4
SIZE: Final = 4
# 16 characters of Crockford base32: 80 bits, the least the issue asks.
CODE_BITS: Final = GROUPS * SIZE * BITS_PER_CHARACTER


def certificate_code() -> str:
    """Return a new random certificate code such as ``7K3P-9QX2-M4TD-H8VA``."""
    return random_code(GROUPS, SIZE)


def read_code(typed: str) -> str | None:
    """Return a typed or scanned code in its canonical form, or None when it cannot be one."""
    return normalise(typed, groups=GROUPS, size=SIZE)
