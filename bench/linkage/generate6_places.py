"""Generator 6: New Taipei City districts and roads, addresses and how they are written (see
generate6 for the spec). District and road names are real public geography; house numbers are
invented."""

from __future__ import annotations

import random
import re
from bisect import bisect
from itertools import accumulate

from bench.linkage.generate6_geo import ELSEWHERE_TABLE, NTP_TABLE, VILLAGE_NAMES


class Road:
    __slots__ = ("en", "name", "sections")

    def __init__(self, name: str, en: str, sections: str) -> None:
        self.name, self.en, self.sections = name, en, int(sections)


def _roads(spec: str) -> list[Road]:
    return [Road(*m) for m in re.findall(r"([^\s:]+):([^:]+?):(\d+)", spec)]


class District:
    __slots__ = (
        "city",
        "city_en",
        "en",
        "landlines",
        "name",
        "old",
        "postcode",
        "roads",
        "villages",
    )

    def __init__(
        self, city: str, city_en: str, name: str, old: str, postcode: str, en: str
    ) -> None:
        self.city, self.city_en, self.name, self.old = city, city_en, name, old
        self.postcode, self.en = postcode, en
        self.roads: list[Road] = []
        self.villages: list[str] = []
        self.landlines: list[int] = []


def _load() -> tuple[list[District], list[float], list[District]]:
    pick = random.Random(6)  # a fixed draw of village names per district, not the data seed
    ntp: list[District] = []
    weights: list[float] = []
    for head, lines, roads in NTP_TABLE:
        name, old, post, en, pop, factor = head.split("|")
        d = District("新北市", "New Taipei City", name, "臺北縣" + old, post, en + " Dist.")
        d.roads = _roads(roads)
        d.villages = [
            v + "里" for v in pick.sample(VILLAGE_NAMES.split(), 8 + min(12, int(float(pop) / 40)))
        ]
        for span in lines.split():
            lo, _, hi = span.partition("-")
            d.landlines.extend(range(int(lo), int(hi or lo) + 1))
        ntp.append(d)
        weights.append(float(pop) * float(factor))
    far: list[District] = []
    for line in ELSEWHERE_TABLE.strip().splitlines():
        city, name, post, en, city_en, roads = line.split("|")
        d = District(city, city_en, name, city + name, post, en)
        d.roads = _roads(roads)
        d.villages = [v + "里" for v in pick.sample(VILLAGE_NAMES.split(), 6)]
        far.append(d)
    return ntp, list(accumulate(weights)), far


NTP, _NTP_CUM, ELSEWHERE = _load()
WULAI = next(d for d in NTP if d.name == "烏來區")


class Address:
    __slots__ = (
        "alley", "district", "floor", "floor_sub", "lane", "lin", "no", "no_sub", "road",
        "section", "village",
    )  # fmt: skip

    def __init__(
        self, district: District, road: Road, section: int, lane: int, alley: int, no: int,
        no_sub: int, floor: int, floor_sub: int, village: str, lin: int,
    ) -> None:  # fmt: skip
        self.district, self.road, self.section = district, road, section
        self.lane, self.alley, self.no, self.no_sub = lane, alley, no, no_sub
        self.floor, self.floor_sub, self.village, self.lin = floor, floor_sub, village, lin


def pick_district(rng: random.Random) -> District:
    return NTP[bisect(_NTP_CUM, rng.random() * _NTP_CUM[-1])]


def new_address(rng: random.Random, district: District, tall: bool = True) -> Address:
    r = rng.random
    road = district.roads[int(r() * len(district.roads))]
    section = 1 + int(r() * road.sections) if road.sections else 0
    lane = int(r() ** 1.6 * 320) + 1 if r() < 0.42 else 0
    alley = int(r() * 18) + 1 if lane and r() < 0.28 else 0
    no = int(r() ** 1.5 * 360) + 1
    no_sub = int(r() * 4) + 1 if r() < 0.08 else 0
    if r() < 0.14:
        floor = 0
    elif r() < 0.62 or not tall:
        floor = 1 + int(r() * 5)
    else:
        floor = 6 + int(r() ** 1.3 * 18)
    floor_sub = 1 + int(r() * 3) if floor and r() < 0.1 else 0
    village = district.villages[int(r() * len(district.villages))]
    return Address(
        district,
        road,
        section,
        lane,
        alley,
        no,
        no_sub,
        floor,
        floor_sub,
        village,
        1 + int(r() * 30),
    )


def elsewhere_address(rng: random.Random) -> Address:
    return new_address(rng, ELSEWHERE[int(rng.random() * len(ELSEWHERE))])


_ZH = "○一二三四五六七八九"
_FW = str.maketrans("0123456789-", "０１２３４５６７８９－")


