"""Shipped first versions of case management's rule tables. Every row names its source; a row
with an empty source is the platform's own choice and is shown as "no source". Administrators
change them afterwards through the rule pages (draft → proposal → second person publishes)."""

from __future__ import annotations

import datetime as dt

SHIPPED_FROM = dt.date(2018, 1, 1)

_DRUG = "臺南市毒品危害防制中心個案管理分級訪視 (DESIGN.md §4)"
_VF = "脆弱家庭之兒童及少年通報協助與資訊蒐集處理利用辦法 §5"
_MH_VISIT = "臺北市 111 年社會安全網指標: 精神病人出院後 2 週內完成第 1 次訪視 (DESIGN.md §4)"
_CP53 = "兒童及少年福利與權益保障法 §53; 兒少保護案件分級分類處理原則"


def _tiers(schedule: str, rows: list[tuple[int, int, int, str, int]]) -> list[dict[str, object]]:
    return [
        {"schedule": schedule, "unit": "month", "first": first, "last": last, "every": every,
         "method": method, "required": required, "source": _DRUG}
        for first, last, every, method, required in rows
    ]  # fmt: skip


# Methods are twss-visit-service-method codes: A 電訪家庭 (a call), B 面訪家庭 (a home visit).
SCHEDULES: list[dict[str, object]] = [
    # Category 1, at least 2 years: months 1–6 two calls and one home visit a month; months 7–14
    # one call a month and one visit every 2 months; months 15–24 one call a month and one visit
    # every 3 months.
    *_tiers("drug:1", [
        (1, 6, 1, "A", 2), (1, 6, 1, "B", 1),
        (7, 14, 1, "A", 1), (7, 14, 2, "B", 1),
        (15, 24, 1, "A", 1), (15, 24, 3, "B", 1),
    ]),
    # Category 2: months 1–6 two calls a month and one visit every 2 months; 7–14 one call a month
    # and one visit every 3 months; 15–24 one call every 2 months and one visit every 3 months.
    *_tiers("drug:2", [
        (1, 6, 1, "A", 2), (1, 6, 2, "B", 1),
        (7, 14, 1, "A", 1), (7, 14, 3, "B", 1),
        (15, 24, 2, "A", 1), (15, 24, 3, "B", 1),
    ]),
    # Category 3, at least 6 months: one call a month.
    *_tiers("drug:3", [(1, 6, 1, "A", 1)]),
    {"schedule": "mh_discharge", "unit": "day", "first": 1, "last": 14, "every": 14,
     "method": "B", "required": 1, "source": _MH_VISIT},
    {"schedule": "vulnerable_family", "unit": "day", "first": 1, "last": 10, "every": 10,
     "method": "B", "required": 1, "source": _VF + ": 10 日內訪視"},
]  # fmt: skip

# Legal clocks counted from the report's receipt. `done_by`: a face-to-face contact, or the
# written report of that name recorded on the case.
CLOCKS: list[dict[str, object]] = [
    {"programme": "cp", "clock": "face_to_face", "amount": 24, "unit": "hour", "grade": "1",
     "source": _CP53 + ": 一級 24 小時內親見"},
    {"programme": "cp", "clock": "face_to_face", "amount": 4, "unit": "day", "grade": "2",
     "source": _CP53 + ": 二級 4 日內"},
    {"programme": "cp", "clock": "investigation_report", "amount": 4, "unit": "day", "grade": "",
     "source": "兒童及少年福利與權益保障法 §53 III: 受理後 4 日內提出調查報告"},
    {"programme": "vulnerable_family", "clock": "assessment_report", "amount": 30, "unit": "day",
     "grade": "", "source": _VF + ": 30 日內完成評估報告"},
]  # fmt: skip

