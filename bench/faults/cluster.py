"""A throwaway PostgreSQL cluster on loopback that a fault run or a restore drill owns: it can be
killed with SIGKILL, started again on the same data, or lost entirely.

Found and made as `scripts/pg-throwaway.sh` does (Debian's binaries under /usr/lib/postgresql;
run as the `postgres` user when we are root, since initdb refuses root), but driven from Python
so the caller knows the postmaster's pid and decides when it dies.
"""

from __future__ import annotations

import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


class Unavailable(RuntimeError):
    """No PostgreSQL binaries here (or no way to run them): the caller skips with this reason."""


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found or not (found[-1] / "initdb").exists():
        raise Unavailable("no PostgreSQL server binaries under /usr/lib/postgresql (.ci/run "
                          "installs Debian's postgresql through scripts/pg-throwaway.sh)")  # fmt: skip
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no postgres user") from None
    return found[-1]


def free_port() -> int:
    """A free loopback port below the kernel's range for outgoing connections: a server
    restarted on it must not find it taken by some client's connection meanwhile."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    chooser = random.SystemRandom()
    for _ in range(200):
        port = chooser.randrange(max(1024, low - 10_000), low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_owner(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL tool as the cluster's owner (postgres when we are root)."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def owned_dir(prefix: str) -> Path:
    """A new directory under /tmp that the cluster's owner may write."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")
    return path


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Cluster:
    """One cluster: `start()`, `kill9()` (the postmaster and then whatever it leaves behind),
    `stop()`, `url`. `settings` become `-c name=value` on the postmaster's command line."""

    def __init__(self, *, port: int | None = None, data: Path | None = None,
                 settings: dict[str, str] | None = None) -> None:  # fmt: skip
        self.bin = pg_bin()
        self._any_port = port is None
        self.port = port or free_port()
        self.data = data or owned_dir("safetynet-faults-pg.") / "data"
        self.settings = {"listen_addresses": "127.0.0.1", "port": str(self.port),
                         "unix_socket_directories": str(self.data.parent), **(settings or {})}  # fmt: skip
        self.orphans_s: list[float] = []  # after each kill9: how long its backends outlived it
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> Cluster:
        as_owner([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-E", "UTF8",
                  "--no-instructions"])  # fmt: skip
        return self

    def start(self, timeout: float = 60) -> None:
        """Start the postmaster as our own child (not through pg_ctl, whose postmaster is
        re-parented to init: once killed it would stay a zombie, and its pid in postmaster.pid
        would look alive to the next start), then wait until it accepts writes."""
        options = [a for k, v in self.settings.items() for a in ("-c", f"{k}={v}")]
        log = (self.data.parent / "log").open("ab")
        self.process = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(self.data), *options],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True,
            user="postgres" if os.geteuid() == 0 else None,
        )  # fmt: skip
        log.close()
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                tail = (self.data.parent / "log").read_text(errors="replace")[-2000:]
                if (
                    self._any_port
                    and "Address already in use" in tail.rsplit("starting PostgreSQL", 1)[-1]
                ):
                    # The free port was taken meanwhile (a client's connection, say): another.
                    self.port = free_port()
                    self.settings["port"] = str(self.port)
                    self.start(timeout)
                    return
                raise RuntimeError(f"PostgreSQL exited ({self.process.returncode}):\n{tail}")
            try:
                with psycopg.connect(self.url, connect_timeout=2) as conn:
                    # A restored cluster takes read-only sessions while it replays the archive:
                    # it serves once it has promoted itself.
                    if not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:  # type: ignore[index]
                        return
            except psycopg.OperationalError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not accept connections in {timeout} s")

    def psql(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
            cursor = conn.execute(sql, args or None)
            return cursor.fetchall() if cursor.description else []

    def kill9(self, grace: float = 10.0) -> None:
        """SIGKILL the postmaster. Its backends notice and exit on their own (we wait `grace`
        seconds, then SIGKILL those left, which a machine crash would have done anyway): a new
        postmaster refuses the data directory while any of them still holds its memory."""
        assert self.process is not None
        pid = self.process.pid
        backends = _children(pid)
        os.kill(pid, signal.SIGKILL)
        self.process.wait()
        started = time.monotonic()
        while any(_alive(b) for b in backends) and time.monotonic() - started < grace:
            time.sleep(0.05)
        for b in backends:
            if _alive(b):
                os.kill(b, signal.SIGKILL)
        self.orphans_s.append(round(time.monotonic() - started, 2))

    def kill9_backend(self) -> bool:
        """SIGKILL one backend serving a client: the postmaster then ends every other session
        and recovers from the WAL on its own (crash recovery), as after a backend's crash."""
        assert self.process is not None
        for pid in _children(self.process.pid):
            try:
                title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "127.0.0.1(" in title:  # "postgres: postgres postgres 127.0.0.1(40312) …"
                os.kill(pid, signal.SIGKILL)
                return True
        return False

    def stop(self) -> None:
        """A fast shutdown (SIGINT), as a service manager stops it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill9()

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.data.parent, ignore_errors=True)
