"""`safetynet schedule PROGRAMME --start DATE [--until DATE] [--contacts FILE.csv] [--today DATE]`

Prints, as CSV on standard output, the contact windows a schedule rule requires from a start date
(`window_start, window_end, method, required`), so an administrator can check a rule version
before publishing it. With a contacts file (columns `date, method`) it adds `done, status`
(`met`, `due` or `overdue` on --today). Methods are twss-visit-service-method codes (A a call,
B a home visit). Windows follow 行政程序法 §48 with the office calendar in force on the start
date: the start day is not counted, a window ending on a rest day ends on the next working day.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safetynet.cases import domain
from safetynet.cases.rules import (
    SCHEDULES,
    VISIT_METHOD,
    rest_day_test,
    schedule_rows,
)
from safetynet.core import codes
from safetynet.core.roc import DateParseError, parse_date
from safetynet.rules.models import RuleVersion
from safetynet.rules.selectors import in_force


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except DateParseError:
        raise CommandError(f"not a date: {text!r} (use 2026-01-05 or 115/01/05)") from None


class Command(BaseCommand):
    help = "Print the contact windows a schedule rule requires (CSV), optionally against contacts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="schedule code, e.g. drug:1, mh_discharge")
        parser.add_argument("--start", required=True, help="start date (ISO or ROC)")
        parser.add_argument("--until", help="only windows beginning on or before this date")
        parser.add_argument("--contacts", type=Path, help="CSV with columns date, method")
        parser.add_argument("--today", help="the day statuses are computed for (default: today)")
        parser.add_argument(
            "--rule-version",
            type=int,
            help="rule version number (default: the one in force on --start)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"])
        until = _date(options["until"]) if options["until"] else None
        if until is not None and until < start:
            raise CommandError("--until is before --start")
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        content = self._content(options["rule_version"], start)
        rows = schedule_rows(options["programme"], content)
        if not rows:
            known = sorted({r["schedule"] for r in content})
            raise CommandError(
                f"no schedule {options['programme']!r} in this rule version; known: "
                + ", ".join(known)
            )
        planned = domain.windows(rows, start, rest_day_test(start), until=until)
        writer = csv.writer(self.stdout, lineterminator="\n")
        if options["contacts"] is None:
            writer.writerow(["window_start", "window_end", "method", "required"])
            for w in planned:
                writer.writerow([w.start.isoformat(), w.end.isoformat(), w.method, w.required])
            return
        contacts = self._contacts(options["contacts"])
        writer.writerow(["window_start", "window_end", "method", "required", "done", "status"])
        for state in domain.evaluate(planned, contacts, today):
            w = state.window
            writer.writerow([w.start.isoformat(), w.end.isoformat(), w.method, w.required,
                             state.done, state.status])  # fmt: skip

    def _content(self, number: int | None, start: dt.date) -> list[dict[str, Any]]:
        if number is not None:
            version = RuleVersion.objects.filter(kind=SCHEDULES, number=number).first()
            if version is None:
                raise CommandError(f"no version {number} of the schedule rules")
        else:
            version = in_force(SCHEDULES, start)
            if version is None:
                raise CommandError(f"no schedule rules are in force on {start.isoformat()}")
        return list(version.content)

    def _contacts(self, path: Path) -> list[tuple[dt.date, str]]:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text") from None
        reader = csv.reader(text.splitlines())
        header = [h.strip().lower() for h in next(reader, [])]
        if "date" not in header or "method" not in header:
            raise CommandError(f"{path}: the header must name the columns date and method")
        at_date, at_method = header.index("date"), header.index("method")
        methods = {c.code for c in codes.code_system(VISIT_METHOD)}
        contacts = []
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CommandError(f"{path}, row {number}: {len(row)} cells, the header has "
                                   f"{len(header)}")  # fmt: skip
            method = row[at_method].strip().upper()
            if method not in methods:
                raise CommandError(f"{path}, row {number}: {row[at_method]!r} is not a "
                                   f"twss-visit-service-method code")  # fmt: skip
            try:
                day = parse_date(row[at_date])
            except DateParseError:
                raise CommandError(f"{path}, row {number}: not a date: {row[at_date]!r}") from None
            contacts.append((day, method))
        return contacts
