"""The people of generator 4 (`bench/linkage/generate4.py`): households of a Taichung-like city
with their names, ID numbers, birth dates, homes, phones and institutions — the truth before any
system records it. The shares are in generate4's docstring."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass

from bench.linkage import generate4_tables as tables
from bench.linkage.generate4_tables import Choice
from safetynet.core.twid import LETTER_VALUES, check_digit

NOW = 2024


@dataclass(frozen=True)
class Address:
    district: int
    li: str
    lin: int  # 鄰
    road: int
    section: int  # 0: the road has none (likewise lane, alley, sub, floor, room)
    lane: int
    alley: int
    number: int
    sub: int  # 之
    floor: int
    room: int
    name: str = ""  # an institution's


@dataclass(slots=True)
class Person:
    key: int
    name: str  # the registered Chinese name
    slen: int  # surname characters in `name` (0 for a transliteration)
    sex: str
    birth: tuple[int, int, int]
    ids: list[tuple[int, str]]  # (in force from year, number)
    role: str  # grand / parent / child / single
    kind: str = "han"  # han / foreign / indigenous
    other: str = ""  # the foreign spouse's transliteration; the Indigenous person's other name
    other_slen: int = 0
    latin: str = ""
    registered_from: int = 0  # a foreign spouse: the year `name` becomes hers (naturalised)
    husband: str = ""  # a married or widowed woman's husband's surname (冠夫姓)
    mobile: str = ""
    old_mobile: str = ""
    mobile_from: int = 0
    disabled: bool = False
    institution: Address | None = None


@dataclass(slots=True)
class Household:
    members: list[Person]
    address: Address
    old_address: Address | None
    moved: int
    landline: str
    contact: str  # an adult child's mobile, living elsewhere
    vulnerability: int  # 0–2


# --- the households -------------------------------------------------------------------------------


class World:
    """What households share: the ID numbers given out, buildings, institutions."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids: set[str] = set()
        self.buildings: list[Address] = []
        li = random.Random(4)
        self.li = [[li.choice(tables.LI_FIRST) + li.choice(tables.LI_SECOND) + "里"
                    for _ in range(12)] for _ in tables.DISTRICTS]  # fmt: skip
        names = [n + m for n in "慈仁松長福康祥怡安佳晨惠德永博寶" for m in "恩愛柏青壽寧和心"]

        def homes(kinds: tuple[str, ...], n: int) -> list[Address]:
            return [
                dataclasses.replace(self.address(), name=rng.choice(names) + k) for k in kinds * n
            ]

        self.care_homes = homes(("老人長期照顧中心", "護理之家", "養護中心"), 7)
        self.shelters = homes(("兒少安置機構", "庇護家園", "遊民收容中心"), 2)

    def address(self, district: int | None = None) -> Address:
        rng = self.rng
        if district is None and self.buildings and rng.random() < 0.15:
            other = rng.choice(self.buildings)  # a neighbour in the same building
            return dataclasses.replace(other, floor=rng.randrange(2, 16), room=0, name="")
        d = tables.DISTRICT_CHOICE(rng) if district is None else district
        road = rng.choice(tables.ROADS_OF[d])
        lane = rng.randrange(1, 300) if rng.random() < 0.35 else 0
        floor = rng.randrange(2, 16) if rng.random() < 0.55 else 0
        address = Address(
            d, rng.choice(self.li[d]), rng.randrange(1, 30), road,
            rng.randint(1, tables.ROADS[road].sections) if tables.ROADS[road].sections else 0,
            lane, rng.randrange(1, 40) if lane and rng.random() < 0.3 else 0,
            rng.randrange(1, 60) if lane else rng.randrange(1, 600),
            rng.randrange(1, 8) if rng.random() < 0.12 else 0, floor,
            rng.randrange(1, 10) if floor and rng.random() < 0.2 else 0,
        )  # fmt: skip
        if len(self.buildings) < 5000:
            self.buildings.append(address)
        else:
            self.buildings[rng.randrange(5000)] = address
        return address

    def _unique(self, head: Callable[[], str], check: Callable[[str], str] = check_digit) -> str:
        while (value := (h := head()) + check(h)) in self.ids:
            pass
        self.ids.add(value)
        return value

    def national(self, letter: str, sex: str, third: str = "") -> str:
        digit, rng = "1" if sex == "M" else "2", self.rng
        return self._unique(
            lambda: f"{letter}{digit}{third or rng.randrange(6)}{rng.randrange(10**6):06d}"
        )

    def twin(self, sibling: str, sex: str) -> str:
        """The serial after the twin's: registered together."""
        serial = (int(sibling[3:9]) + 1) % 10**6
        head = f"{sibling[0]}{'1' if sex == 'M' else '2'}{sibling[2]}{serial:06d}"
        if (value := head + check_digit(head)) in self.ids:
            return self.national(sibling[0], sex)
        self.ids.add(value)
        return value

    def resident(self, old: bool) -> str:
        """A foreign woman's resident certificate: old (two letters + 8 digits) or new format."""
        rng, letter = self.rng, "B" if self.rng.random() < 0.8 else self.rng.choice("AFN")
        if not old:
            return self._unique(lambda: f"{letter}9{rng.randrange(10**7):07d}")

        def check(head: str) -> str:  # the second letter counts by its number's last digit
            digits = [*divmod(LETTER_VALUES[head[0]], 10), LETTER_VALUES[head[1]] % 10]
            digits += [int(c) for c in head[2:]]
            total = sum(d * w for d, w in zip(digits, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1), strict=True))
            return str((10 - total % 10) % 10)

        return self._unique(lambda: f"{letter}{rng.choice('BD')}{rng.randrange(10**7):07d}", check)

    def mobile(self) -> str:
        return f"09{self.rng.randrange(10, 90)}{self.rng.randrange(10**6):06d}"


