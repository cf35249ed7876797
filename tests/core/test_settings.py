"""Settings: the secret key never comes from the source tree, the data never lands in the
working directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django.conf as c; from django.core.exceptions import ImproperlyConfigured\n" \
        "print(c.settings.VAR_DIR); print(len(c.settings.SECRET_KEY))"  # fmt: skip


def _settings(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAFETYNET_")}
    return subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", PROBE],
        cwd=cwd,
        env={**clean, "DJANGO_SETTINGS_MODULE": "safetynet.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_outside_development_there_is_no_generated_key(tmp_path: Path) -> None:
    result = _settings(tmp_path, SAFETYNET_VAR_DIR=str(tmp_path / "var"))
    assert result.returncode != 0
    assert "SAFETYNET_SECRET_KEY" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_a_key_from_the_environment_or_a_file_outside_the_tree_is_used(tmp_path: Path) -> None:
    assert _settings(tmp_path, SAFETYNET_SECRET_KEY="k" * 50).stdout.split()[1] == "50"
    key = tmp_path / "key"
    key.write_text("x" * 60)
    result = _settings(tmp_path, SAFETYNET_SECRET_KEY_FILE=str(key))
    assert result.returncode == 0 and result.stdout.split()[1] == "60"


def test_a_key_file_inside_the_source_tree_is_refused(tmp_path: Path) -> None:
    inside = ROOT / "src" / "safetynet" / "settings.py"
    result = _settings(tmp_path, SAFETYNET_SECRET_KEY_FILE=str(inside))
    assert result.returncode != 0 and "outside the source tree" in result.stderr


@pytest.mark.parametrize("var", ["src/safetynet/var", "src/safetynet"])
def test_the_data_directory_cannot_be_inside_the_package(tmp_path: Path, var: str) -> None:
    result = _settings(tmp_path, SAFETYNET_ENV="development", SAFETYNET_VAR_DIR=str(ROOT / var))
    assert result.returncode != 0 and "SAFETYNET_VAR_DIR" in result.stderr


def test_development_keeps_its_key_in_the_checkouts_data_directory_not_the_cwd(
    tmp_path: Path,
) -> None:
    result = _settings(tmp_path, SAFETYNET_ENV="development")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.split()[0]) == ROOT / "var"
    assert not (tmp_path / "var").exists()


def test_git_ignores_a_data_directory_anywhere() -> None:
    for path in ("var/secret_key", "src/safetynet/var/secret_key", "bench/var/x"):
        ignored = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "check-ignore", "-q", path],  # noqa: S607 - git from PATH
            cwd=ROOT,
            check=False,
        )
        assert ignored.returncode == 0, path
