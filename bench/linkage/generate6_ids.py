"""Generator 6: national ID and resident certificate numbers, and their slips (see generate6)."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

# Letter -> the two-digit value the check sum uses (the area of first household registration).
LETTER_CODE = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1)


def _check(letter: str, d: str) -> str:
    """The check digit after letter + 8 digits d (for the old resident format d[0] is the
    second letter's code modulo 10)."""
    code = LETTER_CODE[letter]
    total = code // 10 + (code % 10) * 9 + sum(int(c) * w for c, w in zip(d, _WEIGHTS, strict=True))
    return str((10 - total % 10) % 10)


def is_valid(value: str) -> bool:
    if len(value) != 10 or value[0] not in LETTER_CODE:
        return False
    second = value[1]
    body = str(LETTER_CODE[second] % 10) + value[2:9] if second in LETTER_CODE else value[1:9]
    return body.isdigit() and value[9].isdigit() and _check(value[0], body) == value[9]


def _letters(spec: str) -> tuple[str, list[float]]:
    letters = "".join(t[0] for t in spec.split())
    return letters, list(accumulate(float(t[1:]) for t in spec.split()))


# Where people of a New Taipei caseload were first registered, by birth period.
BIRTHPLACE = {
    "old": _letters(
        "F22 A10 P7 Q6 N6 R5 T5 K4 M3 G4 C4 U3 V2 E3 S3 D2 B2 L3 H4 J2 I1 O1 X2 W1 Z0.3 Y0.5"
    ),
    "mid": _letters(
        "F40 A14 H5 P4 Q3 N4 R3 T3 K2 M2 G3 C3 U2 V1 E2 S2 D1 B1 L2 J1 I0.5 O0.5 X1 W0.5"
    ),
    "young": _letters("F66 A11 H5 C2 G1.5 B1.5 N1 P1 Q0.7 D0.8 E0.8 K0.6 T0.6 U0.5 J0.5 O0.5"),
    "child": _letters("F88 A5 H3 C1 G0.6 B0.6 E0.5 D0.5 N0.4 K0.4"),
    "indigenous": _letters("U25 V20 T15 F20 H10 G5 M5"),
}
_THIRD = "000000111111122222333445"  # native-born third digit (0-5), low digits commoner


def birthplace(rng: random.Random, kind: str) -> str:
    letters, cum = BIRTHPLACE[kind]
    return letters[bisect(cum, rng.random() * cum[-1])]


class Registry:
    """Hands out unique numbers; twins get consecutive serials."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _digits(self, n: int) -> str:
        rng = self.rng
        return "".join(str(int(rng.random() * 10)) for _ in range(n))

    def national(self, letter: str, sex: int, third: str = "") -> str:
        """A national ID: third digit 0-5 born here, 6 naturalised, 9 from the mainland."""
        t = third or _THIRD[int(self.rng.random() * len(_THIRD))]
        while True:
            body = str(sex) + t + self._digits(6)
            value = letter + body + _check(letter, body)
            if value not in self.used:
                self.used.add(value)
                return value

    def next_serial(self, value: str, sex: int) -> str:
        """The twin's number: the next free serial after value's (same letter)."""
        letter = value[0]
        serial = int(value[2:9])
        while True:
            serial = (serial + 1) % 10_000_000
            body = f"{sex}{serial:07d}"
            candidate = letter + body + _check(letter, body)
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate

    def resident_old(self, letter: str, sex: int, mainland: bool) -> str:
        """Before 2021: two letters + 8 digits (A/B mainland, C/D foreign; first of each male)."""
        second = ("A" if sex == 1 else "B") if mainland else ("C" if sex == 1 else "D")
        while True:
            digits = self._digits(7)
            body = str(LETTER_CODE[second] % 10) + digits
            value = letter + second + digits + _check(letter, body)
            if value not in self.used:
                self.used.add(value)
                return value

    def resident_new(self, letter: str, sex: int, mainland: bool) -> str:
        """From 2021-01-02: letter, 8/9 for sex, third digit 9 mainland or 0-6 foreign."""
        third = "9" if mainland else str(int(self.rng.random() * 7))
        return self.national(letter, 8 if sex == 1 else 9, third)


_NEIGHBOURS = {
    "0": "89", "1": "247", "2": "1358", "3": "26", "4": "157", "5": "2468", "6": "359",
    "7": "48", "8": "5790", "9": "68",
}  # fmt: skip
_FULLWIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
)


def typo(rng: random.Random, value: str) -> str:
    """One digit mistyped, usually for a neighbour on the keypad."""
    i = 2 + int(rng.random() * (len(value) - 2))
    c = value[i]
    if not c.isdigit():
        return value
    near = _NEIGHBOURS[c] if rng.random() < 0.6 else "0123456789".replace(c, "")
    return value[:i] + near[int(rng.random() * len(near))] + value[i + 1 :]


def transpose(rng: random.Random, value: str) -> str:
    i = 2 + int(rng.random() * (len(value) - 3))
    if value[i] == value[i + 1]:
        i = 2 if i > 2 else 3
    return value[:i] + value[i + 1] + value[i] + value[i + 2 :]


def wrong_letter(rng: random.Random, value: str) -> str:
    """The area letter of the reporter's assumption (most people in the city are F or A)."""
    letter = "A" if value[0] == "F" else "F"
    if rng.random() < 0.3:
        letter = chr(ord(value[0]) + (1 if value[0] < "Z" else -1))
    return letter + value[1:]


def mask(value: str, style: int) -> str:
    """Masked forms seen in exports: F12****789, F123****89, F12345****."""
    if style == 0:
        return value[:3] + "****" + value[7:]
    if style == 1:
        return value[:4] + "****" + value[8:]
    return value[:6] + "****"


def fullwidth(value: str) -> str:
    return value.translate(_FULLWIDTH)
