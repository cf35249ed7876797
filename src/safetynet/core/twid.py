"""Taiwanese ID numbers: the national ID and the resident certificate numbers (new and old
format), their check digits and what their letters encode. Pure, no Django."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

# The letter of an ID is the place of first registration; each letter stands for a number.
LETTER_VALUES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34,
    "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25,
    "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip
_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
_NATIONAL = re.compile(r"^[A-Z][12]\d{8}$")
_RESIDENT_NEW = re.compile(r"^[A-Z][89]\d{8}$")
_RESIDENT_OLD = re.compile(r"^[A-Z][A-D]\d{8}$")


class IdNumberKind(Enum):
    NATIONAL = "national"
    RESIDENT_NEW = "resident_new"
    RESIDENT_OLD = "resident_old"


class InvalidIdNumber(ValueError):
    """Not a well-formed Taiwanese ID or resident certificate number, or a bad check digit."""


def normalise_id_number(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")


def _checksum_ok(digits: list[int]) -> bool:
    return sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 10 == 0


def _first_letter_digits(letter: str) -> list[int]:
    value = LETTER_VALUES[letter]
    return [value // 10, value % 10]


def id_number_kind(text: str) -> IdNumberKind:
    """Classify a (normalised) ID number, checking its check digit; raises InvalidIdNumber."""
    value = normalise_id_number(text)
    if _NATIONAL.match(value) or _RESIDENT_NEW.match(value):
        digits = _first_letter_digits(value[0]) + [int(c) for c in value[1:]]
        if not _checksum_ok(digits):
            raise InvalidIdNumber(value)
        return IdNumberKind.NATIONAL if value[1] in "12" else IdNumberKind.RESIDENT_NEW
    if _RESIDENT_OLD.match(value):
        # The old resident certificate's second letter counts by its number's last digit.
        second = LETTER_VALUES[value[1]] % 10
        digits = [*_first_letter_digits(value[0]), second, *(int(c) for c in value[2:])]
        if not _checksum_ok(digits):
            raise InvalidIdNumber(value)
        return IdNumberKind.RESIDENT_OLD
    raise InvalidIdNumber(value)


def check_digit(prefix: str) -> str:
    """The check digit that completes a 9-character national or new-format resident prefix."""
    partial = _first_letter_digits(prefix[0]) + [int(c) for c in prefix[1:]]
    total = sum(d * w for d, w in zip(partial, _WEIGHTS[:-1], strict=True))
    return str((10 - total % 10) % 10)


# The sex an ID's second character encodes: 1/2 in a national ID, 8/9 in a new-format
# resident number, A-D in an old resident certificate.
ID_SEX_CHARACTERS = {"1": "M", "8": "M", "A": "M", "C": "M", "2": "F", "9": "F", "B": "F", "D": "F"}


def sex_from_id_number(text: str) -> str | None:
    """M or F from the second character, where the format encodes it."""
    value = normalise_id_number(text)
    if len(value) < 2:
        return None
    return ID_SEX_CHARACTERS.get(value[1])
