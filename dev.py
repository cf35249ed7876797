#!/usr/bin/env python3
"""The project's two commands, needing only python3 (>= 3.11) on the machine.

python3 dev.py serve   set up .venv, create the SQLite database and demo city, serve :8000
python3 dev.py test    set up .venv, then lint, type-check, the import contract, the migration
                       check and the tests
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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
    bootstrap()
    run(BIN / "safetynet", "migrate", "--noinput")
    run(BIN / "safetynet", "demo", "--if-empty")
    os.execv(
        BIN / "safetynet", [str(BIN / "safetynet"), "runserver", "--noreload", "127.0.0.1:8000"]
    )


def test(extra: list[str]) -> None:
    bootstrap()
    run(BIN / "ruff", "format", "--check", "src", "tests", "bench", "dev.py")
    run(BIN / "ruff", "check", "src", "tests", "bench", "dev.py")
    run(BIN / "mypy", "src", "tests", "bench")
    run(BIN / "lint-imports")
    run(BIN / "safetynet", "makemigrations", "--check", "--dry-run")
    run(BIN / "pytest", *extra)


def main() -> None:
    # The two commands are the development set-up: a secret key may be generated (in var/).
    os.environ.setdefault("SAFETYNET_ENV", "development")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "serve":
        serve()
    elif command == "test":
        test(sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
