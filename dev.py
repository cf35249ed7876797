#!/usr/bin/env python3
"""The project's two commands, needing only python3 (>= 3.11) on the machine.

python3 dev.py serve   set up .venv, create the SQLite database and demo city, serve :8000
                       with the background worker
python3 dev.py test    set up .venv, then lint, type-check, the import contract, the migration
                       check and the tests
python3 dev.py mutate  mutation testing of the services, access helpers and policies (CI runs it)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-lock"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def bootstrap() -> None:
    """Create .venv and install exactly the locked packages (again only when the lock changed)."""
    if sys.version_info < (3, 11):
        sys.exit("SafetyNet needs Python 3.11 or newer.")
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        run(BIN / "python", "-m", "pip", "install", "-q", "--require-hashes", "-r", LOCK)
        run(
            BIN / "python",
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-e",
            ".",
        )
        STAMP.write_text(digest)
    run(BIN / "safetynet", "compiletranslations")


def serve() -> None:
    """The web server and the background worker (linkage runs, pruning), stopped together."""
    bootstrap()
    run(BIN / "safetynet", "migrate", "--noinput")
    run(BIN / "safetynet", "demo", "--if-empty")
    worker = subprocess.Popen([str(BIN / "safetynet"), "worker"], cwd=ROOT)
    web = subprocess.Popen(
        [str(BIN / "safetynet"), "runserver", "--noreload", "127.0.0.1:8000"], cwd=ROOT
    )
    try:
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in (web, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in (web, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    if worker.returncode not in (0, None, -signal.SIGINT):
        sys.exit("The background worker stopped; see its output above.")


def test(extra: list[str]) -> None:
    bootstrap()
    run(BIN / "ruff", "format", "--check", "src", "tests", "bench", "scripts", "deploy", "dev.py")
    run(BIN / "ruff", "check", "src", "tests", "bench", "scripts", "deploy", "dev.py")
    run(BIN / "mypy", "src", "tests", "bench", "scripts", "deploy")
    run(BIN / "lint-imports")
    run(BIN / "safetynet", "makemigrations", "--check", "--dry-run")
    run(BIN / "pytest", *extra)


def mutate() -> None:
    """Mutation testing of the services, access helpers and policies (docs/mutation.md)."""
    bootstrap()
    # A fresh copy: mutmut re-copies changed Python files only (not the compiled translations).
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    template = ROOT / "var" / "mutation-template.sqlite3"
    template.unlink(missing_ok=True)
    env = {**os.environ, "SAFETYNET_TEST_TEMPLATE": str(template)}
    run(
        BIN / "safetynet",
        "migrate",
        "-v",
        "0",
        env={**env, "DATABASE_URL": f"sqlite:///{template}"},
    )
    started = time.monotonic()
    with open(os.devnull) as nothing:  # noqa: PTH123 - mutmut's progress needs no input
        subprocess.run(
            [str(BIN / "mutmut"), "run", "--max-children", str(os.cpu_count() or 2)],
            cwd=ROOT, env=env, stdin=nothing, stdout=subprocess.DEVNULL, check=True,
        )  # fmt: skip
    print(f"mutmut run: {time.monotonic() - started:.0f} s", flush=True)
    run(BIN / "python", ROOT / "scripts" / "mutation.py", env=env)


def main() -> None:
    # The two commands are the development set-up: a secret key may be generated (in var/).
    os.environ.setdefault("SAFETYNET_ENV", "development")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "serve":
        serve()
    elif command == "test":
        test(sys.argv[2:])
    elif command == "mutate":
        mutate()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
