"""Seeded defaults of the dealers app (docs/DOMAIN.md "Dealers (经销商) and their claims").
Loaded by migration 0002; administrators change the rows afterwards, never this file."""

from __future__ import annotations

DEALER, APPRAISER, FINANCE, MANAGER = "dealer", "appraiser", "finance", "manager"

# action, from statuses, to status ("" = event only), roles, zh label, en label
CLAIM_TRANSITIONS = [
    ("submit", ["draft"], "submitted", [DEALER], "提交索赔", "Submit"),
    ("cancel", ["draft"], "cancelled", [DEALER], "撤销", "Cancel"),
    ("ship_parts", ["submitted"], "", [DEALER], "寄回旧件", "Ship old parts"),
    (
        "receive_parts",
        ["submitted"],
        "parts_received",
        [APPRAISER],
        "旧件签收",
        "Receive old parts",
    ),
    ("appraise", ["parts_received"], "appraised", [APPRAISER], "旧件鉴定", "Appraise"),
    ("approve", ["appraised"], "reviewed", [FINANCE], "审核通过", "Approve"),
    (
        "reject",
        ["submitted", "parts_received", "appraised"],
        "rejected",
        [FINANCE],
        "审核驳回",
        "Reject",
    ),
    ("settle", ["reviewed"], "settled", [FINANCE], "结算", "Settle"),
    (
        "add_note",
        ["draft", "submitted", "parts_received", "appraised", "reviewed"],
        "",
        [DEALER, APPRAISER, FINANCE, MANAGER],
        "备注",
        "Add note",
    ),
]

# code, rank, zh, en
REJECTION_REASONS = [
    ("no_on_time_card", 1, "三包回执卡未按时返回", "Warranty card not returned on time"),
    ("excluded_cause", 2, "不属于三包范围（除外责任）", "Excluded cause (not a warranty case)"),
    ("not_genuine", 3, "鉴定非三包故障", "Appraised as not a genuine warranty case"),
    ("parts_not_returned", 4, "旧件未返回或不符", "Old parts not returned or not matching"),
    ("falsified_card", 5, "三包卡弄虚作假", "Falsified warranty card"),
    ("duplicate", 6, "重复索赔", "Duplicate claim"),
    ("late_filing", 7, "维修记录逾期上报", "Repair record filed late"),
    ("other", 99, "其他", "Other"),
]

# code, rank, zh, en, weight
ASSESSMENT_WEIGHTS = [
    ("sla_compliance", 1, "派工及时率", "Arrangement on time (SLA)", "30"),
    ("return_visit_rate", 2, "回访率", "Return-visit rate", "20"),
    (
        "claim_acceptance",
        3,
        "索赔合格率（1 − 驳回率）",
        "Claims accepted (1 − rejection rate)",
        "20",
    ),
    ("card_timeliness", 4, "三包卡返回及时率", "Warranty cards on time", "15"),
    ("first_time_fix", 5, "一次修复率（1 − 返修率）", "First-time fix (1 − repeat repairs)", "15"),
]

PERMISSIONS = {
    DEALER: [
        "dealers.view_repairrecord",
        "dealers.add_repairrecord",
        "dealers.view_warrantyclaim",
        "dealers.add_warrantyclaim",
        "dealers.view_partsshipment",
        "dealers.view_settlementstatement",
        "dealers.view_dealerassessment",
    ],
    APPRAISER: [
        "dealers.view_repairrecord",
        "dealers.view_warrantyclaim",
        "dealers.view_partsshipment",
        "dealers.change_partsshipment",
    ],
    FINANCE: [
        "dealers.view_warrantyclaim",
        "dealers.view_settlementstatement",
        "dealers.add_settlementstatement",
        "dealers.view_receivableledgerentry",
        "dealers.view_falsifiedcardfinding",
        "dealers.add_falsifiedcardfinding",
    ],
    MANAGER: [
        "dealers.view_dealerprofile",
        "dealers.change_dealerprofile",
        "dealers.view_dealerrules",
        "dealers.change_dealerrules",
        "dealers.view_claimtransition",
        "dealers.change_claimtransition",
        "dealers.view_claimrejectionreason",
        "dealers.change_claimrejectionreason",
        "dealers.view_assessmentweight",
        "dealers.change_assessmentweight",
        "dealers.view_dealerassessment",
        "dealers.view_warrantyclaim",
        "dealers.view_settlementstatement",
        "dealers.view_techniciancertificate",
    ],
}

#: Roles that may manage the technician registry; roles that verify and ship parts.
REGISTRY_ROLES = frozenset({DEALER, MANAGER})
PARTS_ROLES = frozenset({APPRAISER, MANAGER})
STATEMENT_ROLES = frozenset({FINANCE})
FINDING_ROLES = frozenset({FINANCE, APPRAISER, MANAGER})
