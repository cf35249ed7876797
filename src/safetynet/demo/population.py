"""A synthetic population: households of plausible Taiwanese people with valid-checksum IDs.

Pure Python and deterministic from a seed, so the demo city and the linkage benchmark grow
from the same people. No real person's name or ID: names are drawn from common surnames and
given-name characters, IDs from random digits with a computed check digit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from safetynet.core.twid import LETTER_VALUES, check_digit

# Common surnames with their approximate share (per mille) in Taiwan's household register.
SURNAMES = {
    "陳": 112, "林": 83, "黃": 60, "張": 53, "李": 51, "王": 41, "吳": 40, "劉": 32, "蔡": 29,
    "楊": 26, "許": 23, "鄭": 19, "謝": 18, "洪": 15, "郭": 15, "邱": 14, "曾": 14, "廖": 13,
    "賴": 13, "徐": 11, "周": 11, "葉": 11, "蘇": 10, "莊": 9, "呂": 8, "江": 8, "何": 8,
    "蕭": 7, "羅": 7, "高": 7, "潘": 6, "簡": 6, "朱": 6, "鍾": 6, "游": 5, "彭": 5, "詹": 5,
    "胡": 5, "施": 5, "沈": 5, "余": 5, "盧": 5, "梁": 4, "趙": 4, "顏": 4, "柯": 4, "翁": 4,
    "魏": 4, "孫": 4, "戴": 3, "范": 3, "方": 3, "宋": 3, "鄧": 3, "杜": 2, "傅": 2, "侯": 2,
}  # fmt: skip
GIVEN_FEMALE = "怡君雅婷淑芬美玲惠雯佳慧秀英宜珊靜如欣穎筱涵思瑜婉琪家瑄詩淑華麗"
GIVEN_MALE = "志明建宏俊傑家豪冠宇承恩柏翰宗翰彥廷信宏國華文雄正偉明輝智凱育誠"
GIVEN_ANY = "宇庭安心品妤子晴芷昀睿哲浩辰"
# Indigenous residents often register a name in their own language (here Amis-like forms).
INDIGENOUS_NAMES = ["Kolas", "Panay", "Ofad", "Dongi", "Sawmah", "Lahok", "Ikay", "Mayaw", "Namoh"]
NEW_RESIDENT_FAMILY = ["NGUYEN", "TRAN", "LE", "PHAM", "SANTOS", "REYES", "SITI", "WONG"]
NEW_RESIDENT_GIVEN = ["THI HOA", "THI LAN", "THI MAI", "ANA", "MARIA", "NUR AINI", "MEI LING"]

ID_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZIO"


@dataclass
class SyntheticPerson:
    key: int
    name: str
    sex: str
    birth_date: dt.date
    id_number: str
    relationship: str
    is_indigenous: bool = False
    is_new_resident: bool = False


@dataclass
class SyntheticHousehold:
    key: int
    district_index: int
    village_index: int
    neighbourhood: int
    street: str
    number: int
    floor: int
    members: list[SyntheticPerson] = field(default_factory=list)


STREETS = ["中正路", "信二路", "愛四路", "忠一路", "安一路", "基金一路", "明德一路", "暖暖街",
           "東信路", "中山一路", "麥金路", "八堵路", "百福街", "長庚路", "深溪路", "正義路"]  # fmt: skip


class PopulationGenerator:
    """Deterministic households; `home_letter` is the ID letter of the city (C for Keelung)."""

    def __init__(self, *, seed: int, home_letter: str = "C", today: dt.date | None = None) -> None:
        self.rng = random.Random(seed)
        self.home_letter = home_letter
        self.today = today or dt.date(2026, 11, 1)
        self._used_ids: set[str] = set()
        self._surnames = list(SURNAMES)
        self._weights = list(SURNAMES.values())
        self._next_key = 0

    def _key(self) -> int:
        self._next_key += 1
        return self._next_key

    def id_number(self, sex: str, *, resident: bool = False) -> str:
        while True:
            if resident:
                letter = self.rng.choice(ID_LETTERS[:20])
                second = "8" if sex == "M" else "9"
            else:
                letter = (
                    self.home_letter if self.rng.random() < 0.7 else self.rng.choice(ID_LETTERS)
                )
                second = "1" if sex == "M" else "2"
            assert letter in LETTER_VALUES
            prefix = f"{letter}{second}{self.rng.randrange(10**7):07d}"
            candidate = prefix + check_digit(prefix)
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate

    def chinese_name(self, sex: str, surname: str | None = None) -> str:
        family = surname or self.rng.choices(self._surnames, self._weights)[0]
        pool = GIVEN_MALE if sex == "M" else GIVEN_FEMALE
        chars = pool + GIVEN_ANY
        return family + self.rng.choice(chars) + self.rng.choice(chars)

    def birth_date(self, min_age: int, max_age: int) -> dt.date:
        days = self.rng.randint(min_age * 365, max_age * 365 + 364)
        return self.today - dt.timedelta(days=days)

    def person(
        self, *, sex: str, min_age: int, max_age: int, relationship: str, surname: str | None = None,
        indigenous: bool = False, new_resident: bool = False,
    ) -> SyntheticPerson:  # fmt: skip
        if new_resident:
            name = f"{self.rng.choice(NEW_RESIDENT_FAMILY)} {self.rng.choice(NEW_RESIDENT_GIVEN)}"
        elif indigenous and self.rng.random() < 0.4:
            name = f"{self.rng.choice(INDIGENOUS_NAMES)}·{self.chinese_name(sex, surname)}"
        else:
            name = self.chinese_name(sex, surname)
        return SyntheticPerson(
            key=self._key(),
            name=name,
            sex=sex,
            birth_date=self.birth_date(min_age, max_age),
            id_number=self.id_number(sex, resident=new_resident),
            relationship=relationship,
            is_indigenous=indigenous,
            is_new_resident=new_resident,
        )

    def twin_of(self, child: SyntheticPerson) -> SyntheticPerson:
        sex = self.rng.choice("MF")
        name = child.name
        if not name.isascii() and "·" not in name and len(name) == 3:
            pool = (GIVEN_MALE if sex == "M" else GIVEN_FEMALE) + GIVEN_ANY
            other = self.rng.choice([c for c in pool if c not in name])
            # 怡君/怡婷: the twin keeps one given character and gets another.
            name = name[:2] + other if self.rng.random() < 0.6 else name[0] + other + name[2]
        else:
            name = self.chinese_name(sex, name[0] if not name.isascii() else None)
        return SyntheticPerson(
            key=self._key(),
            name=name,
            sex=sex,
            birth_date=child.birth_date,
            id_number=self.id_number(sex, resident=child.is_new_resident),
            relationship="child",
            is_indigenous=child.is_indigenous,
            is_new_resident=child.is_new_resident,
        )

    def household(
        self, *, district_count: int, villages_per_district: list[int]
    ) -> SyntheticHousehold:
        rng = self.rng
        district = rng.randrange(district_count)
        home = SyntheticHousehold(
            key=self._key(),
            district_index=district,
            village_index=rng.randrange(max(1, villages_per_district[district])),
            neighbourhood=rng.randint(1, 30),
            street=rng.choice(STREETS),
            number=rng.randint(1, 300),
            floor=rng.randint(1, 12),
        )
        indigenous = rng.random() < 0.027
        shape = rng.random()
        head_sex = "M" if rng.random() < 0.6 else "F"
        head = self.person(
            sex=head_sex, min_age=25, max_age=85, relationship="head", indigenous=indigenous
        )
        home.members.append(head)
        surname = head.name[0] if not head.name[0].isascii() else None
        if shape < 0.22:
            return home  # one-person household
        spouse_sex = "F" if head_sex == "M" else "M"
        new_resident_spouse = rng.random() < 0.06
        home.members.append(
            self.person(
                sex=spouse_sex, min_age=23, max_age=80, relationship="spouse",
                indigenous=indigenous and not new_resident_spouse, new_resident=new_resident_spouse,
            )
        )  # fmt: skip
        for _ in range(rng.choices([0, 1, 2, 3], [0.3, 0.3, 0.3, 0.1])[0]):
            sex = rng.choice("MF")
            child = self.person(sex=sex, min_age=0, max_age=24, relationship="child",
                                surname=surname, indigenous=indigenous)  # fmt: skip
            home.members.append(child)
            if rng.random() < 0.015:  # twins: same birthday, names often share a character
                home.members.append(self.twin_of(child))
        if rng.random() < 0.15:
            home.members.append(
                self.person(sex=rng.choice("MF"), min_age=65, max_age=95, relationship="parent",
                            surname=surname, indigenous=indigenous)
            )  # fmt: skip
        return home

    def households(
        self, *, population: int, district_count: int, villages_per_district: list[int]
    ) -> Iterator[SyntheticHousehold]:
        made = 0
        while made < population:
            home = self.household(
                district_count=district_count, villages_per_district=villages_per_district
            )
            made += len(home.members)
            yield home
