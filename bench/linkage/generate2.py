"""A second generator of multi-system records, written apart from the demo city's
(`safetynet/demo/records.py`) so that linkage is measured on an error model it was not built
against.

    .venv/bin/python -m bench.linkage.generate2 --records 120000 --seed 5 --out records.csv

What differs from the first generator:

- A Taipei-like city of its own: its own surname frequencies, given-name characters, roads with
  sections, lanes and alleys, villages (里) and neighbourhoods (鄰), landlines shared by a household.
- Households with twins (same birthday, a shared generation character, often the same sex), a son
  named after his father, three generations under one roof, and foreign spouses.
- Foreign spouses: a Latin-script name (NGUYEN THI MAI, any order and case, the middle name
  sometimes dropped) and an old resident-certificate number (two letters + 8 digits); later a
  Chinese name (阮氏梅 or a wholly new one) and a new-format number (letter + 8/9 + 8 digits).
  A system written before the change keeps the old name and number; some mix them.
- Name corruptions: homophones from a wide pool of characters (any tone), a three-character name
  shortened to two (陳怡君 → 陳君 or 陳怡), simplified characters, variant characters (温/溫, 啓/啟),
  a look-alike character (己/已), spaces between characters.
- IDs missing at system-specific rates (15 %–70 %), one-digit slips, swapped neighbours,
  lower case, full-width characters, spaces and hyphens.
- Birth dates missing (up to 30 %), day and month swapped, a year off, a ROC year written as
  if AD-ordered (069/3/15), day-first (15/03/1980), 7-digit ROC.
- Addresses with 里 and 鄰, 之 for sub-numbers and rooms, postcodes, Chinese numerals, the floor
  left out, only road and number, and English (4F.-2, No. 3, Aly. 5, Ln. 100, Songren Rd.).
- Six systems, each with its own share of people and error rates; duplicates inside a system.

The file has the columns of `safetynet link` plus `truth` (the person), unless --no-truth.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import opencc
from pypinyin import Style, lazy_pinyin

from safetynet.core.twid import LETTER_VALUES, check_digit

COLUMNS = ["source_system", "source_id", "name", "national_id", "birth_date", "sex", "address",
           "phone"]  # fmt: skip
TODAY = dt.date(2026, 6, 30)

_SURNAMES = (
    "陳" * 22
    + "林" * 16
    + "黃" * 12
    + "張" * 10
    + "李" * 10
    + "王" * 8
    + "吳" * 8
    + "劉" * 6
    + "蔡" * 6
    + "楊" * 6
    + "許" * 4
    + "鄭" * 4
    + "謝" * 4
    + "郭" * 3
    + "洪" * 3
    + "曾" * 3
    + "邱" * 3
    + "廖" * 3
    + "賴" * 3
    + "周" * 3
    + "徐" * 2
    + "蘇" * 2
    + "葉" * 2
    + "莊" * 2
    + "呂" * 2
    + "江" * 2
    + "何" * 2
    + "蕭" * 2
    + "羅" * 2
    + "高" * 2
    + "潘簡朱鍾彭游詹胡施沈余趙"
    "盧梁顏柯孫魏翁戴范方宋鄧杜傅侯曹薛丁卓阮馬董溫唐藍蔣石古紀姚連馮"
)
_COMPOUND = ("歐陽", "張簡", "范姜", "司馬")
_GIVEN_F = "淑美麗惠玉秀芳雅婷怡君佩玲珍慧雯芬琪筠欣萱涵蓉瑜娟貞宜儀靜華青瑩蘭鳳嘉彤妍晴"
_GIVEN_M = "志明文國建俊偉宏家豪承翰冠宇柏勝傑信仁德祐廷凱哲銘育誠昌榮輝峰彥正平安順雄泰"
_GIVEN_ANY = "子心恩品思詠宥芯語庭琳昱晨瑞"
# A wide pool for homophones: a clerk hears a sound and writes some character with it.
_POOL = (
    _GIVEN_F + _GIVEN_M + _GIVEN_ANY + "依伊意益亦毅藝憶逸軍均鈞俊峻竣駿霆亭姍杉善蕙薇維唯緯瑋齡鈴"
    "玟紋聞紛汾昀云芸耘韻媚梅玫鳴名佳加杰潔捷浩皓昊鴻弘泓熊樺驊觀雨羽禹丞恩嬪妤予于姿梓"
    "欣馨新穎盈含晗絲詩淇其棋祺珊瀚漢晏雁燕暉愷鎧致睿銳喆辰臣政幗英瑛鶯繡淑舒書抒菊橘"
    "蓮廉連憐鈺毓育郁昱煜宗棕綜聰璁蔥忠中鐘衷仲眾民敏閔憫皓昊號耀曜瑤遙堯姚勇湧詠泳永"
)
_LOOK_ALIKE = {"己": "已", "未": "末", "士": "土", "日": "曰", "玉": "王", "大": "太", "天": "夫",
               "人": "入", "千": "干", "田": "由"}  # fmt: skip
_VARIANTS = {"溫": "温", "啟": "啓", "群": "羣", "峰": "峯", "臺": "台", "秀": "琇", "妍": "姸"}
_to_simplified = opencc.OpenCC("t2s")
_FULL_WIDTH = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                            "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")  # fmt: skip
_CN = "〇一二三四五六七八九"

# Foreign spouses: Latin name parts and the Chinese surname usually taken for them.
_FOREIGN = {
    "NGUYEN": "阮", "TRAN": "陳", "LE": "黎", "PHAM": "范", "HOANG": "黃", "VU": "武",
    "DANG": "鄧", "BUI": "裴", "DO": "杜", "HO": "胡", "SITI": "", "DEWI": "", "SRI": "",
    "SANTOS": "", "REYES": "", "CRUZ": "", "SOMCHAI": "",
}  # fmt: skip
_FOREIGN_GIVEN = ["THI MAI", "THI HOA", "THI LAN", "THI THU", "NGOC ANH", "THI HUONG", "KIM LOAN",
                  "AMINAH", "RAHAYU", "LESTARI", "MARIA", "JOY", "ANA", "MALAI", "SUDA"]  # fmt: skip
_FOREIGN_GIVEN_ZH = {"THI MAI": "氏梅", "THI HOA": "氏花", "THI LAN": "氏蘭", "THI THU": "氏秋",
                     "NGOC ANH": "玉英", "THI HUONG": "氏香", "KIM LOAN": "金鸞"}  # fmt: skip

# (Chinese name, romanised name for English addresses); sections where the road has them.
_ROADS = [
    ("松仁路", "Songren Rd.", 0), ("信義路", "Xinyi Rd.", 5), ("忠孝東路", "Zhongxiao E. Rd.", 7),
    ("基隆路", "Keelung Rd.", 2), ("和平東路", "Heping E. Rd.", 3), ("羅斯福路", "Roosevelt Rd.", 6),
    ("民生東路", "Minsheng E. Rd.", 5), ("南京東路", "Nanjing E. Rd.", 5), ("中山北路", "Zhongshan N. Rd.", 7),
    ("復興南路", "Fuxing S. Rd.", 2), ("敦化南路", "Dunhua S. Rd.", 2), ("光復南路", "Guangfu S. Rd.", 0),
    ("永吉路", "Yongji Rd.", 0), ("吳興街", "Wuxing St.", 0), ("莊敬路", "Zhuangjing Rd.", 0),
    ("興隆路", "Xinglong Rd.", 4), ("木柵路", "Muzha Rd.", 4), ("景美街", "Jingmei St.", 0),
    ("內湖路", "Neihu Rd.", 3), ("成功路", "Chenggong Rd.", 5), ("承德路", "Chengde Rd.", 7),
    ("重慶北路", "Chongqing N. Rd.", 4), ("延平北路", "Yanping N. Rd.", 9), ("士東路", "Shidong Rd.", 0),
    ("天母東路", "Tianmu E. Rd.", 0), ("石牌路", "Shipai Rd.", 2), ("北投路", "Beitou Rd.", 2),
    ("萬大路", "Wanda Rd.", 0), ("西園路", "Xiyuan Rd.", 2), ("康定路", "Kangding Rd.", 0),
]  # fmt: skip
_DISTRICTS = [("信義區", "Xinyi Dist.", "110"), ("大安區", "Da'an Dist.", "106"),
              ("中山區", "Zhongshan Dist.", "104"), ("文山區", "Wenshan Dist.", "116"),
              ("內湖區", "Neihu Dist.", "114"), ("士林區", "Shilin Dist.", "111"),
              ("北投區", "Beitou Dist.", "112"), ("萬華區", "Wanhua Dist.", "108")]  # fmt: skip
_VILLAGES = "松仁安和興雅三張永春福德黎忠大道景行明德光華中正仁愛成功和平"


@dataclass(frozen=True)
class System:
    name: str
    prefix: str
    share: float
    id_missing: float
    id_slip: float
    dob_missing: float
    dob_error: float
    homophone: float
    shortened: float
    simplified: float
    look_alike: float
    old_era: float  # for a foreign spouse: the record still has the old name and certificate
    address_missing: float
    english_address: float
    phone_missing: float
    duplicate: float
    date_style: str
    ages: tuple[int, int] = (0, 110)


SYSTEMS = [
    System("mental_health", "MH", 0.20, 0.15, 0.02, 0.04, 0.02, 0.04, 0.03, 0.0, 0.004, 0.3,
           0.05, 0.0, 0.3, 0.03, "roc_dash", (12, 110)),
    System("dv_hotline", "DV", 0.14, 0.70, 0.05, 0.30, 0.05, 0.18, 0.10, 0.0, 0.01, 0.6,
           0.30, 0.05, 0.1, 0.05, "roc_words"),
    System("child_welfare", "CW", 0.16, 0.20, 0.02, 0.08, 0.03, 0.06, 0.04, 0.0, 0.005, 0.4,
           0.10, 0.02, 0.2, 0.02, "ad_dayfirst", (0, 20)),
    System("social_assistance", "SA", 0.22, 0.02, 0.01, 0.01, 0.01, 0.02, 0.01, 0.0, 0.002, 0.0,
           0.02, 0.0, 0.4, 0.01, "roc7"),
    System("elder_care", "EC", 0.14, 0.05, 0.02, 0.03, 0.04, 0.03, 0.02, 0.0, 0.004, 0.2,
           0.03, 0.0, 0.2, 0.02, "iso", (55, 110)),
    System("new_resident_services", "NR", 0.14, 0.25, 0.03, 0.12, 0.04, 0.08, 0.05, 0.15, 0.006,
           0.7, 0.10, 0.35, 0.3, 0.03, "ad_slash", (16, 90)),
]  # fmt: skip


@dataclass
class Home:
    district: int
    village: str
    neighbourhood: int
    road: int
    section: int
    lane: int
    alley: int
    number: int
    sub: int
    floor: int
    room: int
    landline: str


@dataclass
class Person:
    key: str
    name: str
    sex: str
    born: dt.date
    national_id: str
    home: Home
    old_home: Home | None
    mobile: str
    latin_name: str = ""  # foreign spouses: the name before the Chinese one
    old_certificate: str = ""  # and the old resident-certificate number
    members: list[Person] = field(default_factory=list, repr=False)


def _homophones() -> dict[str, list[str]]:
    by_sound: dict[str, list[str]] = {}
    for char in dict.fromkeys(_POOL):
        by_sound.setdefault(lazy_pinyin(char, style=Style.NORMAL)[0], []).append(char)
    return {c: [o for o in group if o != c] for group in by_sound.values() for c in group}


HOMOPHONES = _homophones()


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"holdout-{seed}")
        self.used_ids: set[str] = set()
        self.homes: list[Home] = []

    # --- people -------------------------------------------------------------------------
    def _id(self, sex: str, kind: str = "national") -> str:
        rng = self.rng
        while True:
            letter = rng.choice("ABCDEFGHJKLMNPQTUVWXZ")
            if kind == "old":
                second = rng.choice("AC" if sex == "M" else "BD")
                body = f"{rng.randrange(10**7):07d}"
                digits = [LETTER_VALUES[letter] // 10, LETTER_VALUES[letter] % 10,
                          LETTER_VALUES[second] % 10, *map(int, body)]  # fmt: skip
                weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1)
                check = (10 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
                number = f"{letter}{second}{body}{check}"
            else:
                first = ("1" if sex == "M" else "2") if kind == "national" else (
                    "8" if sex == "M" else "9")  # fmt: skip
                prefix = f"{letter}{first}{rng.randrange(10**7):07d}"
                number = prefix + check_digit(prefix)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def _home(self) -> Home:
        rng = self.rng
        road = rng.randrange(len(_ROADS))
        sections = _ROADS[road][2]
        home = Home(
            district=rng.randrange(len(_DISTRICTS)),
            village=rng.choice(_VILLAGES) + rng.choice(_VILLAGES) + "里",
            neighbourhood=rng.randint(1, 30),
            road=road,
            section=rng.randint(1, sections) if sections else 0,
            lane=rng.choice([0, 0, rng.randint(1, 600)]),
            alley=rng.choice([0, 0, 0, rng.randint(1, 60)]),
            number=rng.randint(1, 400),
            sub=rng.choice([0] * 6 + [rng.randint(1, 9)]),
            floor=rng.choice([1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 12, 15]),
            room=rng.choice([0] * 5 + [rng.randint(1, 6)]),
            landline=f"02-2{rng.randrange(10**7):07d}" if rng.random() < 0.5 else "",
        )
        self.homes.append(home)
        return home

    def _mobile(self) -> str:
        return f"09{self.rng.randrange(10**8):08d}" if self.rng.random() < 0.85 else ""

    def _given(self, sex: str, generation: str = "") -> str:
        rng = self.rng
        chars = (_GIVEN_M if sex == "M" else _GIVEN_F) + _GIVEN_ANY
        if rng.random() < 0.07 and not generation:
            return rng.choice(chars)  # a one-character given name: 林欣
        first = generation or rng.choice(chars)
        second = rng.choice(chars)
        while second == first:
            second = rng.choice(chars)
        return first + second

    def _surname(self) -> str:
        return (
            self.rng.choice(_COMPOUND) if self.rng.random() < 0.01 else self.rng.choice(_SURNAMES)
        )

    def _born(self, low: int, high: int) -> dt.date:
        start = TODAY - dt.timedelta(days=365 * high)
        return start + dt.timedelta(days=self.rng.randrange(365 * (high - low)))

    def _person(self, key: str, name: str, sex: str, born: dt.date, home: Home) -> Person:
        moved = self.rng.random() < 0.15
        return Person(key, name, sex, born, self._id(sex), home,
                      self._home() if moved else None, self._mobile())  # fmt: skip

    def household(self, number: int) -> list[Person]:
        rng = self.rng
        home = self._home()
        surname = self._surname()
        people: list[Person] = []

        def add(name: str, sex: str, born: dt.date) -> Person:
            person = self._person(f"H{number}-{len(people)}", name, sex, born, home)
            people.append(person)
            return person

        kind = rng.random()
        if kind < 0.18:  # one person alone, often old
            sex = rng.choice("MF")
            add(surname + self._given(sex), sex, self._born(20, 95))
            return people
        father_born = self._born(28, 80)
        father = add(surname + self._given("M"), "M", father_born)
        if rng.random() < 0.07:  # a foreign spouse
            latin_surname = rng.choice(list(_FOREIGN))
            latin_given = rng.choice(_FOREIGN_GIVEN)
            zh_surname = _FOREIGN[latin_surname] or self._surname()
            zh_given = _FOREIGN_GIVEN_ZH.get(latin_given) or self._given("F")
            mother = add(
                zh_surname + zh_given, "F", father_born + dt.timedelta(days=rng.randint(1000, 6000))
            )
            mother.national_id = self._id("F", "new")
            mother.old_certificate = self._id("F", "old")
            mother.latin_name = f"{latin_surname} {latin_given}"
        else:
            mother_born = father_born + dt.timedelta(days=rng.randint(-2500, 2500))
            add(self._surname() + self._given("F"), "F", min(mother_born, TODAY))
        if rng.random() < 0.15:  # a grandparent under the same roof
            sex = rng.choice("MF")
            born = father_born - dt.timedelta(days=rng.randint(20, 35) * 365)
            add((surname if sex == "M" else self._surname()) + self._given(sex), sex, born)
        children = rng.choice([0, 1, 1, 2, 2, 2, 3, 4])
        generation = rng.choice(_GIVEN_ANY + _GIVEN_M) if rng.random() < 0.4 else ""
        youngest = min(TODAY - dt.timedelta(days=365), father_born + dt.timedelta(days=365 * 22))
        for i in range(children):
            sex = rng.choice("MF")
            born = youngest + dt.timedelta(days=rng.randint(0, max(1, (TODAY - youngest).days)))
            born = min(born, TODAY - dt.timedelta(days=30))
            if i == 0 and sex == "M" and rng.random() < 0.03:
                add(father.name, "M", born)  # named after his father
                continue
            add(surname + self._given(sex, generation), sex, born)
            if rng.random() < 0.03:  # twins: same birthday, a shared character
                twin_sex = sex if rng.random() < 0.6 else ("F" if sex == "M" else "M")
                first = people[-1].name[len(surname)]
                add(surname + self._given(twin_sex, first), twin_sex, born)
        return people

    # --- records ------------------------------------------------------------------------
    def records(self, count: int) -> Iterator[dict[str, str]]:
        rng = self.rng
        persons: list[Person] = []
        households = 0
        while len(persons) < count / 2.3:
            persons.extend(self.household(households))
            households += 1
        weights = [s.share for s in SYSTEMS]
        serial = 0
        made = 0
        while made < count:
            person = rng.choice(persons)
            # How many systems know this person: mostly one or two, some many.
            known = min(len(SYSTEMS), 1 + int(rng.expovariate(0.9)))
            chosen = {s.name: s for s in rng.choices(SYSTEMS, weights, k=known)}
            age = (TODAY - person.born).days // 365
            for system in chosen.values():
                if not system.ages[0] <= age <= system.ages[1] and rng.random() < 0.95:
                    continue
                for _ in range(2 if rng.random() < system.duplicate else 1):
                    serial += 1
                    yield self.record(person, system, f"{system.prefix}-{serial:07d}")
                    made += 1
                    if made >= count:
                        return

    def record(self, person: Person, system: System, source_id: str) -> dict[str, str]:
        rng = self.rng
        old_era = bool(person.latin_name) and rng.random() < system.old_era
        if old_era:
            name = self._latin(person.latin_name)
            number = person.old_certificate if rng.random() < 0.85 else person.national_id
        else:
            name = self._corrupt(person.name, system)
            number = person.national_id if rng.random() < 0.9 or not person.old_certificate else (
                person.old_certificate)  # fmt: skip
        home = person.old_home if person.old_home and rng.random() < 0.4 else person.home
        return {
            "source_system": system.name,
            "source_id": source_id,
            "name": name,
            "national_id": "" if rng.random() < system.id_missing else self._write_id(number, system),
            "birth_date": "" if rng.random() < system.dob_missing else self._date(person.born, system),
            "sex": "" if rng.random() < 0.1 else rng.choice(
                {"M": ["男", "M", "1", "男性"], "F": ["女", "F", "2", "女性"]}[person.sex]),
            "address": "" if rng.random() < system.address_missing else self._address(home, system, old_era),
            "phone": "" if rng.random() < system.phone_missing else self._phone(person, home),
            "truth": person.key,
        }  # fmt: skip

    def _latin(self, name: str) -> str:
        rng = self.rng
        words = name.split()
        if len(words) > 2 and rng.random() < 0.2:
            del words[1]  # the middle name dropped: NGUYEN MAI
        if rng.random() < 0.3:
            words = words[1:] + words[:1]  # given names first
        text = " ".join(words)
        return text.title() if rng.random() < 0.4 else text

    def _corrupt(self, name: str, system: System) -> str:
        rng = self.rng
        compound = name[:2] in _COMPOUND
        surname, given = (name[:2], name[2:]) if compound else (name[:1], name[1:])
        if len(given) == 2 and rng.random() < system.shortened:
            given = given[0] if rng.random() < 0.5 else given[1]  # 陳怡君 → 陳怡 or 陳君
        if given and rng.random() < system.homophone:
            i = rng.randrange(len(given))
            options = HOMOPHONES.get(given[i])
            if options:
                given = given[:i] + rng.choice(options) + given[i + 1 :]
        if given and rng.random() < system.look_alike:
            given = "".join(_LOOK_ALIKE.get(c, c) for c in given)
        name = surname + given
        if rng.random() < 0.04:
            name = "".join(_VARIANTS.get(c, c) for c in name)
        if rng.random() < system.simplified:
            name = _to_simplified.convert(name)
        if rng.random() < 0.01:
            name = " ".join(name)
        return name

    def _write_id(self, number: str, system: System) -> str:
        rng = self.rng
        if rng.random() < system.id_slip:
            chars = list(number)
            i = rng.randrange(3, 10)
            if rng.random() < 0.5:
                chars[i - 1], chars[i] = chars[i], chars[i - 1]
            else:
                chars[i] = str((int(chars[i]) + rng.randint(1, 9)) % 10)
            number = "".join(chars)
        style = rng.random()
        if style < 0.03:
            return number.lower()
        if style < 0.05:
            return number.translate(_FULL_WIDTH)
        if style < 0.07:
            return f"{number[:4]}-{number[4:7]}-{number[7:]}"
        if style < 0.08:
            return f" {number[:1]} {number[1:]} "
        return number

    def _date(self, day: dt.date, system: System) -> str:
        rng = self.rng
        if rng.random() < system.dob_error:
            kind = rng.random()
            if kind < 0.5 and day.day <= 12 and day.day != day.month:
                day = day.replace(month=day.day, day=day.month)
            elif kind < 0.8:
                try:
                    day = day.replace(year=day.year + rng.choice([-1, 1]))
                except ValueError:
                    day = day + dt.timedelta(days=1)
            else:
                day = day + dt.timedelta(days=rng.choice([-2, -1, 1, 2]))
        roc = day.year - 1911
        style = system.date_style if rng.random() < 0.8 else rng.choice(
            ["roc_dash", "roc_words", "ad_dayfirst", "roc7", "iso", "ad_slash"])  # fmt: skip
        return {
            "roc_dash": f"{roc}-{day.month:02d}-{day.day:02d}" if roc >= 100 else f"{roc:03d}/{day.month}/{day.day}",
            "roc_words": f"民國{roc}年{day.month:02d}月{day.day:02d}日",
            "ad_dayfirst": f"{day.day:02d}/{day.month:02d}/{day.year}",
            "roc7": f"{roc:03d}{day.month:02d}{day.day:02d}",
            "iso": f"{day.isoformat()}T00:00:00" if rng.random() < 0.3 else day.isoformat(),
            "ad_slash": f"{day.year}/{day.month:02d}/{day.day:02d}",
        }[style]  # fmt: skip

    def _address(self, home: Home, system: System, old_era: bool) -> str:
        rng = self.rng
        road, road_en, _sections = _ROADS[home.road]
        district, district_en, postcode = _DISTRICTS[home.district]
        if rng.random() < system.english_address or (old_era and rng.random() < 0.5):
            parts = [f"{home.floor}F." + (f"-{home.room}" if home.room else ""),
                     f"No. {home.number}" + (f"-{home.sub}" if home.sub else "")]  # fmt: skip
            if home.alley:
                parts.append(f"Aly. {home.alley}")
            if home.lane:
                parts.append(f"Ln. {home.lane}")
            if home.section:
                parts.append(f"Sec. {home.section}")
            parts += [road_en, district_en, "Taipei City"]
            return ", ".join(parts)
        chinese_numerals = rng.random() < 0.15
        section = ""
        if home.section:
            section = f"{_CN[home.section]}段" if rng.random() < 0.6 else f"{home.section}段"
        lane = f"{home.lane}巷" if home.lane else ""
        alley = f"{home.alley}弄" if home.alley else ""
        number = f"{home.number}號" + (f"之{home.sub}" if home.sub else "")
        if home.sub and rng.random() < 0.5:
            number = f"{home.number}之{home.sub}號"
        if chinese_numerals:
            lane = f"{_cn(home.lane)}巷" if home.lane else ""
            number = f"{_cn(home.number)}號" + (f"之{_CN[home.sub]}" if home.sub else "")
        floor = f"{home.floor}樓" + (f"之{home.room}" if home.room else "")
        if rng.random() < 0.3:
            floor = f"{home.floor}F" + (f"-{home.room}" if home.room else "")
        if rng.random() < 0.1:
            floor = ""
        head = ""
        style = rng.random()
        if style < 0.3:
            head = f"臺北市{district}{home.village}{home.neighbourhood}鄰"
        elif style < 0.45:
            head = f"{postcode}台北市{district}"
        elif style < 0.8:
            head = district
        if floor and number[-1].isdigit():
            floor = " " + floor  # 128號之9 9樓: the gap keeps the two numbers apart
        return f"{head}{road}{section}{lane}{alley}{number}{floor}"

    def _phone(self, person: Person, home: Home) -> str:
        rng = self.rng
        phone = person.mobile if person.mobile and (rng.random() < 0.7 or not home.landline) else (
            home.landline)  # fmt: skip
        if not phone:
            return ""
        if phone.startswith("09"):
            style = rng.random()
            if style < 0.4:
                return f"{phone[:4]}-{phone[4:]}"
            if style < 0.5:
                return f"+886 {phone[1:4]} {phone[4:7]} {phone[7:]}"
            return phone
        return f"({phone[:2]}){phone[3:7]}-{phone[7:]}" if rng.random() < 0.5 else phone


def _cn(n: int) -> str:
    return "".join(_CN[int(d)] for d in str(n))


def write_csv(path: str, count: int, *, seed: int, truth: bool = True) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, COLUMNS + (["truth"] if truth else []), extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(Generator(seed).records(count))


if __name__ == "__main__":
    from bench.linkage import csvcli

    csvcli.main(write_csv, __doc__, seed=5)
