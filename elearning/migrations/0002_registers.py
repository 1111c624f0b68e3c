"""Seed the accreditation registers that take attendance through PE-online."""

from typing import Any

from django.db import migrations

from elearning.registers_data import REGISTERS


def add_registers(apps: Any, schema_editor: Any) -> None:
    Register = apps.get_model("elearning", "Register")
    for row in REGISTERS:
        Register.objects.get_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("elearning", "0001_initial")]

    operations = [migrations.RunPython(add_registers, migrations.RunPython.noop)]
