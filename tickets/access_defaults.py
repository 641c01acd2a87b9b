"""Seeded defaults of the ticket access rules (migration ``0012_access_rules``);
administrators change the rows afterwards (admin: intake rules, ticket edit rules)."""

from __future__ import annotations

#: The descriptive fields of a ticket that can be corrected after intake.
DESCRIPTIVE_FIELDS = (
    "fault_description",
    "contact_name",
    "contact_phone",
    "site_address",
    "product_model",
    "serial_number",
)

#: role → (back-dating allowed in hours, may override the service type). Agents take calls,
#: letters and visits and register them afterwards: up to 7 days back. A dealer's or a
#: customer's call is registered when it reaches us (their clients send no time of their own).
INTAKE_RULES = {
    "agent": (7 * 24, False),
    "supervisor": (7 * 24, True),
    "manager": (7 * 24, True),
    "dealer": (0, False),
    "customer": (0, False),
    "technician": (0, False),
}

#: The work statuses in which a technician is on the job.
_TECHNICIAN_STATUSES = [
    "arranged",
    "checked",
    "on_site",
    "in_workshop",
    "awaiting_parts",
    "waiting_customer",
    "restored",
]

#: (role, fields, statuses, only on the user's own jobs)
EDIT_RULES = [
    ("agent", list(DESCRIPTIVE_FIELDS), ["*"], False),
    ("supervisor", list(DESCRIPTIVE_FIELDS), ["*"], False),
    ("manager", list(DESCRIPTIVE_FIELDS), ["*"], False),
    # A dealer corrects the tickets of its own outlet (the scope decides which those are).
    ("dealer", list(DESCRIPTIVE_FIELDS), ["*"], False),
    # On site the technician finds the real model, serial, contact and address.
    ("technician", list(DESCRIPTIVE_FIELDS), _TECHNICIAN_STATUSES, True),
    # A customer corrects how to reach them until a technician is arranged.
    (
        "customer",
        ["contact_name", "contact_phone", "site_address"],
        ["registered", "forwarded"],
        False,
    ),
]
