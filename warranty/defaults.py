"""Seeded defaults of the warranty app (docs/DOMAIN.md "Warranty and the three guarantees")."""

from __future__ import annotations

from warranty.entitlement import DEFAULT_EXCLUSIONS, EXCLUSION_TEXT, NO_CARD_EXCLUSION

#: The Chinese names seeded for the default exclusion codes (rows administrators may rename).
EXCLUSION_NAMES_ZH = {
    "misuse": "使用不当",
    "improper_storage": "保管不当",
    "unauthorised_repair": "擅自拆修或改装",
    "force_majeure": "不可抗力",
    NO_CARD_EXCLUSION: "无有效发票或三包凭证",
    "altered_card": "三包凭证被涂改",
    "normal_wear": "正常磨损",
}

#: (code, rank, zh, en): the seven exclusions of the domain brief.
EXCLUSIONS = [
    (
        code,
        rank,
        EXCLUSION_NAMES_ZH[code],
        EXCLUSION_TEXT[code][:1].upper() + EXCLUSION_TEXT[code][1:],
    )
    for rank, code in enumerate(DEFAULT_EXCLUSIONS, start=1)
]

PERMISSIONS = {
    "agent": [
        "warranty.view_unit",
        "warranty.add_unit",
        "warranty.view_productmodel",
        "warranty.view_warrantycard",
        "warranty.add_warrantycard",
        "warranty.view_maintenancecontract",
        "warranty.add_maintenancecontract",
        "warranty.change_maintenancecontract",
    ],
    "supervisor": [
        "warranty.view_unit",
        "warranty.view_productmodel",
        "warranty.view_warrantycard",
        "warranty.view_maintenancecontract",
    ],
    "technician": ["warranty.view_unit", "warranty.view_productmodel"],
    "appraiser": ["warranty.view_unit", "warranty.view_productmodel", "warranty.view_warrantycard"],
    "dealer": [
        "warranty.view_unit",
        "warranty.add_unit",
        "warranty.view_productmodel",
        "warranty.view_warrantycard",
        "warranty.add_warrantycard",
    ],
    "manager": [
        "warranty.view_unit",
        "warranty.add_unit",
        "warranty.change_unit",
        "warranty.view_productmodel",
        "warranty.add_productmodel",
        "warranty.change_productmodel",
        "warranty.view_warrantycard",
        "warranty.add_warrantycard",
        "warranty.view_maintenancecontract",
        "warranty.add_maintenancecontract",
        "warranty.change_maintenancecontract",
        "warranty.view_warrantyrules",
        "warranty.change_warrantyrules",
        "warranty.view_exclusionreason",
        "warranty.change_exclusionreason",
    ],
}

#: Roles that may register units and file cards; roles that manage contracts.
REGISTER_ROLES = frozenset({"agent", "supervisor", "manager", "dealer"})
CONTRACT_ROLES = frozenset({"agent", "manager"})
#: Roles that may revise the warranty decision of a ticket (pick an exclusion or component).
REVISE_ROLES = frozenset({"technician", "appraiser", "supervisor", "manager"})
