"""Shipped defaults of the intake desk's rule tables (administrators edit them afterwards)."""

from __future__ import annotations

import datetime as dt

# 兒少權法 §53 and the child-protection grading rules: grade within 24 h of receipt; grade 1
# means face-to-face contact within 24 h, grade 2 within 4 days.
DEADLINES = [
    ("grading", 24, dt.date(2018, 1, 1), "兒少權法 §53; 兒少保護案件分級分類處理原則"),
    ("cp_grade1_contact", 24, dt.date(2018, 1, 1), "兒少保護案件分級分類處理原則: 一級"),
    ("cp_grade2_contact", 96, dt.date(2018, 1, 1), "兒少保護案件分級分類處理原則: 二級"),
]

SERVICE_GROUPS = [
    ("mental_health", "心理衛生", "Mental health"),
    ("drugs", "毒品防制", "Drug abuse prevention"),
    ("youth_counselling", "少年輔導", "Youth counselling"),
    ("disability_transition", "身障轉銜", "Disability transition"),
    ("homeless", "遊民/街友服務", "Homeless services"),
    ("employment", "就業服務", "Employment services"),
    ("family_education", "家庭教育", "Family education"),
]
