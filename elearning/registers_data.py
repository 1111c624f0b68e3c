"""The accreditation registers that take attendance through PE-online (seeded by a migration).

How each register writes a number is a setting of the register: GAIA takes
the 11 digits, the Kwaliteitsregister V&V the BIG-nummer with its prefix (or
its own relatienummer). An administrator can change both in the admin.
"""

from typing import Final

REGISTERS: Final = (
    {
        "code": "knmg-gaia",
        "name": "KNMG GAIA (ABC1)",
        "key": "big",
        "prefix": "",
        "number_label": "",
    },
    {
        "code": "kwaliteitsregister-vv",
        "name": "Kwaliteitsregister V&V",
        "key": "big",
        "prefix": "BIG-",
        "number_label": "relatienummer",
    },
)