def _birth(rng: random.Random, year: int) -> tuple[int, int, int]:
    month = rng.randint(1, 12)
    return year, month, rng.randint(1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def _cohort(year: int) -> int:
    return 0 if year < 1960 else 1 if year < 1980 else 2 if year < 2000 else 3


def _given(rng: random.Random, sex: str, year: int, first: str = "") -> str:
    firsts, seconds = tables.GIVEN[_cohort(year), sex]
    if not first and rng.random() < 0.03:
        return rng.choice(seconds)  # a one-character given name
    first = first or rng.choice(firsts)
    return first + rng.choice(seconds.replace(first, ""))


def _foreign(rng: random.Random, world: World, key: int, year: int, arrived: int,
             husband: str) -> Person:  # fmt: skip
    origin = tables.ORIGINS(rng)
    if origin == "VN":
        sur, sur_zh = tables.VN_SURNAMES(rng)
        words = rng.sample(tables.VN_GIVEN, rng.choice((1, 1, 2)))
        latin = " ".join([sur, "Thi", *(w for w, _ in words)]).upper()
        zh, zh_slen = sur_zh + "氏" + "".join(z for _, z in words), 1
    elif origin == "ID":
        words = rng.sample(tables.ID_NAMES, rng.choice((1, 2, 2, 3)))
        latin, zh, zh_slen = " ".join(w for w, _ in words).upper(), "·".join(z for _, z in words), 0
    else:
        given, middle, family = rng.choice(tables.PH_GIVEN), *rng.sample(tables.PH_SURNAMES, 2)
        latin = f"{given[0]} {middle[0]} {family[0]}".upper()
        zh, zh_slen = f"{given[1]}·{family[1]}", 0
    ids, name, slen, registered = [(0, world.resident(old=True))], zh, zh_slen, 9999
    if rng.random() < 0.45:
        registered = min(arrived + rng.randint(5, 10), NOW)
        if rng.random() < (0.4 if origin == "VN" else 0.6):
            name, slen = husband + _given(rng, "F", year), len(husband)
        ids.append((registered, world.national("B", "F", "6")))
    if registered > 2021:
        ids.insert(1, (2021, world.resident(old=False)))
    return Person(key, name, slen, "F", _birth(rng, year), ids, "parent", "foreign", zh, zh_slen,
                  latin, registered, husband)  # fmt: skip


def _indigenous(person: Person, rng: random.Random) -> None:
    """A traditional name (personal name · father's name), registered instead by 20 %."""
    words = [rng.sample(tables.IND_SYLLABLES, 2) for _ in range(2)]
    zh = "·".join("".join(z for _, z in w) for w in words)
    person.kind, person.other, person.other_slen = "indigenous", zh, 0
    person.latin = " ".join("".join(s for s, _ in w).capitalize() for w in words)
    if rng.random() < 0.2:
        person.other, person.other_slen, person.name, person.slen = person.name, person.slen, zh, 0


_KINDS = Choice((("alone", 12), ("elders", 8), ("nuclear", 30), ("single_parent", 10),
                 ("three_gen", 18), ("foreign", 9), ("indigenous", 5), ("single", 8)))  # fmt: skip
_LEVELS = (Choice(((0, 0.4), (1, 0.35), (2, 0.25))), Choice(((0, 0.6), (1, 0.3), (2, 0.1))))
_KIDS = Choice(((1, 0.35), (2, 0.45), (3, 0.15), (4, 0.05)))
_MOBILE_BY_AGE = ((12, 0.0), (18, 0.6), (65, 0.93), (80, 0.6), (200, 0.3))  # (below age, share)


def household(rng: random.Random, world: World, first_key: int) -> Household:
    kind = _KINDS(rng)
    home = world.address(
        tables.DISTRICT_INDEX["和平區"] if kind == "indigenous" and rng.random() < 0.5 else None
    )
    county = tables.DISTRICTS[home.district].county != ""
    people: list[Person] = []
    surnames = tables.IND_SURNAMES if kind == "indigenous" else tables.SURNAMES

    def make(sex: str, year: int, surname: str, role: str, given: str = "") -> Person:
        """A person born in Taiwan; the ID's letter is where they were first registered."""
        birth = _birth(rng, year)
        letter = "L" if county and year < 2011 else "B"
        letter = letter if rng.random() < 0.8 else rng.choice("AFHNMKPEDJ")
        person = Person(first_key + len(people), surname + (given or _given(rng, sex, year)),
                        len(surname), sex, birth, [(0, world.national(letter, sex))], role)  # fmt: skip
        people.append(person)
        return person

    if kind in ("alone", "single"):
        sex = "F" if rng.random() < (0.6 if kind == "alone" else 0.45) else "M"
        age = rng.randint(65, 95) if kind == "alone" else rng.randint(20, 64)
        person = make(sex, NOW - age, surnames(rng), "single")
        if sex == "F" and rng.random() < (0.8 if kind == "alone" else 0.3):
            person.husband = tables.SURNAMES(rng)
    elif kind == "elders":
        year = NOW - rng.randint(65, 92)
        surname = tables.SURNAMES(rng)
        make("M", year, surname, "grand")
        make("F", year + rng.randint(0, 6), tables.SURNAMES(rng), "grand").husband = surname
    else:
        father_year, surname = NOW - rng.randint(28, 58), surnames(rng)
        grandparents = {"three_gen": 0.9, "foreign": 0.35, "indigenous": 0.35}.get(kind, 0)
        if rng.random() < grandparents:
            grand_year = father_year - rng.randint(24, 35)
            if rng.random() < 0.5:
                make("M", grand_year, surname, "grand")
            make("F", grand_year + rng.randint(0, 5), surnames(rng), "grand").husband = surname
        single_mother = kind == "single_parent" and rng.random() < 0.75
        father = None if single_mother else make("M", father_year, surname, "parent")
        mother: Person | None = None
        if kind == "foreign":
            mother_year = min(father_year + rng.randint(8, 25), 1995 - rng.randint(0, 8))
            arrived = max(mother_year + 18, rng.randint(1998, 2013))  # married at 18 or later
            mother = _foreign(rng, world, first_key + len(people), mother_year, arrived, surname)
            people.append(mother)
            year = arrived + rng.randint(1, 3)
        else:
            mother_year = father_year + rng.randint(-2, 6)
            if kind != "single_parent" or single_mother:
                mother = make("F", mother_year, surnames(rng), "parent")
                mother.husband = surname
            year = mother_year + rng.randint(20, 34)
        generation, shared = rng.random() < 0.3, ""
        for i in range(_KIDS(rng)):
            if year > NOW or len(people) >= 7:
                break
            twins = i > 0 and rng.random() < 0.03
            sex = people[-1].sex if twins and rng.random() < 0.6 else rng.choice("MF")
            if (generation or twins) and not shared:
                shared = rng.choice(tables.GIVEN[_cohort(year), sex][0])
            first = shared if generation or (twins and rng.random() < 0.6) else ""
            if father and sex == "M" and not first and rng.random() < 0.05:
                first = father.name[father.slen]  # named like his father
            own = single_mother and mother and mother.slen and rng.random() < 0.15
            child = make(sex, year, mother.name[: mother.slen] if own and mother else surname, "child",
                         _given(rng, sex, year, first))  # fmt: skip
            if twins:
                child.birth = people[-2].birth
                child.ids = [(0, world.twin(people[-2].ids[0][1], sex))]
            else:
                year += rng.randint(1, 4)
    for person in people:  # an Indigenous family; one parent in five is not
        if kind == "indigenous" and (person.role != "parent" or rng.random() < 0.8):
            _indigenous(person, rng)
    level = _LEVELS[kind not in ("alone", "single_parent", "foreign", "indigenous")](rng)
    for person in people:
        age = NOW - person.birth[0]
        mobile = next(share for limit, share in _MOBILE_BY_AGE if age < limit)
        if rng.random() < mobile or person.kind == "foreign":
            person.mobile = world.mobile()
            if rng.random() < 0.15:
                person.old_mobile, person.mobile_from = world.mobile(), rng.randint(2015, 2023)
        person.disabled = rng.random() < 0.03
        if age >= 75 and rng.random() < 0.12:
            person.institution = rng.choice(world.care_homes)
        elif level == 2 and (age < 18 or len(people) == 1) and rng.random() < 0.08:
            person.institution = rng.choice(world.shelters)
    moved = rng.random() < 0.2
    elders = any(NOW - p.birth[0] >= 60 for p in people)
    return Household(
        people, home, world.address() if moved else None, rng.randint(2015, 2023) if moved else 0,
        f"042{rng.randrange(10**7):07d}" if rng.random() < (0.55 if elders else 0.3) else "",
        world.mobile() if elders and rng.random() < 0.5 else "", level,
    )  # fmt: skip
