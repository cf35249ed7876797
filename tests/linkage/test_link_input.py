"""`safetynet link` input checks, language and progress (issue 12)."""

from __future__ import annotations

import csv
import errno
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safetynet.core.errors import ServiceError
from safetynet.linkage.prepare import columns_of, prepare_records

HEADER = "source_system,source_id,name,national_id,birth_date,sex,address,phone"


def _run(tmp_path: Path, lines: list[str], *extra: str) -> tuple[list[dict[str, str]], str]:
    source = tmp_path / "records.csv"
    source.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    out = tmp_path / "clusters.csv"
    stderr = io.StringIO()
    call_command("link", str(source), "--out", str(out), "--no-progress", *extra, stderr=stderr)
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle)), stderr.getvalue()


GOOD = ["a,1,王小明,,1980-03-04,M,,", "b,2,王小明,,1980-03-04,M,,"]


def test_a_row_with_missing_cells_is_refused_with_its_row_number(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="第 3 列有 3 個欄位，標題列有 8 個"):
        _run(tmp_path, [GOOD[0], "c,3,王小明", GOOD[1]])


def test_a_row_with_extra_cells_is_refused_with_its_row_number(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Row 2 has 9 cells; the header has 8"):
        _run(tmp_path, ["c,3,王小明,,,,,,", *GOOD], "--lang", "en")


def test_with_skip_bad_rows_bad_rows_are_left_out_and_reported(tmp_path: Path) -> None:
    out, messages = _run(
        tmp_path, [GOOD[0], "c,3,王小明", GOOD[1], "d,4,王小明,,,,,,,x"], "--skip-bad-rows"
    )
    assert [r["source_id"] for r in out] == ["1", "2"]
    assert "略過 2 列" in messages and "3, 5" in messages
    _out, english = _run(tmp_path, ["c,3,王小明", *GOOD], "--skip-bad-rows", "--lang", "en")
    assert "skipped 1 row with fewer or more cells than the header or without a key: 2" in english


def test_a_spreadsheet_row_with_a_cell_beyond_the_header_is_refused_or_skipped(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["低收入戶名冊"])  # a title above the header
    sheet.append(HEADER.split(","))
    for line in (GOOD[0], "c,3,王小明,,,,,,extra", GOOD[1]):
        sheet.append(line.split(","))
    source = tmp_path / "records.xlsx"
    book.save(source)
    out = tmp_path / "clusters.csv"
    # The sheet is nine cells wide, so openpyxl gives the header a ninth, empty cell.
    with pytest.raises(CommandError, match="第 4 列的欄位比標題列多"):
        call_command("link", str(source), "--out", str(out), "--no-progress")
    assert not out.exists()
    stderr = io.StringIO()
    call_command("link", str(source), "--out", str(out), "--no-progress", "--skip-bad-rows",
                 stderr=stderr)  # fmt: skip
    with out.open(encoding="utf-8") as handle:
        assert [r["source_id"] for r in csv.DictReader(handle)] == ["1", "2"]
    assert "略過 1 列" in stderr.getvalue()


def test_a_title_above_the_header_is_looked_past_and_rows_keep_their_numbers(
    tmp_path: Path,
) -> None:
    title = ["低收入戶名冊 115年12月,,,,,,,", ",,,,,,,"]
    out, _messages = _run_with_header(tmp_path, title[0], [title[1], HEADER, *GOOD])
    assert len(out) == 2 and len(set(out)) == 1
    with pytest.raises(CommandError, match="Row 6 has 3 cells; the header has 8"):
        _run_with_header(tmp_path, title[0], [title[1], HEADER, *GOOD, "c,3,王小明"])
    # A first row of two cells or more is the header: one that lacks the columns is refused.
    with pytest.raises(CommandError, match="lacks the columns: source_system, source_id"):
        _run_with_header(tmp_path, "名冊,115年12月", [HEADER, *GOOD])


def _run_with_header(tmp_path: Path, header: str, lines: list[str]) -> tuple[list[str], str]:
    source = tmp_path / "records.csv"
    source.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    stderr = io.StringIO()
    out = tmp_path / "clusters.csv"
    call_command("link", str(source), "--out", str(out), "--no-progress", "--lang", "en",
                 stderr=stderr)  # fmt: skip
    with out.open(encoding="utf-8") as handle:
        return [row["person_key"] for row in csv.DictReader(handle)], stderr.getvalue()


def test_headers_are_read_in_any_case_spacing_or_by_their_chinese_names(tmp_path: Path) -> None:
    lines = ["a,1,王小明,A123456789,1980-03-04,M", "b,2,王小明,A123456789,1980-03-04,M"]
    for header in ("Source System,SOURCE-ID,Name,National_ID,Birth Date,sex",
                   "來源系統,來源編號,姓名,身分證統一編號,出生日期,性別",
                   "來源系統,來源編號,姓 名,身分證字號,生日,性別"):  # fmt: skip
        keys, messages = _run_with_header(tmp_path, header, lines)
        assert keys[0] == keys[1], header
        assert "not used" not in messages


def test_a_column_named_twice_is_refused_and_unused_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="The columns name and NAME are both name"):
        _run_with_header(tmp_path, "source_system,source_id,name,NAME", ["a,1,王小明,王小明"])
    for header, row, unused in (
        ("source_system,source_id,name,姓名", "a,1,王小明,王小明", "姓名"),
        ("source_system,source_id,戶籍地址,通訊地址,手機", "a,1,臺北市,臺北市,0912345678", "通訊地址"),
    ):  # fmt: skip
        _keys, messages = _run_with_header(tmp_path, header, [row])
        assert f"columns not used: {unused}" in messages, header
    _keys, messages = _run_with_header(
        tmp_path, "source_system,source_id,name,email,,note", ["a,1,王小明,x@example.org,,y"]
    )
    assert "columns not used: email, note" in messages


