"""The review file of `safetynet link`: the pairs a person must decide.

CSV for programs (the columns the evaluation reads come first, as they always have), or, for a
file name ending in .xlsx, a workbook for a reviewer: every written value a text cell (Excel
keeps 0912…, 059/4/11 and a 15-digit ID as they were; a CSV opened or saved in Excel does not),
a drop-down for the decision, and a second sheet that says what the columns mean and how to
handle the file. Both carry the two records as the file wrote them, the persons they are now in
(person_key, as in --out), and, for a pair held back, why.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _

from safetynet.linkage.explain import explain_text
from safetynet.linkage.models import HeldBack
from safetynet.linkage.pipeline import held_back
from safetynet.linkage.prepare import Columns
from safetynet.linkage.reviewed import DECISION_COLUMN

# The input's columns shown beside each pair (the keys are there already).
SHOWN_COLUMNS = ("name", "national_id", "birth_date", "sex", "address", "phone")
HEADER = (
    "review_group", "records_joined", "source_system_l", "source_id_l", "source_system_r",
    "source_id_r", "match_probability", "match_weight", "held_back", "explanation",
    "person_key_l", "person_key_r",
)  # fmt: skip


def person_key(cluster: int) -> str:
    """The label of a person in the outputs: P and its cluster's first row."""
    return f"P{cluster:08d}"


def review_lines(
    rows: Columns,
    pairs: list[dict[str, Any]],
    *,
    labels: dict[str, dict[int, str]],
    link: float,
    file_row: Sequence[int],
    cluster_of: Callable[[int], int],
) -> Iterator[list[Any]]:
    """The header, then a row per pair: numbers as numbers, the rest as text. `file_row`: the
    file's row of each linked record; `cluster_of`: a file row's cluster (its first row)."""
    shown = [column for column in SHOWN_COLUMNS if column in rows]
    yield [*HEADER, *(f"{column}_{side}" for column in shown for side in "lr"), DECISION_COLUMN]
    for pair in pairs:
        left, right = file_row[pair["unique_id_l"]], file_row[pair["unique_id_r"]]
        why = held_back(pair, link)
        explanation = explain_text(pair, labels)
        if why:
            explanation = f"{HeldBack(why).label} {explanation}"
        yield [
            pair["review_group"], pair["records_joined"],
            rows["source_system"][left], rows["source_id"][left],
            rows["source_system"][right], rows["source_id"][right],
            round(pair["match_probability"], 4), round(pair["match_weight"], 2),
            1 if why else 0, explanation,
            person_key(cluster_of(left)), person_key(cluster_of(right)),
            *(rows[column][i] for column in shown for i in (left, right)),
            "",
        ]  # fmt: skip


def write_csv(handle: IO[str], lines: Iterator[list[Any]]) -> None:
    writer = csv.writer(handle)
    header = next(lines)
    writer.writerow(header)
    shown = range(len(HEADER), len(header) - 1)  # the records' fields
    for line in lines:
        line[6], line[7] = f"{line[6]:.4f}", f"{line[7]:.2f}"
        for i in shown:
            line[i] = inert(line[i])
        writer.writerow(line)


def inert(cell: str) -> str:
    """A CSV cell a spreadsheet will not run: one starting =, +, -, @ or a tab gets a "'"
    before it (OWASP's advice against CSV injection). Only the fields shown to a reviewer: the
    keys must come back as they went in."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


# Column widths in the workbook, in characters, by column name (others: 14).
_WIDTHS = {"explanation": 70, "address_l": 36, "address_r": 36, "source_system_l": 20,
           "source_system_r": 20, "decision": 12}  # fmt: skip


def write_xlsx(handle: IO[bytes], lines: Iterator[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Pairs to review"))
    header = next(lines)
    for i, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 14)
    sheet.freeze_panes = "A2"
    column = get_column_letter(len(header))
    choices = DataValidation(
        type="list", formula1=f'"{_("same person")},{_("different persons")}"', allow_blank=True,
        showErrorMessage=True, error=_("Choose same person or different persons."),
    )  # fmt: skip
    choices.add(f"{column}2:{column}1048576")
    sheet.data_validations.append(choices)
    sheet.append(header)

    def text(value: Any) -> Any:
        """A string as a text cell: openpyxl would write one starting with = as a formula.
        Control characters, which a workbook cannot hold (a stray \\x1a from an old system),
        are shown as U+FFFD; such a key will not match its record when the file comes back,
        and the run that reads it names it."""
        if not isinstance(value, str):
            return value
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    for line in lines:
        sheet.append([text(value) for value in line])
    about = book.create_sheet(_("About this file"))
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 100
    for row in _about():
        about.append(list(row))
    book.save(handle)


def _about() -> list[tuple[str, str]]:
    return [
        (_("Each row"), _("two records that may be one person: _l is one, _r the other, as the"
                          " linked file wrote them.")),
        ("review_group", _("the pairs of a group would join the same two persons: one decision"
                           " in a group is enough, unless its pairs plainly differ (then decide"
                           " each).")),
        ("records_joined", _("how many records the person would have if the pair is one.")),
        ("match_probability", _("the model's score (0.5 to 1), not a promise: a pair held back"
                                " may score 1.")),
        ("held_back", _("1: scored high enough to link, but not linked, for the reason the"
                        " explanation starts with.")),
        ("explanation", _("how much each field speaks for (+) or against (−) one person, in"
                          " bits; the first is where every pair starts.")),
        ("person_key_l, person_key_r", _("the persons the two records are in now, as in the"
                                         " --out file, where their other records are.")),
        (DECISION_COLUMN, _("write 同一人 (same person) or 不同人 (different persons); leave it"
                            " empty when undecided. Give the file back with --decisions on the"
                            " next run, and keep every decisions file: a run knows only the"
                            " decisions it is given.")),
        (_("Personal data"), _("this file holds ID numbers, addresses and phones, some from"
                               " domestic violence, suicide and psychiatric records: keep it"
                               " where only those who review can read it, do not send it on,"
                               " and delete it when the review is done.")),
    ]  # fmt: skip