# Programmes (service lines). Caseload standards: DESIGN.md §4; blank where no source gives one.
PROGRAMMES: list[dict[str, object]] = [
    {"code": "cp", "name": "兒少保護", "name_en": "Child protection",
     "owner": "protection_centre", "route": "protection:child", "categories": "",
     "caseload": None, "source": "兒童及少年福利與權益保障法 §53"},
    {"code": "ap_ipv", "name": "成人保護（親密關係暴力）", "name_en": "Adult protection (intimate partner)",
     "owner": "protection_centre", "route": "protection:ipv", "categories": "",
     "caseload": None, "source": "家庭暴力防治法"},
    {"code": "ap_elder", "name": "成人保護（老人保護）", "name_en": "Adult protection (elder)",
     "owner": "protection_centre", "route": "protection:elder", "categories": "",
     "caseload": None, "source": "老人福利法 §43"},
    {"code": "ap_disability", "name": "成人保護（身障保護）", "name_en": "Adult protection (disability)",
     "owner": "protection_centre", "route": "protection:disability", "categories": "",
     "caseload": None, "source": "身心障礙者權益保障法 §76"},
    {"code": "ap_family", "name": "成人保護（其他家庭成員）", "name_en": "Adult protection (other family members)",
     "owner": "protection_centre", "route": "protection:family", "categories": "",
     "caseload": None, "source": "家庭暴力防治法"},
    {"code": "sa", "name": "性侵害", "name_en": "Sexual assault",
     "owner": "protection_centre", "route": "protection:sexual_assault", "categories": "",
     "caseload": None, "source": "性侵害犯罪防治法"},
    {"code": "vulnerable_family", "name": "脆弱家庭", "name_en": "Vulnerable family",
     "owner": "family_welfare_centre", "route": "vulnerable_family", "categories": "",
     "caseload": None, "source": _VF},
    {"code": "mh_multi", "name": "心衛社工（多元議題）", "name_en": "Mental-health social work (multi-issue)",
     "owner": "mental_health_centre", "route": "service:mental_health", "categories": "A,B,C,D,E",
     "caseload": 25, "source": "強化社會安全網計畫: 心衛社工 1:25 (DESIGN.md §4)"},
    {"code": "mh_discharge", "name": "精神照護關懷訪視", "name_en": "Psychiatric care visits",
     "owner": "mental_health_centre", "route": "", "categories": "",
     "caseload": 40, "source": "關懷訪視員 1:40 (DESIGN.md §4)"},
    {"code": "suicide", "name": "自殺關懷訪視", "name_en": "Suicide-attempt care visits",
     "owner": "mental_health_centre", "route": "", "categories": "",
     "caseload": 40, "source": "關懷訪視員 1:40 (DESIGN.md §4)"},
    {"code": "drug", "name": "藥癮個案管理", "name_en": "Drug case management",
     "owner": "drug_centre", "route": "service:drugs", "categories": "1,2,3",
     "caseload": 30, "source": "臺南市毒品危害防制中心: 目標 1:30 (DESIGN.md §4)"},
    {"code": "perpetrator", "name": "加害人處遇", "name_en": "Perpetrator treatment",
     "owner": "protection_centre", "route": "", "categories": "",
     "caseload": None, "source": "家庭暴力防治法 §54"},
    {"code": "youth", "name": "少年輔導", "name_en": "Youth counselling",
     "owner": "youth_counselling", "route": "service:youth_counselling", "categories": "",
     "caseload": None, "source": "少年事件處理法"},
    {"code": "family_followup", "name": "兒少家庭促進追蹤訪視", "name_en": "Child and family follow-up visits",
     "owner": "family_welfare_centre", "route": "", "categories": "1,2,3,4,5",
     "caseload": None, "source": ""},
]  # fmt: skip

_DGPA = "行政院人事行政總處「政府行政機關辦公日曆表」(政府資料開放平台 dataset 14718)"

