"""Create a group for each role."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

ROLES = ["clinician", "veilig_thuis", "trainer", "learner"]


def create_groups(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create the role groups that do not exist yet."""
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
