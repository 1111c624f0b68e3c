"""Load the 26 regional Veilig Thuis organisations."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

REGIONS = [
    ("groningen", "Groningen"),
    ("friesland", "Friesland"),
    ("drenthe", "Drenthe"),
    ("ijsselland", "IJsselland"),
    ("twente", "Twente"),
    ("noord-en-oost-gelderland", "Noord- en Oost-Gelderland"),
    ("gelderland-midden", "Gelderland-Midden"),
    ("gelderland-zuid", "Gelderland-Zuid"),
    ("utrecht", "Utrecht"),
    ("noord-holland-noord", "Noord-Holland Noord"),
    ("zaanstreek-waterland", "Zaanstreek-Waterland"),
    ("kennemerland", "Kennemerland"),
    ("amsterdam-amstelland", "Amsterdam-Amstelland"),
    ("gooi-en-vechtstreek", "Gooi en Vechtstreek"),
    ("haaglanden", "Haaglanden"),
    ("hollands-midden", "Hollands Midden"),
    ("rotterdam-rijnmond", "Rotterdam Rijnmond"),
    ("zuid-holland-zuid", "Zuid-Holland Zuid"),
    ("zeeland", "Zeeland"),
    ("west-brabant", "West-Brabant"),
    ("hart-van-brabant", "Hart van Brabant"),
    ("brabant-noordoost", "Brabant-Noordoost"),
    ("zuidoost-brabant", "Zuidoost-Brabant"),
    ("limburg-noord", "Limburg-Noord"),
    ("zuid-limburg", "Zuid-Limburg"),
    ("flevoland", "Flevoland"),
]


def load_regions(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create each region that does not exist yet."""
    Region = apps.get_model("veiligthuis", "Region")
    for code, name in REGIONS:
        Region.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("veiligthuis", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
