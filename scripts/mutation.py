"""The mutation report: every mutant mutmut left alive, where it is, and whether it sits on a
line that decides who may do what or writes the audit trail (none may).

Run by `python3 dev.py mutate` after `mutmut run`; prints the report and exits 1 when a
survivor is on a permission or audit line. See docs/mutation.md.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = ROOT / ".venv" / "bin" / "mutmut"
# A line that decides access or writes the audit trail.
GUARD = re.compile(
    r"ServiceError\(\s*\"(forbidden|not_found|wrong_channel)\"|policy\.|\bcan_\w+\(|\.has\(|"
    r"visib|audit_record|audit_list|_audit\(|\bfetch\(|fetch_for_change|\bfind\(|_require_"
)


@dataclass(frozen=True)
class Survivor:
    name: str
    file: str
    line: int
    original: str
    mutated: str
    guard: bool


def _mutmut(*args: str) -> str:
    return subprocess.run(  # noqa: S603 - our own venv's mutmut, fixed arguments
        [str(MUTMUT), *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def _results() -> dict[str, str]:
    out = {}
    for line in _mutmut("results", "--all", "true").splitlines():
        name, _sep, status = line.strip().rpartition(": ")
        if name:
            out[name] = status
    return out


def _where(name: str) -> tuple[str, str, str]:
    """The file of a mutant, and the first changed line before and after."""
    module = name.split(".x_")[0].split(".xǁ")[0]
    path = "src/" + module.replace(".", "/") + ".py"
    diff = _mutmut("show", name).splitlines()
    before = next(
        (d[1:].strip() for d in diff if d.startswith("-") and not d.startswith("---")), ""
    )
    after = next((d[1:].strip() for d in diff if d.startswith("+") and not d.startswith("+++")), "")
    return path, before, after


def _line(path: str, text: str) -> int:
    for number, line in enumerate((ROOT / path).read_text().splitlines(), start=1):
        if text and line.strip() == text:
            return number
    return 0


# Files whose every line decides who may do what or writes the audit trail.
WHOLLY_GUARD = (
    "/policy.py", "/access.py", "/agencies/principal.py", "/agencies/capabilities.py",
    "/audit/services.py",
)  # fmt: skip
# Calls that only say which related rows to load with a query: a mutant there changes how many
# queries a page makes (the benchmarks' business), never who sees what.
LOADING = {"select_related", "prefetch_related"}


# Calls that write the audit trail: every line of their arguments is an audit line.
AUDITING = {"audit_record", "audit_list"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _calls_around(path: str, line: int, before: str, after: str) -> tuple[list[ast.Call], bool]:
    """The calls whose source holds the mutant's change, outermost first, and whether the
    change sits in the arguments of the innermost (not in its callee)."""
    if not line:
        return [], False
    source = (ROOT / path).read_text()
    text = source.splitlines()[line - 1]
    same = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
                min(len(before), len(after)))  # fmt: skip
    at = (line, len(text) - len(text.lstrip()) + same)
    around = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and node.end_lineno is not None
        and (node.lineno, node.col_offset) <= at < (node.end_lineno, node.end_col_offset or 0)
    ]  # fmt: skip
    around.sort(key=lambda c: (c.lineno, c.col_offset, -(c.end_lineno or 0)))
    innermost = around[-1] if around else None
    in_arguments = innermost is not None and at >= (
        innermost.func.end_lineno or 0,
        innermost.func.end_col_offset or 0,
    )
    return around, in_arguments


def _classify(path: str, line: int, before: str, after: str) -> bool:
    """Whether a survivor sits on a permission or audit line."""
    around, in_arguments = _calls_around(path, line, before, after)
    if around and in_arguments and _name(around[-1]) in LOADING:
        return False
    if any(_name(call) in AUDITING for call in around):
        return True
    return path.endswith(WHOLLY_GUARD) or bool(GUARD.search(before))


def main() -> int:
    results = _results()
    survivors = []
    for name, status in sorted(results.items()):
        if status not in ("survived", "no tests"):
            continue
        path, before, after = _where(name)
        line = _line(path, before)
        survivors.append(
            Survivor(name, path, line, before, after, _classify(path, line, before, after))
        )
    counts: dict[str, int] = {}
    for status in results.values():
        counts[status] = counts.get(status, 0) + 1
    print(json.dumps({"mutants": len(results), **counts}, ensure_ascii=False))
    for s in survivors:
        mark = "GUARD " if s.guard else ""
        print(f"{mark}{s.file}:{s.line}  {s.original}\n    -> {s.mutated}")
    (ROOT / "mutants").mkdir(exist_ok=True)
    report = ROOT / "mutants" / "survivors.json"
    report.write_text(json.dumps([asdict(s) for s in survivors], ensure_ascii=False, indent=1))
    guards = [s for s in survivors if s.guard]
    if guards:
        print(f"{len(guards)} survivor(s) on a permission or audit line.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
