"""Shipped defaults of the intake desk's rule tables and service groups (administrators change
them afterwards through the rule pages). A row's source names where it comes from; an empty
source is shown as "no source"."""

from __future__ import annotations

import datetime as dt

SHIPPED_FROM = dt.date(2018, 1, 1)

# 兒少權法 §53 and the child-protection grading rules: grade within 24 h of receipt; grade 1
# means face-to-face contact within 24 h, grade 2 within 4 days.
DEADLINES = [
    {"deadline": "grading", "hours": 24,
     "source": "兒少權法 §53; 兒少保護案件分級分類處理原則"},
    {"deadline": "cp_grade1_contact", "hours": 24, "source": "兒少保護案件分級分類處理原則: 一級"},
    {"deadline": "cp_grade2_contact", "hours": 96, "source": "兒少保護案件分級分類處理原則: 二級"},
]  # fmt: skip

THRESHOLDS = [
    # No source found for the window: the protection re-report KPI (DESIGN.md §4) gives rates,
    # not the period. Twelve months is the platform's assumption, marked as such.
    {"threshold": "re_report_days", "value": 365, "source": ""},
    {"threshold": "tipvda_high_danger_from", "value": 8,
     "source": "台灣親密關係暴力危險評估表 (TIPVDA): 8–15 分為高度危險 (DESIGN.md §4)"},
]  # fmt: skip

ASSESSMENTS = [
    {"protection_type": "child", "required": ["cp_grade", "cp_type", "sdm_safety"],
     "source": "兒少保護案件分級分類處理原則; SDM 安全評估"},
    {"protection_type": "ipv", "required": ["tipvda_assessed"],
     "source": "台灣親密關係暴力危險評估表 (TIPVDA)"},
]  # fmt: skip

SERVICE_GROUPS = [
    ("mental_health", "心理衛生", "Mental health"),
    ("drugs", "毒品防制", "Drug abuse prevention"),
    ("youth_counselling", "少年輔導", "Youth counselling"),
    ("disability_transition", "身障轉銜", "Disability transition"),
    ("homeless", "遊民/街友服務", "Homeless services"),
    ("employment", "就業服務", "Employment services"),
    ("family_education", "家庭教育", "Family education"),
]
