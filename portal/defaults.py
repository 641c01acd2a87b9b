"""Seeded defaults of the customer portal: the actions a customer takes on their own request.
Loaded by migration 0001; administrators change the rows afterwards, never this file."""

CUSTOMER = "customer"
OPEN = "*"

# action, from statuses, to status, roles, zh label, en label, position
ACTIONS = [
    ("add_info", [OPEN], "", [CUSTOMER], "补充信息", "Add information", 40),
    (
        "confirm_repair",
        ["restored", "resolved"],
        "",
        [CUSTOMER],
        "确认已修好",
        "Confirm the repair",
        41,
    ),
]
