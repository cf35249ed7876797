"""The audit trail's hash chain: sealing, verifying, signed checkpoints, purging.

Audit rows are written in the caller's transaction as before, with nothing shared to lock: the
chain is built after them. `seal_pending` (a periodic job, every minute) takes the rows
committed since the last seal — the ids above the chain's highest, and the ids below it that
were missing last time (a transaction still open then, or rolled back) — and appends one
`AuditSeal` naming exactly those ids, the digest of their canonical content and
H(previous seal's hash || this seal). A missing id is waited for `AUDIT_SEAL_WAIT_MINUTES`;
after that it is given up (`abandoned`), and a row that appears there later is outside the chain.

`verify` recomputes everything: a changed row, a missing row (unless purged), a row below the
chain's highest id that no seal covers, a broken or missing seal, and — with the exported
checkpoints — a chain rewritten since a checkpoint was signed. See docs/security.md, "Audit".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.audit.models import AuditEvent, AuditPurge, AuditSeal

# The columns a row's digest covers, in this order (AuditEvent's meaning; see docs/security.md).
FIELDS = (
    "id", "at", "actor_id", "actor_client_id", "action", "object_type", "object_id", "reason",
    "detail",
)  # fmt: skip
GENESIS = "0" * 64
SHORT = 16  # hex digits of each row's digest kept in the seal, to say which row changed
BATCH = 20_000  # rows per seal at most (a backlog becomes several seals)
MAX_PENDING = 1_000  # missing-id ranges carried at most (the oldest are given up first)

Range = list[int]


# --- canonical content ------------------------------------------------------------------------


def _utc(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def row_digest(values: Sequence[Any]) -> str:
    """SHA-256 of a row's canonical content (`FIELDS` as values, in order)."""
    row = dict(zip(FIELDS, values, strict=True))
    row["at"] = _utc(row["at"])
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def rows_hash(ids: Sequence[int], digests: Sequence[str]) -> str:
    text = "".join(f"{i}:{d}\n" for i, d in zip(ids, digests, strict=True))
    return hashlib.sha256(text.encode()).hexdigest()


def seal_body(seal: AuditSeal) -> dict[str, Any]:
    return {
        "number": seal.number, "sealed_at": _utc(seal.sealed_at), "ids": seal.ids,
        "count": seal.count, "total": seal.total, "high": seal.high, "pending": seal.pending,
        "abandoned": seal.abandoned, "digests": seal.digests, "newest_at": _utc(seal.newest_at),
        "rows_hash": seal.rows_hash,
    }  # fmt: skip


def seal_hash(previous: str, body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()


# --- id ranges --------------------------------------------------------------------------------


def to_ranges(ids: Iterable[int]) -> list[Range]:
    """Ascending ids as [[first, last], ...]."""
    ranges: list[Range] = []
    for i in ids:
        if ranges and ranges[-1][1] == i - 1:
            ranges[-1][1] = i
        else:
            ranges.append([i, i])
    return ranges


def expand(ranges: Iterable[Sequence[Any]]) -> Iterator[int]:
    for r in ranges:
        yield from range(int(r[0]), int(r[1]) + 1)


def _in_ranges(ranges: Iterable[Sequence[Any]]) -> Q:
    q = Q(pk__in=[])
    for r in ranges:
        q |= Q(pk__gte=r[0], pk__lte=r[1])
    return q


# --- sealing ----------------------------------------------------------------------------------


def _wait() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "AUDIT_SEAL_WAIT_MINUTES", 60))


def seal_once(*, now: dt.datetime | None = None) -> AuditSeal | None:
    """One seal over the rows committed since the last (at most `BATCH`); None if nothing new.
    Two sealers at once cannot fork the chain: the seal number is unique, the later one fails
    and leaves its rows to the next run."""
    now = now or timezone.now()
    last = AuditSeal.objects.order_by("-number").first()
    if last is not None:
        high = last.high
    else:  # the chain starts at the oldest row there is
        oldest = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).first()
        high = (oldest or 1) - 1
    pending: list[list[Any]] = list(last.pending) if last else []
    rows = list(
        AuditEvent.objects.filter(Q(pk__gt=high) | _in_ranges(pending))
        .order_by("pk")
        .values_list(*FIELDS)[:BATCH]
    )
    found = [r[0] for r in rows]
    new_high = max([high, *found])
    seen = set(found)
    still: list[list[Any]] = []
    abandoned: list[Range] = []
    give_up = (now - _wait()).isoformat()
    for first, last_id, since in pending:
        for r in to_ranges(i for i in range(first, last_id + 1) if i not in seen):
            (abandoned.append(r) if since < give_up else still.append([*r, since]))
    still += [[*r, now.isoformat()] for r in to_ranges(
        i for i in range(high + 1, new_high + 1) if i not in seen)]  # fmt: skip
    while len(still) > MAX_PENDING:
        abandoned.append(still.pop(0)[:2])
    if not rows and not abandoned:
        return None
    digests = [row_digest(r) for r in rows]
    seal = AuditSeal(
        number=(last.number + 1) if last else 1, sealed_at=now, ids=to_ranges(found),
        count=len(rows), total=(last.total if last else 0) + len(rows), high=new_high,
        pending=sorted(still), abandoned=sorted(abandoned),
        digests="".join(d[:SHORT] for d in digests),
        newest_at=max((r[1] for r in rows), default=None),
        rows_hash=rows_hash(found, digests), previous=last.hash if last else GENESIS,
    )  # fmt: skip
    seal.hash = seal_hash(seal.previous, seal_body(seal))
    try:
        with transaction.atomic():
            seal.save(force_insert=True)
    except IntegrityError:
        return None
    return seal


