"""The demo city's institutions: Keelung's districts, villages, agencies, units and staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models.functions import Mod

from safetynet.agencies.auth import enrol_totp, new_totp_secret
from safetynet.agencies.models import AgencyKind, Role, Unit, UnitKind
from safetynet.agencies.services import agency_create, staff_create, unit_create
from safetynet.core.actor import SYSTEM
from safetynet.demo.population import SyntheticHousehold
from safetynet.geo.models import County, District, Village
from safetynet.intake.models import ServiceGroup
from safetynet.intake.rules import ROUTING
from safetynet.people.models import Confidential, Household
from safetynet.people.services import HouseholdRow, MemberRow
from safetynet.rules.services import rule_install

COUNTY_CODE = "10017"  # 基隆市
ROUTES_FROM = dt.date(2022, 1, 1)

# A selection of each district's villages (里); the demo does not need all 157.
VILLAGES = {
    "中正區": ["中正里", "正義里", "中砂里", "砂子里", "八斗里", "碧砂里", "長潭里", "和憲里", "社寮里", "平寮里"],
    "七堵區": ["八堵里", "六堵里", "長興里", "百福里", "堵南里", "瑪東里", "瑪西里", "自強里", "正光里", "泰安里"],
    "暖暖區": ["暖暖里", "暖西里", "暖同里", "碇內里", "碇祥里", "過港里", "東勢里", "八南里"],
    "仁愛區": ["花崗里", "獅球里", "德厚里", "仁德里", "新店里", "龍門里", "水錦里"],
    "中山區": ["中和里", "仁正里", "德安里", "太白里", "西定里", "中興里", "安民里", "文化里"],
    "安樂區": ["安和里", "嘉仁里", "新西里", "內寮里", "鶯歌里", "興寮里", "七賢里", "西川里"],
    "信義區": ["信義里", "義民里", "東信里", "智慧里", "孝深里", "仁義里", "禮儀里", "深美里"],
}  # fmt: skip

# Family welfare centres (社福中心) and the districts each serves.
WELFARE_CENTRES = [
    (
        "KL-FWC-ZX",
        "中正信義社福中心",
        "Zhongzheng-Xinyi Family Welfare Centre",
        ["中正區", "信義區"],
    ),
    (
        "KL-FWC-ZR",
        "中山仁愛社福中心",
        "Zhongshan-Ren'ai Family Welfare Centre",
        ["中山區", "仁愛區"],
    ),
    ("KL-FWC-AL", "安樂社福中心", "Anle Family Welfare Centre", ["安樂區"]),
    ("KL-FWC-QD", "七堵社福中心", "Qidu Family Welfare Centre", ["七堵區", "暖暖區"]),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    unit_code: str


# One account per role (printed at start-up), plus a few more workers so inboxes are realistic.
ACCOUNTS = [
    DemoAccount("screener", "林篩案", Role.SCREENER, "KL-DESK"),
    DemoAccount("supervisor", "陳督導", Role.SUPERVISOR, "KL-DESK"),
    DemoAccount("worker", "黃社工", Role.CASE_WORKER, "KL-FWC-QD"),
    DemoAccount("worker2", "張社工", Role.CASE_WORKER, "KL-FWC-ZX"),
    DemoAccount("mhworker", "李心衛", Role.MH_SOCIAL_WORKER, "KL-MHC"),
    DemoAccount("visitor", "王關懷", Role.CARE_VISITOR, "KL-MHC"),
    DemoAccount("drugmanager", "吳個管", Role.DRUG_CASE_MANAGER, "KL-DRUG"),
    DemoAccount("dvworker", "劉保護", Role.CASE_WORKER, "KL-DV"),
    DemoAccount("police", "蔡警員", Role.POLICE_OFFICER, "KL-POL-1"),
    DemoAccount("counsellor", "楊輔導", Role.SCHOOL_COUNSELLOR, "KL-EDU-SCC"),
    DemoAccount("analyst", "許承辦", Role.PROGRAMME_ANALYST, "KL-SA-PROG"),
    DemoAccount("admin", "鄭管理", Role.ADMINISTRATOR, "KL-SA-PROG"),
    # A second administrator: rule changes are published by someone other than their proposer.
    DemoAccount("admin2", "林管理", Role.ADMINISTRATOR, "KL-SA-PROG"),
    DemoAccount("auditor", "謝稽核", Role.AUDITOR, "KL-SA-PROG"),
    DemoAccount("worker3", "郭社工", Role.CASE_WORKER, "KL-FWC-ZR"),
    DemoAccount("worker4", "邱社工", Role.CASE_WORKER, "KL-FWC-AL"),
    DemoAccount("fwcsupervisor", "曾督導", Role.SUPERVISOR, "KL-FWC-QD"),
    # Each unit that works cases has a supervisor who approves its open and close decisions.
    DemoAccount("dvsupervisor", "蘇督導", Role.SUPERVISOR, "KL-DV"),
    DemoAccount("mhsupervisor", "何督導", Role.SUPERVISOR, "KL-MHC"),
    DemoAccount("drugsupervisor", "葉督導", Role.SUPERVISOR, "KL-DRUG"),
    DemoAccount("zxsupervisor", "羅督導", Role.SUPERVISOR, "KL-FWC-ZX"),
    DemoAccount("zrsupervisor", "梁督導", Role.SUPERVISOR, "KL-FWC-ZR"),
    DemoAccount("alsupervisor", "宋督導", Role.SUPERVISOR, "KL-FWC-AL"),
    DemoAccount("youthsupervisor", "唐督導", Role.SUPERVISOR, "KL-YOUTH"),
    DemoAccount("labsupervisor", "韓督導", Role.SUPERVISOR, "KL-LAB"),
    DemoAccount("youthworker", "廖輔導員", Role.CASE_WORKER, "KL-YOUTH"),
    DemoAccount("employment", "賴就服員", Role.CASE_WORKER, "KL-LAB"),
    DemoAccount("familyedu", "徐家教", Role.CASE_WORKER, "KL-EDU-FAM"),
    DemoAccount("welfare", "周社工", Role.CASE_WORKER, "KL-SA-WEL"),
]


def build_institutions() -> dict[str, Unit]:
    county = County.objects.get(code=COUNTY_CODE)
    districts = {d.name: d for d in District.objects.filter(county=county)}
    for name, villages in VILLAGES.items():
        for village in villages:
            Village.objects.get_or_create(district=districts[name], name=village)
    all_districts = list(districts.values())
    sa = agency_create(code="KL-SA", name="基隆市政府社會處", name_en="Keelung Social Affairs Department",
                       kind=AgencyKind.SOCIAL_AFFAIRS, county=county)  # fmt: skip
    health = agency_create(code="KL-HB", name="基隆市衛生局", name_en="Keelung Health Bureau",
                           kind=AgencyKind.HEALTH, county=county)  # fmt: skip
    police = agency_create(code="KL-PB", name="基隆市警察局", name_en="Keelung Police Bureau",
                           kind=AgencyKind.POLICE, county=county)  # fmt: skip
    edu = agency_create(code="KL-EB", name="基隆市政府教育處", name_en="Keelung Education Department",
                        kind=AgencyKind.EDUCATION, county=county)  # fmt: skip
    labour = agency_create(code="KL-LB", name="基隆市政府產業發展處", name_en="Keelung Industry and Labour",
                           kind=AgencyKind.LABOUR, county=county)  # fmt: skip
    specs = [
        (sa, "KL-DESK", "集中篩派案中心", "Central intake desk", UnitKind.INTAKE_DESK, all_districts),
        (sa, "KL-DV", "家庭暴力及性侵害防治中心", "DV and Sexual Assault Prevention Centre",
         UnitKind.PROTECTION_CENTRE, all_districts),
        (sa, "KL-SA-PROG", "社會處社會工作科", "Social Work Section", UnitKind.PROGRAMME_OFFICE, []),
        (sa, "KL-SA-WEL", "社會處社會救助科", "Social Assistance Section", UnitKind.PROGRAMME_OFFICE, []),
        (health, "KL-MHC", "社區心理衛生中心", "Community Mental Health Centre",
         UnitKind.MENTAL_HEALTH_CENTRE, all_districts),
        (health, "KL-DRUG", "毒品危害防制中心", "Drug Abuse Prevention Centre", UnitKind.DRUG_CENTRE,
         all_districts),
        (police, "KL-POL-1", "第一分局", "First Precinct", UnitKind.POLICE_PRECINCT,
         [districts["中正區"], districts["信義區"]]),
        (police, "KL-YOUTH", "少年輔導委員會", "Youth Counselling Committee", UnitKind.YOUTH_COUNSELLING,
         all_districts),
        (edu, "KL-EDU-SCC", "學生輔導諮商中心", "Student Counselling Centre", UnitKind.SCHOOL_COUNSELLING,
         all_districts),
        (edu, "KL-EDU-FAM", "家庭教育中心", "Family Education Centre", UnitKind.NGO_SERVICE, all_districts),
        (labour, "KL-LAB", "就業服務台", "Employment Service Desk", UnitKind.LABOUR_SERVICE, all_districts),
    ]  # fmt: skip
    units = {}
    for agency, code, name, name_en, kind, catchment in specs:
        units[code] = unit_create(agency=agency, code=code, name=name, name_en=name_en, kind=kind,
                                  catchment=catchment)  # fmt: skip
    routes = []
    for code, name, name_en, served in WELFARE_CENTRES:
        units[code] = unit_create(agency=sa, code=code, name=name, name_en=name_en,
                                  kind=UnitKind.FAMILY_WELFARE_CENTRE,
                                  catchment=[districts[d] for d in served])  # fmt: skip
        routes += [{"route": "vulnerable_family", "district": districts[d].code, "unit": code}
                   for d in served]  # fmt: skip
    for protection in ("child", "ipv", "family", "elder", "disability", "sexual_assault"):
        routes.append({"route": f"protection:{protection}", "district": "", "unit": "KL-DV"})
    service_units = {
        "mental_health": "KL-MHC", "drugs": "KL-DRUG", "youth_counselling": "KL-YOUTH",
        "disability_transition": "KL-SA-WEL", "homeless": "KL-SA-WEL", "employment": "KL-LAB",
        "family_education": "KL-EDU-FAM",
    }  # fmt: skip
    for group in ServiceGroup.objects.all():
        if group.code in service_units:
            routes.append({"route": f"service:{group.code}", "district": "",
                           "unit": service_units[group.code]})  # fmt: skip
    rule_install(actor=SYSTEM, kind=ROUTING, effective_from=ROUTES_FROM, content=routes,
                 unsourced=True, note="示範城市的派案表（虛構單位）。")  # fmt: skip
    return units


def create_accounts(units: dict[str, Unit], password: str) -> dict[str, str]:
    """The demo's accounts, one password for all, each with its authenticator app enrolled
    (a random secret, returned by username for the accounts file under var/)."""
    hashed = make_password(password)
    secrets_by_user: dict[str, str] = {}
    for n, a in enumerate(ACCOUNTS):
        staff = staff_create(
            username=a.username,
            password_hash=hashed,
            display_name=a.display_name,
            unit=units[a.unit_code],
            role=a.role,
        )
        staff.phone = f"02-2420-{1000 + n}"  # synthetic office lines: 02-2420-1000, -1001 …
        staff.save(update_fields=["phone"])
        secrets_by_user[a.username] = new_totp_secret()
        enrol_totp(staff.user, secrets_by_user[a.username])
    return secrets_by_user


def household_row(
    home: SyntheticHousehold, districts: list[District], villages: list[list[int]]
) -> HouseholdRow:
    district = districts[home.district_index]
    choices = villages[home.district_index]
    return HouseholdRow(
        code=f"H{home.key:09d}",
        district_id=district.pk,
        village_id=choices[home.village_index % len(choices)] if choices else None,
        neighbourhood=str(home.neighbourhood),
        street=home.street,
        number=str(home.number),
        floor=str(home.floor),
        members=[
            MemberRow(
                name=m.name,
                sex=m.sex,
                birth_date=m.birth_date,
                id_number=m.id_number,
                relationship=m.relationship,
                is_indigenous=m.is_indigenous,
                is_new_resident=m.is_new_resident,
            )
            for m in home.members
        ],
    )


def mark_confidential_homes() -> int:
    """A few households are shelters and foster families, whose addresses are never shown
    (one in 150 of each, chosen by their codes: the same every build)."""
    marked = 0
    for confidential, remainder in ((Confidential.SHELTER, 7), (Confidential.FOSTER, 11)):
        chosen = Household.objects.annotate(rest=Mod("id", 150)).filter(rest=remainder)
        marked += Household.objects.filter(pk__in=chosen.values("pk")).update(
            confidential=confidential
        )
    return marked
