"""Generator 4: synthetic social-safety-net records of a Taichung-like city, for record linkage.

    .venv/bin/python -m bench.linkage.generate4 --records 120000 --seed 1 --out records.csv

Independent of generators 1–3 (written without reading them or the linkage code). Households of a
Taichung-like city (臺中市: 17 districts, nine of them Taichung County until 2010, real road
names with sections, lanes, alleys, 之 numbers, floors, 里/鄰) meet six systems; every person
who meets one is a row per meeting. Columns: source_system, source_id, name, national_id,
birth_date, sex, address, phone (+ truth, the person key). Rows are grouped by system and
ordered by the record's date within it. Deterministic for a seed. This module holds the systems
(`Profile`, `SYSTEMS`) and how they record people; generate4_people makes the households and
generate4_tables holds the vocabulary (names, confusable characters, roads, written forms).

People. Households of 1–7: an elder alone 12 %, an elderly couple 8 %, a couple with 1–4
children 30 %, a single parent 10 %, three generations 18 %, a Taiwanese husband and a wife from
Vietnam, Indonesia or the Philippines 9 % (45 % naturalise 5–10 years after arriving: a national
ID with third digit 6 and a Chinese name, the transliteration or a new one with the husband's
surname), an Indigenous family 5 % (half in 和平區; traditional names 雅外·達利 / Yaway Tali,
registered instead of the Han name by 20 %), a single adult 8 %. Surnames by Taiwanese frequency
leaning central (廖 賴 詹), compound ones included; given names from pools by sex and cohort
(<1960, 1960–79, 1980–99, 2000+). Siblings share a generation character in 30 % of families, 5 %
of sons one of their father's, 3 % of births are twins (one date, consecutive ID serials). 15 %
of homes are in a building already used; 20 % of households moved in 2015–2023 (older records and
some registers keep the old address); 12 % of people 75+ live in a care home, some children and
lone adults of the most vulnerable households in a shelter; 15 % of people changed mobile.
A household has 1–5 events (1.4, 2.1, 3.4 on average by vulnerability), each one system in one
year (2014–2024) bringing in one person (suicide report, long-term care, school, police — the
household's focal person in 60 %) or the family (child protection: minors and parents; low
income: the household). At most 5 records a person; repeats in a system are re-reports.

Errors: the share of a system's records; the name errors apply independently, in this order.

| kind | suicide | child prot. | low income | LTC | school | police |
|---|---|---|---|---|---|---|
| 冠夫姓: husband's surname prefixed (of married women born < 1975; ÷10 if younger) | 2 | 3 | 15 | 25 | 1 | 2 |
| nickname (阿明 小華 婷婷) or courtesy form (陳先生 王阿嬤 陳○○) | 5 | 1 | 0 | 0 | 0 | 2 |
| homophone character (許→徐, 明→銘; 黃/王 as Taiwanese Mandarin merges them) | 7 | 3 | 0.3 | 2 | 1 | 3 |
| character of similar shape (陳→陣, 思→恩) or variant (溫/温) | 1 | 0.5 | 0.5 | 1 | 1 | 2 |
| given name shortened (林美華→林美) or surname dropped (→美華) | 3 | 1 | 0 | 0.5 | 0.5 | 1 |
| simplified characters | 1 | 0.2 | 0 | 1 | 0 | 0.5 |
| spaces: 林 美華, full-width space, trailing; full-width Latin letters | 3 | 2 | 0.5 | 1 | 4 | 1 |
| foreign spouse (before naturalising) in Latin script, else Chinese transliteration | 35 | 30 | 90 | 20 | 5 | 75 |
| Indigenous person by the romanised traditional name | 10 | 5 | 0 | 2 | 2 | 5 |
| Indigenous person by the other (unregistered) Chinese name | 25 | 10 | 0 | 10 | 15 | 5 |
| ID present | 40 | 78 | 96 | 90 | 60 | 85 |
| ID one digit mistyped (of present IDs; same for the rest of the ID block) | 4 | 2 | 0.5 | 1 | 1 | 2.5 |
| ID two adjacent digits transposed | 2 | 1 | 0.3 | 0.5 | 0.5 | 1 |
| ID styled: lower case, full-width, spaces, dashes, trailing space | 8 | 4 | 1 | 2 | 2 | 5 |
| another household member's ID | 1 | 1.5 | 0.2 | 0.5 | 1 | 1 |
| ID masked (B12345****, B12****789) | 0 | 0 | 0 | 0 | 8 | 0 |
| old-format resident certificate still used after the 2021 new format | 20 | 20 | 30 | 20 | 20 | 10 |
| birth date present | 72 | 90 | 99 | 97 | 97 | 92 |
| date only the year known (YYYY-01-01 placeholder) | 10 | 3 | 0 | 3 | 0.5 | 2 |
| day and month swapped (where both ≤ 12) | 2 | 1 | 0.2 | 1.5 | 1 | 1 |
| year off by one | 3 | 1 | 0.2 | 1 | 0.5 | 2 |
| two-digit AD year typed as an ROC year (86/03/07 for 1986) | 1 | 0 | 0 | 0 | 0 | 0.5 |
| sex present (codes: 男/女, M/F, 1/2); flipped 0.2 % | 95 | 98 | 100 | 98 | 99 | 97 |
| address present | 62 | 90 | 98 | 93 | 72 | 88 |
| address partial (no city; no city or district; district and road only) | 35 | 12 | 1 | 8 | 45 | 10 |
| English form (pinyin; 30 % Wade-Giles or Tongyong spellings); ×8 for foreign spouses | 2 | 0.5 | 0 | 0.5 | 0 | 4 |
| registered (old) address after the household moved | 5 | 15 | 40 | 5 | 5 | 30 |
| with 里 and 鄰 | 0 | 20 | 80 | 5 | 0 | 30 |
| Chinese numerals for numbers (十二號, 五樓 always 30 % of floors) | 8 | 5 | 15 | 5 | 2 | 5 |
| old county form (臺中縣大里市) for the nine former county districts | 1 | 1 | 2 | 5 | 0 | 1 |
| full-width digits | 2 | 1 | 0.5 | 1 | 1 | 1 |
| phone present (of people with any phone) | 88 | 72 | 40 | 82 | 85 | 55 |
| a relative's phone (a parent's, an adult child's living elsewhere) | 20 | 15 | 10 | 50 | 75 | 10 |
| the household landline rather than the mobile | 15 | 20 | 50 | 40 | 20 | 20 |
| one digit wrong | 3 | 1 | 0.5 | 1 | 1 | 1 |

Always: 臺→台 in 30 % of Chinese addresses; the floor 5樓 / 五樓 / 5F / 5f (50:30:15:5); 之 or a
dash (75:25); an institution's name after its address in 40 %; a foreign spouse's AD date is
day/month/year in 30 %. Date forms per system are `Profile.dob_forms` (ROC 75/03/07, 0750307,
民國75年3月7日; AD 1986-03-07, 1986/3/7, 07/03/1986; exports 1986-03-07 00:00:00, 1986/3/7 上午
12:00:00, an Excel serial); phone forms are in generate4_tables (0912-345-678, +886912345678,
(04)2234-5678, 2234-5678, (04)22345678#123 …).

Ambiguities kept on purpose: 07/03/1986 is day first; an Excel serial and a masked ID are present
but unusable; a relative's ID or phone is present and wrong for the person.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bench.linkage import generate4_tables as tables
from bench.linkage.generate4_people import Address, Household, Person, World, household
from bench.linkage.generate4_tables import Choice

COLUMNS = ("source_system", "source_id", "name", "national_id", "birth_date", "sex", "address",
           "phone")  # fmt: skip


# --- the systems ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """How one system records people; rates are shares of its records (see the table above)."""

    system: str
    source_id: str  # a format over year, roc and seq
    weight: float  # how likely an event of an eligible household is this system
    married_surname: float = 0.05
    nickname: float = 0.0
    homophone: float = 0.005
    similar_shape: float = 0.005
    shortened: float = 0.005
    simplified: float = 0.0
    spacing: float = 0.01
    latin_foreign: float = 0.5
    indigenous_roman: float = 0.05
    indigenous_other: float = 0.1
    id_present: float = 0.9
    id_typo: float = 0.01
    id_transposed: float = 0.005
    id_styled: float = 0.02
    id_relative: float = 0.005
    id_masked: float = 0.0
    id_old_arc: float = 0.2
    dob_present: float = 0.97
    dob_forms: tuple[tuple[str, float], ...] = (("roc_slash", 1.0),)
    dob_year_only: float = 0.01
    dob_swapped: float = 0.01
    dob_year_off: float = 0.005
    dob_ad_as_roc: float = 0.0
    sex_present: float = 0.98
    sex_codes: tuple[str, str] = ("M", "F")
    addr_present: float = 0.9
    addr_partial: float = 0.1
    addr_english: float = 0.0
    addr_registered: float = 0.05
    addr_li: float = 0.0
    addr_numerals: float = 0.05
    addr_old_county: float = 0.01
    addr_fullwidth: float = 0.01
    phone_present: float = 0.7
    phone_relative: float = 0.1
    phone_landline: float = 0.2
    phone_typo: float = 0.01


SYSTEMS = (
    Profile("suicide_report", "{roc}SR{seq:06d}", 0.22, married_surname=0.02, nickname=0.05,
            homophone=0.07, similar_shape=0.01, shortened=0.03, simplified=0.01, spacing=0.03,
            latin_foreign=0.35, indigenous_roman=0.1, indigenous_other=0.25, id_present=0.40,
            id_typo=0.04, id_transposed=0.02, id_styled=0.08, id_relative=0.01, dob_present=0.72,
            dob_forms=(("roc_slash", 5), ("ad_dash", 2), ("roc7", 1), ("roc_cn", 1),
                       ("ad_slash", 1)),
            dob_year_only=0.10, dob_swapped=0.02, dob_year_off=0.03, dob_ad_as_roc=0.01,
            sex_present=0.95, sex_codes=("男", "女"), addr_present=0.62, addr_partial=0.35,
            addr_english=0.02, addr_numerals=0.08, addr_fullwidth=0.02, phone_present=0.88,
            phone_relative=0.2, phone_landline=0.15, phone_typo=0.03),
    Profile("child_protection", "CP-{year}-{seq:06d}", 0.16, married_surname=0.03, nickname=0.01,
            homophone=0.03, shortened=0.01, simplified=0.002, spacing=0.02, latin_foreign=0.3,
            id_present=0.78, id_typo=0.02, id_transposed=0.01, id_styled=0.04, id_relative=0.015,
            dob_present=0.9, dob_forms=(("roc_slash", 6), ("roc_cn", 2), ("ad_dash", 2)),
            dob_year_only=0.03, dob_year_off=0.01, addr_partial=0.12, addr_english=0.005,
            addr_registered=0.15, addr_li=0.2, phone_present=0.72, phone_relative=0.15),
    Profile("low_income", "LI{seq:07d}", 0.07, married_surname=0.15, homophone=0.003,
            shortened=0.0, spacing=0.005, latin_foreign=0.9, indigenous_roman=0.0,
            indigenous_other=0.0, id_present=0.96, id_typo=0.005, id_transposed=0.003,
            id_styled=0.01, id_relative=0.002, id_old_arc=0.3, dob_present=0.99,
            dob_forms=(("roc7", 7), ("roc_slash", 3)), dob_year_only=0.0, dob_swapped=0.002,
            dob_year_off=0.002, sex_present=1.0, sex_codes=("男", "女"), addr_present=0.98,
            addr_partial=0.01, addr_registered=0.4, addr_li=0.8, addr_numerals=0.15,
            addr_old_county=0.02, addr_fullwidth=0.005, phone_present=0.4, phone_landline=0.5,
            phone_typo=0.005),
    Profile("long_term_care", "LTC{year}{seq:06d}", 0.45, married_surname=0.25, homophone=0.02,
            similar_shape=0.01, simplified=0.01, latin_foreign=0.2, indigenous_roman=0.02,
            dob_forms=(("excel", 4), ("excel_tw", 1), ("ad_slash", 3), ("roc_slash", 2),
                       ("serial", 0.1)),
            dob_year_only=0.03, dob_swapped=0.015, dob_year_off=0.01, sex_codes=("1", "2"),
            addr_present=0.93, addr_partial=0.08, addr_english=0.005, addr_li=0.05,
            addr_old_county=0.05, phone_present=0.82, phone_relative=0.5, phone_landline=0.4),
    Profile("school_counselling", "S{seq:07d}", 0.35, married_surname=0.01, homophone=0.01,
            similar_shape=0.01, spacing=0.04, latin_foreign=0.05, indigenous_roman=0.02,
            indigenous_other=0.15, id_present=0.6, id_transposed=0.005, id_relative=0.01,
            id_masked=0.08, dob_forms=(("ad_slash", 6), ("roc_slash", 3), ("ad_dmy", 1)),
            dob_year_only=0.005, sex_present=0.99, addr_present=0.72, addr_partial=0.45,
            addr_numerals=0.02, addr_old_county=0.0, phone_present=0.85, phone_relative=0.75),
    Profile("police_concern", "P{roc}{seq:06d}", 0.12, married_surname=0.02, nickname=0.02,
            homophone=0.03, similar_shape=0.02, shortened=0.01, simplified=0.005,
            latin_foreign=0.75, indigenous_other=0.05, id_present=0.85, id_typo=0.025,
            id_transposed=0.01, id_styled=0.05, id_relative=0.01, id_old_arc=0.1,
            dob_present=0.92, dob_forms=(("roc_cn", 4), ("roc7", 3), ("roc_slash", 3)),
            dob_year_only=0.02, dob_year_off=0.02, dob_ad_as_roc=0.005, sex_present=0.97,
            sex_codes=("男", "女"), addr_present=0.88, addr_english=0.04, addr_registered=0.3,
            addr_li=0.3, phone_present=0.55),
)  # fmt: skip
SUICIDE, CHILD, LOW_INCOME, LTC, SCHOOL, POLICE = range(6)


_EVENTS = (Choice(((1, 0.65), (2, 0.3), (3, 0.05))), Choice(((1, 0.3), (2, 0.4), (3, 0.2), (4, 0.1))),
           Choice(((2, 0.25), (3, 0.3), (4, 0.25), (5, 0.2))))  # fmt: skip
_YEARS = Choice((y, 1.0 + (y - 2014) / 10) for y in range(2014, 2025))


def _events(hh: Household, rng: random.Random) -> Iterator[tuple[Person, int, int]]:
    """(person, system, year) for each record of the household; at most five a person."""
    seen: dict[int, int] = {}
    v, registered = hh.vulnerability, False
    focus = rng.choice(hh.members)  # the one in trouble: single-person events favour them

    def one(candidates: list[Person], weights: list[int] | None = None) -> list[Person]:
        if focus in candidates and rng.random() < 0.6:
            return [focus]
        return rng.choices(candidates, weights)

    for _ in range(_EVENTS[v](rng)):
        year = _YEARS(rng)
        alive = [(p, year - p.birth[0]) for p in hh.members if p.birth[0] <= year]
        minors = [p for p, a in alive if a < 18]
        pupils = [p for p, a in alive if 6 <= a <= 18]
        elders = [p for p, a in alive if a >= 65 or (p.disabled and a >= 18)]
        older = [p for p, a in alive if a >= 12]
        adults = [p for p, a in alive if 15 <= a <= 70]
        eligible = [bool(g) for g in (older, minors, alive, elders, pupils, adults)]
        boost = (1, 1 + v, (1 + v) * (0.2 if registered else 1), 1, 1, 1 + v)
        weights = [s.weight * e * b for s, e, b in zip(SYSTEMS, eligible, boost, strict=True)]
        system = rng.choices(range(6), weights)[0]
        if system == SUICIDE:
            chosen = one(older, [2 if p.sex == "F" else 1 for p in older])
        elif system == CHILD:
            chosen = [p for p in minors if rng.random() < 0.85] or [rng.choice(minors)]
            share = {"parent": 0.7, "grand": 0.15}
            chosen += [p for p, a in alive if a >= 18 and rng.random() < share.get(p.role, 0)]
        elif system == LOW_INCOME:
            registered, chosen = True, [p for p, _ in alive if rng.random() < 0.95]
        elif system in (LTC, SCHOOL):
            chosen = one(elders if system == LTC else pupils)
        else:
            chosen = one(adults, [3 if p.sex == "M" else 1 for p in adults])
            others = [p for p in adults if p is not chosen[0]]
            if others and rng.random() < 0.2:  # a domestic dispute: both recorded
                chosen.append(rng.choice(others))
        for person in chosen:
            if (count := seen.get(person.key, 0)) < 5:
                seen[person.key] = count + 1
                yield person, system, year


# --- one record -----------------------------------------------------------------------------------


def _swap_char(text: str, table: dict[str, str], rng: random.Random) -> str:
    places = [i for i, c in enumerate(text) if c in table]
    if not places:
        return text
    i = rng.choice(places)
    return text[:i] + rng.choice(table[text[i]]) + text[i + 1 :]


def _latin(text: str, prof: Profile, rng: random.Random) -> str:
    words, r = text.split(), rng.random()
    if len(words) > 1 and r < 0.15:
        text = " ".join([*words[1:], words[0]])  # given names first
    elif len(words) > 1 and r < 0.3:
        text = f"{words[0]}, {' '.join(words[1:])}"  # passport style
    r = rng.random()
    text = text.upper() if r < 0.55 else text.title() if r < 0.95 else text.lower()
    return text.translate(tables.FULLWIDTH) if rng.random() < prof.spacing else text


def _nickname(text: str, slen: int, person: Person, age: int, rng: random.Random) -> str:
    last, surname, r = text[-1], text[:slen] or text[0], rng.random()
    if r < 0.6:
        return ("阿" if age >= 25 else "小") + last if r < 0.45 else last + last
    if r < 0.8:
        polite = ("先生", "小姐") if age < 60 else ("阿伯", "阿嬤")
        return surname + polite[person.sex == "F"]
    return surname + "○○"


def _name(p: Person, prof: Profile, year: int, rng: random.Random) -> str:
    text, slen = p.name, p.slen
    if p.kind == "foreign" and year < p.registered_from:
        if rng.random() < prof.latin_foreign:
            return _latin(p.latin, prof, rng)
        text, slen = p.other, p.other_slen
    elif p.kind == "indigenous":
        r = rng.random()
        if r < prof.indigenous_roman:
            return _latin(p.latin, prof, rng)
        if r < prof.indigenous_roman + prof.indigenous_other:
            text, slen = p.other, p.other_slen
    if "·" in text:
        text = text.replace("·", tables.SEPARATORS(rng))
    older = 1.0 if p.birth[0] < 1975 else 0.1
    if p.husband and p.kind != "indigenous" and rng.random() < prof.married_surname * older:
        text, slen = p.husband + text, slen + len(p.husband)
    if rng.random() < prof.nickname:
        return _nickname(text, slen, p, year - p.birth[0], rng)
    if rng.random() < prof.homophone:
        text = _swap_char(text, tables.HOMOPHONES, rng)
    if rng.random() < prof.similar_shape:
        text = _swap_char(text, tables.SHAPES, rng)
    if rng.random() < prof.shortened and slen and len(text) - slen >= 2:
        text = text[slen:] if rng.random() < 0.4 else text[:-1]
    if rng.random() < prof.simplified:
        text = text.translate(tables.SIMPLIFIED)
    if rng.random() < prof.spacing:
        r, cut = rng.random(), slen or 1
        text = text + " " if r >= 0.8 else text[:cut] + (" " if r < 0.5 else "\u3000") + text[cut:]
    return text


def _id(p: Person, hh: Household, prof: Profile, year: int, rng: random.Random) -> str:
    if rng.random() >= prof.id_present:
        return ""
    value = [number for start, number in p.ids if year >= start][-1]
    if value[1] == "9" and rng.random() < prof.id_old_arc:
        value = p.ids[0][1]  # the system still holds the old-format certificate
    if rng.random() < prof.id_relative:
        value = rng.choice([m for m in hh.members if m is not p] or [p]).ids[-1][1]
    r, i = rng.random(), rng.randrange(2, 10)
    if r < prof.id_typo:
        value = f"{value[:i]}{(int(value[i]) + rng.randrange(1, 10)) % 10}{value[i + 1 :]}"
    elif r < prof.id_typo + prof.id_transposed:
        i = min(i, 8)
        value = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
    if rng.random() < prof.id_masked:
        return value[:6] + "****" if rng.random() < 0.5 else value[:3] + "****" + value[7:]
    return tables.ID_STYLES(rng)(value) if rng.random() < prof.id_styled else value


def _dob(p: Person, prof: Profile, rng: random.Random) -> str:
    if rng.random() >= prof.dob_present:
        return ""
    (y, m, d), r = p.birth, rng.random()
    if r < prof.dob_year_only:
        m = d = 1
    elif r < prof.dob_year_only + prof.dob_swapped and d <= 12:
        m, d = d, m
    elif r < prof.dob_year_only + prof.dob_swapped + prof.dob_year_off:
        y += rng.choice((-1, 1))
    form = _date_forms(prof.dob_forms)(rng)
    if form.startswith("ad") and p.kind == "foreign" and rng.random() < 0.3:
        form = "ad_dmy"
    if form.startswith("roc") and y < 2000 and rng.random() < prof.dob_ad_as_roc:
        y = 1911 + y % 100
    return tables.DATE_FORMS[form](y, m, d)


@cache
def _date_forms(forms: tuple[tuple[str, float], ...]) -> Choice[str]:
    return Choice(forms)


def _address_zh(a: Address, prof: Profile, rng: random.Random) -> str:
    district, road = tables.DISTRICTS[a.district], tables.ROADS[a.road]
    cn = rng.random() < prof.addr_numerals

    def num(n: int) -> str:
        return tables.cn(n) if cn else str(n)

    level = rng.choice((1, 1, 2, 3)) if rng.random() < prof.addr_partial else 0  # how partial
    out: list[str] = []
    if level == 0:
        old = district.county and rng.random() < prof.addr_old_county
        out.append("臺中縣" + district.county if old else "臺中市" + district.zh)
        if rng.random() < prof.addr_li:
            out.append(f"{a.li}{num(a.lin)}鄰")
    elif level != 2:
        out.append(district.zh)
    out.append(road.zh)
    if a.section:
        out.append(f"{tables.cn(a.section) if rng.random() < 0.85 else a.section}段")
    if level != 3:
        out += [f"{num(a.lane)}巷"] if a.lane else []
        out += [f"{num(a.alley)}弄"] if a.alley else []
        dash = a.sub and rng.random() < 0.25
        sub = (f"-{a.sub}" if dash else f"之{num(a.sub)}") if a.sub else ""
        out.append(f"{a.number if dash else num(a.number)}{sub}號")
        out += [tables.FLOOR_FORMS(rng)(a.floor, a.room)] if a.floor else []
    text = "".join(out) + (f"（{a.name}）" if a.name and rng.random() < 0.4 else "")
    text = text.replace("臺", "台") if rng.random() < 0.3 else text
    return text.translate(tables.FULLWIDTH) if rng.random() < prof.addr_fullwidth else text


_SPELLED_OUT = (("Ln.", "Lane"), ("Aly.", "Alley"), ("Sec.", "Section"), ("Rd.", "Road"),
                ("Dist.", "District"))  # fmt: skip


def _address_en(a: Address, rng: random.Random) -> str:
    district, road, old = tables.DISTRICTS[a.district], tables.ROADS[a.road], rng.random() < 0.3
    parts = [f"{a.floor}F." + (f"-{a.room}" if a.room else "")] if a.floor else []
    parts.append(f"No. {a.number}" + (f"-{a.sub}" if a.sub else ""))
    parts += [f"Aly. {a.alley}"] if a.alley else []
    parts += [f"Ln. {a.lane}"] if a.lane else []
    parts += [f"Sec. {a.section}"] if a.section else []
    street = (road.old_en if old else road.en).replace("_", " ")
    parts.append(f"{street} {'Blvd.' if road.zh.endswith('大道') else 'Rd.'}")
    parts.append(f"{district.old_en if old else district.en} Dist.")
    parts.append("Taichung City" + (f" {district.post}" if rng.random() < 0.4 else ""))
    text = ", ".join(parts)
    if rng.random() < 0.25:
        for short, long in _SPELLED_OUT:
            text = text.replace(short, long)
    return text + ", Taiwan (R.O.C.)" if rng.random() < 0.15 else text


def _address(
    p: Person, hh: Household, prof: Profile, system: int, year: int, rng: random.Random
) -> str:
    if rng.random() >= prof.addr_present:
        return ""
    a = hh.address
    if p.institution is not None and rng.random() < (0.85 if system in (LTC, CHILD) else 0.3):
        a = p.institution
    elif hh.old_address is not None and (year < hh.moved or rng.random() < prof.addr_registered):
        a = hh.old_address
    english = prof.addr_english * (8 if p.kind == "foreign" else 1)
    return _address_en(a, rng) if rng.random() < english else _address_zh(a, prof, rng)


def _phone(p: Person, hh: Household, prof: Profile, year: int, rng: random.Random) -> str:
    if rng.random() >= prof.phone_present:
        return ""
    number = p.old_mobile if year < p.mobile_from else p.mobile
    if not number or rng.random() < prof.phone_relative:
        relatives = [m.mobile for m in hh.members if m is not p and m.mobile and m.role != "child"]
        relatives += [hh.contact] if hh.contact else []
        number = rng.choice(relatives) if relatives else number
    if hh.landline and (not number or rng.random() < prof.phone_landline):
        number = hh.landline
    if not number:
        return ""
    if rng.random() < prof.phone_typo:
        i = rng.randrange(4, 10)
        number = f"{number[:i]}{(int(number[i]) + rng.randrange(1, 10)) % 10}{number[i + 1 :]}"
    return (tables.MOBILE_FORMS if number[1] == "9" else tables.LANDLINE_FORMS)(rng)(number)


def _sex(p: Person, prof: Profile, rng: random.Random) -> str:
    if rng.random() >= prof.sex_present:
        return ""
    return prof.sex_codes[(p.sex == "M") == (rng.random() < 0.002)]  # flipped in 0.2 %


def _cell(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if "," in text or '"' in text else text


def write_csv(path: str, count: int, *, seed: int, truth: bool = True) -> None:
    """Write `count` records (see the module docstring) to a UTF-8 CSV file at `path`."""
    rng = random.Random(seed)
    world = World(rng)
    with tempfile.TemporaryDirectory() as tmp:
        parts = [(Path(tmp) / f"{i}.txt").open("w", encoding="utf-8") for i in range(len(SYSTEMS))]
        written = key = 0
        while written < count:
            hh = household(rng, world, key)
            key += len(hh.members)
            for person, system, year in _events(hh, rng):
                prof = SYSTEMS[system]
                cells = (_name(person, prof, year, rng), _id(person, hh, prof, year, rng),
                         _dob(person, prof, rng), _sex(person, prof, rng),
                         _address(person, hh, prof, system, year, rng),
                         _phone(person, hh, prof, year, rng))  # fmt: skip
                line = ",".join(map(_cell, cells)) + (f",{person.key}" if truth else "")
                parts[system].write(f"{year}{rng.randrange(10**6):06d}\t{line}\n")  # a date key
                written += 1
                if written == count:
                    break
        for part in parts:
            part.close()
        with Path(path).open("w", encoding="utf-8", newline="") as out:
            out.write(",".join((*COLUMNS, "truth") if truth else COLUMNS) + "\n")
            for i, prof in enumerate(SYSTEMS):  # each system's export, in the order of its records
                lines = sorted((Path(tmp) / f"{i}.txt").read_text(encoding="utf-8").splitlines())
                for seq, text in enumerate(lines, 1):
                    year, rest = int(text[:4]), text.partition("\t")[2]
                    source_id = prof.source_id.format(year=year, roc=year - 1911, seq=seq)
                    out.write(f"{prof.system},{source_id},{rest}\n")


if __name__ == "__main__":
    from bench.linkage import csvcli

    csvcli.main(write_csv, "Generator 4: synthetic linkage records.")
