"""Editors racing on one record: every edit is made on the version it read, so of edits made on
the same version one wins and the others are refused (409), and editors who reapply on the
stored version lose nothing: lost updates 0. On PostgreSQL the row lock and the version check
in the service's transaction are what hold this (bench/locking measures the same at scale)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from safetynet.cases.models import Case, Contact
from safetynet.cases.services import case_set_schedule, contact_edit, contact_record
from safetynet.core.conflict import StaleEdit
from tests.cases.test_services import accepted, visit
from tests.conftest import City

pytestmark = [pytest.mark.concurrency,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]  # fmt: skip

EDITORS = 4
EDITS = 4


def _together(work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_edits_on_the_same_version_at_once_one_wins_the_others_are_refused(city: City) -> None:
    case = accepted(city)
    worker = city.principal(city.worker)
    contact = contact_record(principal=worker, case_id=case.pk, draft=visit(notes="初版"))
    start = threading.Barrier(EDITORS)
    won: list[int] = []
    refused: list[int] = []

    def edit(n: int) -> None:
        try:
            start.wait()
            contact_edit(principal=worker, contact_id=contact.pk, version=1,
                         draft=visit(notes=f"分頁{n}"))  # fmt: skip
            won.append(n)
        except StaleEdit:
            refused.append(n)
        finally:
            connection.close()

    _together(edit)
    stored = Contact.objects.get(pk=contact.pk)
    assert len(won) == 1 and len(refused) == EDITORS - 1
    assert stored.version == 2 and stored.notes == f"分頁{won[0]}"


def test_editors_who_reapply_lose_no_update(city: City) -> None:
    """Read, change, save on the version read; on 409, read again and reapply. Every editor's
    every change is in the stored contact and the case's schedule: lost updates 0."""
    case = accepted(city)
    worker = city.principal(city.worker)
    contact = contact_record(principal=worker, case_id=case.pk, draft=visit(notes=""))
    start = threading.Barrier(EDITORS)
    refusals: list[int] = []

    def edit(n: int) -> None:
        try:
            start.wait()
            for i in range(EDITS):
                for _attempt in range(200):
                    now = Contact.objects.get(pk=contact.pk)
                    try:
                        contact_edit(principal=worker, contact_id=contact.pk, version=now.version,
                                     draft=visit(notes=f"{now.notes}[{n}.{i}]"))  # fmt: skip
                        break
                    except StaleEdit:
                        refusals.append(n)
                seen = Case.objects.get(pk=case.pk)
                for _attempt in range(200):
                    try:
                        moved = (seen.schedule_start or timezone.localdate()) + dt.timedelta(1)
                        case_set_schedule(principal=worker, case_id=case.pk, version=seen.version,
                                          category=seen.category, schedule_start=moved)  # fmt: skip
                        break
                    except StaleEdit:
                        refusals.append(n)
                        seen = Case.objects.get(pk=case.pk)
        finally:
            connection.close()

    before = Case.objects.get(pk=case.pk).schedule_start or timezone.localdate()
    Case.objects.filter(pk=case.pk).update(schedule_start=before)
    _together(edit)
    stored = Contact.objects.get(pk=contact.pk)
    markers = {f"[{n}.{i}]" for n in range(EDITORS) for i in range(EDITS)}
    lost = [m for m in markers if m not in stored.notes]
    assert lost == [] and stored.version == 1 + EDITORS * EDITS
    after = Case.objects.get(pk=case.pk)
    assert after.schedule_start == before + dt.timedelta(days=EDITORS * EDITS)
