"""The password hasher: Argon2, as costly as the PBKDF2 hashes it replaces.

A login for an unknown account runs a dummy hash with the first hasher;
an account whose password still has Django's older PBKDF2 hash (1.5 million
iterations, about a third of a second here) would otherwise answer
noticeably slower, and so give itself away. Argon2's time cost is raised
until the two take about as long; every Argon2 hash with other parameters,
and every PBKDF2 hash, is upgraded at the account's next successful login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    """Django's Argon2 hasher with the time cost that matches PBKDF2's."""

    time_cost = 7
