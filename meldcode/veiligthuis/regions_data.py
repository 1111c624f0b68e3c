"""The 26 regional Veilig Thuis organisations, as plain data.

No Django imports: the municipality table and its tests check their region
codes against this list without a database. Migration 0002 seeded the
``Region`` rows from its own copy of the codes and names (migrations are
frozen history); a test holds the two equal, so they cannot drift apart.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """One Veilig Thuis organisation: its code, its name and how it takes a melding.

    ``phone_first`` says whether the region wants a phone call before a
    written melding. Many regions ask for one ("altijd telefonisch overleg
    vóór een schriftelijke melding"); others take an online melding and call
    back in urgent cases. We cannot confirm each region's practice, so every
    region starts as True: an unneeded call costs a few minutes, a written
    melding that a region expected by phone may wait unread. An administrator
    sets the real value per region on the ``Region`` row.
    """

    code: str
    name: str
    phone_first: bool = True


# Ordered as migration 0002 lists them: roughly north to south.
REGIONS: Final[tuple[RegionInfo, ...]] = (
    RegionInfo("groningen", "Groningen"),
    RegionInfo("friesland", "Friesland"),
    RegionInfo("drenthe", "Drenthe"),
    RegionInfo("ijsselland", "IJsselland"),
    RegionInfo("twente", "Twente"),
    RegionInfo("noord-en-oost-gelderland", "Noord- en Oost-Gelderland"),
    RegionInfo("gelderland-midden", "Gelderland-Midden"),
    RegionInfo("gelderland-zuid", "Gelderland-Zuid"),
    RegionInfo("utrecht", "Utrecht"),
    RegionInfo("noord-holland-noord", "Noord-Holland Noord"),
    RegionInfo("zaanstreek-waterland", "Zaanstreek-Waterland"),
    RegionInfo("kennemerland", "Kennemerland"),
    RegionInfo("amsterdam-amstelland", "Amsterdam-Amstelland"),
    RegionInfo("gooi-en-vechtstreek", "Gooi en Vechtstreek"),
    RegionInfo("haaglanden", "Haaglanden"),
    RegionInfo("hollands-midden", "Hollands Midden"),
    RegionInfo("rotterdam-rijnmond", "Rotterdam Rijnmond"),
    RegionInfo("zuid-holland-zuid", "Zuid-Holland Zuid"),
    RegionInfo("zeeland", "Zeeland"),
    RegionInfo("west-brabant", "West-Brabant"),
    RegionInfo("hart-van-brabant", "Hart van Brabant"),
    RegionInfo("brabant-noordoost", "Brabant-Noordoost"),
    RegionInfo("zuidoost-brabant", "Zuidoost-Brabant"),
    RegionInfo("limburg-noord", "Limburg-Noord"),
    RegionInfo("zuid-limburg", "Zuid-Limburg"),
    RegionInfo("flevoland", "Flevoland"),
)

REGION_CODES: Final[frozenset[str]] = frozenset(region.code for region in REGIONS)
REGIONS_BY_CODE: Final[Mapping[str, RegionInfo]] = MappingProxyType(
    {region.code: region for region in REGIONS}
)
