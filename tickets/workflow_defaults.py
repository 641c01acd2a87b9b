"""Seeded defaults for the ticket workflow (docs/DOMAIN.md "Workflow"). Loaded by migration 0002;
administrators change the rows afterwards, never this file."""

SEVERITIES = [
    # code, rank, zh, en, description zh, description en
    (
        "critical",
        1,
        "一级（紧急）",
        "Level 1 · critical",
        "系统瘫痪或业务中断超过10分钟，或关键数据丢失",
        "System paralysed or business interrupted over 10 minutes, or key data lost",
    ),
    (
        "major",
        2,
        "二级（严重）",
        "Level 2 · major",
        "直接影响服务，部分性能或容量丧失",
        "Directly affects service; part of performance or capacity lost",
    ),
    (
        "minor",
        3,
        "三级（一般）",
        "Level 3 · minor",
        "功能受影响，关键业务不受影响",
        "Function affected, key business not",
    ),
    (
        "slight",
        4,
        "四级（轻微）",
        "Level 4 · slight",
        "间歇性或间接影响；咨询",
        "Intermittent or indirect effect; consultation",
    ),
]

REGION_CLASSES = [
    ("urban", 1, "市区", "Urban"),
    ("suburban", 2, "郊区", "Suburban"),
    ("surrounding", 3, "周边地区", "Surrounding region"),
    ("other_province", 4, "外省", "Other province"),
]

AGENT, SUPERVISOR, TECHNICIAN, DEALER, MANAGER, CUSTOMER = (
    "agent",
    "supervisor",
    "technician",
    "dealer",
    "manager",
    "customer",
)
STAFF = [AGENT, SUPERVISOR, MANAGER]
FIELD = [TECHNICIAN, SUPERVISOR, DEALER, MANAGER]

# action, from statuses, to status, roles, zh label, en label
ACTIONS = [
    # A dealer forwards its own new tickets to its own outlet (it may not pass them to head
    # office, DOMAIN "Dealers"), then arranges them.
    (
        "forward",
        ["registered"],
        "forwarded",
        [AGENT, SUPERVISOR, MANAGER, DEALER],
        "转送",
        "Forward",
    ),
    ("arrange", ["forwarded"], "arranged", [SUPERVISOR, DEALER, MANAGER], "派工安排", "Arrange"),
    ("check", ["arranged"], "checked", [SUPERVISOR, MANAGER], "督办检查", "Supervisor check"),
    (
        "check_in",
        ["arranged", "checked", "awaiting_parts"],
        "on_site",
        [TECHNICIAN, DEALER],
        "到场签到",
        "Check in on site",
    ),
    (
        "carry_in",
        ["on_site"],
        "in_workshop",
        [TECHNICIAN, SUPERVISOR, DEALER],
        "带回维修",
        "Carry in",
    ),
    (
        "await_parts",
        ["on_site", "in_workshop"],
        "awaiting_parts",
        [TECHNICIAN, SUPERVISOR, DEALER],
        "等待配件",
        "Await parts",
    ),
    (
        "parts_arrived",
        ["awaiting_parts"],
        "in_workshop",
        [TECHNICIAN, SUPERVISOR, DEALER],
        "配件到货",
        "Parts arrived",
    ),
    (
        "wait_customer",
        ["arranged", "checked", "on_site", "in_workshop", "awaiting_parts"],
        "waiting_customer",
        [TECHNICIAN, SUPERVISOR, DEALER, AGENT],
        "等待客户",
        "Wait for customer",
    ),
    (
        "resume",
        ["waiting_customer"],
        "@previous",
        [TECHNICIAN, SUPERVISOR, DEALER, AGENT],
        "恢复处理",
        "Resume",
    ),
    (
        "restore",
        ["on_site", "in_workshop", "awaiting_parts"],
        "restored",
        [TECHNICIAN, SUPERVISOR, DEALER],
        "恢复使用",
        "Service restored",
    ),
    (
        "resolve",
        ["on_site", "in_workshop", "restored"],
        "resolved",
        [TECHNICIAN, SUPERVISOR, DEALER],
        "完工签字",
        "Resolve with sign-off",
    ),
    (
        "return_visit",
        ["resolved"],
        "visited",
        [AGENT, SUPERVISOR, MANAGER, DEALER],
        "回访",
        "Return visit",
    ),
    ("close", ["visited"], "closed", STAFF, "结案", "Close"),
    (
        "reopen",
        ["resolved", "visited", "closed"],
        "forwarded",
        [*STAFF, CUSTOMER],
        "重新打开",
        "Reopen",
    ),
    (
        "cancel",
        ["registered", "forwarded", "arranged", "checked"],
        "cancelled",
        STAFF,
        "取消",
        "Cancel",
    ),
    # Events that do not change the status, on any open ticket.
    ("add_note", ["*"], "", [AGENT, SUPERVISOR, TECHNICIAN, DEALER, MANAGER], "备注", "Add note"),
    (
        "log_contact",
        ["*"],
        "",
        [AGENT, SUPERVISOR, TECHNICIAN, DEALER],
        "联系客户",
        "Log contact with customer",
    ),
    ("add_part", ["*"], "", [TECHNICIAN, SUPERVISOR, DEALER], "登记配件", "Add part"),
    ("add_labour", ["*"], "", [TECHNICIAN, SUPERVISOR, DEALER], "登记工时", "Add hours"),
    ("assign", ["*"], "", [SUPERVISOR, MANAGER], "改派", "Reassign"),
    ("change_severity", ["*"], "", [AGENT, SUPERVISOR, MANAGER], "调整级别", "Change severity"),
    # The customer absent at the sign-off: an agent calls and records the confirmation.
    (
        "confirm_by_phone",
        ["on_site", "in_workshop", "restored"],
        "",
        [AGENT, SUPERVISOR, MANAGER, DEALER],
        "电话确认完工",
        "Completion confirmed by phone",
    ),
]

PERMISSIONS = {
    AGENT: [
        "tickets.view_ticket",
        "tickets.add_ticket",
        "tickets.change_ticket",
        "tickets.view_customer",
        "tickets.add_customer",
        "tickets.change_customer",
    ],
    SUPERVISOR: [
        "tickets.view_ticket",
        "tickets.add_ticket",
        "tickets.change_ticket",
        "tickets.view_customer",
        "tickets.add_customer",
    ],
    TECHNICIAN: ["tickets.view_ticket", "tickets.view_customer"],
    DEALER: ["tickets.view_ticket", "tickets.view_customer", "tickets.add_ticket"],
    MANAGER: [
        "tickets.view_ticket",
        "tickets.change_ticket",
        "tickets.view_customer",
        "tickets.view_workflowaction",
        "tickets.change_workflowaction",
        "tickets.view_faultseverity",
        "tickets.change_faultseverity",
    ],
    CUSTOMER: ["tickets.view_ticket"],
}
