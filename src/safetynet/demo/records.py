"""Synthetic multi-system records with ground truth, grown from the demo city's population
(used by the demo city's lists, the linkage tests and bench/linkage).

Each national system lists some of the city's people, with its own error profile: the hotline
hears names (homophones) and rarely gets an ID, a legacy system stores simplified characters,
one writes ROC dates as 1120414, another ISO with a time, addresses come five ways, people move.
Household members and twins share surname, address and (twins) birthday but are different people.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

import opencc
from pypinyin import Style, pinyin

from safetynet.demo.population import (
    GIVEN_ANY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    PopulationGenerator,
    SyntheticHousehold,
    SyntheticPerson,
)

DISTRICTS = ["中正區", "七堵區", "暖暖區", "仁愛區", "中山區", "安樂區", "信義區"]
# Characters people hear for a name's characters on the phone, grouped by sound below.
_SOUND_ALIKE = (
    "宜儀依伊意益奕亦毅藝憶誼逸軍均鈞俊峻竣駿庭廷霆亭姍杉善慧蕙惠薇維唯偉緯瑋"
    "玲琳齡鈴玟雯紋聞芬紛汾婷筠昀云芸耘韻美媚梅玫明銘鳴名佳嘉家加傑杰潔捷豪浩皓昊宏鴻弘泓"
    "雄熊華樺驊冠觀宇雨羽禹承丞誠成恩安品嬪妤瑜予于子姿梓心欣馨新欣穎瑩盈涵含晗思絲詩"
    "琪淇其棋祺珊翰瀚漢彥晏雁燕偉輝暉凱愷鎧智志致睿瑞銳哲喆辰晨臣正政國幗文聞英瑛鶯秀繡"
)

_to_simplified = opencc.OpenCC("t2s")
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_CN_DIGITS = "〇一二三四五六七八九"


def _homophones(style: Style) -> dict[str, list[str]]:
    by_sound: dict[str, list[str]] = {}
    for char in dict.fromkeys(GIVEN_FEMALE + GIVEN_MALE + GIVEN_ANY + _SOUND_ALIKE):
        sound = pinyin(char, style=style, neutral_tone_with_five=True)[0][0]
        by_sound.setdefault(sound, []).append(char)
    return {c: [o for o in group if o != c] for group in by_sound.values() for c in group}


HOMOPHONES = _homophones(Style.TONE3)  # same sound and tone: 怡/宜
TONELESS = _homophones(Style.NORMAL)  # same sound, maybe another tone: 怡/依


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return "".join(_CN_DIGITS[int(d)] for d in str(n))


@dataclass(frozen=True)
class Profile:
    """How one system records people."""

    name: str
    share: float  # records of this system among all
    id_present: float
    id_typo: float
    homophone: float
    simplified: float
    date_forms: tuple[str, ...]
    date_error: float
    address_present: float
    old_address: float  # the person moved; this system has the old address
    phone_present: float
    duplicate: float  # the same person listed twice
    age: tuple[int, int] = (0, 120)


SYSTEMS = [
    Profile("psychiatric", 0.14, 0.97, 0.01, 0.02, 0.0, ("roc_slash", "roc7"), 0.01, 0.95, 0.10, 0.5, 0.02, (12, 120)),
    Profile("suicide", 0.10, 0.45, 0.03, 0.15, 0.0, ("roc_cn", "iso", "roc_slash"), 0.04, 0.7, 0.15, 0.8, 0.08, (10, 120)),
    Profile("drug", 0.10, 0.92, 0.02, 0.04, 0.05, ("ad_slash", "roc7"), 0.02, 0.9, 0.25, 0.6, 0.05, (14, 80)),
    Profile("protection", 0.18, 0.70, 0.02, 0.08, 0.0, ("roc_slash", "iso", "roc_cn"), 0.03, 0.9, 0.10, 0.4, 0.06),
    Profile("low_income", 0.16, 1.00, 0.00, 0.0, 0.0, ("roc_cn",), 0.0, 1.0, 0.02, 0.3, 0.0),
    Profile("long_term_care", 0.12, 0.98, 0.01, 0.01, 0.0, ("iso_time", "ad8"), 0.01, 0.95, 0.05, 0.7, 0.01, (60, 120)),
    Profile("police_concern", 0.08, 0.80, 0.04, 0.06, 0.10, ("roc7", "ad_slash"), 0.03, 0.8, 0.20, 0.5, 0.04, (14, 90)),
    Profile("school_counselling", 0.12, 0.90, 0.01, 0.03, 0.0, ("iso", "roc_slash"), 0.01, 0.9, 0.05, 0.8, 0.02, (6, 18)),
]  # fmt: skip


@dataclass(frozen=True)
class Truth:
    person: SyntheticPerson
    home: SyntheticHousehold
    previous: SyntheticHousehold  # where they lived before a move
    phone: str


class RecordGenerator:
    """Deterministic from a seed: `records(n)` yields dicts of the link interface + `truth`."""

    def __init__(self, *, seed: int, today: dt.date = dt.date(2026, 11, 1)) -> None:
        self.rng = random.Random(seed + 1)
        self.population = PopulationGenerator(seed=seed, today=today)
        self.today = today

    def people(self, count: int) -> list[Truth]:
        """About `count` people of the city, in households, each with a home and a former one."""
        homes = list(
            self.population.households(
                population=count, district_count=len(DISTRICTS), villages_per_district=[1] * 7
            )
        )
        return self.truths_of(homes)

    def truths_of(self, homes: list[SyntheticHousehold]) -> list[Truth]:
        """The people of these households (the demo city's own), with phones and former homes."""
        rng = self.rng
        out = []
        for home in homes:
            phone = f"09{rng.randrange(10**8):08d}"
            for person in home.members:
                previous = rng.choice(homes)
                out.append(Truth(person, home, previous, phone))
        return out

    def records(self, count: int, people: list[Truth] | None = None) -> Iterator[dict[str, str]]:
        rng = self.rng
        # About 2.6 records a person known to any system.
        people = people or self.people(int(count / 2.6))
        weights = [p.share for p in SYSTEMS]
        made = 0
        serial = 0
        while made < count:
            truth = rng.choice(people)
            systems = {
                s.name: s for s in rng.choices(SYSTEMS, weights, k=rng.choice([1, 1, 2, 3, 4]))
            }
            for system in systems.values():
                age = (self.today - truth.person.birth_date).days // 365
                if not system.age[0] <= age <= system.age[1] and rng.random() < 0.9:
                    continue
                copies = 2 if rng.random() < system.duplicate else 1
                for _ in range(copies):
                    serial += 1
                    yield self.record(truth, system, f"{system.name[:3].upper()}{serial:08d}")
                    made += 1
                    if made >= count:
                        return

    def record(self, truth: Truth, system: Profile, source_id: str) -> dict[str, str]:
        rng = self.rng
        person = truth.person
        home = truth.previous if rng.random() < system.old_address else truth.home
        return {
            "source_system": system.name,
            "source_id": source_id,
            "name": self._name(person.name, system),
            "national_id": self._id(person.id_number, system),
            "birth_date": self._date(person.birth_date, system),
            "sex": rng.choice([person.sex, person.sex, person.sex, "男" if person.sex == "M" else "女", ""]),
            "address": self._address(home, system) if rng.random() < system.address_present else "",
            "phone": self._phone(truth.phone) if rng.random() < system.phone_present else "",
            "truth": str(person.key),
        }  # fmt: skip

    def _name(self, name: str, system: Profile) -> str:
        rng = self.rng
        if name.isascii() or "·" in name:
            if name.isascii() and rng.random() < 0.3:
                words = name.split()
                rng.shuffle(words)
                name = " ".join(words).title() if rng.random() < 0.5 else " ".join(words)
            return name
        if rng.random() < system.homophone:
            i = rng.randrange(1, len(name))
            choices = (HOMOPHONES if rng.random() < 0.7 else TONELESS).get(name[i])
            if choices:
                name = name[:i] + rng.choice(choices) + name[i + 1 :]
        if rng.random() < 0.005 and len(name) == 3:
            name = name[0] + name[2] + name[1]  # given name's characters swapped
        if rng.random() < system.simplified:
            name = _to_simplified.convert(name)
        if rng.random() < 0.01:
            name = " ".join(name)
        return name

    def _id(self, number: str, system: Profile) -> str:
        rng = self.rng
        if rng.random() > system.id_present:
            return ""
        if rng.random() < system.id_typo:
            chars = list(number)
            if rng.random() < 0.5:
                i = rng.randrange(2, 9)
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            else:
                i = rng.randrange(2, 10)
                chars[i] = str((int(chars[i]) + rng.randint(1, 9)) % 10)
            number = "".join(chars)
        return number.lower() if rng.random() < 0.02 else number

    def _date(self, day: dt.date, system: Profile) -> str:
        rng = self.rng
        if rng.random() < 0.02:
            return ""
        if rng.random() < system.date_error:
            kind = rng.random()
            if kind < 0.4 and day.day <= 12 and day.day != day.month:
                day = day.replace(month=day.day, day=day.month)
            elif kind < 0.8:
                day = day + dt.timedelta(days=rng.choice([-1, 1]))
            else:
                with contextlib.suppress(ValueError):  # 29 February
                    day = day.replace(year=day.year + rng.choice([-1, 1]))
        roc = day.year - 1911
        form = rng.choice(system.date_forms)
        return {
            "roc_slash": f"{roc:03d}/{day.month:02d}/{day.day:02d}" if rng.random() < 0.7 else f"{roc}/{day.month}/{day.day}",
            "roc7": f"{roc:03d}{day.month:02d}{day.day:02d}",
            "roc_cn": f"民國{roc}年{day.month}月{day.day}日",
            "iso": day.isoformat(),
            "iso_time": f"{day.isoformat()} 00:00:00",
            "ad_slash": f"{day.year}/{day.month}/{day.day}",
            "ad8": f"{day:%Y%m%d}",
        }[form]  # fmt: skip

    def _address(self, home: SyntheticHousehold, system: Profile) -> str:
        rng = self.rng
        county = rng.choice(["基隆市", "基隆市", ""])
        district = DISTRICTS[home.district_index] if rng.random() < 0.9 else ""
        number, floor = home.number, home.floor
        style = rng.random()
        if style < 0.4:
            text = f"{county}{district}{home.street}{number}號{floor}樓"
        elif style < 0.6:
            text = f"{county}{district}{home.street}{number}號{floor}F"
        elif style < 0.75:
            text = f"{county}{district}{home.street}{_cn_number(number)}號{_cn_number(floor)}樓"
        elif style < 0.9:
            text = f"{county}{district}{home.street}{number}號{floor}樓".translate(_FULL_WIDTH)
        else:
            text = f"{county} {district} {home.street} {number} 號 {floor} 樓"
        return text.replace("臺", "台") if rng.random() < 0.3 else text

    def _phone(self, phone: str) -> str:
        style = self.rng.random()
        if style < 0.5:
            return phone
        if style < 0.8:
            return f"{phone[:4]}-{phone[4:7]}-{phone[7:]}"
        return f"+886-{phone[1:]}"
