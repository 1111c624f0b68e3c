"""Re-encrypt every encrypted value with the newest key of ``FIELD_ENCRYPTION_KEYS``.

Rotation without losing data: put the new key first in the list (keeping
the old one after it), run this command, then remove the old key. With
``--new-key`` it only prints a freshly generated key.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from meldcode import crypto
from meldcode.fields import EncryptedJSONField, EncryptedTextField


class Command(BaseCommand):
    """Rotate the field encryption key."""

    help = "Re-encrypt all encrypted fields with the first key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        """Take --new-key."""
        parser.add_argument(
            "--new-key", action="store_true", help="Only print a new random key, change nothing."
        )

    def handle(self, *args: Any, new_key: bool, **options: Any) -> None:
        """Re-encrypt column by column, each table in one transaction."""
        if new_key:
            self.stdout.write(crypto.generate_key())
            return
        quote = connection.ops.quote_name
        total = 0
        for model in apps.get_models():
            columns = [
                str(field.column)
                for field in model._meta.concrete_fields
                if isinstance(field, EncryptedTextField | EncryptedJSONField)
            ]
            if not columns:
                continue
            table = quote(model._meta.db_table)
            pk = quote(str(model._meta.pk.column))
            with transaction.atomic(), connection.cursor() as cursor:
                selected = ", ".join(quote(c) for c in columns)
                cursor.execute(f"SELECT {pk}, {selected} FROM {table}")  # noqa: S608
                for row in cursor.fetchall():
                    for column, token in zip(columns, row[1:], strict=True):
                        if not token:
                            continue
                        cursor.execute(
                            f"UPDATE {table} SET {quote(column)} = %s WHERE {pk} = %s",  # noqa: S608
                            [crypto.reencrypt(token), row[0]],
                        )
                        total += 1
        self.stdout.write(f"Re-encrypted {total} values with the newest key.")
