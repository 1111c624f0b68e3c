"""Codes that are random yet easy to read out (pure): case references, certificate codes.

Crockford's base32 leaves out I, L, O and U, so nothing looks like another
character; reading a code back forgives case, spaces, dashes and the
look-alikes (O for 0, I and L for 1).
"""

import secrets
from typing import Final

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS_PER_CHARACTER: Final = 5
_LOOK_ALIKES: Final = str.maketrans({"O": "0", "I": "1", "L": "1"})


def random_code(groups: int, size: int) -> str:
    """Return ``groups`` groups of ``size`` random characters, joined by dashes."""
    characters = "".join(secrets.choice(ALPHABET) for _ in range(groups * size))
    return "-".join(characters[i : i + size] for i in range(0, len(characters), size))


def normalise(typed: str, *, groups: int, size: int) -> str | None:
    """Return a typed code in its canonical form, or None when it cannot be one."""
    compact = "".join(typed.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(compact) != groups * size or any(c not in ALPHABET for c in compact):
        return None
    return "-".join(compact[i : i + size] for i in range(0, len(compact), size))
