"""Generator 6: what happens to a household, and who each system writes down (see generate6)."""

from __future__ import annotations

from bench.linkage.generate6_world import END, START, Household, Person, World

PROT, FAM, SUI, PSY, AID, DRUG = range(6)
CODES = ("prot", "fam", "sui", "psy", "aid", "drug")

# Reporter channels of a protection report, and the ER situations of a suicide-attempt report.
POLICE, HOSPITAL, SCHOOL, SOCIAL, HOTLINE = range(5)
CONSCIOUS, BROUGHT_IN, UNKNOWN = range(3)

# One appearance: (system, day, case key, position in case, person, role, channel, contact).
Seen = tuple[int, int, float, int, Person, str, int, Person | None]

# Chance per household kind that each kind of episode happens in the window.
EPISODES: dict[str, tuple[tuple[str, float], ...]] = {
    "elder_alone": (("aid", 0.5), ("elder", 0.18), ("psy", 0.08), ("sui", 0.05), ("fam", 0.04)),
    "elder_couple": (("aid", 0.45), ("elder", 0.12), ("ipv", 0.05), ("psy", 0.07), ("sui", 0.05)),
    "nuclear": (
        ("fam", 0.42),
        ("child", 0.33),
        ("ipv", 0.22),
        ("aid", 0.2),
        ("psy", 0.13),
        ("sui", 0.08),
        ("drug", 0.07),
    ),
    "single_parent": (
        ("fam", 0.55),
        ("aid", 0.45),
        ("child", 0.28),
        ("ipv", 0.12),
        ("psy", 0.13),
        ("sui", 0.1),
        ("drug", 0.06),
    ),
    "three_gen": (
        ("fam", 0.4),
        ("aid", 0.3),
        ("child", 0.22),
        ("ipv", 0.15),
        ("elder", 0.08),
        ("psy", 0.13),
        ("sui", 0.08),
        ("drug", 0.06),
    ),
    "skipped_gen": (("fam", 0.6), ("aid", 0.55), ("child", 0.2), ("drug", 0.25), ("psy", 0.04)),
    "new_resident": (
        ("fam", 0.5),
        ("ipv", 0.3),
        ("child", 0.18),
        ("aid", 0.3),
        ("psy", 0.05),
        ("sui", 0.06),
    ),
    "single_adult": (("psy", 0.38), ("sui", 0.25), ("drug", 0.28), ("aid", 0.3), ("ipv", 0.06)),
    "adult_with_parent": (
        ("psy", 0.4),
        ("drug", 0.15),
        ("elder", 0.25),
        ("aid", 0.35),
        ("sui", 0.1),
    ),
    "blended": (("ipv", 0.45), ("child", 0.35), ("fam", 0.45), ("drug", 0.1), ("aid", 0.2)),
    # institutions: per resident
    "institution_nursing": (("aid", 0.4), ("elder", 0.04), ("psy", 0.04)),
    "institution_rehab": (("psy", 0.95), ("aid", 0.4), ("sui", 0.06)),
    "institution_children": (("child", 0.6), ("sui", 0.02)),
    "institution_shelter": (("aid", 0.6), ("drug", 0.2), ("psy", 0.2), ("sui", 0.05)),
}
REPEAT = {
    "child": 0.18,
    "ipv": 0.25,
    "elder": 0.12,
    "fam": 0.12,
    "sui": 0.22,
    "psy": 0.15,
    "drug": 0.15,
}
CHANNELS = {
    "child": ((POLICE, 0.15), (HOSPITAL, 0.25), (SCHOOL, 0.6), (SOCIAL, 0.75), (HOTLINE, 1.0)),
    "ipv": ((POLICE, 0.55), (HOSPITAL, 0.8), (SOCIAL, 0.88), (HOTLINE, 1.0)),
    "elder": ((POLICE, 0.2), (HOSPITAL, 0.4), (SOCIAL, 0.75), (HOTLINE, 1.0)),
}
# Who is the subject of a one-person report, by role (weights; 0 = never).
_SUBJECT = {
    "psy": {
        "adult": 3,
        "adult_child": 3,
        "parent": 2,
        "spouse": 1.5,
        "elder": 1,
        "grandparent": 1,
        "resident": 1,
        "child": 0.3,
    },
    "sui": {
        "adult": 3,
        "adult_child": 2,
        "parent": 2,
        "spouse": 1.5,
        "elder": 1,
        "grandparent": 1,
        "resident": 1,
        "child": 1.2,
        "grandchild": 1,
    },
    "drug": {
        "adult": 3,
        "adult_child": 2,
        "parent": 1.5,
        "absent_parent": 5,
        "ex": 2,
        "partner": 2,
        "resident": 1,
    },
}
_MIN_AGE = {"psy": 15, "sui": 12, "drug": 18}
MAX_SYSTEMS = 5


