"""`safetynet link RECORDS.csv --out CLUSTERS.csv`: link a standalone file of person records.

Input columns: source_system, source_id, name, national_id, birth_date, sex, address, phone (any
value may be empty; columns other than the first two may be left out). Output: source_system,
source_id, person_key — one row per input row, in order. Records with the same person_key are
the same person. `--review` also writes the pairs a person must decide (the grey zone and every
pair the auto-link rule held back), grouped by the two clusters a decision would join and ranked
by what it would change, with their explanation, both records' fields and their persons (a
workbook for a reviewer when its name ends in .xlsx: `linkage/reviewfile.py`); its `decision`
column, filled in with 同一人 or 不同人 and given back with `--decisions`, joins those pairs or
keeps them apart (and out of the next review file).

Headers are read in any case, with spaces or hyphens for "_", or by their Chinese names (姓名,
出生日期 …); a column named twice is refused, and columns not used are named on stderr. Rows with
fewer or more cells than the header, or without a source_system or source_id, are refused with
their row number; with `--skip-bad-rows` they are left out (and absent from the output) and their
row numbers reported. A key (source_system, source_id) on more than one row is reported; each
row still gets its own output row.
Messages are in zh-Hant, or in English with `--lang en`. What the command line gives is checked
before the file is read (the probabilities, where the outputs go: an output may not overwrite
the input, and its folder must exist), and an output is written whole or not at all (to a
temporary file beside it, then renamed).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from tqdm import tqdm

from safetynet.core.errors import ServiceError
from safetynet.core.periodic import repeating
from safetynet.linkage.constraints import Constraints
from safetynet.linkage.explain import level_labels
from safetynet.linkage.files import read_records
from safetynet.linkage.pipeline import (
    LINK_PROBABILITY,
    REVIEW_PROBABILITY,
    caused_by,
    duckdb_api,
    run_link,
)
from safetynet.linkage.prepare import (
    INPUT_COLUMNS,
    Columns,
    in_canonical_order,
    prepare_records,
)
from safetynet.linkage.reviewed import (
    Decision,
    as_constraints,
    not_followed,
    read_decisions,
    without_decided,
)
from safetynet.linkage.reviewfile import person_key, review_lines, write_csv, write_xlsx

KEY_COLUMNS = ("source_system", "source_id")  # the others may be left out altogether
STAGES = ("read", "prepare", "train", "predict", "cluster", "write")
LANGUAGES = ["zh-hant", "en"]
# What DuckDB's memory_limit takes (a positive size in its units, or a share of the memory), and
# Spark's master forms: checked before the file is read, not a minute later by the engine.
_MEMORY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B|%)\s*$", re.IGNORECASE)
_SPARK_MASTER = re.compile(r"^(local(\[([1-9]\d*|\*)(,\s*\d+)?\])?|(spark|k8s|mesos)://\S+|yarn)$")
SHOWN_ROWS = 20  # row numbers listed when rows are skipped or repeat a key


def _stage_label(name: str) -> str:
    labels = {"read": _("Reading"), "prepare": _("Preparing"), "train": _("Training"),
              "predict": _("Scoring pairs"), "cluster": _("Clustering"), "write": _("Writing")}  # fmt: skip
    return labels.get(name, name)


def _listed(items: Sequence[object]) -> str:
    shown = ", ".join(map(str, items[:SHOWN_ROWS]))
    return shown + ("…" if len(items) > SHOWN_ROWS else "")


def _column_label(name: str) -> str:
    labels = {"name": _("names"), "national_id": _("ID numbers"), "birth_date": _("birth dates"),
              "address": _("addresses"), "phone": _("phones")}  # fmt: skip
    return labels.get(name, name)


# argparse's own words (usage, headings, its errors) and the help of Django's common options:
# English in argparse and Django, translated in the platform's catalogue and looked up while the
# command line is parsed (_argparse_translated). Listed so the catalogue keeps them.
PARSER_WORDS = (
    gettext_noop("usage: "), gettext_noop("positional arguments"), gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("unrecognized arguments: %s"), gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("expected one argument"), gettext_noop("expected at most one argument"),
    gettext_noop("expected at least one argument"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("ignored explicit argument %r"), gettext_noop("not allowed with argument %s"),
    gettext_noop("one of the arguments %s is required"),
    gettext_noop("unexpected option string: %s"), gettext_noop("%(prog)s: error: %(message)s\n"),
    gettext_noop("Show program's version number and exit."),
    gettext_noop("Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very"
                 " verbose output"),
    gettext_noop("The Python path to a settings module, e.g. \"myproject.settings.main\". If"
                 " this isn't provided, the DJANGO_SETTINGS_MODULE environment variable will be"
                 " used."),
    gettext_noop("A directory to add to the Python path, e.g. \"/home/djangoprojects/myproject\"."),
    gettext_noop("Display a full stack trace on CommandError exceptions."),
    gettext_noop("Don't colorize the command output."),
    gettext_noop("Force colorization of the command output."), gettext_noop("Skip system checks."),
)  # fmt: skip


@contextmanager
def _argparse_translated() -> Iterator[None]:
    """argparse looks its words up with gettext's default domain, which the platform has no
    catalogue for: while the command line is parsed it looks them up in Django's."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _language_in(argv: list[str]) -> str:
    """The language --lang asks for, read before the command line is parsed (its errors and
    --help are in it)."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGUAGES:
            return value
    return LANGUAGES[0]


class Command(BaseCommand):
    help = gettext_noop(
        "Link a file of person records from several systems into persons (person_key)."
    )

    def get_version(self) -> str:
        return version("safetynet")

    def run_from_argv(self, argv: list[str]) -> None:
        with translation.override(_language_in(argv[2:])), _argparse_translated():
            super().run_from_argv(argv)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = _(self.help)
        for action in parser._actions:
            if action.help and action.help != argparse.SUPPRESS:
                action.help = _(action.help)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "records", type=Path, help=gettext_noop("records to link: CSV (UTF-8 or cp950),"
                                                    " xlsx or ods")
        )  # fmt: skip
        parser.add_argument("--out", type=Path, required=True, metavar="CSV",
                            help=gettext_noop("where to write each record's person_key"))  # fmt: skip
        parser.add_argument(
            "--review", type=Path, metavar="CSV",
            help=gettext_noop("where to write the pairs a person must decide (a workbook for a"
                              " reviewer when the name ends in .xlsx)"),
        )  # fmt: skip
        parser.add_argument(
            "--link-probability", type=float, default=LINK_PROBABILITY, metavar="P",
            help=gettext_noop("a pair this likely or more is linked (default %(default)s)"),
        )  # fmt: skip
        parser.add_argument(
            "--review-probability", type=float, default=REVIEW_PROBABILITY, metavar="P",
            help=gettext_noop("a pair this likely or more is reviewed (default %(default)s)"),
        )  # fmt: skip
        parser.add_argument("--memory-limit", default="4GB", metavar="4GB",
                            help=gettext_noop("DuckDB's memory limit"))  # fmt: skip
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                            help=gettext_noop("the SQL engine (default duckdb)"))  # fmt: skip
        parser.add_argument("--spark-master", default="local[2]", metavar="URL",
                            help=gettext_noop("Spark's master, with --engine spark"))  # fmt: skip
        parser.add_argument("--no-progress", action="store_true",
                            help=gettext_noop("show no progress bar"))  # fmt: skip
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help=gettext_noop("leave out rows with fewer or more cells than the header, or"
                              " without a key, and report them"),
        )  # fmt: skip
        parser.add_argument(
            "--decisions", type=Path, action="append", default=[], metavar="CSV",
            help=gettext_noop("a review file with its decision column filled in (同一人 or"
                              " 不同人): those pairs are joined or kept apart; may be given"
                              " more than once, a later file's decision on a pair first"),
        )  # fmt: skip
        parser.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0],
                            help=gettext_noop("language of messages (default zh-hant)"))  # fmt: skip

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(options.get("lang") or "zh-hant"):
            try:
                return super().execute(*args, **options)
            except KeyboardInterrupt:
                if not getattr(self, "_called_from_command_line", False):
                    raise
                self.stderr.write(_("Interrupted."))
                sys.exit(130)
            except CommandError as exc:
                if not getattr(self, "_called_from_command_line", False) or options.get(
                    "traceback"
                ):
                    raise
                # Django would put the exception's class name (CommandError) before the
                # message: English in a message of the language asked for.
                self.stderr.write(str(exc))
                sys.exit(exc.returncode)

    def handle(self, *args: Any, **options: Any) -> None:
        _check_options(options)
        # Elapsed time, no rate or time left: the steps are of very different lengths.
        bar = tqdm(total=len(STAGES), disable=options["no_progress"], unit="step",
                   bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}{postfix}]")  # fmt: skip
        try:
            with _ticking(bar):
                self._link(bar, options)
        except BaseException:
            bar.leave = False  # the message takes the progress bar's line
            bar.close()
            raise

    def _link(self, bar: Any, options: dict[str, Any]) -> None:
        started = time.monotonic()

        def stage(name: str) -> None:
            bar.set_description(_stage_label(name))
            bar.set_postfix_str("")
            if name != "read":
                bar.update(1)

        def step(column: str, done: int, total: int) -> None:
            bar.set_postfix_str(f"{_column_label(column)} {done:,}/{total:,}")

        stage("read")
        decisions = self._decisions(options["decisions"])
        path: Path = options["records"]
        skipped: list[int] | None = [] if options["skip_bad_rows"] else None
        unused: list[str] = []
        repeated: list[int] = []
        try:
            rows = read_records(_bytes_of(path), path.name, required=KEY_COLUMNS,
                                keys=KEY_COLUMNS, optional=INPUT_COLUMNS, exact_width=True,
                                skipped=skipped, unused=unused, repeated=repeated)  # fmt: skip
        except ServiceError as exc:
            raise CommandError(
                _("%(path)s: %(message)s") % {"path": path, "message": exc.message}
            ) from exc
        if unused:
            self._warn(
                _("%(path)s: columns not used: %(columns)s") % {"path": path,
                                                                 "columns": ", ".join(unused)}
            )  # fmt: skip
        if skipped:
            self._warn(
                ngettext("%(path)s: skipped %(count)d row with fewer or more cells than the"
                         " header or without a key: %(rows)s",
                         "%(path)s: skipped %(count)d rows with fewer or more cells than the"
                         " header or without a key: %(rows)s", len(skipped))
                % {"path": path, "count": len(skipped), "rows": _listed(skipped)}
            )  # fmt: skip
        if repeated:
            self._warn(
                ngettext("%(path)s: %(count)d row repeats the key (source_system, source_id)"
                         " of an earlier row: %(rows)s",
                         "%(path)s: %(count)d rows repeat the key (source_system, source_id)"
                         " of an earlier row: %(rows)s", len(repeated))
                % {"path": path, "count": len(repeated), "rows": _listed(repeated)}
            )  # fmt: skip
        count = len(rows["source_id"])
        if not count:
            raise CommandError(_("%(path)s: no records") % {"path": path})
        stage("prepare")
        table = prepare_records(rows, progress=None if options["no_progress"] else step)
        # Linked in one order whatever the file's; `order` gives each new row's file row.
        table, order = in_canonical_order(table)
        constraints = self._constraints(decisions, rows, order, path)
        with _engine(options) as api:
            result = run_link(
                table,
                db_api=api,
                link_probability=options["link_probability"],
                review_probability=options["review_probability"],
                constraints=constraints,
                progress=stage,
            )
            stage("write")
            del table
            review = result.review
            if constraints is not None:
                refused = not_followed(constraints, result.clusters)
                self._report_not_followed(refused, rows, order)
                review = without_decided(review, set(refused))
            clusters = {order[row]: order[cluster] for row, cluster in result.clusters.items()}
            # Both outputs are renamed into place only when both are whole.
            with _written(options["out"]) as handle:
                _write_clusters(handle, rows, clusters)
                if options["review"]:
                    self._write_review(options["review"], rows, result.linker, review,
                                       options["link_probability"], order, clusters)  # fmt: skip
        bar.update(1)
        bar.close()
        persons = len(set(result.clusters.values()))
        groups = len(set(review.column("review_group").to_pylist()))
        pairs = review.num_rows
        self._info(
            _("%(records)s → %(persons)s; %(pairs)s to review in %(groups)s; %(seconds).1f s")
            % {"records": ngettext("%d record", "%d records", count) % count,
               "persons": ngettext("%d person", "%d persons", persons) % persons,
               "pairs": ngettext("%d pair", "%d pairs", pairs) % pairs,
               "groups": ngettext("%d group", "%d groups", groups) % groups,
               "seconds": time.monotonic() - started}
        )  # fmt: skip
        if int(options.get("verbosity", 1)) > 1:
            compared = sum(result.comparisons.values())
            self._info(
                ngettext("%(pairs)d pair compared (%(per)0.2f per record):",
                         "%(pairs)d pairs compared (%(per)0.2f per record):", compared)
                % {"pairs": compared, "per": compared / count}
            )  # fmt: skip
            for rule, pairs in result.comparisons.items():
                self._info(f"  {pairs:>12,}  {rule}")

    def _info(self, message: str) -> None:
        """A line of what the run did: not in the error red Django gives stderr on a terminal."""
        self.stderr.write(message, style_func=_plain)

    def _warn(self, message: str) -> None:
        """A line about the input the run went on despite, in the warning colour on a
        terminal (only there: a file or a pipe gets no escape codes)."""
        self.stderr.write(
            message, style_func=self.style.WARNING if self.stderr.isatty() else _plain
        )

    def _decisions(self, paths: list[Path]) -> list[Decision]:
        decisions: list[Decision] = []
        for path in paths:
            try:
                decisions += read_decisions(_bytes_of(path), path.name)
            except ServiceError as exc:
                raise CommandError(
                    _("%(path)s: %(message)s") % {"path": path, "message": exc.message}
                ) from exc
        if paths and not decisions:
            self._warn(_("The decisions files hold no decision: their decision column"
                         " is empty."))  # fmt: skip
        return decisions

    def _constraints(
        self,
        decisions: list[Decision],
        rows: Columns,
        order: list[int],
        records: Path,
    ) -> Constraints | None:
        """The decisions on this file's records (numbered in linking order), reported."""
        if not decisions:
            return None
        keys = list(zip(rows["source_system"], rows["source_id"], strict=True))
        constraints, absent = as_constraints(decisions, [keys[row] for row in order])
        named = _listed([f"{system} {source_id}" for system, source_id in absent])
        if absent and not (constraints.must or constraints.cannot):
            # Not one decision applies: the wrong file, or keys a spreadsheet rewrote.
            raise CommandError(
                _("No decision names two records of %(path)s (records not in it: %(keys)s)."
                  " Were the keys changed by the program that saved the decisions? An xlsx"
                  " review file keeps them.") % {"path": records, "keys": named}
            )  # fmt: skip
        if absent:
            self._warn(
                ngettext("Decisions name %(count)d record this file does not have: %(keys)s",
                         "Decisions name %(count)d records this file does not have: %(keys)s",
                         len(absent)) % {"count": len(absent), "keys": named}
            )  # fmt: skip
        same, different = len(constraints.must), len(constraints.cannot)
        self._info(
            _("Decisions read: %(same)s, %(different)s.")
            % {"same": ngettext("%d pair the same person", "%d pairs the same person",
                                same) % same,
               "different": ngettext("%d pair different persons", "%d pairs different persons",
                                     different) % different}
        )  # fmt: skip
        return constraints

    def _report_not_followed(
        self, refused: list[tuple[int, int]], rows: Columns, order: list[int]
    ) -> None:
        if not refused:
            return

        def record(row: int) -> str:
            return f"{rows['source_system'][order[row]]} {rows['source_id'][order[row]]}"

        self._warn(
            ngettext("%(count)d pair decided to be one person was not joined: its records'"
                     " ID numbers, birth dates or sexes cannot be one person's, or other"
                     " decisions keep them apart. It is left out of the review file:"
                     " %(pairs)s",
                     "%(count)d pairs decided to be one person were not joined: their records'"
                     " ID numbers, birth dates or sexes cannot be one person's, or other"
                     " decisions keep them apart. They are left out of the review file:"
                     " %(pairs)s", len(refused))
            % {"count": len(refused),
               "pairs": _listed([f"{record(a)} / {record(b)}" for a, b in refused])}
        )  # fmt: skip

    def _write_review(
        self,
        out: Path,
        rows: Columns,
        linker: Any,
        review: pa.Table,
        link: float,
        order: list[int],
        clusters: dict[int, int],
    ) -> None:
        lines = review_lines(
            rows, review.to_pylist(), labels=level_labels(linker), link=link,
            file_row=order, cluster_of=lambda row: clusters.get(row, row),
        )  # fmt: skip
        if out.suffix.lower() == ".xlsx":
            with _written(out, binary=True) as workbook:
                write_xlsx(workbook, lines)
        else:
            with _written(out) as handle:
                write_csv(handle, lines)


