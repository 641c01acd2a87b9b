"""Seeded SLA defaults (DOMAIN.md "SLA targets").

Loaded by migration ``sla.0002_content_types_and_seed``;
administrators change the rows (or revise the policy) afterwards, never this file.

Where the seed documents disagree, the choice made here is written next to the row.
"""

from __future__ import annotations

from tickets.events import TicketEventCode

HOUR = 3600
DAY = 24 * HOUR
WORKING_DAY = 7 * HOUR + 30 * 60  # 08:30–12:00 + 13:30–17:30

ALWAYS = "24x7"
CHINA = "china_working_hours"

CALENDARS = [
    # code, zh, en, tz, weekly windows (weekday, "HH:MM", "HH:MM")
    (
        ALWAYS,
        "全天候（7×24）",
        "24×7",
        "Asia/Shanghai",
        [(day, "00:00", "00:00") for day in range(7)],
    ),
    (
        CHINA,
        "中国工作时间",
        "China working hours",
        "Asia/Shanghai",
        [
            (day, start, end)
            for day in range(5)
            for start, end in (("08:30", "12:00"), ("13:30", "17:30"))
        ],
    ),
]

WAITING = ["waiting_customer"]
CANCEL = ["cancelled"]

# Ladders: (offset seconds from due, action, role). Negative = business time before due.
STANDARD_LADDER = [
    (-30 * 60, "notify_supervisor", ""),  # warning before breach
    (0, "notify_supervisor", ""),  # breach → the ticket's supervisor (or the supervisors)
    (2 * HOUR, "notify_org_managers", ""),  # +2 h → the assignee organisation's managers
    (DAY, "notify_role", "manager"),  # +1 day → company leadership
]
CHECK_LADDER = [
    (-30 * 60, "notify_supervisor", ""),
    (0, "notify_role", "manager"),  # 4-hour check missed → company leadership (000 P2)
]
SHORT_LADDER = [  # for 30-minute / 1-hour targets: a 10-minute warning
    (-10 * 60, "notify_supervisor", ""),
    (0, "notify_supervisor", ""),
    (2 * HOUR, "notify_org_managers", ""),
]

CREATED = [TicketEventCode.CREATED]
FIELD_KINDS = ["repair", "installation", "maintenance", "return_exchange"]

POLICY = {
    "key": "standard",
    "name_zh": "标准服务时限",
    "name_en": "Standard service levels",
    "priority": 1000,
    "is_default": True,
}