# Weekdays that are rest days (and Saturdays that are working days) by the DGPA calendar;
# Saturdays and Sundays are rest days otherwise. 114年 (2025) includes the days added by the
# 2025 amendment of 紀念日及節日實施條例 (09-29, 10-24, 12-25).
_HOLIDAYS = {
    2024: ["01-01", "02-08", "02-09", "02-12", "02-13", "02-14", "02-28", "04-04", "04-05",
           "06-10", "09-17", "10-10"],
    2025: ["01-01", "01-27", "01-28", "01-29", "01-30", "01-31", "02-28", "04-03", "04-04",
           "05-30", "09-29", "10-06", "10-10", "10-24", "12-25"],
    2026: ["01-01", "02-16", "02-17", "02-18", "02-19", "02-20", "02-27", "04-03", "04-06",
           "05-01", "06-19", "09-25", "09-28", "10-09", "10-26", "12-25"],
    2027: ["01-01", "02-04", "02-05", "02-08", "02-09", "02-10", "03-01", "04-05", "04-06",
           "04-30", "06-09", "09-15", "09-28", "10-11", "10-25", "12-24", "12-31"],
}  # fmt: skip
_WORKING_SATURDAYS = {2024: ["02-17"], 2025: ["02-08"]}

REST_DAYS: list[dict[str, object]] = [
    {"date": f"{year}-{day}", "kind": kind, "source": _DGPA}
    for kind, table in (("rest", _HOLIDAYS), ("work", _WORKING_SATURDAYS))
    for year, days in table.items()
    for day in days
]

# The family page (cases.families). No law gives these levels: the platform's reading of
# 社安網's family-centred work and 個資法 §6 (special categories), shipped unsourced for review.
_SPECIAL = ["mh_multi", "mh_discharge", "suicide", "drug", "sa"]
_SPECIAL_SOURCE = "個人資料保護法 §6 (病歷、醫療、性生活等特種個資)"
FAMILY_VISIBILITY: list[dict[str, str]] = [
    {"relation": "lead", "programme": "*", "level": "full", "source": ""},
    {"relation": "desk", "programme": "*", "level": "full", "source": ""},
    {"relation": "family", "programme": "*", "level": "summary", "source": ""},
    {"relation": "cowork", "programme": "*", "level": "summary", "source": ""},
    # Need-to-know on the case page (issue 11): a former lead keeps reading during its grace
    # period; a unit a referral was sent to sees the summary while it answers or serves; a
    # break-the-glass reads everything but special categories.
    {"relation": "former_lead", "programme": "*", "level": "full", "source": ""},
    {"relation": "referred", "programme": "*", "level": "summary", "source": ""},
    {"relation": "breakglass", "programme": "*", "level": "full", "source": ""},
] + [
    {"relation": relation, "programme": programme, "level": level, "source": _SPECIAL_SOURCE}
    for relation, level in (
        ("desk", "summary"),
        ("family", "existence"),
        ("cowork", "existence"),
        ("referred", "existence"),
        ("breakglass", "summary"),
    )
    for programme in _SPECIAL
]
# Relations a later version added to an installed table (cases/migrations/0016, 0020).
NEED_TO_KNOW_RELATIONS = ("former_lead", "referred", "breakglass")

# 列管: cases tracked as they open. The 2021 review ruled every serious child-abuse case tracked;
# which grade counts as "serious" no source here gives: grade 1 is the platform's reading.
TRACKING: list[dict[str, object]] = [
    {
        "programme": "cp",
        "grade": "1",
        "reason": "兒少保護一級（緊急）案件",
        "days": 3,
        "source": "",
    },
]

# Assessment instruments: structure and scoring only (the items' wording stays on the official
# forms). TIPVDA: 15 yes/no items, 8–15 high danger (DESIGN.md §4). The SDM safety assessment's
# three results (DESIGN.md §4).
INSTRUMENTS: list[dict[str, object]] = [
    {"instrument": "tipvda", "name": "台灣親密關係暴力危險評估表 (TIPVDA)", "items": 15,
     "bands": "一般:0,高度危險:8", "options": "",
     "source": "台灣親密關係暴力危險評估表: 15 題，8–15 分為高度危險 (DESIGN.md §4)"},
    {"instrument": "sdm_safety", "name": "SDM 安全評估", "items": None, "bands": "",
     "options": "安全,有計畫才會安全,不安全", "source": "SDM 安全評估 (DESIGN.md §4)"},
]  # fmt: skip

# Break-the-glass (cases.breakglass): no source gives these; the hours are issue 11's, the rest
# the platform's reading (sexual-assault victims' cases are closed to it entirely).
BREAKGLASS: dict[str, object] = {"hours": 3, "min_reason": 15, "closed_programmes": "sa"}