class Cases:
    def __init__(self, w: World) -> None:
        self.w = w
        self.r = w.rng.random

    def day(self) -> int:
        return START + int(self.r() * (END - START + 1))

    def later(self, day: int) -> int:
        return day + 60 + int(self.r() * 480)

    def channel(self, kind: str) -> int:
        x = self.r()
        return next(c for c, cum in CHANNELS[kind] if x < cum)

    def household(self, hh: Household) -> list[Seen]:
        out: list[Seen] = []
        table = EPISODES[hh.kind]
        if hh.kind.startswith("institution"):
            for p in hh.members:
                for kind, chance in table:
                    if self.r() < chance:
                        self.episode(kind, hh, out, p)
        else:
            for _ in range(3):
                for kind, chance in table:
                    if self.r() < chance:
                        self.episode(kind, hh, out, None)
                if out:
                    break
        return _cap(out)

    def episode(self, kind: str, hh: Household, out: list[Seen], subject: Person | None) -> None:
        if kind in ("psy", "sui", "drug"):
            self.one_person(kind, hh, out, subject)
        elif kind == "aid":
            self.aid(hh, out, subject)
        elif kind == "fam":
            self.family(hh, out)
        else:
            self.protection(kind, hh, out, subject)

    def one_person(self, kind: str, hh: Household, out: list[Seen], subject: Person | None) -> None:
        system = {"psy": PSY, "sui": SUI, "drug": DRUG}[kind]
        day = self.day()
        p = subject or self.pick_subject(kind, hh, day)
        if p is None:
            return
        while day <= END:
            ch = 0
            if kind == "sui":
                x = self.r()
                ch = CONSCIOUS if x < 0.78 else BROUGHT_IN if x < 0.992 else UNKNOWN
            out.append((system, day, self.r(), 0, p, kind, ch, hh.contact))
            if self.r() >= REPEAT[kind]:
                break
            day = self.later(day) + (365 if kind == "psy" else 0)

    def pick_subject(self, kind: str, hh: Household, day: int) -> Person | None:
        weights = _SUBJECT[kind]
        least = _MIN_AGE[kind]
        cands: list[tuple[Person, float]] = []
        for p in hh.members + (hh.others if kind == "drug" else []):
            wgt = weights.get(p.role, 0.0)
            age = p.age(day)
            if (
                wgt
                and age >= least
                and (kind != "sui" or p.role not in ("child", "grandchild") or age < 25)
            ):
                cands.append((p, wgt * (2.5 if kind == "drug" and p.sex == 1 else 1.0)))
        if not cands:
            return None
        x = self.r() * sum(c[1] for c in cands)
        for p, wgt in cands:
            x -= wgt
            if x < 0:
                return p
        return cands[-1][0]

    def aid(self, hh: Household, out: list[Seen], subject: Person | None) -> None:
        """Yearly low-income register exports: every member of the household, applicant first."""
        years = [2019 + i for i in range(7)]
        n = 1 if self.r() < 0.6 else 2 if self.r() < 0.7 else 3
        start = int(self.r() * (len(years) - n + 1))
        members = [subject] if subject else _register_order(hh.members)
        for year in years[start : start + n]:
            day = START + int((year - 2019) * 365.25) + 300 + int(self.r() * 60)
            key = self.r()
            alive = [p for p in members if p.birth <= day]
            if len(alive) > 1 and self.r() < 0.05:
                alive.pop(int(self.r() * len(alive)))  # a member left or was not counted that year
            for i, p in enumerate(alive):
                out.append((AID, day, key, i + 1, p, "member", 0, alive[0]))

    def family(self, hh: Household, out: list[Seen]) -> None:
        day = self.day()
        while day <= END:
            born = [p for p in hh.members if p.birth <= day]
            if self.r() >= 0.65:
                core = [p for p in born if p.age(day) < 18 or p is hh.contact]
                born = core or born
            key = self.r()
            for i, p in enumerate(born):
                out.append((FAM, day, key, i + 1, p, "member", 0, hh.contact))
            if self.r() >= REPEAT["fam"]:
                break
            day = self.later(day) + 365

    def protection(self, kind: str, hh: Household, out: list[Seen], subject: Person | None) -> None:
        day = self.day()
        cast = self.cast(kind, hh, day, subject)
        if cast is None:
            return
        while day <= END:
            ch = self.channel(kind)
            key = self.r()
            i = 0
            for p, role in cast:
                if p.birth > day:
                    continue
                i += 1
                out.append((PROT, day, key, i, p, f"{kind}_{role}", ch, hh.contact))
            if self.r() >= REPEAT[kind]:
                break
            day = self.later(day)

    def cast(
        self, kind: str, hh: Household, day: int, subject: Person | None
    ) -> list[tuple[Person, str]] | None:
        r = self.r
        m = [p for p in hh.members if p.birth <= day]
        if subject is not None:
            return [(subject, "victim")]
        minors = [p for p in m if p.age(day) < 18]
        adults = [p for p in m if p.age(day) >= 18]
        if kind == "child":
            if not minors:
                return None
            victims = minors if r() < 0.15 else minors[:1] if r() < 0.7 else minors[-2:]
            carers = [p for p in adults if p.role in ("parent", "partner", "grandparent", "spouse")]
            cast = [(v, "victim") for v in victims]
            if carers:
                stepdad = [p for p in carers if p.role == "partner"]
                abuser = stepdad[0] if stepdad and r() < 0.6 else carers[int(r() * len(carers))]
                if r() < 0.85:
                    cast.append((abuser, "perpetrator"))
                cast += [(p, "family") for p in carers if p is not abuser and r() < 0.4]
            cast += [(p, "family") for p in minors if p not in victims and r() < 0.2]
            return cast
        if kind == "ipv":
            women = [
                p for p in adults if p.sex == 2 and p.role in ("parent", "spouse", "elder", "adult")
            ]
            men = [
                p
                for p in adults
                if p.sex == 1 and p.role in ("parent", "partner", "elder", "adult")
            ]
            ex = [p for p in hh.others if p.role == "ex"]
            perp: Person | None
            if women and (men or ex) and r() < 0.85:
                victim, perp = women[0], (men or ex)[0]
            elif men and (women or ex):
                victim, perp = men[0], (women or ex)[0]
            elif adults:
                victim, perp = adults[0], None
            else:
                return None
            cast = [(victim, "victim")]
            if perp is not None and r() < 0.92:
                cast.append((perp, "perpetrator"))
            cast += [(p, "witness") for p in minors if r() < 0.45]
            return cast
        elders = [p for p in m if p.age(day) >= 65]
        if not elders:
            return None
        victim = elders[int(r() * len(elders))]
        cast = [(victim, "victim")]
        if r() < 0.7:
            kin = [
                p
                for p in adults + hh.others
                if p is not victim and p.role in ("adult_child", "elder", "parent", "spouse")
            ]
            if kin:
                cast.append((kin[int(r() * len(kin))], "perpetrator"))
        return cast


_ORDER = {
    "elder": 0,
    "grandparent": 0,
    "adult": 0,
    "parent": 1,
    "spouse": 1,
    "partner": 2,
    "adult_child": 2,
}


def _register_order(members: list[Person]) -> list[Person]:
    """Applicant first, then spouse, then the rest by age: the order of a household transcript."""
    return sorted(members, key=lambda p: (_ORDER.get(p.role, 3), p.birth))


def _cap(out: list[Seen]) -> list[Seen]:
    """No one in more than MAX_SYSTEMS systems: drop the latest-added extra system."""
    systems: dict[int, list[int]] = {}
    for s in out:
        got = systems.setdefault(s[4].pid, [])
        if s[0] not in got:
            got.append(s[0])
    drop = {(pid, got[-1]) for pid, got in systems.items() if len(got) > MAX_SYSTEMS}
    if not drop:
        return out
    return [s for s in out if (s[4].pid, s[0]) not in drop]
