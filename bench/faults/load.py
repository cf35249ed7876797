"""A partner system filing reports through `POST /api/v1/reports` as a careful one would: every
report has its own Idempotency-Key, and a report whose filing failed (no connection, a reset,
a timeout, a 5xx) is sent again with the same key and the same body, with backoff, until it is
acknowledged (201). A 4xx is the platform refusing the report: recorded, not retried.

Each report carries a marker in its narrative (the run and its number), so the check can count
the rows each filing left behind without trusting the answers.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

from bench.faults.app import PROXY_HEADERS
from safetynet.core.twid import check_digit

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐"
GIVEN = ["志明", "淑芬", "家豪", "雅婷", "俊傑", "怡君", "承恩", "詠晴", "冠宇", "宜蓁"]
MAX_BACKOFF_S = 1.0


def marker(run: str, n: int) -> str:
    return f"[{run}-{n:06d}]"


@dataclass
class Filing:
    n: int
    key: str
    marker: str
    persons: int
    body: bytes
    attempts: int = 0
    started_at: float | None = None  # time.time() of the first attempt
    report_id: int | None = None  # from the 201
    acked_at: float | None = None  # time.time() of the 201
    other_ids: set[int] = field(default_factory=set)  # a retry answered with another report
    refused: str | None = None  # a 4xx: status and code


def make_filing(run: str, n: int) -> Filing:
    count = 1 + n % 3
    persons = []
    for i in range(count):
        serial = (n * 3 + i) % 10_000_000
        prefix = f"C{1 + (n + i) % 2}{serial:07d}"
        persons.append({
            "role": "victim" if i == 0 else "household",
            "name": SURNAMES[(n + i) % len(SURNAMES)] + GIVEN[(n * 7 + i) % len(GIVEN)],
            "id_number": prefix + check_digit(prefix),
            "sex": "M" if (n + i) % 2 == 0 else "F",
        })  # fmt: skip
    mark = marker(run, n)
    body = {"channel": "35", "reporter_type": "neighbour", "district": "10017020",
            "concerns": ["child"], "urgency": "normal", "persons": persons,
            "narrative": f"故障測試 {mark}：鄰居通報孩子夜間哭叫。"}  # fmt: skip
    return Filing(n=n, key=f"{run}-{n}", marker=mark, persons=count,
                  body=json.dumps(body, ensure_ascii=False).encode())  # fmt: skip


class Partner:
    """`clients` threads, each filing one report after another until `stop()`; a thread that
    is told to stop still finishes the report it holds (retrying until it is acknowledged or
    `give_up_s` has passed since its first attempt)."""

    def __init__(self, base: str, token: str, *, run: str, clients: int, give_up_s: float = 120,
                 timeout_s: float = 30) -> None:  # fmt: skip
        self.address = urllib.parse.urlsplit(base)
        self.token = token
        self.run = run
        self.clients = clients
        self.give_up_s = give_up_s
        self.timeout_s = timeout_s
        self.filings: list[Filing] = []
        self.outcomes: Counter[str] = Counter()  # "201", "500", "ConnectionRefusedError", …
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._abandoning = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for _ in range(self.clients):
            thread = threading.Thread(target=self._client, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, *, abandon: bool = False) -> None:
        """Stop filing new reports; wait for the ones held (`abandon`: stop retrying them)."""
        if abandon:
            self._abandoning.set()
        self._stopping.set()
        for thread in self._threads:
            thread.join()

    def acked(self) -> int:
        with self._lock:
            return sum(1 for f in self.filings if f.report_id is not None)

    def last_ack(self) -> float:
        with self._lock:
            return max((f.acked_at or 0.0 for f in self.filings), default=0.0)

    def _next(self) -> Filing:
        with self._lock:
            filing = make_filing(self.run, len(self.filings))
            self.filings.append(filing)
            return filing

    def _client(self) -> None:
        connection: http.client.HTTPConnection | None = None
        while not self._stopping.is_set():
            filing = self._next()
            connection = self._file(filing, connection)
        if connection is not None:
            connection.close()

    def _file(self, filing: Filing, connection: http.client.HTTPConnection | None
              ) -> http.client.HTTPConnection | None:  # fmt: skip
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                   "Idempotency-Key": filing.key, **PROXY_HEADERS}  # fmt: skip
        first = time.monotonic()
        filing.started_at = time.time()
        backoff = 0.05
        while time.monotonic() - first < self.give_up_s and not self._abandoning.is_set():
            filing.attempts += 1
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(
                        self.address.hostname or "127.0.0.1", self.address.port,
                        timeout=self.timeout_s,
                    )  # fmt: skip
                connection.request("POST", "/api/v1/reports", body=filing.body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                if connection is not None:
                    connection.close()
                connection = None
                self._count(type(error).__name__)
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            self._count(str(status))
            if status == 201:
                report_id = int(json.loads(answer)["id"])
                with self._lock:
                    if filing.report_id is None:
                        filing.report_id, filing.acked_at = report_id, time.time()
                    elif report_id != filing.report_id:
                        filing.other_ids.add(report_id)
                return connection
            if status < 500 and status not in (408, 429):
                code = json.loads(answer).get("code", "") if answer.startswith(b"{") else ""
                filing.refused = f"{status} {code}".strip()
                return connection
            if response.will_close:
                connection.close()
                connection = None
            time.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_S)
        return connection

    def _count(self, outcome: str) -> None:
        with self._lock:
            self.outcomes[outcome] += 1
