"""Generator 6: people and their lives over 2019-2025 (see generate6 for the spec)."""

from __future__ import annotations

import random
from datetime import date

from bench.linkage import generate6_formats as fm
from bench.linkage import generate6_ids as ids
from bench.linkage import generate6_names as nm
from bench.linkage import generate6_places as pl

START = date(2019, 1, 1).toordinal()
END = date(2025, 12, 31).toordinal()
NEW_RESIDENT_FORMAT = date(2021, 1, 2).toordinal()  # resident certificate numbers re-issued
YEAR = 365.2425
NEVER = -(10**9)
# Where New Taipei's foreign and mainland spouses come from (cumulative shares).
ORIGINS = (("CN", 0.58), ("VN", 0.83), ("ID", 0.9), ("PH", 0.94), ("TH", 0.98), ("KH", 1.01))


class Home:
    """Where someone lives over time: (from day, residence, registered address, landline or "")."""

    __slots__ = ("spans",)

    def __init__(self, res: pl.Address, reg: pl.Address, landline: str) -> None:
        self.spans: list[tuple[int, pl.Address, pl.Address, str]] = [(NEVER, res, reg, landline)]

    def at(self, day: int) -> tuple[int, pl.Address, pl.Address, str]:
        spans = self.spans
        for i in range(len(spans) - 1, 0, -1):
            if spans[i][0] <= day:
                return spans[i]
        return spans[0]

    def before(self, day: int) -> tuple[int, pl.Address, pl.Address, str] | None:
        """The span before the one in force on day, if there is one."""
        spans = self.spans
        for i in range(len(spans) - 1, 0, -1):
            if spans[i][0] <= day:
                return spans[i - 1]
        return None


class Name:
    """One name a person bears from a day on: surname + given, or a new resident's latin name."""

    __slots__ = ("foreign", "given", "mainland", "roman", "surname")

    def __init__(
        self,
        surname: str,
        given: str,
        foreign: nm.Foreign | None = None,
        roman: str = "",
        mainland: bool = False,
    ) -> None:
        self.surname, self.given, self.foreign = surname, given, foreign
        self.roman, self.mainland = roman, mainland


class Person:
    __slots__ = (
        "bd", "birth", "bm", "by", "home", "household", "ids", "kanfu", "mobiles", "names", "pid",
        "role", "sex", "volatile",
    )  # fmt: skip

    def __init__(self, pid: int, sex: int, birth: int, role: str) -> None:
        self.pid, self.sex, self.birth, self.role = pid, sex, birth, role
        d = date.fromordinal(birth)
        self.by, self.bm, self.bd = d.year, d.month, d.day
        self.names: list[tuple[int, Name]] = []
        self.ids: list[tuple[int, str]] = []
        self.mobiles: list[tuple[int, str]] = []
        self.kanfu = ""  # husband's surname borne before one's own in the register (冠夫姓)
        self.volatile = False
        self.home: Home
        self.household: Household

    def age(self, day: int) -> int:
        return int((day - self.birth) / YEAR)


def _phone_share(age: int) -> float:
    """Who carries a mobile of their own, by age."""
    if age < 11:
        return 0.0
    if age < 15:
        return 0.55
    if age < 18:
        return 0.8
    if age < 65:
        return 0.9
    return 0.72 if age < 80 else 0.45


def at(timeline: list[tuple[int, str]], day: int) -> str:
    for i in range(len(timeline) - 1, -1, -1):
        if timeline[i][0] <= day:
            return timeline[i][1]
    return ""


def before(timeline: list[tuple[int, str]], day: int) -> str:
    """The value before the one in force on day ("" if it never changed before day)."""
    for i in range(len(timeline) - 1, 0, -1):
        if timeline[i][0] <= day:
            return timeline[i - 1][1]
    return ""


def name_at(p: Person, day: int) -> tuple[Name, Name | None]:
    """The name on day and the one before it (None if unchanged)."""
    names = p.names
    for i in range(len(names) - 1, 0, -1):
        if names[i][0] <= day:
            return names[i][1], names[i - 1][1]
    return names[0][1], None


class Household:
    __slots__ = ("contact", "district", "home", "kind", "members", "others")

    def __init__(self, kind: str, district: pl.District, home: Home) -> None:
        self.kind, self.district, self.home = kind, district, home
        self.members: list[Person] = []
        self.others: list[Person] = []  # relatives living elsewhere who appear in reports
        self.contact: Person | None = None  # whose phone a caseworker writes for the family


