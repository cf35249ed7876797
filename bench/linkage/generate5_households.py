"""Generator 5: households of a Kaohsiung caseload: births, moves, renames, naturalisation."""

from __future__ import annotations

import datetime as dt

from bench.linkage import generate5_world as w
from bench.linkage.generate5_people import (
    BIRTH_LETTERS,
    DISABLED,
    END,
    FOREIGN,
    HOMELESS,
    NEW_UI,
    POOR,
    PSYCH,
    REF_YEAR,
    START,
    VICTIM,
    Addr,
    Household,
    Person,
    Roman,
    World,
    at,
)

KINDS = (
    ("elder_alone", 13), ("elder_couple", 9), ("single", 15), ("couple", 5), ("family", 22),
    ("single_parent", 11), ("three_gen", 10), ("grand_kids", 3), ("step", 4),
    ("foreign_spouse", 6), ("migrant", 2),
)  # fmt: skip
KIND_NAMES = [k for k, _ in KINDS]
KIND_CUM = [sum(n for _, n in KINDS[: i + 1]) for i in range(len(KINDS))]
YEAR_DAYS = 365


def _split(spec: str) -> list[tuple[str, str]]:
    return [(t.split(":")[0], t.split(":")[1]) for t in spec.split()]


FOREIGN_WORDS = {k: (_split(g), _split(f)) for k, (g, f) in w.FOREIGN.items()}
INDIG_GIVEN, INDIG_FAMILY = (_split(s) for s in w.INDIGENOUS)


def _day(world: World, lo: int, hi: int) -> int:
    return lo + world.rng.randrange(max(1, hi - lo))


def _year_day(year: int, world: World) -> int:
    return dt.date(year, 1, 1).toordinal() + world.rng.randrange(YEAR_DAYS)


