"""Generator 6: a New Taipei City (新北市) safety-net caseload as six agency systems export it.

Everything about people is invented (names, ID and resident numbers, phones, house numbers);
district, village-name and road names are real public geography. Standard library only.
`write_csv(path, count, seed=, truth=)` writes exactly `count` rows (UTF-8, no BOM, "\\n") with
`source_system, source_id, name, national_id, birth_date, sex, address, phone[, truth]`; the same
seed gives the same bytes. `truth` is a person key (P0000000 …, numbered in a shuffled order). Rows
are grouped by system and sorted by source_id, which counts cases by event date within a year:
prot `1120000123-2` (ROC year, report, person in report), fam `F1120000123-1` (case, member),
sui `20230000123`, psy `M1120000123`, aid `L1120000123-1` (household of a yearly export, member),
drug `D1120000123`. The modules: generate6_world (people, homes, life events),
generate6_households, generate6_episodes (who is reported where), generate6_render and
generate6_systems (the error model), generate6_names / _chars / _ids / _places / _geo / _formats.

Figures at 120,000 records, seed 1: 66,401 persons, 1.81 records per person; 87.6% of records
carry an ID number, 92.1% a birth date, 93.5% an address, 74.2% a phone (name 99.8%, sex 99.7%).
Rows: prot 26,332 · fam 31,880 · sui 4,235 · psy 7,203 · aid 46,512 · drug 3,838. Persons in
1/2/3/4/5 systems: 43,587 / 19,022 / 3,527 / 257 / 8; with 1/2/3/4+ records: 33,470 / 18,909 /
9,168 / 4,854. 120,000 records take 3.1 s and 98 MB; 1,000,000 records take 28 s wall and 703 MB
peak RSS on this 2-core machine (`/usr/bin/time -v`), 555,036 persons.

THE WORLD (all dates fall in the window 2019-01-01 … 2025-12-31, ROC 108-114)
Households by kind (weights): elder alone 9 (65% women, born 1926-58; a child living elsewhere
45%) · elder couple 6 (child elsewhere 35%) · couple with children 17 (father born 1966-99, mother
0-6 years younger) · single parent 15 (8% a foreign/mainland mother; else mothers 80%, born
1968-2003; the ex-partner lives elsewhere and can appear 50%) · three generations 10 (grandparents
born 1935-65, both 70%, else the grandmother alone; both parents at home 75%, else the father
lives elsewhere) · grandparents raising grandchildren 5 (grandmother 70%; the absent father
appears 70%, 40% of them drug-prone) · foreign or mainland spouse 9 (husband born 1950-90, his
mother lives with them 25%) · single adult 15 (men 65%, born 1958-2004, drug-prone 30%, registered
at the district household registration office 2%, a parent elsewhere 30%) · adult child with an
aged parent 6 (parent born 1932-60, women 70%; child 20-35 years younger, men 62%, drug-prone 20%)
· blended family 4 (mother, her partner, 1-3 children with the ex's surname, a joint child 30%;
30% of step-children take the partner's surname on a day in the window) · institution 0.5 (nursing
home 35% with 15-50 residents, psychiatric halfway house 25% 12-30, children's home 20% 8-25,
shelter 20% 10-35; one address and one switchboard line for all; own mobiles 10/50/20/40%;
registered at the institution 40/20/0/10%, shelter residents at the household registration office
30%, the rest at an old home). The family's contact person (whose mobile caseworkers write down)
is the mother or grandmother 80% when one has a mobile, else an adult member with one, else a
relative living elsewhere.
Children: 1-4 (1-3 for single parents), the first at the mother's age 19-32, 1-4 years apart;
51.5% boys; twins 1.8% of births (same sex 60%, same birth date, consecutive ID serials);
surname the father's (97%; 85% with single mothers). Siblings share a generation character
(字輩) 30% / 18% / 10% when born before 1980 / 2000 / later; twins always.
Indigenous: 6% of couple, single-parent, three-generation, grandparent and single-adult
households (25% of them in 烏來區); Han surnames by Indigenous frequency (高 林 陳 潘 …); 15%
bear a traditional name (瓦旦．達少, romanised Watan Tasaw) and 4% of adults take one up in
the window; ID letter from U/V/T/F/H/G/M for 80% of adults and 50% of children.
Homes: district by population × a caseload factor (三重 1.25, 瑞芳 1.5, rural districts 1.4,
烏來 1.6, 永和 0.85, 林口 0.8 …). The registered address (戶籍) is the home 78%, another New
Taipei address 14%, an address in another county 8%. 22% of households move in the window
(60% within the district); the registration follows 55% of moves of households registered at
home; a landline (70% of elder households, 30% of families, 15% of single adults) is replaced
after 60% of moves and dropped otherwise. Addresses: lane 42%, alley 28% of those, 之 on the
number 8%, no floor 14%, floor 之 10%, 里 and 鄰 1-30.
Names: surnames by the interior ministry's shares (陳 11.1%, 林 8.3%, 黃 6.0% … 180 surnames,
compound 張簡/歐陽/范姜/司馬/諸葛/上官/端木 ~0.1%). Given names by sex and birth era (before
1950, 1950-64, 65-79, 80-94, 95-2009, 2010-): 8% from the era's 30 popular names (Zipf
s=0.6: 秀英, 淑芬, 怡君, 品妍, 志明, 家豪, 承恩 …), one character 3% → 0.4% by era, the rest
two characters from the era group's ~45 first and ~45 second characters (Zipf s=0.4). The
commonest full names reach ~25 per 100,000 persons (陳品妍, 陳建宏, 陳秀英).
National IDs: first-registration letter by birth period (F 22% / 40% / 66% for adults born
before 1960 / 1960-89 / later, 88% for the caseload's children; A 10-14%; the rest by
migration: P Q N R T K M G C U V E S …; Y only before 1960, L R S never for children), sex
digit 1/2, third digit 0-5, valid check digit, unique.
New residents: mainland 58%, Vietnam 25%, Indonesia 7%, Philippines 4%, Thailand 4%, Cambodia 3%;
arrival 1998-2022. Resident number of the old form (letter F 70% / A 20% / H 10%, A/B for
mainland, C/D foreign, male/female, 7 digits, check) until 2021-01-02, then the new form (letter,
8/9 for sex, 9 mainland or 0-6 foreign, check). Naturalisation 70% of Southeast Asians after 4-8
years and 80% of mainland spouses after 6-10: a national ID with third digit 6 or 9 (letter F
90%); Southeast Asians take a Chinese name then (transliterated surname 阮/陳/黎 45%, the husband's
35%, another 20%), mainland spouses keep theirs. Certificates carry a latin name (NGUYEN THI HOA;
given + family from small pools, Indonesians one word 30%) and for Vietnamese a Han
transliteration (阮氏花). Naturalised more than three years before the window: only the ID; 0-3 years
before: the old number is still the one before (see id_stale).
Other lives: 2.5% of adults aged 18-65 change their given name (改名) in the window; 25% of
married women born before 1955 are registered with the husband's surname first (冠夫姓, 陳林秀英).
Own mobile by age: none under 11, 55% at 11-14, 80% at 15-17, 90% adults, 72% at 65-79, 45% 80+;
20% change number once in the window and 5% twice; drug-prone people 1-2 more times. Mobile
prefixes 0910-0939 and 0952-0989; landlines 02 + the district's exchange prefixes.

EPISODES (chance per household kind that each happens in the window; per resident in institutions)
elder alone: aid .50 elder-abuse/neglect .18 psy .08 sui .05 fam .04 · elder couple: aid .45
elder .12 IPV .05 psy .07 sui .05 · couple+children: fam .42 child .33 IPV .22 aid .20 psy .13
sui .08 drug .07 · single parent: fam .55 aid .45 child .28 IPV .12 psy .13 sui .10 drug .06 ·
three generations: fam .40 aid .30 child .22 IPV .15 elder .08 psy .13 sui .08 drug .06 ·
grandparents: fam .60 aid .55 child .20 drug .25 psy .04 · new-resident family: fam .50 IPV
.30 child .18 aid .30 psy .05 sui .06 · single adult: psy .38 sui .25 drug .28 aid .30 IPV .06 ·
adult with parent: psy .40 drug .15 elder .25 aid .35 sui .10 · blended: IPV .45 child .35 fam
.45 drug .10 aid .20 · nursing home: aid .40 elder .04 psy .04 · halfway house: psy .95 aid
.40 sui .06 · children's home: child .60 sui .02 · shelter: aid .60 drug .20 psy .20 sui .05.
A household with no episode gets up to two more draws; one still without is not in the data.
Repeats (each again with the same chance, 2-18 months later): child report .18, IPV .25,
elder .12, family case reopened (a year or more later) .12, suicide attempt .22, psychiatric
re-enrolment (a year or more later) .15, drug re-referral .15.
Who is written: child report: the eldest child 60% / the two youngest 25% / all 15%, the abuser
(a step-father 60% when there is one) 85%, each other carer 40%, each other child 20% ·
IPV: the woman 85%, the partner (or the ex living elsewhere) 92%, each child as witness
(目睹) 45% · elder: a person 65+, an adult child or spouse as abuser 70% · psy/sui/drug: one
member by role (drug: men ×2.5, absent fathers most) · family services: every member 65%,
else the children and the contact person · low-income register: 1 (60%) / 2 (28%) / 3 (12%)
consecutive yearly exports of every member, applicant first, one member missing from 5% of
exports. No one is in more than 5 systems (the sixth system's rows are dropped).
Reporters: child protection police 15% hospital 10% school 35% social worker 15% 113/public
25%; IPV police 55% hospital 25% social worker 8% 113 12%; elder police 20% hospital 20%
social worker 35% 113 25%. ER suicide reports: conscious, NHI card 78%; brought in, told by
family 21.2%; unidentified 0.8%: 無名氏 (70%) or 不詳男/不詳女, sex, and for half of them a birth
date from a guessed age, nothing else.

ERROR MODEL (probability per row; columns prot = 保護資訊系統 by reporter police/hospital/
school/social/113, fam = 脆弱家庭, sui = 自殺防治 conscious/brought-in, psy = 精神照護, aid = 社會救助,
drug = 毒品個案管理; "prot" alone means all five reporters)
                 prot (pol/hos/sch/soc/113)      fam    sui (con/bro)  psy    aid    drug
name missing     .003/0/0/0/.04                  0      0              0      0      0
title 陳小姐     .01/.01/.15/.03/.30 adults      0      0/.05          0      0      0
nickname 阿明    .005/.005/.01/0/.08             .003   0/.03          0      0      .04
given only       0/0/.02/0/.05 children          0      0              0      0      0
alias 化名       0                               0      0              0      0      .02
homophone        .025 (113 .08)                  .02    .005/.03       .008   .004   .015
variant 溫/温    .01 (when the name has one)     .008   .02            .01    .015   .01
simplified       .002                            .002   0              .001   .0005  .003
  mainland names .10                             .15    .05            .05    .02    .10
space 陳 怡君    .005                            .004   0              0      .002   0
冠夫姓 written   .40                             .50    .80            .70    .95    .30
  not registered .01 (women 40+)                 .005   0              0      0      0
name before a change .25                         .10    .10            .30    .05    .30
latin, else 阮氏花 .45 (Han only for Vietnamese)  .50    .85/.50        .60    .70    .70
ID missing       .10/.15/.20 (pupils .08)/.25/.90 .12   .03/.40        .01    .005   .05
ID typo          .012                            .015   .006           .004   .005   .008
ID transposition .005                            .008   .003           .003   .003   .004
other member's ID .008                           .006   0              .001   .001   .002
wrong letter     .002                            .002   0              0      0      0
masked           0                               0      .06 F12****789 0      0      .03 F123****89
lower case       .003                            .004   0              0      0      0
full-width       .002                            .003   0              0      0      0
number before a change .20                       .15    .20            .25    .10    .25
birth date missing .08/.08/.05/.15/.60           .07    .01/.25        .005   0      .03
from a guessed age .03/.04/0/.05/.25             .02    0/.20          0      0      .01
day/month swap   .004                            .005   .002           .002   .001   .003
one-digit slip   .010                            .012   .004           .004   .003   .008
sex missing      .03 (不詳)                      .01    .01            .002   0      .01
sex wrong        .004                            .003   .002           .001   .001   .002
sex codes        男/女                           M/F    1/2            男/女  1/2    M/F 70% 男/女 30%
address missing  .05/.20/.08/.10/.30             .05    .15/.35        .03    0      .10
registered 戶籍  .10/.60/.40/.10/.10             .08    .55            .50    1      .65
before a move    .08 (school .20)                .10    .10            .50    .03    .45
partial          .02/.01/0/0/.30                 0      0/.05          0      0      .02
number slip      .010                            .012   .008           .005   .004   .008
English (latin-named only) .20                   .15    .30            .05    0      .10
city omitted     .25                             .30    .15            .10    .05    .20
里/鄰 written    .02                             .05    .10            .30    .60    .15
full-width digits .08                            .12    .05            .10    .35    .10
Chinese digits   0                               0      0              0      .10    0
floor in Chinese .10                             .15    .05            .20    .40    .10
floor omitted    .12                             .06    .05            .04    .02    .10
5-1號 / 3F-1     .25                             .20    .15            .05    0      .20
postcode         .03                             .05    .10            .15    .10    .05
台 for 臺        .50                             .50    .50            .30    .30    .40
臺北縣板橋市     .005                            .003   0              .04    .01    .04
phone missing    .20/.30/.10/.25/.65             .10    .20            .10    .25    .25
contact's mobile .25 (school .80)                .65    .30/.70        .15    .85    .20
home landline    .20                             .15    .15            .45    .30    .10
number before a change .10                       .12    .15            .35    .20    .45
phone typo       .008                            .010   .008           .005   .006   .010
extension #12 (institutions) 0                   0      0              .50    .30    0
Perpetrators in protection reports are known less: an ID is there ×0.55 as often as for the
victim, a birth date ×0.70, an address ×0.85, a phone ×0.60; a title instead of a name ×1.5.
Titles: 阿公/阿嬤 for 65+, 爸爸/媽媽 for a carer in a child report, else 先生, 小姐 (<40) or 太太. Nicknames: 阿
+ the last character (小 for children under 12). Homophones replace one character of the given name
(15%: any character, so also surnames: 黃/王, 周/鄒, 吳/胡, 許/徐 …). The phone written is the contact
person's mobile (the family's main caller) with the rate above, or when the person has neither
mobile nor landline; else the landline with the rate above, or when there is no own mobile; else
the own mobile.
Latin names: FAMILY GIVEN 55%, Title Case 15%, FAMILY, GIVEN 6%, GIVEN FAMILY 6%, Vietnamese
diacritics 6%, the middle name dropped 6%, run together 3%, lower case 3%. Traditional names:
separator ． 42% ‧ 17% ・ 8% · 8% none 17% space 8%; romanised 4%.
Birth-date formats: prot 075/03/12 85%, 75/03/12 7%, 1986-03-12 5%, 民國75年3月12日 3% · fam 075/03/12
70%, 75/03/12 15%, 民國… 5%, 1986/03/12 9%, Excel serial 31483 1% · sui 1986-03-12 85%, 1986/3/12
10%, 19860312 5% · psy 0750312 70%, 075/03/12 20%, 1986/03/12 10% · aid 民國75年3月12日 40%, 0750312
37%, 750312 3%, 75/03/12 20% · drug 1986/03/12 45%, 75/03/12 35%, 1986-03-12 10%, 3/12/1986 5%,
Excel serial 5%.
Mobile formats typed (prot, sui, psy, drug): 0912345678 45%, 0912-345-678 30%, 0912-345678 15%,
0912 345 678 3%, +886912345678 3%, +886-912-345-678 2%, 886912345678 2%; from spreadsheets (fam,
aid): 0912345678 55%, 0912-345-678 25%, 0912-345678 12%, 912345678 5%, +886… 3%.
Landlines typed (prot, fam, sui, drug): (02)2968-1234 35%, 02-2968-1234 20%, 02-29681234 20%,
0229681234 10%, 29681234 8%, 2968-1234 5%, +886-2-2968-1234 2%; psy (02)2968-1234 60%,
02-2968-1234 15%, 02-29681234 15%, 0229681234 10%; aid (02)2968-1234 40%, 02-29681234 25%,
0229681234 15%, 229681234 5%, (02)29681234 10%, 29681234 5%.
"""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

