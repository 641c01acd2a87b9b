"""Seeded defaults of the satisfaction loop (loaded by migration ``0002_seed_defaults``).

Administrators change the rows afterwards, never this file. Sources: 001 (客户投诉处理办法,
§二十五 the four survey items), 002 (回访), 003 (客户投诉处理), 004 篇2 (regular visits).
"""

from __future__ import annotations

HOUR = 3600
DAY = 24 * HOUR

# code, rank, zh, en, is_quality, from_survey
CLASSES = [
    ("product_quality", 1, "产品质量", "Product quality", True, False),
    ("service_attitude", 2, "服务态度", "Service attitude", False, False),
    ("delivery", 3, "交货/运输", "Delivery and transport", False, False),
    ("packaging", 4, "包装破损", "Packaging", False, False),
    ("installation", 5, "安装", "Installation", False, False),
    ("billing", 6, "收费/账务", "Billing", False, False),
    ("service_result", 7, "回访不满意", "Dissatisfied at the return visit", False, True),
    ("other", 9, "其他", "Other", False, False),
]

# code, rank, zh, en (003: 轻微 / 严重 / 重大)
SERIOUSNESS = [
    ("minor", 1, "一般", "Minor"),
    ("serious", 2, "严重", "Serious"),
    ("major", 3, "重大", "Major"),
]

# kind, abroad, duration, warn before — 001/002: reply 1 h, on site 24 h, closed within
# 13 days (domestic) / 17 days (abroad) from acceptance; on the 24×7 calendar (calendar
# days, as the sources count them). Every seriousness gets the same rows; change them per
# level as the department decides.
TARGETS = [
    ("reply", False, HOUR, 15 * 60),
    ("reply", True, HOUR, 15 * 60),
    ("on_site", False, DAY, 2 * HOUR),
    ("on_site", True, DAY, 2 * HOUR),
    ("closure", False, 13 * DAY, 2 * DAY),
    ("closure", True, 17 * DAY, 2 * DAY),
]
CALENDAR = "24x7"
OVERSEAS_REGION = "overseas"

# code, rank, zh, en (001 §七 处理职责; 003 who solves which kind of complaint)
DEPARTMENTS = [
    ("quality", 1, "质量管理部", "Quality management"),
    ("production", 2, "制造部", "Production"),
    ("rnd", 3, "研发/技术部", "R&D / technical"),
    ("service", 4, "售后服务部", "After-sales service"),
    ("sales", 5, "业务/营销部", "Sales and marketing"),
    ("logistics", 6, "仓储运输", "Warehouse and transport"),
]

ROOT_CAUSES = [
    ("design", 1, "设计缺陷", "Design defect"),
    ("material", 2, "原材料/外购件", "Material or bought-in part"),
    ("manufacturing", 3, "制造/装配", "Manufacturing or assembly"),
    ("transport", 4, "运输/包装", "Transport or packaging"),
    ("installation", 5, "安装不当", "Improper installation"),
    ("service", 6, "服务过程", "Service process"),
    ("usage", 7, "用户使用不当", "Misuse by the customer"),
    ("not_founded", 8, "投诉不成立", "Complaint not founded"),
]

# 001 §二十五: technician rated on four items, each on four levels.
SURVEY_ITEMS = [
    ("attitude", 1, "服务态度", "Service attitude"),
    ("skill", 2, "技术水平", "Technical skill"),
    ("arrival", 3, "到达时间", "Arrival time"),
    ("promise", 4, "答应事项的办理", "Keeping promises"),
]
# code, rank, zh, en, score, dissatisfied
SURVEY_LEVELS = [
    ("very_satisfied", 1, "非常满意", "Very satisfied", 4, False),
    ("satisfied", 2, "满意", "Satisfied", 3, False),
    ("basically", 3, "基本满意", "Basically satisfied", 2, False),
    ("dissatisfied", 4, "不满意", "Dissatisfied", 1, True),
]

# code, rank, zh, en, every months (004 篇2)
TIERS = [
    ("key", 1, "重点客户", "Key customer", 6),
    ("long_term", 2, "长期客户", "Long-term customer", 12),
]

AGENT, SUPERVISOR, TECHNICIAN, DEALER, APPRAISER, MANAGER = (
    "agent",
    "supervisor",
    "technician",
    "dealer",
    "appraiser",
    "manager",
)
DESK = [AGENT, SUPERVISOR, MANAGER]
INVESTIGATORS = [SUPERVISOR, MANAGER, DEALER, APPRAISER]

# action, from statuses, to status, roles, zh, en
TRANSITIONS = [
    ("assign", ["accepted"], "assigned", DESK, "分派责任部门", "Assign a department"),
    ("reassign", ["assigned", "investigating"], "", [SUPERVISOR, MANAGER], "改派", "Reassign"),
    ("start", ["assigned"], "investigating", INVESTIGATORS, "开始调查", "Start investigating"),
    (
        "investigate",
        ["investigating"],
        "action_defined",
        INVESTIGATORS,
        "原因与纠正预防措施",
        "Root cause and actions",
    ),
    ("reply", ["action_defined"], "replied", DESK, "答复客户", "Reply to the customer"),
    ("accept", ["replied"], "closed", DESK, "客户接受，结案", "Customer accepts: close"),
    ("refuse", ["replied"], "investigating", DESK, "客户不接受，重新调查", "Customer refuses"),
    ("contact", ["*"], "", [*DESK, DEALER], "联系客户", "Contact with the customer"),
    ("site_visit", ["*"], "", [*INVESTIGATORS, TECHNICIAN], "到场会勘", "On site"),
    ("explain_delay", ["*"], "", [*INVESTIGATORS, AGENT], "逾期说明", "Explain the delay"),
    ("note", ["*"], "", [*DESK, DEALER, APPRAISER], "备注", "Note"),
    ("cancel", ["*"], "cancelled", [SUPERVISOR, MANAGER], "撤销", "Cancel"),
]

#: Steps allowed while a missed target has no written explanation yet.
ALLOWED_WHILE_UNEXPLAINED = frozenset({"explain_delay", "note", "contact", "cancel"})

PERMISSIONS = {
    MANAGER: [
        "complaints.view_complaint",
        "complaints.view_complainttarget",
        "complaints.change_complainttarget",
        "complaints.view_complaintclass",
        "complaints.change_complaintclass",
        "complaints.add_complaintclass",
        "complaints.view_responsibledepartment",
        "complaints.change_responsibledepartment",
        "complaints.add_responsibledepartment",
        "complaints.view_satisfactionrules",
        "complaints.change_satisfactionrules",
        "complaints.view_customertierassignment",
        "complaints.add_customertierassignment",
        "complaints.change_customertierassignment",
    ],
    SUPERVISOR: ["complaints.view_complaint"],
    AGENT: ["complaints.view_complaint", "complaints.add_customertierassignment"],
}