def seal_pending(*, now: dt.datetime | None = None) -> int:
    """The periodic job: seal until nothing is left; how many seals were written."""
    written = 0
    while seal_once(now=now) is not None:
        written += 1
    return written


# --- signed checkpoints -----------------------------------------------------------------------


def _key() -> bytes:
    """The checkpoints' HMAC key: SAFETYNET_AUDIT_KEY, or a file named by
    SAFETYNET_AUDIT_KEY_FILE (outside the source tree); generated in the data directory only in
    development, as the secret key is."""
    given = getattr(settings, "AUDIT_KEY", "")
    if given:
        return str(given).encode()
    named = getattr(settings, "AUDIT_KEY_FILE", "")
    if named:
        path = Path(named).resolve()
        if path.is_relative_to(Path(settings.BASE_DIR).parent):
            raise ImproperlyConfigured("SAFETYNET_AUDIT_KEY_FILE must be outside the source tree.")
        return path.read_text().strip().encode()
    if not getattr(settings, "DEVELOPMENT", False):
        raise ImproperlyConfigured(
            "Set SAFETYNET_AUDIT_KEY or SAFETYNET_AUDIT_KEY_FILE to sign audit checkpoints."
        )
    path = Path(settings.VAR_DIR) / "audit_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def sign(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


def checkpoint_dir() -> Path:
    return Path(getattr(settings, "AUDIT_CHECKPOINT_DIR", Path(settings.VAR_DIR) / "audit"))


def checkpoint_export(*, now: dt.datetime | None = None, reason: str = "periodic") -> Path | None:
    """Write the chain's head as a signed checkpoint file (none when the head was exported
    already and nothing was purged since)."""
    head = AuditSeal.objects.order_by("-number").first()
    if head is None:
        return None
    purge = AuditPurge.objects.order_by("-through_seal").first()
    body = {
        "seal": head.number, "head": head.hash, "rows": head.total,
        "at": _utc(now or timezone.now()), "reason": reason,
        "purged_through": purge.through_seal if purge else 0,
        "purged_rows": sum(AuditPurge.objects.values_list("rows", flat=True)),
    }  # fmt: skip
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"checkpoint-{head.number:012d}-{body['purged_through']:012d}.json"
    path = folder / name
    if path.exists():
        return None
    temporary = folder / f".{name}.tmp"
    temporary.write_text(json.dumps({**body, "signature": sign(body)}, indent=1))
    temporary.replace(path)
    return path


def checkpoint_job() -> str:
    """The periodic job: seal what is pending, then export the head."""
    seal_pending()
    path = checkpoint_export()
    return path.name if path else ""


# --- purging ----------------------------------------------------------------------------------


def audit_purge(
    *, cutoff: dt.datetime, keep_days: int, now: dt.datetime | None = None
) -> AuditPurge | None:
    """Delete the rows of the oldest seals whose every row is older than `cutoff` (whole seals,
    in chain order, so what is gone is exactly "seals 1..N"); record it and export a
    checkpoint. On PostgreSQL only the tables' owner may (the trigger; the application's role
    has no DELETE): run it as the migrating role."""
    now = now or timezone.now()
    done = AuditPurge.objects.order_by("-through_seal").first()
    start = done.through_seal if done else 0
    through, rows = start, 0
    for seal in AuditSeal.objects.filter(number__gt=start).order_by("number").iterator():
        if seal.newest_at is not None and seal.newest_at >= cutoff:
            break
        through, rows = seal.number, rows + seal.count
    if through == start:
        return None
    with transaction.atomic():
        _allow_purge()
        for seal in AuditSeal.objects.filter(number__gt=start, number__lte=through).iterator():
            AuditEvent.objects.filter(_in_ranges(seal.ids)).delete()
        purge = AuditPurge.objects.create(
            at=now, through_seal=through, rows=rows, cutoff=cutoff, keep_days=keep_days
        )
    checkpoint_export(now=now, reason="purge")
    return purge