# metric, position, conditions, duration, calendar, start, stop, pause, cancel, ladder
TARGETS = [
    # 000 P2/P8/P11: arrange within 2 hours of forwarding and tell the customer. 24×7, as the
    # dealer agreements state it in plain hours.
    (
        "dispatch",
        0,
        {},
        2 * HOUR,
        ALWAYS,
        ["forwarded"],
        [TicketEventCode.ARRANGE],
        [],
        CANCEL,
        STANDARD_LADDER,
    ),
    # 000 P2: the supervisor checks execution within 4 hours; a resolution also ends it.
    (
        "supervisor_check",
        0,
        {},
        4 * HOUR,
        ALWAYS,
        ["forwarded"],
        [TicketEventCode.CHECK, "resolved", "closed"],
        [],
        CANCEL,
        CHECK_LADDER,
    ),
    # 003 / 004 篇3: hotline 30 minutes, everything else 1 hour; a logged contact or the
    # arrangement (customer told) is the first response.
    (
        "first_response",
        0,
        {"channels": ["phone"]},
        30 * 60,
        ALWAYS,
        CREATED,
        [TicketEventCode.LOG_CONTACT, TicketEventCode.ARRANGE],
        [],
        CANCEL,
        SHORT_LADDER,
    ),
    (
        "first_response",
        1,
        {},
        HOUR,
        ALWAYS,
        CREATED,
        [TicketEventCode.LOG_CONTACT, TicketEventCode.ARRANGE],
        [],
        CANCEL,
        SHORT_LADDER,
    ),
    # On site. 002: complaints on site within 24 h. 004 篇3 "city 2 h" applied to critical faults
    # in urban areas only; otherwise 001 §十九 urban 6 / suburban 7 working hours; 004 篇3
    # surrounding 12 h, other province 48 h (plain hours).
    (
        "on_site",
        0,
        {"kinds": ["complaint"]},
        DAY,
        ALWAYS,
        CREATED,
        ["on_site"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    (
        "on_site",
        1,
        {"kinds": FIELD_KINDS, "severities": ["critical"], "region_classes": ["urban"]},
        2 * HOUR,
        ALWAYS,
        CREATED,
        ["on_site"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    (
        "on_site",
        2,
        {"kinds": FIELD_KINDS, "region_classes": ["urban"]},
        6 * HOUR,
        CHINA,
        CREATED,
        ["on_site"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    (
        "on_site",
        3,
        {"kinds": FIELD_KINDS, "region_classes": ["suburban"]},
        7 * HOUR,
        CHINA,
        CREATED,
        ["on_site"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    (
        "on_site",
        4,
        {"kinds": FIELD_KINDS, "region_classes": ["surrounding"]},
        12 * HOUR,
        ALWAYS,
        CREATED,
        ["on_site"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    (
        "on_site",
        5,
        {"kinds": FIELD_KINDS, "region_classes": ["other_province"]},
        48 * HOUR,
        ALWAYS,
        CREATED,
        ["on_site"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    # 002, 000 P6: critical faults working again (repair or standby unit) within 4 hours.
    (
        "restore",
        0,
        {"severities": ["critical"]},
        4 * HOUR,
        ALWAYS,
        CREATED,
        ["restored", "resolved"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    # 004 篇3 general 8 h (critical and major, plain hours); 000 P17 complex 3 working days for
    # minor and slight faults (3 × 7.5 h on the China working-hours calendar).
    (
        "resolution",
        0,
        {"severities": ["critical", "major"]},
        8 * HOUR,
        ALWAYS,
        CREATED,
        ["resolved"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    (
        "resolution",
        1,
        {},
        3 * WORKING_DAY,
        CHINA,
        CREATED,
        ["resolved"],
        WAITING,
        CANCEL,
        STANDARD_LADDER,
    ),
    # 002: return visit within a week of the resolution. A reopened ticket cancels it.
    (
        "return_visit",
        0,
        {},
        7 * DAY,
        ALWAYS,
        ["resolved"],
        ["visited", TicketEventCode.RETURN_VISIT],
        [],
        ["cancelled", TicketEventCode.REOPEN],
        STANDARD_LADDER,
    ),
    # 001/002: domestic complaints closed within 13 days.
    (
        "complaint_closure",
        0,
        {"kinds": ["complaint"]},
        13 * DAY,
        ALWAYS,
        CREATED,
        ["closed"],
        [],
        CANCEL,
        STANDARD_LADDER,
    ),
]

# Overseas customers (境外): their own policy, tried before the standard one, so that the
# standard policy's versions stay as they are. Same targets, except: complaints are closed
# within 17 days (001/002 "foreign 17 days"), and no on-site limit other than the complaint
# 24 h, since the sources give none for sites abroad. Loaded by migration 0007.
OVERSEAS = "overseas"
OVERSEAS_REGION = (OVERSEAS, 5, "境外", "Overseas")
OVERSEAS_POLICY = {
    "key": "overseas",
    "name_zh": "境外服务时限",
    "name_en": "Overseas service levels",
    "priority": 100,
    "is_default": False,
    "match_region_classes": [OVERSEAS],
}
OVERSEAS_TARGETS = [
    (metric, position, when, 17 * DAY if metric == "complaint_closure" else duration, *rest)
    for metric, position, when, duration, *rest in TARGETS
    if not (metric == "on_site" and when.get("region_classes"))
]

PERMISSIONS = {
    "manager": [
        "sla.view_businesscalendar",
        "sla.change_businesscalendar",
        "sla.view_calendarexception",
        "sla.add_calendarexception",
        "sla.change_calendarexception",
        "sla.delete_calendarexception",
        "sla.view_workingwindow",
        "sla.add_workingwindow",
        "sla.change_workingwindow",
        "sla.delete_workingwindow",
        "sla.view_slapolicy",
        "sla.add_slapolicy",
        "sla.change_slapolicy",
        "sla.view_slatarget",
        "sla.view_escalationlevel",
        "sla.view_slaclock",
        "sla.view_escalation",
    ],
    "supervisor": [
        "sla.view_businesscalendar",
        "sla.view_calendarexception",
        "sla.view_slapolicy",
        "sla.view_slatarget",
        "sla.view_slaclock",
        "sla.view_escalation",
    ],
}