class World:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.registry = ids.Registry(rng)
        self.phones: set[str] = set()
        self.next_pid = 0
        self.offices = {d.name: pl.new_address(random.Random(d.postcode), d) for d in pl.NTP}

    # --- people -----------------------------------------------------------------------------
    def birth_day(self, year: int) -> int:
        return date(year, 1, 1).toordinal() + int(self.rng.random() * 365)

    def person(
        self, sex: int, birth: int, role: str, surname: str, given: str, kind: str
    ) -> Person:
        r = self.rng.random
        p = Person(self.next_pid, sex, birth, role)
        self.next_pid += 1
        p.names.append((NEVER, Name(surname, given)))
        if kind:
            p.ids.append((NEVER, self.registry.national(ids.birthplace(self.rng, kind), sex)))
        age = p.age(START + 1100)
        own_phone = _phone_share(age)
        if r() < own_phone:
            first = max(birth + int(12 * YEAR), NEVER) if age < 18 else NEVER
            p.mobiles.append((first, fm.new_mobile(self.rng, self.phones)))
            changes = 1 if r() < 0.2 else 0
            changes += 1 if r() < 0.05 else 0
            for _ in range(changes):
                p.mobiles.append(
                    (START + int(r() * (END - START)), fm.new_mobile(self.rng, self.phones))
                )
            p.mobiles.sort()
        return p

    def place_kind(self, year: int) -> str:
        return "old" if year < 1960 else "mid" if year < 1990 else "young"

    def native(
        self, sex: int, year: int, role: str, surname: str = "", indigenous: bool = False
    ) -> Person:
        s = surname or (nm.INDIGENOUS_HAN_SURNAMES if indigenous else nm.SURNAMES).draw(self.rng)
        g = nm.given_name(self.rng, sex == 2, year)
        kind = "indigenous" if indigenous and self.rng.random() < 0.8 else self.place_kind(year)
        p = self.person(sex, self.birth_day(year), role, s, g, kind)
        if indigenous and self.rng.random() < 0.15:
            han, roman = nm.indigenous_name(self.rng, sex == 2)
            p.names[0] = (NEVER, Name("", han, roman=roman))
        return p

    def children(
        self, mother_year: int, surname: str, count: int, role: str = "child",
        indigenous: bool = False,
        latest: int = 2025, earliest: int = 0,
    ) -> list[Person]:  # fmt: skip
        """Children born to a mother of mother_year, named in one family's fashion."""
        r = self.rng.random
        year = max(mother_year + 19 + int(r() * 14), earliest)
        gen_char: dict[int, str] = {}
        share = 0.3 if year < 1980 else 0.18 if year < 2000 else 0.1
        shared = r() < share
        out: list[Person] = []
        while len(out) < count and year <= latest:
            sex = 1 if r() < 0.515 else 2
            twins = r() < 0.018
            for t in range(2 if twins else 1):
                if t:
                    sex = sex if r() < 0.6 else 3 - sex
                first = ""
                if shared or twins:
                    first = gen_char.setdefault(sex, nm.generation_char(self.rng, sex == 2, year))
                s = surname or nm.SURNAMES.draw(self.rng)
                given = nm.given_name(self.rng, sex == 2, year, first)
                if t and given == out[-1].names[0][1].given:
                    given = nm.given_name(self.rng, sex == 2, year, first)
                kind = "indigenous" if indigenous and r() < 0.5 else "child"
                if t:
                    twin = out[-1]
                    p = self.person(sex, twin.birth, role, s, given, "")
                    p.ids.append((NEVER, self.registry.next_serial(at(twin.ids, END), sex)))
                else:
                    p = self.person(sex, self.birth_day(year), role, s, given, kind)
                out.append(p)
            year += 1 + int(r() * 4)
        return out

    def new_resident(self, husband_year: int, husband_surname: str) -> tuple[Person, int]:
        """A foreign or mainland spouse, with resident numbers, maybe naturalised mid-window."""
        rng, r = self.rng, self.rng.random
        x = r()
        origin = next(o for o, cum in ORIGINS if x < cum)
        mainland = origin == "CN"
        arrival = 1998 + int(r() ** 0.8 * 25)
        year = min(arrival - 20 - int(r() * 14), husband_year + 18)
        p = self.person(2, self.birth_day(year), "spouse", "", "", "")
        arrive_day = date(arrival, 1, 1).toordinal() + int(r() * 365)
        area = "F" if r() < 0.7 else "A" if r() < 0.67 else "H"
        old_no = self.registry.resident_old(area, 2, mainland)
        p.ids = [(NEVER, old_no)]
        if arrive_day < NEW_RESIDENT_FORMAT:
            p.ids.append((NEW_RESIDENT_FORMAT, self.registry.resident_new(area, 2, mainland)))
        else:
            p.ids = [(NEVER, self.registry.resident_new(area, 2, mainland))]
        if mainland:
            s = nm.MAINLAND_SURNAMES.draw(rng)
            first = Name(s, nm.MAINLAND_GIVEN.draw(rng), mainland=True)
        else:
            f = nm.foreign_name(rng, origin, True)
            first = Name("", "", foreign=f)
        p.names = [(NEVER, first)]
        delay = (6 if mainland else 4) + int(r() * 5)
        if r() < (0.8 if mainland else 0.7):
            nat = date(min(arrival + delay, 2030), 1, 1).toordinal() + int(r() * 365)
            national = self.registry.national(
                "F" if r() < 0.9 else "A", 2, "9" if mainland else "6"
            )
            if nat <= START - 3 * 365:
                p.ids = [(NEVER, national)]
            elif nat <= START:
                p.ids = [(NEVER, old_no), (START - 1, national)]
            elif nat <= END:
                p.ids.append((nat, national))
            if not mainland and nat <= END:
                given = nm.given_name(rng, True, 1975 + int(r() * 15))
                x = r()
                assert first.foreign is not None
                han = first.foreign.han[:1] if first.foreign.han else ""
                s = (
                    han
                    if x < 0.45 and han
                    else husband_surname
                    if x < 0.8
                    else nm.SURNAMES.draw(rng)
                )
                p.names.append((max(nat, NEVER + 1), Name(s, given)))
                if nat <= START:
                    p.names = (
                        [p.names[-1]]
                        if r() < 0.85
                        else [(NEVER, first), (START - 1, Name(s, given))]
                    )
        return p, arrival

    def rename(self, p: Person) -> None:
        """A legal change of given name (改名) on a day in the window."""
        cur = p.names[-1][1]
        if cur.foreign or not cur.surname:
            return
        day = START + int(self.rng.random() * (END - START))
        if day > p.birth:
            g = nm.given_name(self.rng, p.sex == 2, p.by)
            p.names.append((day, Name(cur.surname, g)))

    def resurname(self, p: Person, surname: str) -> None:
        """A child who takes a step-parent's surname on a day in the window."""
        cur = p.names[-1][1]
        day = max(p.birth + 30, START) + int(self.rng.random() * (END - max(p.birth + 30, START)))
        if day < END:
            p.names.append((day, Name(surname, cur.given)))

    def new_mobile(self) -> str:
        return fm.new_mobile(self.rng, self.phones)

    def new_landline(self, district: pl.District) -> str:
        return fm.new_landline(self.rng, district.landlines, self.phones)

    # --- places -----------------------------------------------------------------------------
    def home(self, district: pl.District, landline_share: float, tall: bool = True) -> Home:
        r = self.rng.random
        res = pl.new_address(self.rng, district, tall)
        x = r()
        reg = (
            res
            if x < 0.78
            else pl.new_address(self.rng, pl.pick_district(self.rng))
            if x < 0.92
            else pl.elsewhere_address(self.rng)
        )
        land = (
            fm.new_landline(self.rng, district.landlines, self.phones)
            if r() < landline_share
            else ""
        )
        h = Home(res, reg, land)
        if r() < 0.22:
            day = START + int(r() * (END - START))
            to = district if r() < 0.6 else pl.pick_district(self.rng)
            new = pl.new_address(self.rng, to, tall)
            new_reg = new if r() < 0.55 and reg is res else reg
            new_land = (
                fm.new_landline(self.rng, to.landlines, self.phones) if land and r() < 0.6 else ""
            )
            h.spans.append((day, new, new_reg, new_land))
        return h