def _plain(text: str) -> str:
    return text


def _write_clusters(handle: IO[str], rows: Columns, clusters: dict[int, int]) -> None:
    writer = csv.writer(handle)
    writer.writerow(["source_system", "source_id", "person_key"])
    for index, (system, source_id) in enumerate(
        zip(rows["source_system"], rows["source_id"], strict=True)
    ):
        writer.writerow([system, source_id, person_key(clusters.get(index, index))])


def _bytes_of(path: Path) -> bytes:
    """A file's bytes, or a message: missing, not a file, not readable."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise CommandError(_("%(path)s: no such file") % {"path": path}) from exc
    except IsADirectoryError as exc:
        raise CommandError(_("%(path)s: not a file") % {"path": path}) from exc
    except OSError as exc:
        raise CommandError(
            _("%(path)s: cannot be read (%(reason)s)")
            % {"path": path, "reason": errno.errorcode.get(exc.errno or 0, "?")}
        ) from exc


def _check_options(options: dict[str, Any]) -> None:
    """Refuse what the command line says wrong before a minute of work is spent on the file."""
    link, review = options["link_probability"], options["review_probability"]
    if not 0 < review <= link < 1:
        raise CommandError(
            _("The probabilities must satisfy 0 < review probability ≤ link probability < 1"
              " (given: %(review)s and %(link)s).") % {"review": review, "link": link}
        )  # fmt: skip
    memory = _MEMORY.match(options["memory_limit"])
    if options["engine"] == "duckdb" and (
        memory is None
        or float(memory.group(1)) == 0
        or (memory.group(2) == "%" and float(memory.group(1)) > 100)
    ):
        raise CommandError(
            _("--memory-limit %(value)s: give a size such as 4GB, 500MB or 80%%.")
            % {"value": options["memory_limit"]}
        )
    if options["engine"] == "spark" and not _SPARK_MASTER.match(options["spark_master"]):
        raise CommandError(
            _("--spark-master %(value)s: give local[2], local[*] or a spark:// address.")
            % {"value": options["spark_master"]}
        )
    source: Path = options["records"]
    outputs = [p for p in (options["out"], options["review"]) if p is not None]
    resolved = [p.resolve() for p in outputs]
    if source.resolve() in resolved or len(set(resolved)) < len(resolved):
        raise CommandError(
            _("%(path)s: an output file may not be the input file or the other output file.")
            % {"path": outputs[0]}
        )
    # A review file given back with decisions is not overwritten by the next review file:
    # the decisions in it are the next run's too.
    decided = {p.resolve() for p in options.get("decisions") or []}
    for out, where in zip(outputs, resolved, strict=True):
        if where in decided:
            raise CommandError(
                _("%(path)s: an output file may not be a decisions file; write the new review"
                  " file beside it.") % {"path": out}
            )  # fmt: skip
    if not source.is_file() and source.exists():
        raise CommandError(_("%(path)s: not a file") % {"path": source})
    for out in outputs:
        suffix = out.suffix.lower()
        if suffix in (".xls", ".ods", ".tsv") or (suffix == ".xlsx" and out == options["out"]):
            raise CommandError(
                _("%(path)s: the outputs are written as .csv (the review file also as .xlsx).")
                % {"path": out}
            )
        # An existing output must be a regular file: as root, renaming onto /dev/null or a
        # folder's name would replace it.
        if out.exists() and not out.is_file():
            raise CommandError(_("%(path)s: not a file") % {"path": out})
        if not out.resolve().parent.is_dir():
            raise CommandError(_("%(path)s: no such folder") % {"path": out.parent})
        # Tried, not asked (os.access): root may "write" to /proc, which takes no new file.
        try:
            fd, trial = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.resolve().parent)
        except OSError as exc:
            raise CommandError(_("%(path)s: cannot write here") % {"path": out}) from exc
        os.close(fd)
        Path(trial).unlink()


@contextmanager
def _ticking(bar: Any, every: float = 1.0) -> Iterator[None]:
    """The progress bar redrawn every second, so that its elapsed time moves inside a step that
    reports no progress of its own (training, scoring pairs, clustering: up to 20 s at 1M)."""
    if bar.disable:
        yield
        return
    with repeating(every, bar.refresh, name="progress"):
        yield


@contextmanager
def _engine(options: dict[str, Any]) -> Iterator[Any]:
    """The database API the run is on. Spark's scratch files (the prepared records, with their
    ID numbers, as parquet; its warehouse) go to a folder of this run, readable by its owner
    only and removed at the end, not to /tmp and ./spark-warehouse for good."""
    if options["engine"] != "spark":
        try:
            yield duckdb_api(memory_limit=options["memory_limit"])
        except Exception as exc:  # Splink wraps DuckDB's errors in its own
            if not caused_by(exc, duckdb.OutOfMemoryException):
                raise
            raise CommandError(
                _("DuckDB ran out of memory within --memory-limit %(value)s: give it more (4GB"
                  " links a million records).") % {"value": options["memory_limit"]}
            ) from exc  # fmt: skip
        return
    from safetynet.linkage.spark import local_session, spark_api

    with tempfile.TemporaryDirectory(prefix="safetynet-spark-") as scratch:
        try:
            session = local_session(master=options["spark_master"], scratch=scratch)
        except Exception as exc:  # the JVM's errors, of py4j's classes
            raise _spark_failed(options, exc) from exc
        try:
            yield spark_api(session, checkpoints=str(Path(scratch) / "checkpoints"))
        except Exception as exc:
            if type(exc).__module__.split(".")[0] not in ("py4j", "pyspark"):
                raise
            raise _spark_failed(options, exc) from exc
        finally:
            with contextlib.suppress(Exception):  # a session that never connected
                session.stop()


def _spark_failed(options: dict[str, Any], exc: Exception) -> CommandError:
    return CommandError(
        _("Spark could not run the link on %(master)s (%(error)s); see --traceback.")
        % {"master": options["spark_master"], "error": type(exc).__name__}
    )


@contextmanager
def _written(out: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    try:
        with _written_whole(out, binary=binary) as handle:
            yield handle
    except OSError as exc:  # the disk filled up, the folder went away while the run ran
        raise CommandError(
            _("%(path)s: could not be written (%(reason)s); an earlier file there is kept.")
            % {"path": out, "reason": errno.errorcode.get(exc.errno or 0, "?")}
        ) from exc


@contextmanager
def _written_whole(out: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A CSV output written to a temporary file beside `out` and renamed onto it when whole:
    a run that fails while writing leaves no half-written file (an earlier one stays). The file
    is readable by its owner only (mkstemp's mode): it says which records are one person."""
    fd, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.resolve().parent)
    try:
        if binary:
            with os.fdopen(fd, "wb") as stream:
                yield stream
        else:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                yield handle
        Path(temporary).replace(out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