def zh_number(n: int) -> str:
    """Positional Chinese numeral (三, 十二, 二十一) as floors and sections are written."""
    if n < 10:
        return _ZH[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH[tens]) + "十" + (_ZH[ones] if ones else "")


def zh_digits(n: int) -> str:
    return "".join(_ZH[int(c)] for c in str(n))


def _plain(n: int) -> str:
    return str(n)


def fullwidth(text: str) -> str:
    return text.translate(_FW)


class Style:
    """How one writer renders an address. digits: 0 ASCII, 1 full-width, 2 Chinese digits."""

    __slots__ = (
        "city",
        "digits",
        "floor",
        "floor_zh",
        "old",
        "postcode",
        "sub_dash",
        "tai",
        "village",
    )

    def __init__(self) -> None:
        self.city = True
        self.village = False
        self.digits = 0
        self.floor = True
        self.floor_zh = False
        self.sub_dash = False
        self.old = False
        self.tai = False
        self.postcode = False


def render_zh(a: Address, s: Style) -> str:
    d = a.district
    parts: list[str] = []
    if s.postcode:
        parts.append(d.postcode)
    if s.old:
        parts.append(d.old)
    else:
        if s.city:
            parts.append(d.city)
        parts.append(d.name)
    if s.village:
        parts.append(f"{a.village}{a.lin}鄰")
    parts.append(a.road.name)
    if a.section:
        parts.append(zh_number(a.section) + "段")
    num = zh_digits if s.digits == 2 else _plain
    if a.lane:
        parts.append(f"{num(a.lane)}巷")
    if a.alley:
        parts.append(f"{num(a.alley)}弄")
    has_floor = s.floor and a.floor
    if a.no_sub:
        if s.sub_dash:
            parts.append(f"{num(a.no)}-{num(a.no_sub)}號")
        elif has_floor:
            parts.append(f"{num(a.no)}之{num(a.no_sub)}號")
        else:
            parts.append(f"{num(a.no)}號之{num(a.no_sub)}")
    else:
        parts.append(f"{num(a.no)}號")
    if has_floor:
        if s.floor_zh or s.digits == 2:
            parts.append(f"{zh_number(a.floor)}樓")
            if a.floor_sub:
                parts.append(f"之{zh_number(a.floor_sub)}")
        elif s.sub_dash:
            parts.append(f"{a.floor}F" + (f"-{a.floor_sub}" if a.floor_sub else ""))
        else:
            parts.append(f"{num(a.floor)}樓" + (f"之{num(a.floor_sub)}" if a.floor_sub else ""))
    text = "".join(parts)
    if s.digits == 1:
        text = fullwidth(text)
    if s.tai:
        text = text.replace("臺", "台")
    return text


def render_en(a: Address, country: bool) -> str:
    """The interior ministry's English address order, smallest unit first."""
    d = a.district
    parts: list[str] = []
    if a.floor:
        parts.append(f"{a.floor}F." + (f"-{a.floor_sub}" if a.floor_sub else ""))
    parts.append(f"No. {a.no}" + (f"-{a.no_sub}" if a.no_sub else ""))
    if a.alley:
        parts.append(f"Aly. {a.alley}")
    if a.lane:
        parts.append(f"Ln. {a.lane}")
    if a.section:
        parts.append(f"Sec. {a.section}")
    parts.append(a.road.en)
    parts.append(d.en)
    parts.append(f"{d.city_en} {d.postcode}" if d.city_en not in d.en else d.postcode)
    text = ", ".join(parts)
    return text + ", Taiwan (R.O.C.)" if country else text


def render_partial(rng: random.Random, a: Address) -> str:
    """What a caller knows: the road and maybe the lane, or the street and 附近 (near)."""
    d = a.district
    sec = zh_number(a.section) + "段" if a.section else ""
    r = rng.random()
    if r < 0.4:
        return f"{d.name}{a.road.name}{sec}{a.lane}巷" if a.lane else f"{d.name}{a.road.name}{sec}"
    if r < 0.7:
        return f"{d.city}{d.name}{a.road.name}{sec}附近"
    return f"{a.road.name}{sec}{a.no}號" + (f"{a.floor}樓" if a.floor else "")


def slip(rng: random.Random, a: Address) -> Address:
    """The same address with one number mistyped (house number, lane or floor)."""
    b = Address(
        a.district,
        a.road,
        a.section,
        a.lane,
        a.alley,
        a.no,
        a.no_sub,
        a.floor,
        a.floor_sub,
        a.village,
        a.lin,
    )
    r = rng.random()
    if r < 0.55 or not (a.lane or a.floor):
        b.no = max(1, a.no + rng.choice((-2, -1, 1, 2, 10, -10)))
    elif r < 0.8 and a.lane:
        b.lane = max(1, a.lane + rng.choice((-1, 1, 10)))
    elif a.floor:
        b.floor = max(1, a.floor + rng.choice((-1, 1)))
    return b
