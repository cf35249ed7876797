"""What a run's filings left in the database, read with plain SQL (not through the platform):
every acknowledged report there exactly once, and nothing half-written.

- acknowledged: filings answered 201 (at least once);
- lost: acknowledged, but the report the answer named is missing, or no report carries the
  filing's marker;
- duplicated: reports beyond the first that carry one filing's marker (a retry filed twice),
  plus retries answered with another report than the first answer named;
- half-written: a report without all its persons, without its audit row, or without the
  idempotency record that answers its retries; an idempotency record naming no report; a
  person no report names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

import psycopg

from bench.faults.load import Filing

MARK = re.compile(r"\[([^\]]+-\d{6})\]")

REPORTS = """
SELECT r.id, r.narrative,
       (SELECT count(*) FROM intake_reportperson p WHERE p.report_id = r.id),
       EXISTS (SELECT 1 FROM audit_auditevent a WHERE a.object_type = 'report'
               AND a.action = 'create' AND a.object_id = r.id::text),
       EXISTS (SELECT 1 FROM api_idempotencyrecord i WHERE i.result ->> 'report' = r.id::text)
FROM intake_report r
"""
ORPHAN_KEYS = """
SELECT count(*) FROM api_idempotencyrecord i
WHERE i.result ? 'report'
  AND NOT EXISTS (SELECT 1 FROM intake_report r WHERE r.id::text = i.result ->> 'report')
"""
ORPHAN_PERSONS = """
SELECT count(*) FROM people_person p
WHERE NOT EXISTS (SELECT 1 FROM intake_reportperson rp WHERE rp.person_id = p.id)
"""


@dataclass
class Figures:
    filings: int
    acknowledged: int
    lost: int
    duplicated: int
    half_written: int
    unacknowledged: int  # given up on (or stopped) without a 201: the partner knows
    unacknowledged_but_stored: int  # of those, how many the database holds anyway (not a loss)
    refused: int  # a 4xx: the platform refused the report (should not happen here)
    details: dict[str, Any]

    def line(self) -> str:
        return (f"acknowledged {self.acknowledged} / lost {self.lost} / duplicated "
                f"{self.duplicated} / half-written {self.half_written} "
                f"(filings {self.filings}, unacknowledged {self.unacknowledged}, "
                f"refused {self.refused})")  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check(url: str, filings: list[Filing]) -> Figures:
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        rows = conn.execute(REPORTS).fetchall()
        orphan_keys = int(conn.execute(ORPHAN_KEYS).fetchone()[0])  # type: ignore[index]
        orphan_persons = int(conn.execute(ORPHAN_PERSONS).fetchone()[0])  # type: ignore[index]
    by_marker: dict[str, list[int]] = {}
    narrative_of: dict[int, str] = {}
    half: Counter[str] = Counter()
    persons_of = {f.marker: f.persons for f in filings}
    for report_id, narrative, persons, audited, keyed in rows:
        narrative_of[report_id] = narrative
        found = MARK.search(narrative)
        mark = f"[{found.group(1)}]" if found else ""
        by_marker.setdefault(mark, []).append(report_id)
        if persons == 0:
            half["report without persons"] += 1
        elif mark in persons_of and persons != persons_of[mark]:
            half["report missing some persons"] += 1
        if not audited:
            half["report without its audit row"] += 1
        if not keyed:
            half["report without its idempotency record"] += 1
    if orphan_keys:
        half["idempotency record naming no report"] = orphan_keys
    if orphan_persons:
        half["person no report names"] = orphan_persons

    acked = [f for f in filings if f.report_id is not None]
    lost = [
        f for f in acked
        if f.report_id not in narrative_of or f.marker not in narrative_of[f.report_id]
        or not by_marker.get(f.marker)
    ]  # fmt: skip
    duplicated = sum(max(0, len(ids) - 1) for mark, ids in by_marker.items() if mark)
    duplicated += sum(len(f.other_ids) for f in filings)
    unacked = [f for f in filings if f.report_id is None and f.refused is None]
    return Figures(
        filings=len(filings),
        acknowledged=len(acked),
        lost=len(lost),
        duplicated=duplicated,
        half_written=sum(half.values()),
        unacknowledged=len(unacked),
        unacknowledged_but_stored=sum(1 for f in unacked if by_marker.get(f.marker)),
        refused=sum(1 for f in filings if f.refused is not None),
        details={
            "half_written": dict(half),
            "acknowledged_after_a_retry": sum(1 for f in acked if f.attempts > 1),
            "lost": [f.key for f in lost][:20],
            "refused": Counter(f.refused for f in filings if f.refused).most_common(5),
            "reports_in_database": len(rows),
            "unmarked_reports": len(by_marker.get("", [])),
        },
    )
