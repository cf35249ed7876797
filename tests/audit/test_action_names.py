"""Every audit action a service writes fits the column (PostgreSQL refuses a longer one where
SQLite would store it): the literal actions in the source and the case steps' names."""

from __future__ import annotations

import re
from pathlib import Path

from safetynet.audit.models import AuditEvent
from safetynet.cases.services import TRANSITIONS

SRC = Path(__file__).resolve().parents[2] / "src" / "safetynet"


def test_every_audit_action_fits_its_column() -> None:
    limit = AuditEvent._meta.get_field("action").max_length
    assert limit is not None
    literal = re.compile(r"""action=["']([^"']+)["']""")
    actions = {m for path in SRC.rglob("*.py") for m in literal.findall(path.read_text())}
    actions |= {f"case.{name}" for name in TRANSITIONS}
    assert "handoff.send" in actions and "case.propose_open" in actions
    too_long = sorted(a for a in actions if len(a) > limit)
    assert not too_long, too_long
    assert not re.search(r"""action=f["']""", "".join(p.read_text() for p in SRC.rglob("*.py"))
                         .replace('action=f"case.{step}"', ""))  # fmt: skip
