"""Taiwanese ID numbers, by example and by property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetynet.core.twid import (
    LETTER_VALUES,
    IdNumberKind,
    InvalidIdNumber,
    check_digit,
    id_number_kind,
    sex_from_id_number,
)

letters = st.sampled_from(sorted(LETTER_VALUES))
serials = st.integers(min_value=0, max_value=9_999_999)


def test_known_national_id_is_valid() -> None:
    # A1234567 + check digit 9 is the textbook example of the algorithm.
    assert id_number_kind("A123456789") is IdNumberKind.NATIONAL
    assert sex_from_id_number("A123456789") == "M"


def test_wrong_check_digit_is_rejected() -> None:
    with pytest.raises(InvalidIdNumber):
        id_number_kind("A123456788")


@pytest.mark.parametrize("bad", ["", "A12345678", "A323456789", "1234567890", "AA12345678Z"])
def test_malformed_ids_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdNumber):
        id_number_kind(bad)


@given(letters, st.sampled_from("1289"), serials)
def test_check_digit_completes_a_valid_number(letter: str, second: str, serial: int) -> None:
    prefix = f"{letter}{second}{serial:07d}"
    kind = id_number_kind(prefix + check_digit(prefix))
    expected = IdNumberKind.NATIONAL if second in "12" else IdNumberKind.RESIDENT_NEW
    assert kind is expected


@given(letters, st.sampled_from("12"), serials, st.integers(0, 9))
def test_any_other_check_digit_is_rejected(
    letter: str, second: str, serial: int, digit: int
) -> None:
    prefix = f"{letter}{second}{serial:07d}"
    good = check_digit(prefix)
    if str(digit) != good:
        with pytest.raises(InvalidIdNumber):
            id_number_kind(prefix + str(digit))


def test_old_resident_certificate_format() -> None:
    # Old format: area letter, sex letter (A-D), 8 digits; the second letter counts by its last digit.
    body = "AC0000000"
    digits = [1, 0, 2] + [0] * 7
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1)
    check = (10 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
    assert id_number_kind(body[:2] + "0000000" + str(check)) is IdNumberKind.RESIDENT_OLD
    with pytest.raises(InvalidIdNumber):
        id_number_kind(body[:2] + "0000000" + str((check + 1) % 10))


def test_full_width_and_lower_case_ids_normalise() -> None:
    assert id_number_kind("ａ１２３４５６７８９") is IdNumberKind.NATIONAL
