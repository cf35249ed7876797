"""The systems a city links by default (more can be added in /admin/). Who may know what of each
is in the capability table (`agencies.capabilities`, see agencies/defaults.py)."""

from __future__ import annotations

SOURCE_SYSTEMS = [
    ("psychiatric", "精神照護資訊管理系統"),
    ("suicide", "自殺防治通報系統"),
    ("drug", "毒品成癮者個案管理系統"),
    ("protection", "保護資訊系統"),
    ("low_income", "社會救助（低收入戶）"),
    ("long_term_care", "長期照顧服務"),
    ("police_concern", "治安關懷名冊"),
    ("school_counselling", "學生輔導資訊系統"),
]
