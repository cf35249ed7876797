"""Linkage pages: upload with column mapping, a run followed on its page, review, un-merge."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from safetynet.audit.models import AuditEvent
from safetynet.intake.drafts import DecisionDraft, PersonDraft, ReportDraft
from safetynet.intake.models import Dispatch
from safetynet.intake.services import decision_record, report_create
from safetynet.linkage.models import ExternalRecord, LinkRun, ReviewPair, ReviewStatus, SourceSystem
from tests.conftest import QIDU, City
from tests.linkage.test_services import MAPPING, _csv, linked  # noqa: F401 - the fixture

ROWS = [
    {"source_id": "P1", "name": "陳怡君", "national_id": "", "birth_date": "079/05/06", "sex": "女",
     "address": "基隆市七堵區明德一路12號3樓", "phone": "0912345678"},
    {"source_id": "P2", "name": "林志明", "national_id": "", "birth_date": "1980-01-01", "sex": "男",
     "address": "", "phone": ""},
]  # fmt: skip


def test_an_analyst_maps_columns_once_imports_and_runs(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    client = city.client_for(city.analyst)
    source = SourceSystem.objects.get(code="psychiatric")
    page = client.get("/linkage/")
    assert page.status_code == 200 and "精神照護資訊管理系統" in page.content.decode()
    upload = SimpleUploadedFile("list.csv", _csv(ROWS), content_type="text/csv")
    step = client.post("/linkage/upload/", {"source": source.pk, "file": upload})
    body = step.content.decode()
    assert step.status_code == 200 and "案號" in body
    token = re.search(r'name="token" value="([^"]+)"', body)
    assert token is not None
    # The first guess maps the ministry's usual headers.
    assert re.search(r'<option value="姓名" selected', body)
    done = client.post("/linkage/map/", {"token": token.group(1), "filename": "list.csv",
                                         "source": source.pk, **MAPPING})  # fmt: skip
    assert done.status_code == 302
    assert ExternalRecord.objects.filter(source=source).count() == 2
    source.refresh_from_db()
    assert source.column_mapping["name"] == "姓名"
    # The next file of the same system goes straight in with the saved mapping.
    again = SimpleUploadedFile("list2.csv", _csv([{**ROWS[0], "source_id": "P3"}]))
    assert client.post("/linkage/upload/", {"source": source.pk, "file": again}).status_code == 302
    assert ExternalRecord.objects.filter(source=source).count() == 3
    # The page queues the run for the worker once its transaction commits; the tests' worker
    # runs jobs at once, in process (tests/settings.py).
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/linkage/runs/")
    run = LinkRun.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/linkage/runs/{run.pk}/"
    status = client.get(f"/linkage/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert "完成" in status.content.decode() or "Done" in status.content.decode()
    assert AuditEvent.objects.filter(
        object_type="linkrun", object_id=str(run.pk), action="read"
    ).exists()
    assert not ExternalRecord.objects.filter(person=None).exists()


def test_a_bad_upload_says_why_in_chinese_and_imports_nothing(city: City) -> None:
    client = city.client_for(city.analyst)
    source = SourceSystem.objects.get(code="drug")
    bad = SimpleUploadedFile("list.pdf", b"%PDF-1.4")
    page = client.post("/linkage/upload/", {"source": source.pk, "file": bad})
    assert page.status_code == 200
    assert "只能讀取 CSV、xlsx 或 ods 檔案" in page.content.decode()
    assert not ExternalRecord.objects.exists()
    empty = client.post("/linkage/upload/", {"source": source.pk})
    assert empty.status_code == 200 and not ExternalRecord.objects.exists()


def test_review_and_unmerge_through_the_pages(linked: Any, city: City) -> None:  # noqa: F811
    client = city.client_for(city.analyst)
    pair = ReviewPair.objects.filter(status=ReviewStatus.PENDING).first()
    assert pair is not None
    listing = client.get("/linkage/review/")
    assert f"/linkage/review/{pair.pk}/" in listing.content.decode()
    page = client.get(f"/linkage/review/{pair.pk}/")
    body = page.content.decode()
    assert "姓名" in body and "出生日期" in body  # the evidence, in words
    client.cookies["django_language"] = "en"
    english = client.get(f"/linkage/review/{pair.pk}/").content.decode()
    assert "Prior" in english and "Birth date" in english and "起始值" not in english
    client.cookies["django_language"] = "zh-hant"
    answer = client.post(f"/linkage/review/{pair.pk}/", {"same_person": "yes", "note": ""})
    assert answer.status_code == 302
    record = ExternalRecord.objects.get(pk=pair.record_id)
    person = record.person
    assert person is not None
    profile = client.get(f"/people/{person.pk}/")
    assert record.external_id in profile.content.decode()
    url = f"/linkage/records/{record.pk}/unmerge/"
    blank = client.post(url, {"reason": "", "person": person.pk})
    assert blank.status_code == 302
    record.refresh_from_db()
    assert record.person == person
    client.post(url, {"reason": "非同一人", "person": person.pk})
    record.refresh_from_db()
    assert record.person != person
    # The same form sent twice (a retry) changes nothing more.
    moved_to = record.person
    client.post(url, {"reason": "非同一人", "person": person.pk})
    record.refresh_from_db()
    assert record.person == moved_to


def test_linkage_pages_are_404_for_everyone_else(linked: Any, city: City) -> None:  # noqa: F811
    pair = ReviewPair.objects.first()
    record = ExternalRecord.objects.first()
    assert pair is not None and record is not None
    for staff in (city.police, city.worker, city.screener, None):
        client = city.client_for(staff)
        for url in ("/linkage/", f"/linkage/review/{pair.pk}/", "/linkage/review/",
                    f"/linkage/runs/{linked['run'].pk}/"):  # fmt: skip
            assert client.get(url).status_code == 404, (staff, url)
        assert client.post("/linkage/runs/").status_code == 404
        assert (
            client.post(f"/linkage/records/{record.pk}/unmerge/", {"reason": "x"}).status_code
            == 404
        )


def test_a_person_page_shows_a_system_as_far_as_the_viewer_may_know_it(
    linked: Any,  # noqa: F811
    city: City,
) -> None:
    record = (
        ExternalRecord.objects.filter(source__code="psychiatric").select_related("person").first()
    )
    assert record is not None and record.person is not None
    person = record.person
    person_url = f"/people/{person.pk}/"
    police = city.client_for(city.police)
    assert police.get(person_url).status_code == 404  # nothing to do with them
    # The officer files a report about this person: the page stays closed. A filer sees what
    # they filed, never what the index knows (name, birth date, address, systems).
    draft = ReportDraft(channel="24", reporter_type="mandated_police", reporter_name="員警",
                        district=QIDU, narrative="家中爭吵，鄰居報案。", urgency="normal",
                        concerns=["family"], vulnerable_areas=[],
                        persons=[PersonDraft(role="victim", name=person.name,
                                             id_number=person.id_number or "",
                                             birth_date=person.birth_date, sex=person.sex)])  # fmt: skip
    report, _people = report_create(principal=city.principal(city.police), draft=draft)
    assert police.get(person_url).status_code == 404
    # Sent to the protection centre, the person is theirs to see: that psychiatric records exist,
    # not what they say; the desk the same; linkage staff the records' identifying fields.
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="protection", protection_type="family"))  # fmt: skip
    assert Dispatch.objects.get().unit.code == "KL-DV"
    for staff, sees_record in (
        (city.dv_worker, False),
        (city.screener, False),
        (city.analyst, True),
    ):
        body = city.client_for(staff).get(person_url).content.decode()
        assert "精神照護資訊管理系統" in body, staff
        assert (record.external_id in body) == sees_record, staff
    assert "F20" not in city.client_for(city.analyst).get(person_url).content.decode()
