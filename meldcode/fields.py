"""Model fields that keep their value encrypted at rest (see :mod:`meldcode.crypto`).

The database holds only Fernet tokens; the model attribute holds the plain
value. Such a field cannot be searched or ordered by its content, which is
the point: identifying data is looked up through the row it belongs to.
"""

import json
from typing import Any

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField[str, str]):
    """Text stored encrypted; the empty string stays empty, so blank means blank."""

    def from_db_value(self, value: str | None, expression: object, connection: object) -> Any:
        """Decrypt the stored token."""
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        """Encrypt the value before it is stored."""
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class EncryptedJSONField(models.Field[Any, Any]):
    """A JSON value stored encrypted as one token; ``None`` is stored as SQL NULL."""

    def get_internal_type(self) -> str:
        """Store the token in a text column."""
        return "TextField"

    def from_db_value(self, value: str | None, expression: object, connection: object) -> Any:
        """Decrypt and parse the stored token."""
        if value is None:
            return None
        return json.loads(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        """Keep values as they are: they are parsed when read from the database."""
        return value

    def get_prep_value(self, value: Any) -> Any:
        """Serialise and encrypt the value before it is stored."""
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj: models.Model) -> str:
        """Serialise as JSON for dumpdata, never as the token."""
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)
