"""Seeded defaults of the workshop (loaded by migration 0002; administrators change the rows
afterwards, never this file)."""

from tickets.actions import event_code
from workshop.events import WorkshopEvent

HOUR = 3600
DAY = 24 * HOUR
WORKING_DAY = 7 * HOUR + 30 * 60  # the China working-hours calendar: 08:30–12:00, 13:30–17:30

CARRY_IN = event_code("carry_in")
WAITING = ["waiting_customer"]
CANCEL = ["cancelled"]

# metric, position, duration, calendar, start, stop, pause, cancel, ladder
TARGETS = [
    # 001 §十四: a carried-in unit that overruns its promised time goes to the supervisor.
    # The promise is this target's due time: 3 working days (000 P17 "complex repairs"),
    # paused while the customer decides on a quote; stops when the unit is handed back.
    (
        "carry_in",
        0,
        3 * WORKING_DAY,
        "china_working_hours",
        [CARRY_IN],
        [WorkshopEvent.RETURNED.value],
        WAITING,
        CANCEL,
        [
            (-2 * HOUR, "notify_supervisor", ""),
            (0, "notify_supervisor", ""),
            (DAY, "notify_role", "manager"),
        ],
    ),
    # 000 P17: factory repair within 5 working days, from dispatch to the factory to its return.
    (
        "factory_repair",
        0,
        5 * WORKING_DAY,
        "china_working_hours",
        [WorkshopEvent.SENT_TO_FACTORY.value],
        [WorkshopEvent.BACK_FROM_FACTORY.value],
        [],
        CANCEL,
        [
            (-4 * HOUR, "notify_supervisor", ""),
            (0, "notify_supervisor", ""),
            (DAY, "notify_role", "manager"),
        ],
    ),
]

#: 002: a standby unit delivered restores service: the "restore" clock stops on it too.
RESTORE_STOPS = [WorkshopEvent.STANDBY_LENT.value]

#: The customer may bring the unit to the counter: carry in from these statuses as well.
CARRY_IN_FROM = ["forwarded", "arranged", "checked"]

PERMISSIONS = {
    "manager": [
        "workshop.view_workshoprules",
        "workshop.change_workshoprules",
        "workshop.view_standbyunit",
        "workshop.add_standbyunit",
        "workshop.change_standbyunit",
    ],
    "supervisor": ["workshop.view_standbyunit", "workshop.add_standbyunit"],
}
