"""Every write of linkage: importing a list, running linkage, review decisions and un-merging."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.core.actor import SYSTEM
from safetynet.core.conflict import Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.core.periodic import repeating
from safetynet.linkage import policy
from safetynet.linkage.constraints import Constraints
from safetynet.linkage.explain import explain, level_labels
from safetynet.linkage.files import read_rows
from safetynet.linkage.models import (
    ExternalRecord,
    LinkDecision,
    LinkRun,
    RecordLinkEvent,
    ReviewPair,
    ReviewStatus,
    RunStatus,
    SourceSystem,
    Upload,
)
from safetynet.linkage.pipeline import LinkResult, held_back, run_link, scored_rows
from safetynet.linkage.prepare import (
    INDEX_SYSTEM,
    INPUT_COLUMNS,
    birth_date,
    id_number,
    prepare_records,
    sex,
)
from safetynet.people.models import HouseholdMembership, Person
from safetynet.people.services import MemberRow, person_create, persons_import

RECORD_FIELDS = ("name", "national_id", "birth_date", "sex", "address", "phone")
MAPPABLE = ("source_id", *RECORD_FIELDS)


def _require_linkage(principal: Principal) -> None:
    if not policy.can_link(principal):
        raise ServiceError("forbidden", _("Only linkage staff can do this."))


def _parse_upload(
    data: bytes, filename: str, mapping: dict[str, str]
) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """(source_id, our fields, the other columns) per row; raises before anything is written."""
    header, rows = read_rows(data, filename)
    if not mapping.get("source_id"):
        raise ServiceError("bad_mapping", _("Choose the column that holds the record's own id."))
    missing = [theirs for theirs in mapping.values() if theirs and theirs not in header]
    if missing:
        raise ServiceError(
            "bad_mapping",
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
        )
    position = {ours: header.index(theirs) for ours, theirs in mapping.items() if theirs}
    others = [(i, h) for i, h in enumerate(header) if i not in position.values() and h]
    out: list[tuple[str, dict[str, str], dict[str, str]]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [c.strip() for c in row] + [""] * max(0, len(header) - len(row))
        if len(row) > len(header) and any(cells[len(header) :]):
            raise ServiceError(
                "bad_file", _("Row %(line)d has more cells than the header.") % {"line": line}
            )
        source_id = cells[position["source_id"]]
        if not source_id:
            raise ServiceError("bad_file", _("Row %(line)d has no record id.") % {"line": line})
        if source_id in seen:
            raise ServiceError(
                "bad_file",
                _("Record id %(id)s appears twice (row %(line)d).")
                % {"id": source_id, "line": line},
            )
        seen.add(source_id)
        fields = {f: cells[position[f]][:200] if f in position else "" for f in RECORD_FIELDS}
        out.append((source_id, fields, {h: cells[i] for i, h in others if cells[i]}))
    if not out:
        raise ServiceError("bad_file", _("The file has no records."))
    return out


def upload_import(
    *,
    principal: Principal,
    source: SourceSystem,
    filename: str,
    data: bytes,
    mapping: dict[str, str] | None = None,
) -> Upload:
    """Import a system's list. The same file again changes nothing and returns the first upload.

    `mapping` (our column -> the file's header) is saved on the system for its next files.
    A record id seen before updates that record and keeps its link.
    """
    with transaction.atomic():
        _require_linkage(principal)
        digest = hashlib.sha256(data).hexdigest()
        existing = Upload.objects.filter(source=source, sha256=digest).first()
        if existing is not None:
            return existing
        mapping = {k: v for k, v in (mapping or source.column_mapping).items() if k in MAPPABLE}
        rows = _parse_upload(data, filename, mapping)
        now = timezone.now()
        upload = Upload.objects.create(
            source=source,
            filename=filename[:200],
            sha256=digest,
            uploaded_by=principal.user,
            uploaded_at=now,
            record_count=len(rows),
        )
        known = {r.external_id: r for r in ExternalRecord.objects.filter(source=source)}
        new, changed = [], []
        for source_id, fields, extra in rows:
            record = known.get(source_id)
            if record is None:
                new.append(ExternalRecord(source=source, external_id=source_id, upload=upload,
                                          extra=extra, **fields))  # fmt: skip
                continue
            for name, value in fields.items():
                setattr(record, name, value)
            record.extra, record.upload = extra, upload
            changed.append(record)
        ExternalRecord.objects.bulk_create(new, batch_size=2000)
        ExternalRecord.objects.bulk_update(
            changed, [*RECORD_FIELDS, "extra", "upload"], batch_size=2000
        )
        if mapping != source.column_mapping:
            source.column_mapping = mapping
            source.save(update_fields=["column_mapping"])
        audit_record(
            actor=principal,
            action="import",
            object_type="upload",
            object_id=upload.pk,
            detail={"source": source.code, "new": len(new), "updated": len(changed)},
        )
        return upload


# A run whose worker has not written its heartbeat for this long died (killed, machine lost):
# it no longer holds the slot, and a new run may start.
STALE_AFTER = dt.timedelta(minutes=5)
BEAT_EVERY = 20.0  # seconds


def _release_dead_runs(now: dt.datetime) -> list[int]:
    """Runs that hold the slot but stopped beating: failed, slot freed. Their ids."""
    dead = list(
        LinkRun.objects.filter(active=True, heartbeat_at__lt=now - STALE_AFTER).values_list(
            "pk", flat=True
        )
    )
    if dead:
        LinkRun.objects.filter(pk__in=dead).update(
            status=RunStatus.FAILED, active=None, error="interrupted", finished_at=now
        )
    return dead


def linkrun_create(*, principal: Principal) -> LinkRun:
    """A new run, queued. One at a time: a second start while one is queued or running is
    refused, whoever starts it and however many at once (the `active` slot is unique)."""
    with transaction.atomic():
        _require_linkage(principal)
        now = timezone.now()
        released = _release_dead_runs(now)
        try:
            with transaction.atomic():
                run = LinkRun.objects.create(
                    started_by=principal.user, created_at=now, active=True, heartbeat_at=now
                )
        except IntegrityError:
            raise ServiceError(
                "run_busy", _("A linkage run is already under way."), conflict=True
            ) from None
        audit_record(actor=principal, action="create", object_type="linkrun", object_id=run.pk,
                     detail={"released": released} if released else None)  # fmt: skip
        return run


def _beating(run_id: int) -> AbstractContextManager[None]:
    """While the run works, a thread writes its heartbeat (the main thread may be inside one
    long step). The thread keeps its own connection and closes it."""

    def beat() -> None:
        # SQLite busy with the run's own writes: beat next time.
        with suppress(DatabaseError):
            LinkRun.objects.filter(pk=run_id, active=True).update(heartbeat_at=timezone.now())

    def close() -> None:
        # Looked up in the thread: `connection` is each thread's own, and binding
        # connection.close here would close the caller's from the wrong thread.
        connection.close()

    return repeating(BEAT_EVERY, beat, name=f"linkrun-{run_id}-heartbeat", finish=close)


@dataclass
class _Inputs:
    columns: dict[str, list[str]]
    keys: list[tuple[str, int]]  # per row: ("p", person id) or ("r", record id)
    records: dict[int, ExternalRecord]


def _address_of_persons() -> dict[int, str]:
    rows = HouseholdMembership.objects.filter(end=None).values_list(
        "person_id", "household__district__name", "household__street", "household__number",
        "household__floor",
    )  # fmt: skip
    return {
        pid: f"{d or ''}{street}{number}號" + (f"{floor}樓" if floor else "")
        for pid, d, street, number, floor in rows
        if street and number
    }


def _inputs() -> _Inputs:
    """Index persons and every external record, in the columns of `safetynet link`."""
    columns: dict[str, list[str]] = {c: [] for c in INPUT_COLUMNS}
    keys: list[tuple[str, int]] = []
    addresses = _address_of_persons()
    persons = Person.objects.values_list("pk", "name", "id_number", "birth_date", "sex")
    for pk, name, number, born, person_sex in persons.iterator(chunk_size=5000):
        values = (INDEX_SYSTEM, str(pk), name, number or "", born.isoformat() if born else "",
                  "" if person_sex == "U" else person_sex, addresses.get(pk, ""), "")  # fmt: skip
        for column, value in zip(INPUT_COLUMNS, values, strict=True):
            columns[column].append(value)
        keys.append(("p", pk))
    records = {r.pk: r for r in ExternalRecord.objects.select_related("source")}
    for record in records.values():
        values = (record.source.code, record.external_id, record.name, record.national_id,
                  record.birth_date, record.sex, record.address, record.phone)  # fmt: skip
        for column, value in zip(INPUT_COLUMNS, values, strict=True):
            columns[column].append(value)
        keys.append(("r", record.pk))
    return _Inputs(columns, keys, records)


def _constraints(inputs: _Inputs) -> Constraints:
    row_of = {key: row for row, key in enumerate(inputs.keys)}
    # Each index person is someone else: runs never merge two of them.
    exclusive = {row: f"p:{key[1]}" for row, key in enumerate(inputs.keys) if key[0] == "p"}
    must = [
        (row_of[("r", r.pk)], row_of[("p", r.person_id)])
        for r in inputs.records.values()
        if r.person_id is not None and ("p", r.person_id) in row_of
    ]
    cannot: set[tuple[int, int]] = set()
    for decision in LinkDecision.objects.all():
        a, b = _row(row_of, decision.left), _row(row_of, decision.right)
        if a is None or b is None:
            continue
        if decision.same_person:
            must.append((a, b))
        else:
            cannot.add((min(a, b), max(a, b)))
    return Constraints(exclusive=exclusive, cannot=cannot, must=must)


def _row(row_of: dict[tuple[str, int], int], text: str) -> int | None:
    kind, _sep, pk = text.partition(":")
    return row_of.get((kind, int(pk))) if pk.isdigit() else None


def linkrun_execute(*, run_id: int, progress: Callable[[str], None] = lambda _: None) -> LinkRun:
    """Link the index and every list; restartable (a failed or interrupted run starts over,
    taking the slot again if no other run holds it)."""
    run = LinkRun.objects.get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run

    def stage(name: str) -> None:
        LinkRun.objects.filter(pk=run_id).update(stage=name, heartbeat_at=timezone.now())
        progress(name)

    try:
        LinkRun.objects.filter(pk=run_id).update(
            status=RunStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(),
            error="", active=True,
        )  # fmt: skip
    except IntegrityError:
        raise ServiceError(
            "run_busy", _("A linkage run is already under way."), conflict=True
        ) from None
    try:
        with _beating(run_id):
            stage("read")
            inputs = _inputs()
            stage("prepare")
            table = prepare_records(inputs.columns)
            result = run_link(table, constraints=_constraints(inputs), progress=stage)
            stage("save")
            figures = _apply(run, inputs, result)
    except Exception as exc:
        LinkRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=type(exc).__name__, finished_at=timezone.now(),
            active=None,
        )  # fmt: skip
        raise
    LinkRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE, stage="", figures=figures, finished_at=timezone.now(), active=None
    )
    run.refresh_from_db()
    return run


def _new_person(records: list[ExternalRecord]) -> MemberRow:
    """The new person's details from the record that says most (a valid ID first)."""

    def richness(r: ExternalRecord) -> tuple[bool, int]:
        return id_number(r.national_id)[1], sum(bool(getattr(r, f)) for f in RECORD_FIELDS)

    best = max(records, key=richness)
    number, valid, _kind = id_number(best.national_id)
    return MemberRow(
        name=best.name[:60] or "?",
        sex=sex(best.sex) or "U",
        birth_date=birth_date(best.birth_date),
        id_number=number if valid and number else "",
        relationship="",
    )


def _apply(run: LinkRun, inputs: _Inputs, result: LinkResult) -> dict[str, Any]:
    with transaction.atomic():
        clusters: dict[int, list[int]] = defaultdict(list)
        for row, cluster in result.clusters.items():
            clusters[cluster].append(row)
        best = _best_links(result)
        orphans: list[list[ExternalRecord]] = []
        target: dict[int, int] = {}  # record id -> person id
        for rows in clusters.values():
            persons = [inputs.keys[r][1] for r in rows if inputs.keys[r][0] == "p"]
            records = [inputs.records[inputs.keys[r][1]] for r in rows if inputs.keys[r][0] == "r"]
            if not records:
                continue
            if persons:
                target.update((r.pk, persons[0]) for r in records)
            else:
                orphans.append(records)
        new_ids = persons_import(people=[_new_person(group) for group in orphans])
        for person_id, group in zip(new_ids, orphans, strict=True):
            target.update((r.pk, person_id) for r in group)
        now = timezone.now()
        row_of = {key: row for row, key in enumerate(inputs.keys)}
        changed, events = [], []
        for record_id, person_id in target.items():
            record = inputs.records[record_id]
            probability, evidence = best.get(row_of[("r", record_id)], (None, []))
            record.link_probability, record.link_evidence = probability, evidence
            if record.person_id == person_id:
                continue
            events.append(RecordLinkEvent(record=record, person_id=person_id,
                                          previous_person_id=record.person_id, reason="run", run=run,
                                          by=run.started_by, at=now))  # fmt: skip
            record.person_id, record.linked_at = person_id, now
            changed.append(record)
        ExternalRecord.objects.bulk_update(
            [inputs.records[r] for r in target],
            ["person", "linked_at", "link_probability", "link_evidence"],
            batch_size=2000,
        )
        RecordLinkEvent.objects.bulk_create(events, batch_size=2000)
        review = _review(run, inputs, result)
        fresh = set(new_ids)
        figures = {
            "records": len(inputs.records),
            "index_persons": sum(1 for k in inputs.keys if k[0] == "p"),
            "linked_to_index": sum(1 for p in target.values() if p not in fresh),
            "new_persons": len(new_ids),
            "changed_links": len(changed),
            "review_pairs": review,
            "scored_pairs": result.pairs,
        }
        audit_record(actor=SYSTEM, action="run", object_type="linkrun", object_id=run.pk,
                     detail={"started_by": run.started_by_id, **figures})  # fmt: skip
        return figures


def _best_links(result: LinkResult) -> dict[int, tuple[float, list[list[object]]]]:
    """Each row's strongest link inside its own cluster: its probability and its evidence."""
    labels = level_labels(result.linker)
    best: dict[int, tuple[float, tuple[int, int]]] = {}
    for edge in result.edges.as_record_list():
        left, right = int(edge["unique_id_l"]), int(edge["unique_id_r"])
        if result.clusters[left] != result.clusters[right]:
            continue
        for row in (left, right):
            if row not in best or best[row][0] < edge["match_probability"]:
                best[row] = (float(edge["match_probability"]), (left, right))
    evidence = {
        (int(e["unique_id_l"]), int(e["unique_id_r"])): [
            [x.field, x.level, x.weight] for x in explain(e, labels)
        ]
        for e in scored_rows(result, (pair for _, pair in best.values()))
    }
    return {row: (probability, evidence[pair]) for row, (probability, pair) in best.items()}


def _review(run: LinkRun, inputs: _Inputs, result: LinkResult) -> int:
    """Replace the pending queue with this run's grey-zone pairs, less those already decided."""
    ReviewPair.objects.filter(status=ReviewStatus.PENDING).update(status=ReviewStatus.SUPERSEDED)
    decided = {(d.left, d.right) for d in LinkDecision.objects.all()}
    labels = level_labels(result.linker)
    pairs = []
    for pair in result.review.to_pylist():
        left, right = inputs.keys[pair["unique_id_l"]], inputs.keys[pair["unique_id_r"]]
        if left[0] == "p":
            left, right = right, left
        if left[0] == "p":
            continue  # two index persons: the index is not merged here
        keys = (f"{left[0]}:{left[1]}", f"{right[0]}:{right[1]}")
        if keys in decided or keys[::-1] in decided:
            continue
        evidence = [[e.field, e.level, e.weight] for e in explain(pair, labels)]
        pairs.append(
            ReviewPair(
                run=run,
                record_id=left[1],
                other_record_id=right[1] if right[0] == "r" else None,
                other_person_id=right[1] if right[0] == "p" else None,
                probability=float(pair["match_probability"]),
                evidence=evidence,
                held_back=held_back(pair),
            )
        )
    ReviewPair.objects.bulk_create(pairs, batch_size=2000)
    return len(pairs)


def _key_of_other(pair: ReviewPair) -> str:
    if pair.other_person_id is not None:
        return f"p:{pair.other_person_id}"
    return f"r:{pair.other_record_id}"


def _relink(record: ExternalRecord, person_id: int, *, principal: Principal, reason: str) -> None:
    RecordLinkEvent.objects.create(
        record=record,
        person_id=person_id,
        previous_person_id=record.person_id,
        reason=reason,
        by=principal.user,
        at=timezone.now(),
    )
    record.person_id = person_id
    record.linked_at = timezone.now()
    record.save(update_fields=["person", "linked_at"])


DECISION = gettext_lazy("Decision")
NOTE = gettext_lazy("Note")


def review_decide(
    *, principal: Principal, pair_id: int, same_person: bool, note: str = ""
) -> ReviewPair:
    """The reviewer's word on a pair. "Same" links the record to the other side's person;
    "different" is remembered so that no later run joins them. Deciding again is a no-op."""
    with transaction.atomic():
        _require_linkage(principal)
        pair = (
            ReviewPair.objects.select_for_update(of=("self",))
            .select_related("record")
            .filter(pk=pair_id)
            .first()
        )
        if pair is None:
            raise ServiceError("not_found", _("No such pair."))
        wanted = ReviewStatus.CONFIRMED if same_person else ReviewStatus.REJECTED
        if pair.status == wanted:
            return pair
        if pair.status != ReviewStatus.PENDING:
            by = getattr(getattr(pair.decided_by, "staff", None), "display_name", "")
            raise StaleEdit(
                _("This pair has already been decided."),
                stored=Side(pair.get_status_display(), [(DECISION, pair.get_status_display()),
                                                        (NOTE, pair.note)], by, pair.decided_at),
                submitted=Side(str(ReviewStatus.PENDING.label), [(DECISION, wanted.label), (NOTE, note)]),
                code="already_decided", reapply=False,
            )  # fmt: skip
        other_person = pair.other_person_id
        if other_person is None and pair.other_record_id is not None:
            other_person = ExternalRecord.objects.get(pk=pair.other_record_id).person_id
        if same_person and other_person is not None and pair.record.person_id != other_person:
            _relink(pair.record, other_person, principal=principal, reason="review")
        LinkDecision.objects.create(
            left=f"r:{pair.record_id}",
            right=_key_of_other(pair),
            same_person=same_person,
            decided_by=principal.user,
            decided_at=timezone.now(),
            reason="review",
            note=note,
        )
        pair.status, pair.decided_by, pair.decided_at, pair.note = (
            wanted, principal.user, timezone.now(), note
        )  # fmt: skip
        pair.save(update_fields=["status", "decided_by", "decided_at", "note"])
        audit_record(actor=principal, action="review", object_type="linkpair", object_id=pair.pk,
                     detail={"same_person": same_person})  # fmt: skip
        return pair


def record_unlink(
    *, principal: Principal, record_id: int, reason: str, from_person_id: int | None = None
) -> ExternalRecord:
    """Un-merge: the record leaves its person for a person of its own; nothing is deleted, the
    old link stays in the record's history, and no later run joins the two again.

    With `from_person_id` (the person the reviewer was looking at), a repeated request finds the
    record already gone from that person and changes nothing."""
    with transaction.atomic():
        _require_linkage(principal)
        if not reason.strip():
            raise ServiceError(
                "reason_required",
                _("Say why the record is not this person."),
                field_errors={"reason": [_("This field is required.")]},
            )
        record = ExternalRecord.objects.select_for_update().filter(pk=record_id).first()
        if record is None:
            raise ServiceError("not_found", _("No such record."))
        old = record.person_id
        if from_person_id is not None and old != from_person_id:
            return record
        if old is None:
            raise ServiceError(
                "not_linked", _("This record is not linked to anyone."), conflict=True
            )
        details = _new_person([record])
        number = details.id_number
        if number and Person.objects.filter(id_number=number).exclude(pk=old).exists():
            number = ""
        if number and Person.objects.filter(pk=old, id_number=number).exists():
            number = ""  # the old person keeps the ID; the reviewer said this record is not them
        person = person_create(name=details.name, id_number=number, birth_date=details.birth_date,
                               sex=details.sex)  # fmt: skip
        _relink(record, person.pk, principal=principal, reason="unmerge")
        LinkDecision.objects.create(
            left=f"r:{record.pk}",
            right=f"p:{old}",
            same_person=False,
            decided_by=principal.user,
            decided_at=timezone.now(),
            reason="unmerge",
            note=reason.strip(),
        )
        audit_record(actor=principal, action="unmerge", object_type="linkrecord",
                     object_id=record.pk, reason=reason.strip(),
                     detail={"from_person": old, "to_person": person.pk})  # fmt: skip
        return record
