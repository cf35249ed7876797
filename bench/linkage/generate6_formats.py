"""Generator 6: how dates and phone numbers are written, and their slips (see generate6)."""

from __future__ import annotations

import random
from datetime import date

EXCEL_EPOCH = date(1899, 12, 30).toordinal()

# Date formats by name; each system has a mix of them.
ROC3 = 0  # 075/03/12
ROC = 1  # 75/03/12
ROC_DOT = 2  # 75.3.12
ROC_ZH = 3  # 民國75年3月12日
ROC_YEAR = 4  # 75年3月12日
ROC7 = 5  # 0750312
ROC7_EXCEL = 6  # 750312 (leading zero lost in a spreadsheet)
ISO = 7  # 1986-03-12
AD_SLASH = 8  # 1986/03/12
AD_SHORT = 9  # 1986/3/12
AD8 = 10  # 19860312
EXCEL_SERIAL = 11  # 31483 (days since 1899-12-30)
US = 12  # 3/12/1986 (a spreadsheet's US display)


def fmt_date(kind: int, y: int, m: int, d: int) -> str:
    r = y - 1911
    if kind == ROC3:
        return f"{r:03d}/{m:02d}/{d:02d}"
    if kind == ROC:
        return f"{r}/{m:02d}/{d:02d}"
    if kind == ROC_DOT:
        return f"{r}.{m}.{d}"
    if kind == ROC_ZH:
        return f"民國{r}年{m}月{d}日"
    if kind == ROC_YEAR:
        return f"{r}年{m}月{d}日"
    if kind == ROC7:
        return f"{r:03d}{m:02d}{d:02d}"
    if kind == ROC7_EXCEL:
        return f"{r}{m:02d}{d:02d}"
    if kind == ISO:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if kind == AD_SLASH:
        return f"{y:04d}/{m:02d}/{d:02d}"
    if kind == AD_SHORT:
        return f"{y}/{m}/{d}"
    if kind == AD8:
        return f"{y:04d}{m:02d}{d:02d}"
    if kind == EXCEL_SERIAL:
        return str(date(y, m, d).toordinal() - EXCEL_EPOCH)
    return f"{m}/{d}/{y}"


def pick_format(rng: random.Random, mix: tuple[tuple[int, float], ...]) -> int:
    """A format from (format, cumulative probability) pairs."""
    r = rng.random()
    for kind, cum in mix:
        if r < cum:
            return kind
    return mix[-1][0]


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid(y: int, m: int, d: int) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    leap = m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return d <= _DAYS[m - 1] + (1 if leap else 0)


def swap_day_month(y: int, m: int, d: int) -> tuple[int, int, int]:
    return (y, d, m) if d <= 12 and d != m else (y, m, d)


def digit_slip(rng: random.Random, y: int, m: int, d: int) -> tuple[int, int, int]:
    """One digit of the date wrong: the year's last digit, the day, or the month."""
    for _ in range(4):
        r = rng.random()
        if r < 0.4:
            cand = (y + rng.choice((-1, 1)), m, d)
        elif r < 0.8:
            cand = (y, m, d + rng.choice((-1, 1, 10, -10)))
        else:
            cand = (y, m + rng.choice((-1, 1)), d)
        if _valid(*cand):
            return cand
    return y, m, d


def guessed(rng: random.Random, event_year: int, true_year: int) -> tuple[int, int, int]:
    """A birth date made up from an age told by a caller ("about forty"): 1 January of the year."""
    age = event_year - true_year + int(rng.gauss(0, 3))
    if rng.random() < 0.5:
        age = 5 * round(age / 5)
    return event_year - max(age, 0), 1, 1


# Phones: formats of a mobile (09XXXXXXXX) and of a landline (02XXXXXXXX).
MOBILE_FORMATS = 8
LANDLINE_FORMATS = 9


def fmt_mobile(kind: int, p: str) -> str:
    if kind == 0:
        return p
    if kind == 1:
        return f"{p[:4]}-{p[4:7]}-{p[7:]}"
    if kind == 2:
        return f"{p[:4]}-{p[4:]}"
    if kind == 3:
        return f"{p[:4]} {p[4:7]} {p[7:]}"
    if kind == 4:
        return "+886" + p[1:]
    if kind == 5:
        return f"+886-{p[1:4]}-{p[4:7]}-{p[7:]}"
    if kind == 6:
        return "886" + p[1:]
    return p[1:]  # a spreadsheet dropped the leading zero


def fmt_landline(kind: int, p: str) -> str:
    n = p[2:]
    if kind == 0:
        return f"(02){n[:4]}-{n[4:]}"
    if kind == 1:
        return f"02-{n[:4]}-{n[4:]}"
    if kind == 2:
        return f"02-{n}"
    if kind == 3:
        return p
    if kind == 4:
        return n
    if kind == 5:
        return f"{n[:4]}-{n[4:]}"
    if kind == 6:
        return f"(02){n}"
    if kind == 7:
        return f"+886-2-{n[:4]}-{n[4:]}"
    return p[1:]


def phone_typo(rng: random.Random, p: str) -> str:
    i = 3 + int(rng.random() * (len(p) - 3))
    c = str((int(p[i]) + rng.choice((1, 9, 3))) % 10)
    return p[:i] + c + p[i + 1 :]


# Mobile prefixes in use (09xx), as carriers were allocated them.
MOBILE_PREFIXES = [*range(910, 940), *range(952, 990)]


def new_mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        pre = MOBILE_PREFIXES[int(rng.random() * len(MOBILE_PREFIXES))]
        p = f"0{pre}" + "".join(str(int(rng.random() * 10)) for _ in range(6))
        if p not in used:
            used.add(p)
            return p


def new_landline(rng: random.Random, prefixes: list[int], used: set[str]) -> str:
    while True:
        pre = prefixes[int(rng.random() * len(prefixes))]
        p = f"02{pre:04d}{int(rng.random() * 10000):04d}"
        if p not in used:
            used.add(p)
            return p
