"""Password rules after NIST SP 800-63B: long, not common, no composition rules.

Length and a list of common and breached passwords are what make a password
hard to guess; rules such as "one digit and one capital" only make people
write ``Welkom01!``. Django's own validators check the minimum length, the
user's own details and a list of 20,000 common passwords; these two add a
maximum length and common Dutch passwords.
"""

from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DUTCH_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-nl.txt"
# What people add to a word to pass composition rules.
TRAILING_DECORATION = "0123456789!?@#$%&*.,-_ "


class MaximumLengthValidator:
    """Refuse passwords longer than ``max_length``: long input costs hashing time."""

    def __init__(self, max_length: int = 128) -> None:
        """Set the limit."""
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        """Raise when ``password`` is too long."""
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It may have at most %(max_length)d character.",
                    "This password is too long. It may have at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        """Describe the rule."""
        return ngettext(
            "Your password may have at most %(max_length)d character.",
            "Your password may have at most %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}


@cache
def dutch_common_passwords() -> frozenset[str]:
    """Return the bundled list of common Dutch passwords (read once)."""
    lines = DUTCH_LIST.read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class DutchCommonPasswordValidator:
    """Refuse common Dutch passwords, also with digits or symbols added at the end."""

    def validate(self, password: str, user: Any = None) -> None:
        """Raise when ``password``, or its stem, is a common Dutch password."""
        folded = password.strip().lower()
        stem = folded.rstrip(TRAILING_DECORATION)
        common = dutch_common_passwords()
        if folded in common or stem in common or stem.replace(" ", "") in common:
            raise ValidationError(_("This password is too common."), code="password_too_common")

    def get_help_text(self) -> str:
        """Describe the rule."""
        return _("Your password can't be a commonly used password.")