class Builder:
    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng

    def person(self, hh: Household, sex: int, year: int, sur: str, first: str = "") -> Person:
        world, rng = self.world, self.rng
        world.person_no += 1
        p = Person(f"P{world.person_no:07d}", sex, _year_day(year, world), hh)
        given = world.given_name(sex, year, first)
        # Parents do not give two children one name (the Zipf pools would, now and then).
        taken = {m.names[0][1][:2] for m in hh.members}
        for _ in range(20):
            if (sur, given) not in taken:
                break
            given = world.given_name(sex, year, first)
        p.names = [(0, (sur, given, None, "h"))]
        home = hh.home[0][1]
        if rng.random() < 0.82:
            letter = "S" if home.old and year < 2011 else "E"
        else:
            letter = rng.choice(BIRTH_LETTERS)
        p.ids = [(0, world.national_id(letter, sex))]
        p.live = list(hh.home)
        hh.members.append(p)
        return p

    def children(self, hh: Household, mother: int, sur: str, n: int, *, gen: bool = True) -> None:
        """`n` children of a mother born in `mother`, oldest first, some twins."""
        rng, world = self.rng, self.world
        lo, hi = mother + 20, min(mother + 44, 2024)
        if hi < lo:
            return
        years = sorted(rng.randint(lo, hi) for _ in range(n))
        first = ""
        shared = gen and rng.random() < 0.35
        twin_left = 0
        for year in years:
            sex = rng.choice((1, 2))
            kid = self.person(hh, sex, year, sur, first if shared else "")
            if shared and not first:
                first = at(kid.names, 0)[1][0] if len(at(kid.names, 0)[1]) == 2 else ""
            if twin_left == 0 and rng.random() < 0.03:
                twin_sex = sex if rng.random() < 0.6 else 3 - sex
                given = at(kid.names, 0)[1]
                twin = self.person(hh, twin_sex, year, sur, given[0] if len(given) == 2 else "")
                twin.birth, twin.ymd = kid.birth, kid.ymd
                world.issued.discard(twin.ids[0][1])
                twin.ids = [(0, world.next_id(kid.ids[0][1]))]
                if twin_sex != sex:
                    twin.ids = [(0, world.national_id(kid.ids[0][1][0], twin_sex))]
                twin_left = 1

    def household(self) -> Household:
        world, rng = self.world, self.rng
        world.household_no += 1
        kind = rng.choices(KIND_NAMES, cum_weights=KIND_CUM)[0]
        hh = Household(world.household_no, kind)
        home = world.address()
        hh.home = [(0, home)]
        indigenous = rng.random() < (0.8 if home.dist in w.MOUNTAIN else 0.02)
        sur = world.surname()
        ref = REF_YEAR
        if kind in ("elder_alone", "elder_couple"):
            age = rng.randint(66, 95) if kind == "elder_alone" else rng.randint(68, 92)
            sex = rng.choice((1, 2, 2)) if kind == "elder_alone" else 1
            head = self.person(hh, sex, ref - age, sur)
            if kind == "elder_couple":
                wife = self.person(hh, 2, ref - age + rng.randint(0, 6), world.surname())
                if rng.random() < 0.25:
                    wife.married_sur = sur
            elif sex == 2 and rng.random() < 0.25:
                head.married_sur = world.surname()
        elif kind in ("single", "couple"):
            self.person(hh, rng.choice((1, 1, 2)), ref - rng.randint(20, 64), sur)
            if kind == "couple":
                first = hh.members[0]
                self.person(hh, 3 - first.sex, first.ymd[0] + rng.randint(-6, 6), world.surname())
        elif kind in ("family", "three_gen", "single_parent", "grand_kids"):
            father_age = rng.randint(28, 56)
            mother_year = ref - father_age + rng.randint(0, 5)
            n = rng.choices((1, 2, 3, 4), (35, 42, 18, 5))[0]
            if kind == "grand_kids":
                g_age = rng.randint(58, 82)
                grandpa = rng.random() < 0.55
                if grandpa:
                    self.person(hh, 1, ref - g_age, sur)
                if not grandpa or rng.random() < 0.6:
                    self.person(hh, 2, ref - g_age + rng.randint(0, 5), world.surname())
                self.children(hh, ref - g_age + 26, sur, rng.choice((1, 1, 2, 3)))
            else:
                if kind == "three_gen":
                    g_age = father_age + rng.randint(24, 34)
                    self.person(hh, 1, ref - g_age, sur)
                    if rng.random() < 0.6:
                        self.person(hh, 2, ref - g_age + rng.randint(0, 5), world.surname())
                if kind != "single_parent" or rng.random() < 0.2:
                    self.person(hh, 1, ref - father_age, sur)
                if kind != "single_parent" or not hh.members:
                    self.person(hh, 2, mother_year, world.surname())
                self.children(hh, mother_year, sur if rng.random() > 0.03 else world.surname(), n)
        elif kind == "step":
            mother_year = ref - rng.randint(28, 50)
            mother = self.person(hh, 2, mother_year, world.surname())
            self.children(hh, mother_year, sur, rng.choice((1, 2)))
            earlier = list(hh.members[1:])
            partner_sur = world.surname()
            self.person(hh, 1, mother.ymd[0] - rng.randint(-3, 8), partner_sur)
            if rng.random() < 0.5:
                self.children(hh, max(mother_year, ref - 38), partner_sur, 1, gen=False)
            for kid in earlier:
                if rng.random() < 0.25:
                    day = _day(world, max(START, kid.birth), END)
                    kid.names.append((day, (partner_sur, at(kid.names, 0)[1], None, "h")))
        elif kind == "foreign_spouse":
            husband = self.person(hh, 1, ref - rng.randint(35, 64), sur)
            country = rng.choices(("VN", "CN", "ID", "PH", "TH", "KH"), (45, 35, 9, 5, 3, 3))[0]
            wife = self.foreigner(hh, country, 2, husband.ymd[0] + rng.randint(6, 24), husband)
            if wife.arrive < END:
                wife_year = dt.date.fromordinal(wife.arrive).year
                self.children(
                    hh, max(wife.ymd[0], wife_year - 21), sur, rng.choice((0, 1, 2, 2, 3))
                )
            if rng.random() < 0.3:
                self.person(hh, 2, husband.ymd[0] - rng.randint(22, 32), world.surname())
        else:  # migrant: a live-in caregiver with a disabled elder
            elder = self.person(hh, rng.choice((1, 2)), ref - rng.randint(75, 95), sur)
            elder.flags |= DISABLED
            country = rng.choices(("ID", "PH", "VN"), (75, 15, 10))[0]
            self.foreigner(hh, country, 2, ref - rng.randint(22, 45), None)
        if indigenous:
            self.indigenous(hh)
        self.life(hh)
        return hh

    def foreigner(
        self, hh: Household, country: str, sex: int, year: int, spouse: Person | None
    ) -> Person:
        world, rng = self.world, self.rng
        year = max(1960, min(year, 2000))
        world.person_no += 1
        p = Person(f"P{world.person_no:07d}", sex, _year_day(year, world), hh)
        p.country = country
        p.flags |= FOREIGN
        mainland = country == "CN"
        p.arrive = _day(world, max(p.birth + 19 * YEAR_DAYS, START - 12 * YEAR_DAYS), END - 200)
        if spouse is None:  # a migrant worker: three to nine years, then home
            p.arrive = _day(world, START - 2 * YEAR_DAYS, END - 300)
            p.death = p.arrive + rng.randint(3, 9) * YEAR_DAYS
        if mainland:
            p.names = [(p.arrive, (world.surname(), world.given_name(sex, year), None, "c"))]
        elif country == "VN":
            fam = rng.choices(w.VN_SURNAMES, [s[3] for s in w.VN_SURNAMES])[0]
            mid = rng.choice(w.VN_MIDDLE_F if sex == 2 else w.VN_MIDDLE_M)
            giv = rng.choice(w.VN_GIVEN_F if sex == 2 else w.VN_GIVEN_M)
            roman: Roman = (fam[0], f"{mid[0]} {giv[0]}", fam[1], f"{mid[1]} {giv[1]}")
            p.names = [(p.arrive, (fam[2], mid[2] + giv[2], roman, "f"))]
        else:
            givens, families = FOREIGN_WORDS[country]
            g = rng.sample(givens, rng.choice((1, 2)) if country in ("ID", "PH") else 1)
            f = [rng.choice(families)] if country != "ID" or rng.random() < 0.5 else []
            family, forename = " ".join(x[0] for x in f), " ".join(x[0] for x in g)
            roman = (family, forename, family.title(), forename.title())
            han = "‧".join([*(x[1] for x in g), *(x[1] for x in f)])
            p.names = [(p.arrive, ("", han, roman, "f"))]
        p.ids = [(p.arrive, world.old_resident_no(sex, mainland))]
        if p.death > NEW_UI and rng.random() < 0.8:
            p.ids.append((_day(world, NEW_UI, NEW_UI + 900), world.new_resident_no(sex, mainland)))
        passports = {"VN": "C", "ID": "B", "PH": "P", "TH": "AA", "KH": "N0"}
        if country in passports:
            p.passport = passports[country] + f"{rng.randrange(10**7):07d}"
            p.passport += "A" if country == "PH" else ""
        rate = {"VN": 0.6, "CN": 0.7, "ID": 0.4, "PH": 0.3, "TH": 0.3, "KH": 0.5}[country]
        nat = p.arrive + rng.randint(4, 10) * YEAR_DAYS
        if spouse is not None and nat < END and rng.random() < rate:
            p.ids = [x for x in p.ids if x[0] < nat]
            p.ids.append((nat, world.national_id("E", sex, "9" if mainland else "6")))
            old = p.names[0][1]
            choice = rng.random()
            if mainland or (country == "VN" and choice < 0.5):
                new = (old[0], old[1], None, "h")
            elif country == "VN" and choice < 0.75:
                new = (
                    old[0],
                    old[1][-1] if rng.random() < 0.5 else world.given_name(2, 1985),
                    None,
                    "h",
                )
            else:
                sur = at(spouse.names, nat)[0] if rng.random() < 0.4 else world.surname()
                new = (sur, world.given_name(sex, 1985), None, "h")
            p.names.append((nat + rng.randint(0, 60), new))
        p.live = [(0, hh.home[0][1])]
        hh.members.append(p)
        return p

    def indigenous(self, hh: Household) -> None:
        """Some Indigenous people carry (or later restore) a traditional name."""
        rng = self.rng
        family = rng.choice(INDIG_FAMILY)
        for p in hh.members:
            if p.country or rng.random() > (0.25 if p.ymd[0] >= 1980 else 0.1):
                continue
            given = rng.choice(INDIG_GIVEN)
            roman: Roman = (family[0], given[0], family[0], given[0])
            name = (family[1], given[1], roman, "i")
            if rng.random() < 0.5:
                p.names = [(0, name)]
            else:
                p.names.append((_day(self.world, max(START, p.birth), END), name))

    def life(self, hh: Household) -> None:
        """Flags, phones, registration, moves, institutions, renames, deaths."""
        world, rng = self.world, self.rng
        members = hh.members
        if not members:
            return
        home = hh.home[0][1]
        poor = rng.random() < (
            0.5 if hh.kind in ("single_parent", "elder_alone", "grand_kids") else 0.25
        )
        victim = hh.kind in (
            "family",
            "single_parent",
            "step",
            "foreign_spouse",
            "three_gen",
            "grand_kids",
        )
        victim = victim and rng.random() < 0.3
        old = any(p.ymd[0] < 1956 for p in members)
        r = rng.random()  # where the household is registered (人籍不合一 when not at home)
        shared: Addr = home if r < 0.82 else world.address() if r < 0.95 else world.elsewhere()
        if rng.random() < (0.6 if old else 0.3):
            hh.landlines = [(0, world.landline(home))]
        for p in members:
            age = REF_YEAR - p.ymd[0]
            p.flags |= (POOR if poor else 0) | (VICTIM if victim else 0)
            caregiver = p.flags & FOREIGN and hh.kind == "migrant"
            if not caregiver and rng.random() < (
                0.25 if age >= 65 else 0.06 if age >= 18 else 0.05
            ):
                p.flags |= DISABLED
            if hh.kind != "migrant" and rng.random() < (
                0.15 if hh.kind == "single" else 0.04 if age >= 15 else 0.01
            ):
                p.flags |= PSYCH
            if p.ymd[0] < 1945 and rng.random() < (REF_YEAR - p.ymd[0] - 60) / 45:
                p.death = _day(world, START, END)
            if age >= 13 or p.country:
                own = rng.random() < (0.55 if age >= 72 else 0.95)
                since = 0 if age >= 30 else max(START, p.birth + rng.randint(12, 16) * YEAR_DAYS)
                p.mobiles = [(0, ""), (since, world.mobile() if own else "")]
                for _ in range(rng.choices((0, 1, 2), (65, 27, 8))[0]):
                    p.mobiles.append((_day(world, START, END), world.mobile()))
                p.mobiles.sort()
            elif p.ymd[0] >= REF_YEAR - 12:
                p.mobiles = [(0, ""), (p.birth + 14 * YEAR_DAYS, world.mobile())]
            r = rng.random()
            reg = shared if r < 0.9 else world.address() if r < 0.97 else world.elsewhere()
            p.reg = [(0, reg)]
            if rng.random() < 0.02 and p.ymd[0] < 2005 and all(n[1][3] == "h" for n in p.names):
                day = _day(world, max(START, p.birth + 10 * YEAR_DAYS), END)
                n = at(p.names, day)
                p.names.append((day, (n[0], world.given_name(p.sex, p.ymd[0]), n[2], "h")))
                p.names.sort(key=lambda x: x[0])
        if hh.kind == "single" and rng.random() < 0.07:
            p = members[0]
            p.flags |= HOMELESS
            day = _day(world, START - 3 * YEAR_DAYS, END)
            p.live.append((day, None))
            if rng.random() < 0.3:
                p.live.append((day + rng.randint(30, 900), world.institution("shelter").addr))
        # The household moves together (and may or may not re-register).
        moves = sorted(
            _day(world, START, END) for _ in range(rng.choices((0, 1, 2), (62, 30, 8))[0])
        )
        for day in moves:
            new = world.address(dist=-1 if rng.random() < 0.5 else self._dist(home))
            hh.home.append((day, new))
            reregister = rng.random() < 0.7
            line = world.landline(new) if rng.random() < 0.6 else ""
            if hh.landlines[-1][1] or line:
                hh.landlines.append((day, line))
            for p in members:
                if p.live[-1][0] < day and at(p.live, day) is at(hh.home, day - 1):
                    p.live.append((day, new))
                if reregister and p.reg[-1][1] is at(hh.home, day - 1):
                    p.reg.append((day + rng.randint(0, 180), new))
        if hh.landlines[-1][1] and rng.random() < 0.25:
            hh.landlines.append((_day(world, START + 6 * YEAR_DAYS, END), ""))
        # One member moves alone: a grown child, a separated parent, an elder into care.
        for p in members:
            r = rng.random()
            kind = ""
            if p.flags & FOREIGN and hh.kind == "migrant":
                continue
            age_end = p.age(END)
            if p.ymd[0] <= 2003 and age_end >= 22 and len(members) > 2 and r < 0.25:
                kind = "alone"
            elif age_end >= 78 and r < (0.3 if p.flags & DISABLED else 0.08):
                kind = rng.choice(("elder", "elder", "nursing"))
            elif p.flags & PSYCH and age_end >= 20 and r < 0.2:
                kind = "rehab"
            elif p.flags & DISABLED and 18 <= age_end < 65 and r < 0.1:
                kind = "disabled"
            elif p.flags & VICTIM and age_end < 18 and r < 0.06:
                kind = "children"
            elif hh.kind == "family" and p.sex == 1 and p.ymd[0] < 1990 and r < 0.06:
                kind = "alone"
            if not kind:
                continue
            lo = max(START, p.birth + (20 if kind == "alone" else 0) * YEAR_DAYS)
            day = _day(world, lo, min(END, p.death))
            if kind == "alone":
                dest = world.address(dist=-1 if rng.random() < 0.6 else self._dist(home))
            else:
                dest = world.institution(kind).addr
            p.live = [x for x in p.live if x[0] < day] + [(day, dest)]
            if kind == "children" and rng.random() < 0.5:
                p.live.append((day + rng.randint(120, 1100), at(hh.home, day)))
            if rng.random() < (0.5 if kind == "alone" else 0.25):
                p.reg = [x for x in p.reg if x[0] < day] + [(day + rng.randint(0, 365), dest)]
        if rng.random() < (0.35 if poor else 0.04) and hh.kind != "migrant":
            first = _day(world, dt.date(2014, 1, 1).toordinal(), END)
            hh.apply = [first]
            if rng.random() < 0.3 and first + YEAR_DAYS < END:
                hh.apply.append(_day(world, first + YEAR_DAYS, END))

    def _dist(self, a: Addr) -> int:
        for i, d in enumerate(w.DISTRICTS):
            if d[0] == a.dist:
                return i
        return -1
