"""Encryption at rest of identifying data (NEN 7510), with key rotation.

Identifying melding data, received reports and signing secrets are stored
encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``).
The keys come from the environment variable ``FIELD_ENCRYPTION_KEYS``: a
comma-separated list of Fernet keys, the newest first. New values are
encrypted with the first key; every listed key still decrypts, so a key is
rotated by putting a new one in front, running ``manage.py
rotate_field_keys`` (which re-encrypts every value with the new key), and
only then removing the old one. Nothing is lost along the way.

Without the variable (development and tests) one key is derived from
``SECRET_KEY``; with ``DEBUG`` off the settings refuse to start without it.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "generate_key", "reencrypt"]


def generate_key() -> str:
    """Return a new random Fernet key, as text for ``FIELD_ENCRYPTION_KEYS``."""
    return Fernet.generate_key().decode("ascii")


def derived_key(secret: str) -> str:
    """Return a Fernet key derived from ``secret``, for development only."""
    digest = hashlib.sha256(b"meldwijzer field encryption\x00" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def _current() -> MultiFernet:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS) or (derived_key(settings.SECRET_KEY),)
    return _fernet(keys)


def encrypt(plain: str) -> str:
    """Encrypt text with the newest key; return the token as text."""
    return _current().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token made with any listed key; raise :class:`InvalidToken` otherwise."""
    return _current().decrypt(token.encode("ascii")).decode("utf-8")


def reencrypt(token: str) -> str:
    """Return ``token`` encrypted again with the newest key (key rotation)."""
    return _current().rotate(token.encode("ascii")).decode("ascii")
