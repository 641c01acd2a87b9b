"""Seeded defaults of the parts store (loaded by migration 0002; administrators change the
rows afterwards, never this file)."""

from parts.events import PartsEvent
from parts.sla_targets import Target

HOUR = 3600
DAY = 24 * HOUR

# 001: parts for in-warranty replacements ship within 3 days of the verified list. Plain
# days (24×7), as the dealer agreement states them. Breach → the storekeepers, +1 day → the
# service manager.
TARGETS: list[Target] = [
    (
        "parts_shipment",
        0,
        3 * DAY,
        "24x7",
        [PartsEvent.WARRANTY_REQUESTED.value],
        [PartsEvent.SHIPPED.value],
        [],
        [PartsEvent.TRANSFER_CANCELLED.value, "cancelled"],
        [
            (-4 * HOUR, "notify_role", "storekeeper"),
            (0, "notify_role", "storekeeper"),
            (DAY, "notify_role", "manager"),
        ],
    )
]

#: Storekeepers may move a ticket into and out of "awaiting parts" (data rows of the workflow).
WORKFLOW_ROLES = {"await_parts": ["storekeeper"], "parts_arrived": ["storekeeper"]}

PERMISSIONS = {
    "storekeeper": [
        "parts.view_part",
        "parts.add_part",
        "parts.change_part",
        "parts.view_store",
        "parts.view_stocklevel",
        "parts.change_stocklevel",
        "parts.view_stockmove",
        "parts.view_transfer",
        "parts.view_stockrules",
        "tickets.view_ticket",
    ],
    "manager": [
        "parts.view_part",
        "parts.change_part",
        "parts.view_store",
        "parts.add_store",
        "parts.change_store",
        "parts.view_stocklevel",
        "parts.change_stocklevel",
        "parts.view_stockmove",
        "parts.view_transfer",
        "parts.view_stockrules",
        "parts.change_stockrules",
    ],
}