def test_a_row_without_its_key_is_refused_or_skipped_with_its_row_number(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="第 3 列沒有 source_id"):
        _run(tmp_path, [GOOD[0], "c, ,王小明,,,,,", GOOD[1]])
    with pytest.raises(CommandError, match="Row 2 has no source_system"):
        _run(tmp_path, [",9,王小明,,,,,", *GOOD], "--lang", "en")
    out, messages = _run(tmp_path, [GOOD[0], "c,,王小明,,,,,", GOOD[1]], "--skip-bad-rows")
    assert [r["source_id"] for r in out] == ["1", "2"] and "略過 1 列" in messages


def test_a_repeated_key_is_reported_and_each_row_keeps_its_output_row(tmp_path: Path) -> None:
    out, messages = _run(tmp_path, [*GOOD, GOOD[0], "c,5,李大同,,,,,", GOOD[0]], "--lang", "en")
    assert [r["source_id"] for r in out] == ["1", "2", "1", "5", "1"]
    assert "2 rows repeat the key (source_system, source_id) of an earlier row: 4, 6" in messages


def test_messages_are_in_one_language_zh_hant_by_default_english_on_request(
    tmp_path: Path,
) -> None:
    _out, chinese = _run(tmp_path, GOOD)
    assert (
        "2 筆紀錄 → 1 人；待人工確認 0 對配對（分成 0 組）" in chinese and "records" not in chinese
    )
    _out, english = _run(tmp_path, GOOD, "--lang", "en")
    assert "2 records → 1 person; 0 pairs to review in 0 groups" in english
    with pytest.raises(CommandError, match="找不到檔案"):
        call_command("link", str(tmp_path / "none.csv"), "--out", str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="no such file"):
        call_command(
            "link", str(tmp_path / "none.csv"), "--out", str(tmp_path / "o.csv"), "--lang", "en"
        )


def test_preparation_reports_progress_inside_the_step() -> None:
    heard: list[tuple[str, int, int]] = []
    rows = [{"name": f"王{chr(0x5C0F + i)}明", "source_id": str(i)} for i in range(30)]
    prepare_records(columns_of(rows), progress=lambda *a: heard.append(a))
    assert ("name", 30, 30) in heard and ("name", 0, 30) in heard
    assert {step for step, _done, _total in heard} >= {"name", "birth_date", "address"}


