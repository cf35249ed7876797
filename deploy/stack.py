"""The production set-up on loopback, for the tests and the load bench: gunicorn with
deploy/gunicorn.conf.py behind nginx with deploy/nginx.conf (TLS with a throwaway self-signed
certificate), production settings (SAFETYNET_ENV unset), started and stopped together.

`python -m deploy.stack` serves it in the foreground (https://localhost:8443, Ctrl-C stops);
`python -m deploy.stack --render OUT` writes the nginx configuration filled in from the
environment (SAFETYNET_HTTPS_LISTEN, …) for an operator to install."""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

DEPLOY = Path(__file__).resolve().parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def render(values: dict[str, str]) -> str:
    """deploy/nginx.conf with its ${SAFETYNET_...} names filled in (nginx's own $names stay)."""
    text = Template((DEPLOY / "nginx.conf").read_text()).safe_substitute(values)
    missing = [line for line in text.splitlines() if "${SAFETYNET_" in line.split("#")[0]]
    if missing:
        raise ValueError(f"not filled in: {missing}")
    return text


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "tls.crt", folder / "tls.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",  # noqa: S607
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _wait_for_port(port: int, process: subprocess.Popen[bytes], what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {seconds} s")


@dataclass
class Stack:
    """Where the running set-up answers: `url` (nginx, https), `direct` (gunicorn, http)."""

    folder: Path
    https_port: int
    http_port: int
    upstream_port: int
    cert: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://localhost:{self.https_port}"

    @property
    def direct(self) -> str:
        return f"http://127.0.0.1:{self.upstream_port}"

    def tls(self) -> ssl.SSLContext:
        """A client context that trusts this set-up's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cert))


@contextmanager
def production(
    *,
    database_url: str,
    workers: int | None = None,
    https_port: int | None = None,
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> Iterator[Stack]:
    """gunicorn (sync workers, cores + 1 unless told) behind nginx, on loopback, with the
    production settings; stopped (the two process groups it started, nothing else) on exit."""
    folder = Path(tempfile.mkdtemp(prefix="safetynet-stack-"))
    nginx_dir = folder / "nginx"
    nginx_dir.mkdir()
    cert, key = self_signed(folder)
    stack = Stack(folder, https_port or free_port(), free_port(), free_port(), cert)
    config = nginx_dir / "nginx.conf"
    config.write_text(
        render({
            "SAFETYNET_NGINX_USER": getpass.getuser(),
            "SAFETYNET_NGINX_DIR": str(nginx_dir),
            "SAFETYNET_UPSTREAM": f"127.0.0.1:{stack.upstream_port}",
            "SAFETYNET_HTTPS_LISTEN": f"127.0.0.1:{stack.https_port}",
            "SAFETYNET_HTTP_LISTEN": f"127.0.0.1:{stack.http_port}",
            "SAFETYNET_SERVER_NAME": "localhost",
            "SAFETYNET_TLS_CERT": str(cert),
            "SAFETYNET_TLS_KEY": str(key),
        })
    )  # fmt: skip
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SAFETYNET_", "DJANGO_"))}
    app_env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "safetynet.settings",
        "SAFETYNET_SECRET_KEY": "stack-" + os.urandom(24).hex(),
        "SAFETYNET_VAR_DIR": str(folder / "var"),
        "SAFETYNET_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SAFETYNET_BIND": f"127.0.0.1:{stack.upstream_port}",
        "DATABASE_URL": database_url,
        **({"SAFETYNET_WEB_WORKERS": str(workers)} if workers else {}),
        **(env or {}),
    }
    output = log.open("ab") if log else subprocess.DEVNULL
    gunicorn = Path(sys.executable).parent / "gunicorn"
    try:
        stack.processes.append(
            subprocess.Popen(
                [str(gunicorn), "-c", str(DEPLOY / "gunicorn.conf.py")],
                env=app_env,
                stdout=output,
                stderr=output,
                start_new_session=True,
            )
        )
        _wait_for_port(stack.upstream_port, stack.processes[0], "gunicorn", 60)
        stack.processes.append(
            subprocess.Popen(
                [
                    NGINX,
                    "-c",
                    str(config),
                    "-p",
                    str(nginx_dir),
                    "-e",
                    str(nginx_dir / "error.log"),
                    "-g",
                    "daemon off;",
                ],
                stdout=output,
                stderr=output,
                start_new_session=True,
            )
        )
        _wait_for_port(stack.https_port, stack.processes[1], "nginx", 20)
        yield stack
    finally:
        for process in reversed(stack.processes):
            if process.poll() is None:
                process.terminate()
        for process in stack.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if log:
            output.close()  # type: ignore[union-attr]
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--render", metavar="OUT", help="write deploy/nginx.conf filled in")
    parser.add_argument("--port", type=int, default=8443)
    args = parser.parse_args()
    if args.render:
        values = {k: v for k, v in os.environ.items() if k.startswith("SAFETYNET_")}
        Path(args.render).write_text(render(values))
        return
    database = os.environ.get("DATABASE_URL", f"sqlite:///{Path.cwd() / 'var/safetynet.sqlite3'}")
    with production(database_url=database, https_port=args.port) as stack:
        print(f"serving {stack.url} (gunicorn {stack.direct}); Ctrl-C stops", flush=True)
        try:
            while all(p.poll() is None for p in stack.processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
