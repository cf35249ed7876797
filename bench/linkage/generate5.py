"""Generator 5: a Kaohsiung caseload as eight agency systems export it (synthetic, stdlib only).

Every name, ID and phone number is invented; road and district names are real public names.
`write_csv(path, count, seed=...)` writes exactly `count` records; the same seed gives the same
file. Modules: generate5_world (tables), generate5_people (people, IDs, places),
generate5_households (households and their lives), generate5_render and generate5_contact (how a
system writes each field), generate5_systems (the systems, who turns up where).

The city. 高雄市 after the merger of 2010-12-25: 38 districts weighted by population, real roads
(numbered 一路/二路 and a few with 段), 巷/弄/號/之/樓, invented 里 names with 鄰 numbers, and
addresses of 里/鄰/號 only in rural and mountain districts. Before the merger, and by habit in some
files afterwards (2-10% of records, people born before 2011), the 27 former county towns are
written 高雄縣鳳山市, 高雄縣林園鄉 with 村 for a 鄉's villages. Records run from 2008-01-01 to
2025-06-30. Some people are registered in 臺南市, 屏東縣, 臺東縣, 澎湖縣 or 臺北市 (written 台 or 臺).

Households of a welfare caseload: elders alone 13%, elder couples 9%, single adults 15% (7% of them
homeless for a while), couples 5%, parents and children 22%, single parents 11%, three generations
10%, grandparents raising grandchildren 3%, step-families 4% (the children keep their father's
surname; a quarter later take the stepfather's), a Taiwanese husband with a foreign or mainland wife
6% (Vietnam 45%, mainland China 35%, Indonesia 9%, the Philippines, Thailand, Cambodia), an elder
with a live-in migrant caregiver 2% (Indonesia 75%). 3% of births are twins, with consecutive ID
serials; a third of sibling sets share a generation character. About 2% of households are
Indigenous (80% in 桃源/那瑪夏/茂林); 10-25% of their members use a traditional name (比勇‧伊斯坦大,
Biung Istanda), half of them restored on a date after years under a Han name.

Institutions, one per 2,500 people (at least 12): 老人長期照顧中心, 護理之家, 康復之家, 教養院,
兒少家園, 遊民收容中心. Elders over 78 (8%; 30% if disabled), psychiatric patients, disabled adults, children
in protective care (half go home again) and homeless people move in; dozens share one address and
one switchboard number (with extension).

Lives. 38% of households move once or twice and re-register 70% of the time; 18% of households are
registered somewhere other than where they live (人籍不合一). One member may move alone: a grown
child (25% in larger households), a separated father, an elder into care. 2% of people change their
given name (改名). Old people die; migrant workers leave after 3-9 years. 35% of mobile numbers
change at least once; landlines are dropped or changed on moving.

Names: surnames by Taiwanese frequency (陳 11%, 林 8%, 黃 6%, 張, 李, 王, 吳, 劉, 蔡, 楊, ... 張簡, 歐陽,
范姜 rare), given names from pools by sex and era of birth (金水, 罔市 ... 宥恩, 芷晴), Zipf-weighted
so that common full names recur in the city (several 陳怡君 and 陳承翔 per 100k records); 3.5%
single-character given names; some older women carry 冠夫姓 (陳林秀英) in older files.

Numbers: national IDs with correct check digits, the letter where the number was issued (E
Kaohsiung City, S Kaohsiung County before 2011, T Pingtung, D/R Tainan, X Penghu, ...). People born
abroad: an old resident-certificate number (area letter, A/B mainland or C/D foreign by sex, 8
digits with a check digit); 80% of those still here get the 2021-format number (letter, 8/9, seven
digits, check digit) within 2.5 years, while some files keep the old one. Naturalised spouses (VN
60%, CN 70%, ID 40%, ...) get a national ID (third digit 6, or 9 for the mainland) 4-10 years after
arrival and a Chinese name: the Sino-Vietnamese one (阮氏蘭), a short form (阮蘭) or a new name.
Passport numbers: VN C1234567, ID B1234567, PH P1234567A, TH AA1234567, KH N01234567.

Who appears where. Each person in the records turns up in 1-6 systems (45/25/15/8/4.5/2.5%),
chosen by age group and by flags (psychiatric, disability, violence in the household, poverty,
homelessness, born abroad); within a system a visit repeats with probability 15-30% (weeks or years
apart, up to six). A child named in a 113 report brings siblings along (40%); a social-housing
application lists every member living at home (35% of poor households apply, 4% of others, 30%
again later). Records are sorted by date within each system and numbered as that system numbers
them (ER20190312003, 113-2019-004521, 108C00123, 1957201903000125, JS20190000123,
KSH-2019-00141-02, D099000123 before the 2012-07-11 ICF reform and ICF-2019-000123 after, KPD...).

The systems (share of records at 120k; name / ID / birth date / sex / address / phone habits):

hospital_psy_er 12%: a psychiatric emergency department; data from the NHI card. 1.5% unidentified
  patients (無名氏, no ID, an estimated year); IDs 97% (85% of residents from abroad, 25% of those by
  passport number), typo/swap/family member's 0.3/0.2/0.2%; names 1% variant or sound-alike
  character, 30% 冠夫姓 when there is one, certificate romanisation; 1986-03-12 or 19860312; M/F;
  address as told, 85%, 30% the registered one, 8% an old one, 10% in English from people born
  abroad, 40% with a 3-digit postcode; phone 90%, 25% a relative's marked (母)/(案妻).
hotline_113 22%: the protection hotline; callers describe the victim. Name blank 6%, surname and
  title 14% (林小姐, 陳姓女童, 阿嬤), given name or nickname 6% (美玲, 阿玲), one character wrong 10%
  (75% sound-alike, 黃/王 among them), a character missing 3%, alias 2%; ID 30% (typo 4%, swap 2%,
  a household member's 3%, O for 0, no check digit, lower case 3%); birth date 50%, ROC
  075/03/12 or 75/3/12, a quarter of them from an age (1 January), year only 5%; sex 93% (2%
  wrong); address 78%, the place of the incident: 25% road or crossing only (建工路與覺民路口, 附近),
  15% an old address, an institution by its name half the time; phone 55%, 25% of them the
  caller's own.
school_counsel 7%: student counselling records from school rosters. ID 95% but 15% masked
  (E12345****, E123***789); names from the roster (2% variant forms such as 峯/峰, 5% masked 陳○玲,
  50% still the old name after a rename or surname change); 0950312 or 95.03.12; sex 1/2;
  registered address 70% with 里/鄰, full-width digits 15%, Chinese numerals 10%; a guardian's
  phone (母) or the home landline.
hotline_1957 20%: the welfare consultation hotline; the caller is the client or family. Name blank
  4%, title 10%, one character wrong 9% (mostly sound-alike), missing 2%; ID 40% (typos 3%, swaps
  2%, last digits only 3%, lower case 5%); birth date 50% as 75/3/12, 15% from an age, 10% the year
  only; address 60%, 30% road level, 50% without the city; phone 92% (caller ID, 20% a relative's).
employment 14%: job-seeker registrations typed by the person. ID 98% (lower case 6%, full width 2%,
  dashes or spaces 1%, typos 0.4%); 4% a space in the name; people born abroad write their names
  in certificate, title-case, reversed, diacritic (Nguyễn Thị Lan) or comma forms, simplified
  characters for 60% of mainland spouses, English addresses 25%, DD/MM/YYYY dates 30% (people
  born abroad); 1986/03/12,
  1986/3/12, 1986-03-12; address 93% as free text, 3F/3F-2/12-3號; phone 97%: 0912-345-678,
  0912 345 678, +886912345678, +886-912-345-678.
social_housing 7%: applications typed from household-registration transcripts, one row per member,
  one phone (the applicant's) for all, same application number. IDs 99%, typos 0.4%; 民國75年3月12日
  or 075/03/12; registered address 95% with 里 and 鄰 (30% 十二鄰 style, 三樓); Excel-mangled phones
  (912345678, 73812345).
disability 9%: disability services; before the ICF system of 2012-07-11 a Big5 system that lost
  rare characters (堃 as ?, ＊ or 坤). ID 99%; 40% 冠夫姓; 0750312 or 75.03.12; sex 1/2; registered
  address 85% with 里/鄰, 6% still 高雄縣; phone 85%, 45% the home landline, 20% an old number.
police 10%: case and visit records. 6% 陳姓男子/林姓女子/陳男, 3% blank, 4% sound-alike, 4% an alias
  (綽號阿明); ID 78% (30% of people born abroad by passport; typos and swaps 1%); 075年03月12日;
  address 85% (居無定所 for the homeless), 10% road level; phone 60%.

At 120,000 records (seed 1) there are 44,405 persons (mean 2.7 records; 34% have one record, 24%
two, 16% three, 10% four, 16% five or more, at most 15; 47% are in one system, 26% in two, 14% in
three, 13% in four to six); 69% of records carry an ID, 77% a birth date, 82% an address and 73%
a phone number. 1,000,000 records take about 35 s and 0.6 GB on two cores.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from bench.linkage.generate5_households import Builder
from bench.linkage.generate5_people import World
from bench.linkage.generate5_systems import ICF, SYSTEMS, Emitter, Rec

HEADER = [
    "source_system",
    "source_id",
    "name",
    "national_id",
    "birth_date",
    "sex",
    "address",
    "phone",
]


def write_csv(path: str, count: int, *, seed: int, truth: bool = True) -> None:
    """Write `count` records (±0; exactly count) to a UTF-8 CSV at `path`."""
    rng = random.Random(seed)
    world = World(rng, persons_hint=max(count, 1) * 10 // 28)
    builder = Builder(world)
    out: list[list[Rec]] = [[] for _ in SYSTEMS]
    emitter = Emitter(rng, out)
    emitter.left = count
    while emitter.left > 0:
        emitter.household(builder.household())
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([*HEADER, "truth"] if truth else HEADER)
        for s, records in enumerate(out):
            records.sort()
            code = SYSTEMS[s].code
            ids = _source_ids(code, records)
            if truth:
                writer.writerows((code, i, *rec[2:9]) for i, rec in zip(ids, records, strict=True))
            else:
                writer.writerows((code, i, *rec[2:8]) for i, rec in zip(ids, records, strict=True))


def _source_ids(code: str, records: list[Rec]) -> list[str]:
    """Each system's own numbering: by year, month or day, in the order the records were made."""
    ids: list[str] = []
    counters: dict[object, int] = {}
    groups: dict[str, str] = {}
    members: dict[str, int] = {}
    for rec in records:
        day = rec[0]
        d = dt.date.fromordinal(day)
        y, m = d.year, d.month
        if code == "hospital_psy_er":
            key: object = day
            n = counters[key] = counters.get(key, 0) + 1
            ids.append(f"ER{y}{m:02d}{d.day:02d}{n:03d}")
            continue
        if code == "social_housing":
            group = rec[9]
            if group not in groups:
                n = counters[y] = counters.get(y, 0) + 1
                groups[group] = f"KSH-{y}-{n:05d}"
            k = members[group] = members.get(group, 0) + 1
            ids.append(f"{groups[group]}-{k:02d}")
            continue
        key = (y, m) if code == "hotline_1957" else y
        n = counters[key] = counters.get(key, 0) + 1
        if code == "hotline_113":
            ids.append(f"113-{y}-{n:06d}")
        elif code == "school_counsel":
            ids.append(f"{y - 1911:03d}C{n:05d}")
        elif code == "hotline_1957":
            ids.append(f"1957{y}{m:02d}{n:05d}")
        elif code == "employment":
            ids.append(f"JS{y}{n:07d}")
        elif code == "disability":
            ids.append(f"D{y - 1911:03d}{n:06d}" if day < ICF else f"ICF-{y}-{n:06d}")
        else:
            ids.append(f"KPD{y}{n:07d}")
    return ids


if __name__ == "__main__":
    from bench.linkage import csvcli

    csvcli.main(write_csv, __doc__.splitlines()[0] if __doc__ else None)
