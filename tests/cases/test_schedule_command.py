"""`safetynet schedule`: the contract an independent check runs against DESIGN.md §4."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("schedule", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_prints_the_windows_of_a_schedule() -> None:
    rows = run("drug:1", "--start", "2026-01-05")
    assert list(rows[0]) == ["window_start", "window_end", "method", "required"]
    assert rows[:2] == [
        {"window_start": "2026-01-05", "window_end": "2026-02-05", "method": "A", "required": "2"},
        {"window_start": "2026-01-05", "window_end": "2026-02-05", "method": "B", "required": "1"},
    ]
    assert sum(1 for r in rows if r["method"] == "A") == 24
    assert sum(1 for r in rows if r["method"] == "B") == 14
    # ROC dates are accepted too.
    assert run("drug:1", "--start", "115/01/05") == rows


def test_until_and_the_day_schedules() -> None:
    assert len(run("drug:1", "--start", "2026-01-05", "--until", "2026-03-01")) == 4
    (visit,) = run("vulnerable_family", "--start", "2026-02-10")
    assert (visit["window_end"], visit["method"]) == ("2026-02-23", "B")
    (first,) = run("mh_discharge", "--start", "2026-12-11")
    assert first["window_end"] == "2026-12-28"


def test_contacts_give_done_and_status(tmp_path: Path) -> None:
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("date,method\n2026-03-10,A\n115/04/08,a\n2026-03-20,B\n\n", "utf-8")
    rows = run("drug:3", "--start", "2026-03-02", "--contacts", str(contacts),
               "--today", "2026-05-06")  # fmt: skip
    assert list(rows[0]) == ["window_start", "window_end", "method", "required", "done", "status"]
    assert [(r["done"], r["status"]) for r in rows] == [
        ("1", "met"),
        ("1", "met"),
        ("0", "due"),
        ("0", "due"),
        ("0", "due"),
        ("0", "due"),
    ]
    late = run("drug:3", "--start", "2026-03-02", "--contacts", str(contacts),
               "--today", "2026-06-10")  # fmt: skip
    assert late[2]["status"] == "overdue"


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["nope", "--start", "2026-01-01"], None, "no schedule 'nope'"),
        (["drug:1", "--start", "not a date"], None, "not a date"),
        (["drug:1", "--start", "2026-02-01", "--until", "2026-01-01"], None, "before --start"),
        (["drug:1", "--start", "2026-01-01", "--rule-version", "99"], None, "no version 99"),
        (["drug:1", "--start", "2026-01-01"], "day,method\n", "header"),
        (["drug:1", "--start", "2026-01-01"], "date,method\n2026-01-02,Q\n", "row 2"),
        (["drug:1", "--start", "2026-01-01"], "date,method\n2026-01-02,A\n13/13/13,A\n", "row 3"),
        (["drug:1", "--start", "2026-01-01"], "date,method\n2026-01-02\n", "row 2: 1 cells"),
        (["drug:1", "--start", "2026-01-01"], "date,method\n2026-01-02,A,x\n", "row 2: 3 cells"),
    ],
)
def test_bad_input_is_refused_with_where_and_why(
    tmp_path: Path, args: list[str], content: str | None, message: str
) -> None:
    if content is not None:
        path = tmp_path / "c.csv"
        path.write_text(content, "utf-8")
        args = [*args, "--contacts", str(path)]
    with pytest.raises(CommandError, match=message):
        run(*args)
