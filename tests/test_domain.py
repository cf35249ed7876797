"""Pure rules, by example and by property, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from safetynet.core.fields import FixedChoiceField, FixedMultipleChoiceField, validation_only
from safetynet.core.roc import DateParseError, format_roc, parse_date
from safetynet.intake import domain
from safetynet.people.domain import (
    LETTER_VALUES,
    IdNumberKind,
    InvalidIdNumber,
    check_digit,
    id_number_kind,
    normalise_name,
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


@pytest.mark.parametrize(
    "text", ["112/04/14", "112-4-14", "112.04.14", "1120414", "民國112年4月14日", "112年4月14日",
             "2023-04-14", "2023/4/14", "20230414", "１１２／０４／１４"]
)  # fmt: skip
def test_roc_and_iso_forms_parse(text: str) -> None:
    assert parse_date(text) == dt.date(2023, 4, 14)


@pytest.mark.parametrize("text", ["", "112/13/01", "112/02/30", "abc", "0/01/01", "12345"])
def test_bad_dates_are_rejected(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text)


# ROC years have at most three digits (a four-digit year is read as AD), so up to 2910.
@given(st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2910, 12, 31)))
def test_every_roc_rendering_parses_back(day: dt.date) -> None:
    roc = day.year - 1911
    forms = [
        format_roc(day),
        f"{roc:03d}{day.month:02d}{day.day:02d}",
        f"民國{roc}年{day.month}月{day.day}日",
        f"{roc}-{day.month}-{day.day}",
        day.isoformat(),
        day.strftime("%Y%m%d"),
    ]
    for text in forms:
        assert parse_date(text) == day, text


def test_names_fold_variants_and_spacing() -> None:
    assert normalise_name(" 台 美玲 ") == normalise_name("臺美玲")
    assert normalise_name("NGUYEN THI HOA") == normalise_name("nguyen thi  hoa")


def test_clock_marks_overdue() -> None:
    received = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    deadline = domain.deadline_from(received, 24)
    assert not domain.Clock(deadline, received + dt.timedelta(hours=23)).overdue
    late = domain.Clock(deadline, received + dt.timedelta(hours=25))
    assert late.overdue and late.hours_left == pytest.approx(-1)


def test_district_rule_beats_city_rule_and_newest_in_force_wins() -> None:
    d = dt.date
    routes = [
        domain.Route("vulnerable_family", None, 1, d(2020, 1, 1)),
        domain.Route("vulnerable_family", 7, 2, d(2020, 1, 1)),
        domain.Route("vulnerable_family", 7, 3, d(2027, 1, 1)),
    ]
    pick = domain.choose_unit
    assert pick(routes, route_key="vulnerable_family", district_id=7, on=d(2026, 6, 1)) == 2
    assert pick(routes, route_key="vulnerable_family", district_id=7, on=d(2027, 6, 1)) == 3
    assert pick(routes, route_key="vulnerable_family", district_id=8, on=d(2026, 6, 1)) == 1
    assert pick(routes, route_key="protection:child", district_id=7, on=d(2026, 6, 1)) is None


@given(st.lists(st.booleans(), min_size=15, max_size=15))
def test_tipvda_high_danger_from_eight_yes(answers: list[bool]) -> None:
    score = domain.tipvda_score(answers)
    assert domain.tipvda_high_danger(score) == (sum(answers) >= 8)


def test_re_report_window_is_twelve_months() -> None:
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    assert domain.is_re_report(now, [now - dt.timedelta(days=300)])
    assert not domain.is_re_report(now, [now - dt.timedelta(days=400)])
    assert not domain.is_re_report(now, [])


def test_fixed_choice_fields_share_their_choices_but_not_a_changed_list() -> None:
    class Form(forms.Form):
        colour = FixedChoiceField(choices=[("r", "red"), ("g", "green")])
        tags = FixedMultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)

    first, second = Form({"colour": "g", "tags": ["b"]}), Form({"colour": "x"})
    assert first.is_valid() and first.cleaned_data == {"colour": "g", "tags": ["b"]}
    assert not second.is_valid() and "colour" in second.errors
    first.fields["colour"].choices = [("x", "x")]  # type: ignore[attr-defined]
    first.fields["colour"].widget.attrs["aria-invalid"] = "true"
    third = Form({"colour": "g"})
    assert third.is_valid() and not Form({"colour": "x"}).is_valid()
    assert "aria-invalid" not in third.fields["colour"].widget.attrs
    assert 'value="g"' in str(third["colour"]) and 'value="x"' in str(first["colour"])
    changed = Form({"colour": "x"})
    changed.fields["colour"].choices = [("x", "x")]  # type: ignore[attr-defined]
    assert changed.is_valid() and changed.cleaned_data["colour"] == "x"


def test_fixed_choice_fields_validate_grouped_and_callable_choices() -> None:
    calls: list[int] = []

    def sizes() -> list[tuple[str, str]]:
        calls.append(1)
        return [("s", "small"), ("l", "large")]

    class Form(forms.Form):
        size = FixedChoiceField(choices=sizes)
        fruit = FixedChoiceField(choices=[("Citrus", [("lemon", "Lemon")]), ("fig", "Fig")])

    assert all(Form({"size": s, "fruit": f}).is_valid() for s in "sl" for f in ("lemon", "fig"))
    assert not Form({"size": "m", "fruit": "fig"}).is_valid()
    assert not Form({"size": "s", "fruit": "Citrus"}).is_valid()  # a group is not a choice
    assert len(calls) == 1  # the list is read once, not per form or per value


def test_validation_only_forms_share_their_fields_and_validate_alike() -> None:
    class Form(forms.Form):
        name = forms.CharField(max_length=3)
        colour = FixedChoiceField(choices=[("r", "red")])

    shared = validation_only(Form)
    good, bad = shared({"name": "abc", "colour": "r"}), shared({"name": "abcd", "colour": "x"})
    assert good.fields["name"] is bad.fields["name"] is Form.base_fields["name"]
    assert good.is_valid() and good.cleaned_data == {"name": "abc", "colour": "r"}
    assert not bad.is_valid() and bad.errors == Form({"name": "abcd", "colour": "x"}).errors
    assert Form().fields["name"] is not Form.base_fields["name"]  # the original still copies
