"""The production set-up holds under slow and abusive clients (issue 11, item 6): gunicorn's sync
workers behind nginx (deploy/), on loopback. Fifty clients that never finish their request
headers, fifty that stall in the TLS handshake and ten uploads that trickle their body do not
delay anyone else; the same clients sent to gunicorn alone stall it for everyone (the probe's
finding, kept as the proof that the test can fail)."""

from __future__ import annotations

import json
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from deploy.stack import NGINX, Stack, production
from safetynet.agencies.services import api_client_create
from tests.conftest import City, file_report, login_with_second_factor
from tests.intake.test_api import REPORT

pytestmark = [
    pytest.mark.server,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not Path(NGINX).exists() or shutil.which("openssl") is None,
        reason="needs Debian's nginx and openssl (CI installs them)",
    ),
]

PROMPT = 1.0  # seconds: a normal request's answer under attack (they take ~0.05 s alone)


def shared() -> dict[str, str]:
    """The server processes read this process's sessions: the same key signs them."""
    return {"SAFETYNET_SECRET_KEY": settings.SECRET_KEY}


def database_url() -> str:
    """The test database, for the server processes (the test's rows are committed)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = quote(db["HOST"] or "localhost", safe="")
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def session_cookie(city: City) -> str:
    """A logged-in screener's session, kept in the shared database."""
    client = Client()
    login_with_second_factor(client, city.screener.user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@contextmanager
def abusers(stack: Stack, *, headers: int, handshakes: int, uploads: int) -> Iterator[list[Any]]:
    """Connections held open until the block ends: request heads never finished, TLS handshakes
    never begun, uploads that announce a body and send a few bytes of it."""
    held: list[Any] = []
    with ExitStack() as closing:
        for _ in range(handshakes):
            raw = socket.create_connection(("127.0.0.1", stack.https_port), timeout=5)
            closing.callback(raw.close)
            held.append(raw)
        context = stack.tls()
        for i in range(headers + uploads):
            sock = context.wrap_socket(
                socket.create_connection(("127.0.0.1", stack.https_port), timeout=5),
                server_hostname="localhost",
            )
            closing.callback(sock.close)
            if i < headers:
                sock.sendall(b"GET /queue/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            else:
                sock.sendall(
                    b"POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\n"
                    b"Content-Type: application/json\r\nIdempotency-Key: slow\r\n"
                    b'Content-Length: 100000\r\n\r\n{"channel": '
                )
            held.append(sock)
        yield held


def timed(client: httpx.Client, method: str, url: str, **kwargs: Any) -> tuple[int, float]:
    started = time.monotonic()
    response = client.request(method, url, **kwargs)
    return response.status_code, time.monotonic() - started


def test_slow_clients_do_not_delay_anyone_behind_nginx(city: City, tmp_path: Path) -> None:
    report = file_report(city)
    _client, token = api_client_create(name="ECARE", unit=city.units["KL-DESK"], channel="7")
    cookie = session_cookie(city)
    with production(database_url=database_url(), env=shared(), log=tmp_path / "stack.log") as stack:
        session = httpx.Client(base_url=stack.url, verify=stack.tls(), timeout=10,
                               headers={"Cookie": f"__Host-sessionid={cookie}"})  # fmt: skip
        partner = httpx.Client(base_url=stack.url, verify=stack.tls(), timeout=10,
                               headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert timed(session, "GET", "/queue/")[0] == 200  # the set-up works, logged in

        with abusers(stack, headers=50, handshakes=50, uploads=10):
            times: list[float] = []
            anonymous = httpx.Client(base_url=stack.url, verify=stack.tls(), timeout=10)
            for i in range(10):
                for client, url in ((anonymous, "/login/"), (session, "/queue/"),
                                    (session, f"/reports/{report.pk}/")):  # fmt: skip
                    status, took = timed(client, "GET", url)
                    assert status == 200, (url, status)
                    times.append(took)
                started = time.monotonic()
                filed = partner.post("/api/v1/reports", content=json.dumps(REPORT), headers={
                    "Content-Type": "application/json", "Idempotency-Key": f"load-{i}"})  # fmt: skip
                times.append(time.monotonic() - started)
                assert filed.status_code == 201, filed.text
                status, took = timed(partner, "GET", f"/api/v1/reports/{filed.json()['id']}")
                assert status == 200
                times.append(took)
            print(f"behind nginx, under 110 slow connections: {len(times)} requests, "
                  f"slowest {max(times):.3f} s")  # fmt: skip
            assert max(times) < PROMPT, times


def test_the_same_clients_stall_gunicorn_alone(city: City, tmp_path: Path) -> None:
    """Without nginx in front: the documented finding, so the test above can fail."""
    with production(database_url=database_url(), env=shared(), log=tmp_path / "stack.log") as stack:
        host, port = "127.0.0.1", stack.upstream_port
        assert httpx.get(f"{stack.direct}/health/", timeout=5).status_code == 200
        held = []
        try:
            for _ in range(10):
                sock = socket.create_connection((host, port), timeout=5)
                sock.sendall(b"GET /health/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                held.append(sock)
            with pytest.raises(httpx.TimeoutException):
                httpx.get(f"{stack.direct}/health/", timeout=2)
        finally:
            for sock in held:
                sock.close()