def _allow_purge() -> None:
    """Open the delete trigger for this transaction (it still requires the tables' owner)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL safetynet.audit_purge = 'on'")


# --- verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str  # changed, missing, outside, seal, checkpoint
    message: str


@dataclass
class Report:
    findings: list[Finding]
    seals: int
    rows_checked: int
    unsealed: int
    checkpoints: int

    @property
    def ok(self) -> bool:
        return not self.findings


def verify(*, checkpoints: Path | None = None) -> Report:
    """Recompute the chain and every row it covers; compare with the checkpoints in the folder
    given. Messages in the active language."""
    findings: list[Finding] = []
    purged = AuditPurge.objects.order_by("-through_seal").first()
    purged_through = purged.through_seal if purged else 0
    previous, expected, total, checked = GENESIS, 1, 0, 0
    heads: dict[int, tuple[str, int]] = {}
    covered: list[Range] = []
    last: AuditSeal | None = None
    for seal in AuditSeal.objects.order_by("number").iterator():
        ids = list(expand(seal.ids))
        intact = (
            seal.number == expected and seal.previous == previous and seal.total == total + seal.count
            and len(ids) == seal.count and len(seal.digests) == SHORT * seal.count
            and seal_hash(seal.previous, seal_body(seal)) == seal.hash
        )  # fmt: skip
        if not intact:
            findings.append(Finding("seal", _("Seal %(number)s is broken: its hash, its number or "
                                              "its link to the seal before does not match.")
                                    % {"number": seal.number}))  # fmt: skip
        if seal.number > purged_through:
            findings += _check_rows(seal, ids)
            checked += len(ids)
        heads[seal.number] = (seal.hash, seal.total)
        covered += [list(r) for r in seal.ids]
        previous, expected, total, last = seal.hash, seal.number + 1, seal.total, seal
    if last is not None:
        findings += _outside(covered, last)
    unsealed = AuditEvent.objects.filter(pk__gt=last.high if last else 0).count()
    count = 0
    if checkpoints is not None:
        count, more = _check_checkpoints(checkpoints, heads)
        findings += more
    return Report(findings, len(heads), checked, unsealed, count)


def _check_rows(seal: AuditSeal, ids: list[int]) -> list[Finding]:
    found = {r[0]: r for r in AuditEvent.objects.filter(_in_ranges(seal.ids)).values_list(*FIELDS)}
    findings: list[Finding] = []
    digests: list[str] = []
    for place, pk in enumerate(ids):
        row = found.get(pk)
        if row is None:
            findings.append(Finding("missing", _("Audit row %(id)s is missing (sealed in seal "
                                                 "%(number)s).") % {"id": pk, "number": seal.number}))  # fmt: skip
            continue
        digest = row_digest(row)
        digests.append(digest)
        if digest[:SHORT] != seal.digests[place * SHORT : (place + 1) * SHORT]:
            findings.append(Finding("changed", _("Audit row %(id)s was changed after it was sealed "
                                                 "(seal %(number)s).") % {"id": pk, "number": seal.number}))  # fmt: skip
    if not findings and rows_hash(ids, digests) != seal.rows_hash:
        findings.append(Finding("seal", _("The rows of seal %(number)s do not match its digest.")
                                % {"number": seal.number}))  # fmt: skip
    return findings


def _merge(ranges: list[Range]) -> list[Range]:
    merged: list[Range] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return merged


def _outside(covered: list[Range], head: AuditSeal) -> list[Finding]:
    """Rows at or below the chain's highest id that no seal covers and none is waiting for."""
    allowed = _merge(covered + [[int(p[0]), int(p[1])] for p in head.pending])
    findings: list[Finding] = []
    place = 0
    ids = AuditEvent.objects.filter(pk__lte=head.high).order_by("pk").values_list("pk", flat=True)
    for pk in ids.iterator(chunk_size=10_000):
        while place < len(allowed) and allowed[place][1] < pk:
            place += 1
        if place == len(allowed) or pk < allowed[place][0]:
            findings.append(Finding("outside", _("Audit row %(id)s is outside the chain: no seal "
                                                 "covers it.") % {"id": pk}))  # fmt: skip
    return findings


def _check_checkpoints(
    folder: Path, heads: dict[int, tuple[str, int]]
) -> tuple[int, list[Finding]]:
    findings: list[Finding] = []
    files = sorted(folder.glob("checkpoint-*.json")) if folder.is_dir() else []
    for path in files:
        try:
            body = json.loads(path.read_text())
            signature = body.pop("signature")
            valid = hmac.compare_digest(sign(body), str(signature))
            number, head, rows = int(body["seal"]), str(body["head"]), int(body["rows"])
        except (ValueError, KeyError, TypeError, OSError):
            valid, number, head, rows = False, 0, "", 0
        if not valid:
            findings.append(Finding("checkpoint", _("Checkpoint %(name)s is not validly signed.")
                                    % {"name": path.name}))  # fmt: skip
        elif heads.get(number) != (head, rows):
            findings.append(Finding("checkpoint", _("The chain does not match checkpoint "
                                                    "%(name)s: seal %(number)s was rewritten or "
                                                    "removed.") % {"name": path.name, "number": number}))  # fmt: skip
    return len(files), findings
