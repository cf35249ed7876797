"""No lost report (issue 11, item 7): kill -9 of the app server and of PostgreSQL while a
partner system files reports, and every report the partner was told was filed (201) is in the
database exactly once, with nothing half-written. The driver is bench/faults (docs/operations.md);
here one short cycle of it runs against a PostgreSQL cluster the test starts itself, since it
must kill it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

from bench.faults.check import check
from bench.faults.cluster import Unavailable, pg_bin
from bench.faults.load import make_filing
from bench.faults.run import Plan, run
from safetynet.agencies.services import api_client_create
from safetynet.audit.models import AuditEvent
from safetynet.intake.models import Report, ReportPerson
from tests.conftest import City

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="kills PostgreSQL under load: runs in the suite on PostgreSQL (DATABASE_URL=postgres://…,"
    " as .ci/run does), not on SQLite",
)


def _binaries() -> str:
    try:
        pg_bin()
    except Unavailable as missing:
        return str(missing)
    return ""


@needs_postgres
def test_kill_9_of_the_app_and_of_postgres_loses_no_acknowledged_report() -> None:
    missing = _binaries()
    if missing:
        pytest.skip(missing)
    results = run(Plan(clients=6, steady_s=3.0, cycles=1, down_s=0.3), say=print)
    figures = results["figures"]
    print(json.dumps(results, ensure_ascii=False))
    assert figures["acknowledged"] > 0
    assert (figures["lost"], figures["duplicated"], figures["half_written"]) == (0, 0, 0), figures
    # Every filing the partners started was acknowledged in the end (retries with the same key
    # went through once the app and the database were back), and none was refused.
    assert figures["unacknowledged"] == 0 and figures["refused"] == 0, figures
    # The faults happened under load, and filing resumed after each.
    kinds = [f["kind"] for f in results["faults"]]
    assert kinds == ["app", "postgres", "postgres backend"]
    assert all(f["resumed"] for f in results["faults"]), results["faults"]
    assert results["faults"][0]["acked_before"] > 0
    assert results["faults"][-1]["acked_before"] < figures["acknowledged"]
    failed = sum(n for outcome, n in results["outcomes"].items() if outcome != "201")
    assert failed > 0, "no request failed: the faults missed the load"


@pytest.mark.django_db
def test_a_crash_before_the_key_is_written_leaves_no_report(city: City, monkeypatch: Any) -> None:
    """The report, its persons, its audit row and its idempotency key commit together: a server
    dying between the report and the key (here: the key's insert fails) leaves nothing, so the
    partner's retry files it once. Were the report committed alone, the retry would find no key
    and file it twice (the fault run's window for that is microseconds wide; this makes it
    certain)."""
    import safetynet.api.idempotency as idempotency

    def dies(rows: list[Any]) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    _, token = api_client_create(name="faults", unit=city.units["KL-DESK"], channel="35")
    partner = Client(headers={"authorization": f"Bearer {token}"}, raise_request_exception=False)
    filing = make_filing("crash", 1)
    monkeypatch.setattr(idempotency, "insert_rows", dies)
    answer = partner.post("/api/v1/reports", filing.body, content_type="application/json",
                          headers={"Idempotency-Key": filing.key})  # fmt: skip
    assert answer.status_code == 500
    assert not Report.objects.exists() and not ReportPerson.objects.exists()
    assert not AuditEvent.objects.filter(action="create", object_type="report").exists()
    monkeypatch.undo()
    retried = partner.post("/api/v1/reports", filing.body, content_type="application/json",
                           headers={"Idempotency-Key": filing.key})  # fmt: skip
    assert retried.status_code == 201
    assert Report.objects.get().pk == retried.json()["id"]
    assert ReportPerson.objects.count() == filing.persons


def _damaged_city(city: City) -> tuple[list[Any], dict[str, int]]:
    """Three reports filed through the API as the fault run files them, then damaged as a
    lost write, a duplicate and a half-written report would look."""
    _, token = api_client_create(name="faults", unit=city.units["KL-DESK"], channel="35")
    partner = Client(headers={"authorization": f"Bearer {token}"})
    filings = [make_filing("check", n) for n in range(4)]
    for filing in filings:
        answer = partner.post("/api/v1/reports", filing.body, content_type="application/json",
                              headers={"Idempotency-Key": filing.key})  # fmt: skip
        assert answer.status_code == 201, answer.content
        filing.report_id = answer.json()["id"]
        filing.acked_at = 1.0
    ids = {name: f.report_id or 0 for name, f in zip(["kept", "stripped", "short", "gone"], filings, strict=True)}  # fmt: skip
    ReportPerson.objects.filter(report_id=ids["stripped"]).delete()
    Report.objects.filter(pk=ids["gone"]).delete()  # its people and idempotency record stay
    ReportPerson.objects.filter(report_id=ids["short"]).order_by("-pk")[0].delete()
    copy = Report.objects.get(pk=ids["kept"])
    copy.pk = None
    copy.save()
    return filings, ids


@pytest.mark.skipif(
    not ON_POSTGRES, reason="the fault run's check reads PostgreSQL in SQL of its own"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_check_finds_lost_duplicated_and_half_written_reports(city: City) -> None:
    """The fault test is only as good as its check: a deleted report, a second copy and
    reports stripped of persons, audit row or idempotency record are each counted."""
    filings, _ids = _damaged_city(city)
    url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    figures = check(url, filings)
    assert figures.acknowledged == 4 and figures.lost == 1 and figures.duplicated == 1
    assert figures.details["half_written"] == {
        "report without persons": 2,  # the stripped one and the copy
        "report missing some persons": 1,  # the short one (filed with three, two left)
        "report without its audit row": 1,  # the copy
        "report without its idempotency record": 1,  # the copy
        "idempotency record naming no report": 1,  # the deleted one's
        "person no report names": 2 + 1 + 1,  # the stripped one's, the short one's, the deleted's
    }, figures.details