from bench.linkage import generate6_households as hh
from bench.linkage import generate6_systems as sy
from bench.linkage.generate6_episodes import AID, CODES, FAM, PROT, SUI, Cases
from bench.linkage.generate6_world import World

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
# Case-number prefixes per system; prot, fam and aid number the people of a case after a dash.
_PREFIX = ("", "F", "", "M", "L", "D")
_PER_PERSON = (PROT, FAM, AID)

# (system, day, case key, position in case, name, id, birth date, sex, address, phone, person)
Row = tuple[int, int, float, int, str, str, str, str, str, str, int]


def rows(count: int, seed: int) -> list[Row]:
    """count rows in generation order."""
    rng = random.Random(seed)
    world = World(rng)
    cases = Cases(world)
    out: list[Row] = []
    while len(out) < count:
        for seen in cases.household(hh.build(world)):
            out.append((seen[0], seen[1], seen[2], seen[3], *sy.render(rng, seen), seen[4].pid))
    del out[count:]
    return out


def write_csv(path: str, count: int, *, seed: int, truth: bool = True) -> None:
    data = rows(count, seed)
    data.sort(key=lambda t: (t[0], t[1], t[2], t[3]))
    pids = sorted({t[10] for t in data})
    order = list(range(len(pids)))
    random.Random(seed * 7919 + 6).shuffle(order)
    key = {pid: f"P{order[i]:07d}" for i, pid in enumerate(pids)}
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow([*HEADER, "truth"] if truth else HEADER)
        serial = 0
        last: tuple[int, int, int, float] = (-1, -1, -1, -1.0)
        for t in data:
            system, day = t[0], t[1]
            year = date.fromordinal(day).year
            case = (system, year, day, t[2])
            if case[:2] != last[:2]:
                serial = 0
            if case != last:
                serial += 1
                last = case
            if system in _PER_PERSON:
                sid = f"{_PREFIX[system]}{year - 1911}{serial:07d}-{t[3]}"
            elif system == SUI:
                sid = f"{year}{serial:07d}"
            else:
                sid = f"{_PREFIX[system]}{year - 1911}{serial:07d}"
            row = [CODES[system], sid, *t[4:10]]
            if truth:
                row.append(key[t[10]])
            out.writerow(row)
