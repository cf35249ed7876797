"""Generator 5: the people of the city, their households, numbers, addresses and phones over time.

Timelines are lists of (first day as a date ordinal, value), oldest first; `at` reads one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Sequence
from typing import TypeVar

from bench.linkage import generate5_world as w

T = TypeVar("T")

START = dt.date(2008, 1, 1).toordinal()  # first record of the bench window
END = dt.date(2025, 6, 30).toordinal()
MERGER = dt.date(2010, 12, 25).toordinal()  # 高雄縣 merged into 高雄市
NEW_UI = dt.date(2021, 1, 2).toordinal()  # new-format resident numbers
REF_YEAR = 2016  # household ages are drawn for this year
YEAR0 = dt.date(1900, 1, 1).toordinal()

CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))
# Where a Kaohsiung resident's number was first issued: Kaohsiung City/County, then neighbours.
BIRTH_LETTERS = "TTTTTTTTDDDRRRVVXXXAAFFBLNQPGHUKMJ"
MOBILE = w.words(
    "0905 0910 0911 0912 0913 0915 0916 0918 0919 0920 0921 0922 0923 0925 0926 0928 0929 0930 "
    "0931 0932 0933 0935 0936 0937 0939 0952 0953 0955 0958 0960 0963 0966 0968 0970 0972 0975 "
    "0978 0980 0981 0983 0986 0987 0988 0989"
)
URBAN = frozenset(
    w.words("新興區 前金區 苓雅區 鹽埕區 鼓山區 前鎮區 三民區 楠梓區 小港區 左營區 鳳山區")
)

DISABLED, PSYCH, VICTIM, POOR, HOMELESS, FOREIGN, STUDENTISH = 1, 2, 4, 8, 16, 32, 64


def at(timeline: Sequence[tuple[int, T]], day: int) -> T:
    """The value of a timeline on `day` (its first value before the timeline starts)."""
    for i in range(len(timeline) - 1, 0, -1):
        if timeline[i][0] <= day:
            return timeline[i][1]
    return timeline[0][1]


def before(timeline: Sequence[tuple[int, T]], day: int) -> T:
    """The value a timeline had before the one on `day` (itself when it never changed)."""
    for i in range(len(timeline) - 1, 0, -1):
        if timeline[i][0] <= day:
            return timeline[i - 1][1]
    return timeline[0][1]


def check_digit(letter: str, digits: str) -> int:
    """Check digit of a Taiwanese ID: letter code, then eight digits weighted 8..1."""
    code = CODES[letter]
    s = code // 10 + (code % 10) * 9
    for weight, ch in zip((8, 7, 6, 5, 4, 3, 2, 1), digits, strict=True):
        s += weight * (ord(ch) - 48)
    return (10 - s % 10) % 10


class Addr:
    __slots__ = (
        "alley", "city", "dist", "dist_en", "floor", "floor_sub", "inst", "lane", "li", "lin", "no",
        "no_sub", "old", "others", "phone", "post", "post5", "prefixes", "road", "road_en", "sec",
    )  # fmt: skip

    def __init__(self) -> None:
        self.city = "高雄市"
        self.dist = ""
        self.dist_en = ""
        self.old = ""  # county-era town (鳳山市, 林園鄉) or ""
        self.post = 0
        self.post5 = ""
        self.prefixes: list[str] = []
        self.li = ""
        self.lin = 0
        self.road = ""
        self.road_en = ""
        self.others: list[str] = []  # other roads of the district (cross streets)
        self.sec = self.lane = self.alley = self.no = self.no_sub = self.floor = 0
        self.floor_sub = 0
        self.inst = ""  # institution name
        self.phone = ""  # institution switchboard


class Institution:
    __slots__ = ("addr", "kind", "phone", "resident_count")

    def __init__(self, kind: str, addr: Addr, phone: str) -> None:
        self.kind = kind
        self.addr = addr
        self.phone = phone
        self.resident_count = 0


Roman = tuple[str, str, str, str]  # family, given (as certificate), family, given (diacritics)
Name = tuple[str, str, Roman | None, str]  # surname, given (漢字), romanised, script h/i/f/c


class Person:
    __slots__ = (
        "arrive", "birth", "country", "death", "flags", "hh", "ids", "key", "live", "married_sur",
        "mobiles", "names", "passport", "reg", "sex", "ymd",
    )  # fmt: skip

    def __init__(self, key: str, sex: int, birth: int, hh: Household) -> None:
        self.key = key
        self.sex = sex  # 1 male, 2 female
        self.birth = birth
        d = dt.date.fromordinal(birth)
        self.ymd = (d.year, d.month, d.day)
        self.death = END + 1  # or the day a migrant worker left Taiwan
        self.arrive = 0  # the day a person born abroad arrived
        self.hh = hh
        self.flags = 0
        self.country = ""  # VN, CN, ID, PH, TH, KH for people born abroad; "" else
        self.names: list[tuple[int, Name]] = []
        self.ids: list[tuple[int, str]] = []
        self.passport = ""
        self.live: list[tuple[int, Addr | None]] = []
        self.reg: list[tuple[int, Addr]] = []
        self.mobiles: list[tuple[int, str]] = [(0, "")]
        self.married_sur = ""  # 冠夫姓 some older women still carry in old files

    def age(self, day: int) -> int:
        return (day - self.birth) * 100 // 36525


class Household:
    __slots__ = ("apply", "home", "key", "kind", "landlines", "members")

    def __init__(self, key: int, kind: str) -> None:
        self.key = key
        self.kind = kind
        self.members: list[Person] = []
        self.landlines: list[tuple[int, str]] = [(0, "")]
        self.home: list[tuple[int, Addr]] = []
        self.apply: list[int] = []  # social-housing application days


def _cum(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _zipf(n: int, s: float = 0.6) -> list[float]:
    return _cum([1 / (i + 1) ** s for i in range(n)])


class World:
    """Everything shared while households are made: the random stream, pools, issued numbers."""

    def __init__(self, rng: random.Random, persons_hint: int) -> None:
        self.rng = rng
        self.issued: set[str] = set()
        self.person_no = 0
        self.household_no = 0
        self.districts = [d for d in w.DISTRICTS]
        self.dist_cum = _cum([d[2] for d in w.DISTRICTS])
        self.lis = [rng.sample(w.LI_POOL, 14) for _ in w.DISTRICTS]
        self.roads = [self._roads(d[5]) for d in w.DISTRICTS]
        self.elsewhere_roads = [self._roads(e[3]) for e in w.ELSEWHERE]
        sur = [
            (t.rstrip("0123456789"), int(t[len(t.rstrip("0123456789")) :]))
            for t in w.SURNAMES.split()
        ]
        self.surnames = [s for s, _ in sur]
        self.sur_cum = _cum([float(n) for _, n in sur])
        self.given = {
            k: (v[0], _zipf(len(v[0])), v[1], _zipf(len(v[1]))) for k, v in w.GIVEN.items()
        }
        self.institutions: list[Institution] = []
        kinds = [k for k in w.INSTITUTION_KINDS for _ in range(k[4])]
        for i in range(max(12, persons_hint // 2500)):
            kind, pattern = kinds[i % len(kinds)][0], kinds[i % len(kinds)][1]
            a = self.address(urban=0.7)
            a.floor = a.floor_sub = 0
            a.inst = pattern.format(rng.choice(w.INSTITUTION_WORDS))
            a.phone = self.landline(a)
            self.institutions.append(Institution(kind, a, a.phone))

    @staticmethod
    def _roads(spec: str) -> list[tuple[str, int, str]]:
        out = []
        for token in spec.split():
            name, _, secs = token.partition("#")
            out.append((name, int(secs or 0), _english_road(name)))
        return out

    # --- numbers -------------------------------------------------------------------------------

    def national_id(self, letter: str, sex: int, third: str = "") -> str:
        rng = self.rng
        while True:
            digits = str(sex) + (third or str(rng.randrange(6))) + f"{rng.randrange(1000000):06d}"
            nid = f"{letter}{digits}{check_digit(letter, digits)}"
            if nid not in self.issued:
                self.issued.add(nid)
                return nid

    def next_id(self, nid: str) -> str:
        """The number issued right after `nid` (a twin registered the same day)."""
        letter, digits = nid[0], nid[1:9]
        while True:
            serial = (int(digits[2:]) + 1) % 1000000
            digits = f"{digits[:2]}{serial:06d}"
            nid = f"{letter}{digits}{check_digit(letter, digits)}"
            if nid not in self.issued:
                self.issued.add(nid)
                return nid

    def old_resident_no(self, sex: int, mainland: bool) -> str:
        """Pre-2021 resident certificate: area letter, A/B (mainland) or C/D (foreign), 8 digits."""
        rng = self.rng
        second = ("A" if sex == 1 else "B") if mainland else ("C" if sex == 1 else "D")
        letter = "E" if rng.random() < 0.85 else rng.choice("AFTD")
        while True:
            body = str(CODES[second] % 10) + f"{rng.randrange(10000000):07d}"
            no = f"{letter}{second}{body[1:]}{check_digit(letter, body)}"
            if no not in self.issued:
                self.issued.add(no)
                return no

    def new_resident_no(self, sex: int, mainland: bool) -> str:
        third = "9" if mainland else str(self.rng.randrange(7))
        return self.national_id("E", 8 if sex == 1 else 9, third)

    def mobile(self) -> str:
        return self.rng.choice(MOBILE) + f"{self.rng.randrange(1000000):06d}"

    def landline(self, a: Addr) -> str:
        if a.city != "高雄市":
            return ""
        return "07" + self.rng.choice(a.prefixes) + f"{self.rng.randrange(100000):05d}"

    # --- places --------------------------------------------------------------------------------

    def address(self, *, dist: int = -1, urban: float = 0.0) -> Addr:
        rng = self.rng
        if dist < 0:
            if rng.random() < urban:
                while w.DISTRICTS[dist := rng.randrange(11)][0] not in URBAN:
                    pass
            else:
                dist = rng.choices(range(len(w.DISTRICTS)), cum_weights=self.dist_cum)[0]
        name, post, _, old, prefixes, _ = w.DISTRICTS[dist]
        a = Addr()
        a.dist, a.old, a.post, a.dist_en = name, old, post, w.DISTRICT_EN[dist]
        a.prefixes = prefixes.split()
        a.post5 = f"{post}{rng.randrange(1, 80):02d}"
        a.li = rng.choice(self.lis[dist])
        a.lin = 1 + int(rng.random() ** 1.6 * 30)
        roads = self.roads[dist]
        city = name in URBAN
        if (
            roads
            and not (name in w.MOUNTAIN and rng.random() < 0.6)
            and (city or rng.random() > 0.06)
        ):
            a.road, secs, a.road_en = rng.choice(roads)
            a.others = [r[0] for r in roads if r[0] != a.road]
            a.sec = rng.randint(1, secs) if secs else 0
            if rng.random() < (0.45 if city else 0.3):
                a.lane = 1 + int(rng.random() ** 2 * 350)
                if rng.random() < 0.25:
                    a.alley = 1 + int(rng.random() ** 2 * 25)
        a.no = 1 + int(rng.random() ** 1.8 * 600)
        if rng.random() < 0.08:
            a.no_sub = rng.randint(1, 6)
        if rng.random() < (0.55 if city else 0.15):
            a.floor = 2 + int(rng.random() ** 2 * 14)
            if rng.random() < 0.25:
                a.floor_sub = rng.randint(1, 8)
        return a

    def elsewhere(self) -> Addr:
        rng = self.rng
        i = rng.randrange(len(w.ELSEWHERE))
        city, dist, post, _ = w.ELSEWHERE[i]
        a = Addr()
        a.city, a.dist, a.post, a.post5 = city, dist, post, f"{post}{rng.randrange(1, 60):02d}"
        a.road, secs, a.road_en = rng.choice(self.elsewhere_roads[i])
        a.sec = rng.randint(1, secs) if secs else 0
        a.li = rng.choice(w.LI_POOL)
        a.lin = rng.randint(1, 20)
        if rng.random() < 0.4:
            a.lane = rng.randint(1, 200)
        a.no = rng.randint(1, 400)
        if rng.random() < 0.4:
            a.floor = rng.randint(2, 12)
        return a

    def institution(self, kind: str) -> Institution:
        options = [i for i in self.institutions if i.kind == kind] or self.institutions
        inst = options[int(self.rng.random() ** 1.5 * len(options))]
        inst.resident_count += 1
        return inst

    # --- names ---------------------------------------------------------------------------------

    def surname(self) -> str:
        return self.rng.choices(self.surnames, cum_weights=self.sur_cum)[0]

    def given_name(self, sex: int, year: int, first: str = "") -> str:
        rng = self.rng
        era = 0 if year < 1955 else 1 if year < 1975 else 2 if year < 1995 else 3
        p1, c1, p2, c2 = self.given[(era, sex)]
        b = rng.choices(p2, cum_weights=c2)[0]
        if not first and rng.random() < 0.035:
            return b
        a = first or rng.choices(p1, cum_weights=c1)[0]
        while b == a and rng.random() < 0.9:
            b = rng.choices(p2, cum_weights=c2)[0]
        return a + b


def _english_road(name: str) -> str:
    suffix = "Rd."
    for zh, en in (("公路", "Hwy."), ("大路", "Blvd."), ("路", "Rd."), ("街", "St.")):
        if name.endswith(zh):
            name, suffix = name[: -len(zh)], en
            break
    parts = []
    if len(name) > 2 and name[-1] in "一二三四":
        parts.append(("1st", "2nd", "3rd", "4th")["一二三四".index(name[-1])])
        name = name[:-1]
    if len(name) > 2 and name[-1] in "東西南北":
        parts.insert(0, {"東": "E.", "西": "W.", "南": "S.", "北": "N."}[name[-1]])
        name = name[:-1]
    syllables = [w.PINYIN.get(ch, "") for ch in name]
    base = syllables[0] + "".join(("'" + s) if s[:1] in "aeo" else s for s in syllables[1:])
    return " ".join([base.capitalize(), *parts, suffix])
