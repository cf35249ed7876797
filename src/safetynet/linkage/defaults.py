"""The systems a city links by default, and who may know what of each (editable in /admin/).

Existence: the role may see that the person has records in the system. Content: it may read
them. The desk (screener, supervisor) sees existence everywhere, because screening needs the
whole picture; content stays with the professionals who work the system.
"""

from __future__ import annotations

DESK = ["screener", "supervisor"]
SOURCE_SYSTEMS = [
    # code, name, existence roles, content roles
    ("psychiatric", "精神照護資訊管理系統", [*DESK, "case_worker", "mh_social_worker", "care_visitor"],
     ["mh_social_worker", "care_visitor"]),
    ("suicide", "自殺防治通報系統", [*DESK, "case_worker", "mh_social_worker", "care_visitor"],
     ["mh_social_worker", "care_visitor"]),
    ("drug", "毒品成癮者個案管理系統", [*DESK, "case_worker", "drug_case_manager"],
     ["drug_case_manager"]),
    ("protection", "保護資訊系統", [*DESK, "case_worker", "mh_social_worker", "police_officer"],
     [*DESK, "case_worker"]),
    ("low_income", "社會救助（低收入戶）", [*DESK, "case_worker", "mh_social_worker", "care_visitor",
                                          "drug_case_manager"], ["case_worker"]),
    ("long_term_care", "長期照顧服務", [*DESK, "case_worker", "mh_social_worker", "care_visitor"],
     ["case_worker", "care_visitor"]),
    ("police_concern", "治安關懷名冊", [*DESK, "police_officer"], ["police_officer"]),
    ("school_counselling", "學生輔導資訊系統", [*DESK, "case_worker", "school_counsellor"],
     ["school_counsellor"]),
]  # fmt: skip
