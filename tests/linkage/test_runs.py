"""Linkage runs on the background worker: one at a time however many start, a run whose worker
died frees the way, a redelivered job is harmless; lists waiting for a mapping are pruned; files
that once answered 500 are refused with a reason."""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from safetynet.audit.models import AuditEvent
from safetynet.core.errors import ServiceError
from safetynet.linkage.files import read_rows
from safetynet.linkage.models import ExternalRecord, LinkRun, RunStatus, SourceSystem
from safetynet.linkage.services import STALE_AFTER, linkrun_create
from safetynet.linkage.tasks import run
from safetynet.linkage.uploads import pending_dir, pending_prune
from tests.conftest import City

pytestmark = pytest.mark.django_db


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_starts_at_once_make_one_run(city: City) -> None:
    analyst = city.principal(city.analyst)
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def begin() -> None:
        start.wait()
        try:
            linkrun_create(principal=analyst)
            outcomes.append("started")
        except ServiceError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=begin) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["run_busy", "run_busy", "run_busy", "started"]
    assert LinkRun.objects.count() == 1


def test_a_run_whose_worker_died_no_longer_blocks_a_new_one(city: City) -> None:
    analyst = city.principal(city.analyst)
    dead = linkrun_create(principal=analyst)
    with pytest.raises(ServiceError) as busy:
        linkrun_create(principal=analyst)  # still beating: one at a time
    assert busy.value.code == "run_busy" and busy.value.conflict
    LinkRun.objects.filter(pk=dead.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=timezone.now() - STALE_AFTER - dt.timedelta(1)
    )
    fresh = linkrun_create(principal=analyst)
    dead.refresh_from_db()
    assert dead.status == RunStatus.FAILED and dead.error == "interrupted" and dead.active is None
    row = AuditEvent.objects.get(object_type="linkrun", object_id=str(fresh.pk), action="create")
    assert row.detail == {"released": [dead.pk]}
    first = AuditEvent.objects.get(object_type="linkrun", object_id=str(dead.pk), action="create")
    assert first.detail == {}  # nothing was released then
    # The dead run's job, handed to a worker again later, leaves it alone.
    assert run(dead.pk) == "skipped"


def test_only_linkage_staff_start_a_run(city: City) -> None:
    for staff in (city.screener, city.worker, city.auditor):
        with pytest.raises(ServiceError) as refused:
            linkrun_create(principal=city.principal(staff))
        assert refused.value.code == "forbidden"
    assert not LinkRun.objects.exists()


def test_lists_waiting_for_their_mapping_are_pruned_after_the_retention(
    city: City, settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    client = city.client_for(city.analyst)
    source = SourceSystem.objects.get(code="drug")
    data = "編號,姓名\n1,陳怡君\n".encode()
    page = client.post("/linkage/upload/", {"source": source.pk,
                                            "file": SimpleUploadedFile("x.csv", data)})  # fmt: skip
    assert page.status_code == 200  # asks for the mapping
    [waiting] = list(pending_dir().iterdir())
    assert pending_prune() == 0
    old = time.time() - 25 * 3600
    os.utime(waiting, (old, old))
    assert pending_prune() == 1 and not list(pending_dir().iterdir())


def _xlsx_with_broken_sheet() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["案號", "姓名"])  # type: ignore[union-attr]
    book.active.append(["1", "陳怡君"])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    broken = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]  # the XML cut off mid-element
            target.writestr(item, content)
    return broken.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("long.csv", ("案號," + "姓" * 140_000 + "\n1,x\n").encode()),  # over csv's field limit
        ("long-cell.csv", ("案號,姓名\n1," + "x" * 140_000 + "\n").encode()),
        ("broken.xlsx", _xlsx_with_broken_sheet()),
        ("broken.ods", b"PK\x03\x04not really"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(city: City, name: str, data: bytes) -> None:
    with pytest.raises(ServiceError) as refused:
        _header, rows = read_rows(data, name)
        list(rows)
    assert refused.value.code == "bad_file"
    client = city.client_for(city.analyst)
    source = SourceSystem.objects.get(code="drug")
    page = client.post("/linkage/upload/", {"source": source.pk,
                                            "file": SimpleUploadedFile(name, data)})  # fmt: skip
    assert page.status_code in (200, 302)
    assert not ExternalRecord.objects.exists()