def test_link_runs_outside_development_without_a_configured_secret_key(tmp_path: Path) -> None:
    """`safetynet link FILE` reads and writes files only: on a machine with no key set up it
    gets a random key for the process; every other command still wants one."""
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SAFETYNET_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env["HOME"] = str(tmp_path)  # the data directory outside development: nothing written
    source, out = tmp_path / "records.csv", tmp_path / "clusters.csv"
    source.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "safetynet.manage"]
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        [*command, "link", str(source), "--out", str(out), "--no-progress"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        keys = {row["person_key"] for row in csv.DictReader(handle)}
    assert len(keys) == 1
    refused = subprocess.run(  # noqa: S603 - our own interpreter and command
        [*command, "check"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip
    assert refused.returncode != 0 and "SAFETYNET_SECRET_KEY" in refused.stderr
    assert not any(tmp_path.joinpath(".local").rglob("secret_key"))


def test_wrong_options_are_refused_before_the_file_is_read(tmp_path: Path) -> None:
    source = tmp_path / "records.csv"
    source.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    before = source.read_bytes()
    out = tmp_path / "clusters.csv"
    refusals = [
        (["--out", str(out), "--link-probability", "1.5"], "0 < 送人工確認的機率 ≤ 連結機率 < 1"),
        (["--out", str(out), "--review-probability", "0"], "0 < 送人工確認的機率 ≤ 連結機率 < 1"),
        (["--out", str(out), "--review-probability", "0.995"], "連結機率 < 1"),
        (["--out", str(source)], "輸出檔不可與輸入檔"),
        (["--out", str(out), "--review", str(out)], "另一個輸出檔"),
        (["--out", str(tmp_path / "none" / "c.csv")], "找不到資料夾"),
        (["--out", "/proc/c.csv"], "無法寫入"),
        (["--out", str(out), "--memory-limit", "4XB"], "--memory-limit 4XB：請給"),
        (["--out", str(out), "--memory-limit=-1GB"], "--memory-limit -1GB：請給"),
        (["--out", str(out), "--engine", "spark", "--spark-master", "locl[2]"], "--spark-master"),
        (["--out", str(out), "--engine", "spark", "--spark-master", "local[0]"], "--spark-master"),
        (["--out", str(out), "--memory-limit", "150%"], "--memory-limit 150%：請給"),
        (["--out", str(out), "--memory-limit", "0GB"], "--memory-limit 0GB：請給"),
    ]
    for extra, message in refusals:
        with pytest.raises(CommandError, match=message):
            call_command("link", str(source), *extra, "--no-progress")
    assert source.read_bytes() == before
    assert not out.exists()


def test_an_output_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    from safetynet.linkage.management.commands.link import _written

    out = tmp_path / "clusters.csv"
    out.write_text("an earlier run\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ENOSPC"), _written(out) as handle:
        handle.write("half of it")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert out.read_text(encoding="utf-8") == "an earlier run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["clusters.csv"]  # no temporary left
    with _written(out) as handle:
        handle.write("whole\n")
    assert out.read_text(encoding="utf-8") == "whole\n"


def test_the_command_line_shows_the_message_alone_in_the_language_asked_for(
    tmp_path: Path,
) -> None:
    """Django prints a CommandError as "CommandError: …": English before every message."""
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SAFETYNET_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env["HOME"] = str(tmp_path)
    command = [sys.executable, "-m", "safetynet.manage", "link", str(tmp_path / "none.csv")]
    for extra, message in (([], "找不到檔案"), (["--lang", "en"], "no such file")):
        done = subprocess.run(  # noqa: S603 - our own interpreter and command
            [*command, "--out", str(tmp_path / "o.csv"), "--no-progress", *extra],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 1
        assert message in done.stderr and "CommandError" not in done.stderr
        assert "Traceback" not in done.stderr


def test_the_command_lines_own_errors_help_and_version_are_in_the_language_asked_for(
    tmp_path: Path,
) -> None:
    """argparse writes its usage, headings and errors in English whatever the language: they are
    looked up in the platform's catalogue while the command line is parsed."""
    import importlib.metadata
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SAFETYNET_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env["HOME"] = str(tmp_path)
    command = [sys.executable, "-m", "safetynet.manage", "link"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and command
            [*command, *args], env=env, cwd=tmp_path, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip

    cases = [
        (["r.csv"], "缺少必要的參數：--out", "the following arguments are required: --out"),
        (["r.csv", "--out", "o.csv", "--link-probability", "x"], "參數 --link-probability：'x' 不是有效的值",
         "argument --link-probability: invalid float value: 'x'"),
        (["r.csv", "--out", "o.csv", "--engine", "sql"], "'sql' 不是可選的值", "invalid choice: 'sql'"),
        (["r.csv", "--out", "o.csv", "--colour"], "無法辨識的參數：--colour", "unrecognized arguments: --colour"),
    ]  # fmt: skip
    for args, chinese, english in cases:
        for extra, message, other in (([], chinese, english), (["--lang=en"], english, chinese)):
            done = run(*args, *extra)
            assert done.returncode == 2, done.stderr
            assert message in done.stderr and other not in done.stderr, done.stderr
            assert ("用法：" in done.stderr) == (not extra) and "Traceback" not in done.stderr
    helped = run("--help")
    assert (
        "用法：" in helped.stdout
        and "選項" in helped.stdout
        and "顯示程式版本後結束" in helped.stdout
    )
    assert "show this help" not in helped.stdout and "Verbosity" not in helped.stdout
    assert "show this help message and exit" in run("--help", "--lang", "en").stdout
    assert run("--version").stdout.strip() == importlib.metadata.version("safetynet")


def test_a_quote_escaped_by_doubling_it_is_read_as_one_cell(tmp_path: Path) -> None:
    """csv.Sniffer guessed no doubled quotes: `"5F., ""Sunshine"" Bldg"` became two cells."""
    out, _messages = _run(tmp_path, [*GOOD, 'c,3,王小明,,1980-03-04,M,"5F., ""Sun"" Bldg",'])
    assert [r["source_id"] for r in out] == ["1", "2", "3"]


def test_an_output_or_input_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "records.csv"
    source.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    for records, out in ((source, folder), (folder, tmp_path / "o.csv")):
        with pytest.raises(CommandError, match="不是檔案"):
            call_command("link", str(records), "--out", str(out), "--no-progress")
    assert folder.is_dir() and not (tmp_path / "o.csv").exists()


def test_an_interrupted_training_stops_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C inside DuckDB reached Splink as a SplinkException, and the run went on with the
    default model as though training had failed."""
    import duckdb
    from splink.internals.exceptions import SplinkException

    from safetynet.linkage import pipeline

    def interrupted(*_args: object) -> None:
        try:
            raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")
        except duckdb.InterruptException as exc:
            raise SplinkException("Error executing the following SQL") from exc

    monkeypatch.setattr(pipeline, "MIN_TRAINING_RECORDS", 1)
    monkeypatch.setattr(pipeline, "trained_linker", interrupted)
    table = prepare_records(columns_of([{"source_id": "1", "name": "王小明"}]))
    with pytest.raises(KeyboardInterrupt):
        pipeline.run_link(table)
    monkeypatch.setattr(pipeline, "trained_linker", lambda *_a: (_ for _ in ()).throw(ValueError()))
    assert pipeline.run_link(table).clusters == {0: 0}  # a failed training still falls back


def test_a_file_mixing_utf8_and_big5_lines_reads_each_line_in_its_own_encoding() -> None:
    from safetynet.linkage.files import read_records

    names = ["王小明", "陳怡君", "林志豪", "黃淑芬", "張家瑋", "李美玲"]
    lines = [HEADER.encode()]
    for i, name in enumerate(names):
        line = f"{'ab'[i % 2]},{i},{name},,1980-03-04,M,臺北市大安區復興南路二段1號,"
        lines.append(line.encode("utf-8" if i % 2 else "cp950"))
    rows = read_records(b"\r\n".join(lines), "mixed.csv", required=("source_system", "source_id"),
                        optional=("name", "address"))  # fmt: skip
    assert rows["name"] == names
    assert set(rows["address"]) == {"臺北市大安區復興南路二段1號"}


def test_the_progress_bar_is_redrawn_inside_a_silent_step_and_stops_after() -> None:
    import threading
    import time

    from safetynet.linkage.management.commands.link import _ticking

    class Bar:
        disable = False
        refreshes = 0

        def refresh(self) -> None:
            self.refreshes += 1

    bar = Bar()
    with _ticking(bar, every=0.01):
        time.sleep(0.2)
    drawn = bar.refreshes
    assert drawn >= 3
    time.sleep(0.05)
    assert bar.refreshes == drawn
    assert not [t for t in threading.enumerate() if t.name == "progress"]
    bar.disable = True
    with _ticking(bar, every=0.01):
        time.sleep(0.05)
    assert bar.refreshes == drawn


def test_duckdb_running_out_of_memory_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    lines = [f"{'ab'[i % 2]},{i},王小明{i % 50},,1980-03-{1 + i % 28:02d},M,,"
             for i in range(300)]  # fmt: skip
    with pytest.raises(CommandError, match="DuckDB 在 --memory-limit 1MB 內記憶體不足"):
        _run(tmp_path, lines, "--memory-limit", "1MB")
    assert not (tmp_path / "clusters.csv").exists()


def test_a_big5_user_defined_character_is_kept_as_its_private_use_character() -> None:
    """One 造字 in a name refused the whole file; Windows maps it to the private use area."""
    from safetynet.linkage.files import read_records

    header = HEADER.encode()
    rare = "王".encode("cp950") + b"\xfa\x41" + "明".encode("cp950")
    lines = [header, b"a,1," + rare + b",,1980-03-04,M,,", "b,2,陳怡君,,,,,".encode("cp950")]
    rows = read_records(b"\r\n".join(lines), "eudc.csv", required=("source_system", "source_id"),
                        optional=("name",))  # fmt: skip
    assert rows["name"] == ["王\ue001明", "陳怡君"]
    with pytest.raises(ServiceError):
        read_records(header + b"\r\na,1,\xff\xfe,,,,,", "bad.csv", required=("source_id",))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_what_the_run_did_is_plain_and_warnings_are_not_errors(
    tmp_path: Path,
) -> None:
    source = tmp_path / "records.csv"
    source.write_text("\n".join([HEADER + ",備註", *(f"{g},x" for g in GOOD)]) + "\n",
                      encoding="utf-8")  # fmt: skip
    terminal = _Terminal()
    call_command("link", str(source), "--out", str(tmp_path / "o.csv"), "--no-progress",
                 "--force-color", stderr=terminal)  # fmt: skip
    lines = terminal.getvalue().splitlines()
    unused = next(line for line in lines if "未使用的欄位" in line)
    summary = next(line for line in lines if "筆紀錄 →" in line)
    assert "\x1b[3" not in summary and "\x1b[1" not in summary  # no colour, not bold
    assert "\x1b[3" in unused and "\x1b[31" not in unused  # the warning colour, not red
    # Written to a file (not a terminal), no line carries escape codes.
    plain = io.StringIO()
    call_command("link", str(source), "--out", str(tmp_path / "o.csv"), "--no-progress",
                 stderr=plain)  # fmt: skip
    assert "\x1b[" not in plain.getvalue()


class _JavaError(Exception):
    """What py4j raises when the JVM fails (its class lives in py4j.protocol)."""


_JavaError.__module__ = "py4j.protocol"


class _FailingSpark:
    """A Spark database API whose every use fails in the JVM."""

    def __getattr__(self, name: str) -> object:
        raise _JavaError("java.lang.OutOfMemoryError: Java heap space")


class _Session:
    def __init__(self) -> None:
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


def test_spark_failing_to_start_or_during_the_run_is_a_message_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No Java, a cluster that does not answer, a JVM out of heap: one line in the user's
    language naming the master and the error's kind, the earlier output kept, the session
    stopped. Other errors are not Spark's and stay as they are."""
    from safetynet.linkage import spark

    out = tmp_path / "clusters.csv"
    out.write_text("an earlier run\n", encoding="utf-8")

    def no_java(**_options: object) -> object:
        raise _JavaError("Java gateway process exited before sending its port number")

    monkeypatch.setattr(spark, "local_session", no_java)
    with pytest.raises(CommandError, match=r"Spark 無法在 local\[2\] 上執行勾稽（_JavaError）"):
        _run(tmp_path, GOOD, "--engine", "spark")
    session = _Session()
    monkeypatch.setattr(spark, "local_session", lambda **_options: session)
    monkeypatch.setattr(spark, "spark_api", lambda *_a, **_k: _FailingSpark())
    with pytest.raises(CommandError, match=r"Spark could not run the link on local\[2\]"):
        _run(tmp_path, GOOD, "--engine", "spark", "--lang", "en")
    assert session.stopped
    assert out.read_text(encoding="utf-8") == "an earlier run\n"

    def not_spark(**_options: object) -> object:
        raise KeyError("a bug of ours")

    monkeypatch.setattr(spark, "spark_api", lambda *_a, **_k: not_spark())
    with pytest.raises(KeyError):
        _run(tmp_path, GOOD, "--engine", "spark")


def test_a_file_of_another_type_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """An old Excel file (.xls) is a message saying which types are read and how to get one,
    not "upload" (the platform's word) and not a traceback."""
    source = tmp_path / "名冊.xls"
    source.write_bytes(b"\xd0\xcf\x11\xe0")
    out = tmp_path / "clusters.csv"
    with pytest.raises(CommandError, match=r"名冊.xls：只能讀取 CSV、xlsx 或 ods 檔案，請另存"):
        call_command("link", str(source), "--out", str(out), "--no-progress")
    with pytest.raises(CommandError, match=r"Only CSV, xlsx and ods files can be read"):
        call_command("link", str(source), "--out", str(out), "--no-progress", "--lang", "en")
    assert not out.exists()
