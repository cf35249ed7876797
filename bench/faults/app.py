"""The platform as production runs it, on loopback: gunicorn's sync workers (cores + 1, as the
README documents), `SAFETYNET_ENV=production` with a secret key, persistent database
connections at their default age; killed with SIGKILL (master and workers at once) and started
again on demand.

`prepare()` migrates a fresh database in a child process and registers one partner system for
the web channel (35) at the city's intake desk, returning its bearer token.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# What a reverse proxy that terminates TLS adds (deploy/nginx.conf): outside development the
# platform redirects plain HTTP, and gunicorn listens on loopback only.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def environment(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFETYNET_", "DJANGO_"))}
    env.update({
        "DATABASE_URL": database_url,
        "SAFETYNET_ENV": "production",
        "SAFETYNET_SECRET_KEY": secrets.token_urlsafe(50),
        "SAFETYNET_VAR_DIR": str(var_dir),
        "SAFETYNET_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "safetynet.settings",
    })  # fmt: skip
    return env


def prepare(database_url: str, var_dir: Path) -> str:
    """Migrate, build the city's units, register the partner system; its token."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.faults.prepare"], cwd=ROOT, check=True,
        capture_output=True, text=True, env=environment(database_url, var_dir),
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


class Server:
    """gunicorn on 127.0.0.1:<port>; `kill9()` and `start()` as often as the run asks."""

    def __init__(self, database_url: str, *, port: int, workers: int | None = None) -> None:
        self.port = port
        self.workers = workers or (os.cpu_count() or 2) + 1
        self.var_dir = Path(tempfile.mkdtemp(prefix="safetynet-faults-var."))
        self.env = environment(database_url, self.var_dir)
        self.process: subprocess.Popen[bytes] | None = None
        self.log = (self.var_dir / "gunicorn.log").open("ab")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> float:
        """Start and wait until /health/ answers 200 (the database answers); seconds taken."""
        started = time.monotonic()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "safetynet.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--worker-class", "sync", "--log-level", "warning"],
            cwd=self.var_dir, env=self.env, stdout=self.log, stderr=self.log,
            start_new_session=True,  # its own process group: kill9 takes master and workers
        )  # fmt: skip
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited ({self.process.returncode}); see {self.log.name}"
                )
            if self.healthy():
                return time.monotonic() - started
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s; see {self.log.name}")

    def healthy(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", "/health/", headers=PROXY_HEADERS)
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def kill9(self) -> None:
        """SIGKILL the master and every worker at once, mid-request (as the OOM killer or a
        crashed host would); nothing gets to finish or clean up."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
