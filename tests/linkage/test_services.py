"""Linkage in the platform: importing lists, runs, the review queue, un-merge, need-to-know."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from django.db.models import Count

from safetynet.agencies.models import Role
from safetynet.agencies.principal import Principal
from safetynet.agencies.services import staff_create
from safetynet.core.errors import ServiceError
from safetynet.demo.records import DISTRICTS, HOMOPHONES, RecordGenerator, Truth
from safetynet.geo.models import District
from safetynet.linkage import access
from safetynet.linkage.models import (
    ExternalRecord,
    LinkDecision,
    RecordLinkEvent,
    ReviewPair,
    ReviewStatus,
    RunStatus,
    SourceSystem,
    Upload,
)
from safetynet.linkage.services import (
    linkrun_create,
    linkrun_execute,
    record_unlink,
    review_decide,
    upload_import,
)
from safetynet.people.models import Person
from safetynet.people.services import HouseholdRow, MemberRow, households_import
from tests.conftest import PASSWORD, City
from tests.conftest import refused as refused_with

MAPPING = {"source_id": "案號", "name": "姓名", "national_id": "身分證字號", "birth_date": "出生日期",
           "sex": "性別", "address": "戶籍地址", "phone": "電話"}  # fmt: skip


def _csv(rows: list[dict[str, str]], *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*MAPPING.values(), "診斷"])
    for row in rows:
        writer.writerow([row["source_id"], row["name"], row["national_id"], row["birth_date"],
                         row["sex"], row["address"], row["phone"], "F20"])  # fmt: skip
    return out.getvalue().encode(encoding)


def _index(people: list[Truth]) -> None:
    """The people as the household register knows them (the truth, without errors)."""
    districts = {d.name: d.pk for d in District.objects.filter(county__code="10017")}
    homes: dict[int, HouseholdRow] = {}
    for truth in people:
        home = truth.home
        row = homes.setdefault(home.key, HouseholdRow(
            code=f"H{home.key:08d}", district_id=districts[DISTRICTS[home.district_index]],
            village_id=None, neighbourhood="", street=home.street, number=str(home.number),
            floor=str(home.floor), members=[],
        ))  # fmt: skip
        p = truth.person
        row.members.append(MemberRow(name=p.name, sex=p.sex, birth_date=p.birth_date,
                                     id_number=p.id_number, relationship=p.relationship))  # fmt: skip
    households_import(rows=list(homes.values()), since=people[0].person.birth_date)


@pytest.fixture
def linked(city: City) -> dict[str, Any]:
    """An index of ~900 people, three systems' lists about them, one run done."""
    generator = RecordGenerator(seed=11)
    people = generator.people(900)
    _index(people)
    records = list(generator.records(1500, people=people))
    analyst = city.principal(city.analyst)
    for code in ("psychiatric", "protection", "police_concern"):
        rows = [r for r in records if r["source_system"] == code]
        upload_import(principal=analyst, source=SourceSystem.objects.get(code=code),
                      filename=f"{code}.csv", data=_csv(rows), mapping=MAPPING)  # fmt: skip
    # Hotline calls about a few of them: the name heard as a homophone, the birthday a day off,
    # nothing else known. Not enough to link without a person's word.
    heard = [t for t in people if len(t.person.name) == 3 and HOMOPHONES.get(t.person.name[2])]
    calls = [
        {"source_system": "suicide", "source_id": f"S{i}", "national_id": "", "sex": "",
         "name": t.person.name[:2] + HOMOPHONES[t.person.name[2]][0],
         "birth_date": (t.person.birth_date + dt.timedelta(days=1)).isoformat(),
         "address": "", "phone": "", "truth": str(t.person.key)}
        for i, t in enumerate(heard[:6])
    ]  # fmt: skip
    upload_import(principal=analyst, source=SourceSystem.objects.get(code="suicide"),
                  filename="calls.csv", data=_csv(calls), mapping=MAPPING)  # fmt: skip
    records += calls
    run = linkrun_execute(run_id=linkrun_create(principal=analyst).pk)
    truth = {(r["source_system"], r["source_id"]): r["truth"] for r in records}
    return {"analyst": analyst, "run": run, "truth": truth, "people": people}


def test_every_record_is_linked_to_the_right_person_and_grey_pairs_wait(linked: Any) -> None:
    run = linked["run"]
    assert run.status == RunStatus.DONE and run.figures["records"] == ExternalRecord.objects.count()
    records = ExternalRecord.objects.select_related("source", "person")
    assert not records.filter(person=None).exists()
    # Records of one true person share one index person; different people never share one.
    by_person: dict[int, set[str]] = {}
    for record in records:
        assert record.person is not None
        by_person.setdefault(record.person.pk, set()).add(
            linked["truth"][(record.source.code, record.external_id)]
        )
    assert all(len(truths) == 1 for truths in by_person.values())
    persons_per_truth = Counter(t for truths in by_person.values() for t in truths)
    split = sum(1 for n in persons_per_truth.values() if n > 1)
    assert split <= 0.03 * len(persons_per_truth)
    # Most records found their person in the index (it holds everyone the lists are about).
    assert run.figures["linked_to_index"] >= 0.95 * run.figures["records"]
    # A linked record carries its probability and the evidence in words, the prior first.
    explained = records.exclude(link_probability=None)
    assert explained.count() >= 0.8 * records.count()
    for record in explained[:50]:
        assert record.link_probability is not None and record.link_probability >= 0.99
        # The prior and one entry a comparison (the seventh, where the records come from, since
        # the tenth session).
        assert record.link_evidence[0][0] == "起始值" and len(record.link_evidence) == 8
        assert record.link_evidence[-1][0] == "來源"
    pending = ReviewPair.objects.filter(status=ReviewStatus.PENDING)
    assert pending.count() == run.figures["review_pairs"]
    assert all(pair.evidence[0][0] for pair in pending[:20])


def test_a_second_run_changes_nothing_and_obeys_decisions(linked: Any) -> None:
    analyst = linked["analyst"]
    pair = ReviewPair.objects.filter(status=ReviewStatus.PENDING).order_by("-probability").first()
    assert pair is not None
    review_decide(principal=analyst, pair_id=pair.pk, same_person=False, note="不同人")
    assert review_decide(principal=analyst, pair_id=pair.pk, same_person=False).status == "rejected"
    events = RecordLinkEvent.objects.count()
    run = linkrun_execute(run_id=linkrun_create(principal=analyst).pk)
    assert run.figures["changed_links"] == 0 and RecordLinkEvent.objects.count() == events
    again = ReviewPair.objects.filter(status=ReviewStatus.PENDING, record=pair.record)
    assert not again.filter(other_record=pair.other_record, other_person=pair.other_person).exists()


def test_confirming_a_pair_links_the_record_and_unmerge_undoes_it(linked: Any) -> None:
    analyst = linked["analyst"]
    pair = ReviewPair.objects.filter(status=ReviewStatus.PENDING).first()
    assert pair is not None
    target = pair.other_person or (pair.other_record.person if pair.other_record else None)
    review_decide(principal=analyst, pair_id=pair.pk, same_person=True)
    record = ExternalRecord.objects.get(pk=pair.record_id)
    assert record.person == target
    with pytest.raises(ServiceError):
        record_unlink(principal=analyst, record_id=record.pk, reason="  ")
    record_unlink(principal=analyst, record_id=record.pk, reason="出生日期不符，非同一人")
    record.refresh_from_db()
    assert record.person != target and record.person is not None
    assert ExternalRecord.objects.filter(pk=record.pk).exists()  # nothing lost
    history = list(record.events.order_by("at", "pk").values_list("reason", flat=True))
    assert history[-2:] == ["review", "unmerge"]
    assert LinkDecision.objects.filter(left=f"r:{record.pk}", same_person=False).exists()
    # The next run keeps them apart.
    linkrun_execute(run_id=linkrun_create(principal=analyst).pk)
    record.refresh_from_db()
    assert record.person != target


GOOD_ROWS = [{"source_id": "P1", "name": "陳怡君", "national_id": "", "birth_date": "079/05/06",
              "sex": "女", "address": "", "phone": ""}]  # fmt: skip


@pytest.mark.parametrize("persona", ["worker", "police", "screener", "auditor", "unit_supervisor"])
def test_only_linkage_staff_import_run_review_and_unmerge(city: City, persona: str) -> None:
    """Each guard names itself: a good file, a real pair, a linked record, refused as
    "forbidden" for everyone but linkage staff (and accepted for them)."""
    source = SourceSystem.objects.get(code="psychiatric")
    principal = city.principal(getattr(city, persona))
    analyst = city.principal(city.analyst)

    def refused(action: Any) -> None:
        refused_with("forbidden", action)  # the message in the user's language

    refused(lambda: upload_import(principal=principal, source=source, filename="a.csv",
                                  data=_csv(GOOD_ROWS), mapping=MAPPING))  # fmt: skip
    refused(lambda: linkrun_create(principal=principal))
    upload_import(principal=analyst, source=source, filename="a.csv", data=_csv(GOOD_ROWS),
                  mapping=MAPPING)  # fmt: skip
    record = ExternalRecord.objects.get()
    person = Person.objects.create(name="陳怡君", name_normalised="陳怡君")
    pair = ReviewPair.objects.create(run=linkrun_create(principal=analyst), record=record,
                                     other_person=person, probability=0.7, evidence=[])  # fmt: skip
    refused(lambda: review_decide(principal=principal, pair_id=pair.pk, same_person=True))
    review_decide(principal=analyst, pair_id=pair.pk, same_person=True)
    record.refresh_from_db()
    assert record.person_id == person.pk
    refused(lambda: record_unlink(principal=principal, record_id=record.pk, reason="非同一人"))
    record.refresh_from_db()
    assert record.person_id == person.pk


@pytest.mark.parametrize(
    ("filename", "data", "mapping", "message"),
    [
        ("list.pdf", b"%PDF", MAPPING, "CSV、xlsx 或 ods"),
        ("list.csv", b"", MAPPING, "空的"),
        ("list.csv", "案號,姓名\n1,王小明\n".encode(), MAPPING, "缺少以下欄位"),
        ("list.csv", b"\xff\xfe\x00\x00garbage\x81\x82", MAPPING, "UTF-8 或 Big5"),
        ("list.xlsx", b"PK\x03\x04 not really", MAPPING, "xlsx 活頁簿"),
        ("list.ods", b"not a zip", MAPPING, "ods 試算表"),
        (
            "list.csv",
            "案號,姓名\n1,王小明\n1,王小華\n".encode(),
            {"source_id": "案號", "name": "姓名"},
            "重複出現",
        ),
        (
            "list.csv",
            "案號,姓名\n,王小明\n".encode(),
            {"source_id": "案號", "name": "姓名"},
            "沒有案號",
        ),
        (
            "list.csv",
            "案號,姓名\n1,王小明,多的\n".encode(),
            {"source_id": "案號", "name": "姓名"},
            "欄位比標題列多",
        ),
        (
            "list.csv",
            "案號,姓名\n".encode(),
            {"source_id": "案號", "name": "姓名"},
            "沒有任何資料列",
        ),
        ("list.csv", "案號,姓名\n1,王\n".encode(), {"name": "姓名"}, "存放案號的欄位"),
    ],
)
def test_a_bad_file_imports_nothing_and_says_why(
    city: City, filename: str, data: bytes, mapping: dict[str, str], message: str
) -> None:
    source = SourceSystem.objects.get(code="drug")
    with pytest.raises(ServiceError) as error:
        upload_import(principal=city.principal(city.analyst), source=source, filename=filename,
                      data=data, mapping=mapping)  # fmt: skip
    assert message in error.value.message
    assert not Upload.objects.exists() and not ExternalRecord.objects.exists()
    source.refresh_from_db()
    assert source.column_mapping == {}


def test_big5_files_xlsx_and_the_saved_mapping(city: City, tmp_path: Any) -> None:
    from openpyxl import Workbook

    analyst = city.principal(city.analyst)
    source = SourceSystem.objects.get(code="drug")
    row = {"source_id": "D1", "name": "陳怡君", "national_id": "", "birth_date": "0790506",
           "sex": "女", "address": "基隆市七堵區明德一路12號3樓", "phone": ""}  # fmt: skip
    first = upload_import(principal=analyst, source=source, filename="a.csv",
                          data=_csv([row], encoding="cp950"), mapping=MAPPING)  # fmt: skip
    assert ExternalRecord.objects.get(external_id="D1").name == "陳怡君"
    # The same file again is the same upload (a retry changes nothing).
    again = upload_import(principal=analyst, source=source, filename="a.csv",
                          data=_csv([row], encoding="cp950"))  # fmt: skip
    assert again.pk == first.pk
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*MAPPING.values(), "診斷"])
    sheet.append(["D1", "陳宜君", "", "1990-05-06", "F", "七堵區明德一路12號3F", "", "x"])
    sheet.append(["D2", "林志明", "", 19800101, "M", "", "", ""])
    path = tmp_path / "b.xlsx"
    book.save(path)
    # No mapping given: the one saved with the first file is used.
    upload_import(principal=analyst, source=source, filename="b.xlsx", data=path.read_bytes())
    assert ExternalRecord.objects.count() == 2
    updated = ExternalRecord.objects.get(external_id="D1")
    assert updated.name == "陳宜君" and updated.extra == {"診斷": "x"}
    assert ExternalRecord.objects.get(external_id="D2").birth_date == "19800101"


def test_a_person_page_shows_systems_only_as_far_as_the_role_permits(
    linked: Any, city: City
) -> None:
    person = (
        Person.objects.filter(external_records__source__code="psychiatric")
        .annotate(n=Count("external_records__source", distinct=True))
        .order_by("-n")
        .first()
    )
    assert person is not None
    mh = staff_create(username="mh", password=PASSWORD, display_name="mh",
                      unit=city.units["KL-MHC"], role=Role.MH_SOCIAL_WORKER)  # fmt: skip

    def seen(principal: Principal) -> dict[str, bool]:
        return {
            k.system.code: k.records is not None for k in access.person_systems(principal, person)
        }

    police = seen(city.principal(city.police))
    assert "psychiatric" not in police and "suicide" not in police
    assert seen(city.principal(mh)).get("psychiatric") is True
    worker = seen(city.principal(city.worker))
    assert worker.get("psychiatric") is False  # knows it exists, cannot read it
    assert seen(city.principal(city.screener)).get("psychiatric") is False
    assert all(v for v in seen(linked["analyst"]).values())
    content = {k.system.code: k.content for k in access.person_systems(linked["analyst"], person)}
    assert content.get("psychiatric") is False  # linkage staff see who, not what


def test_an_ods_list_imports_like_a_csv(city: City, tmp_path: Any) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="名冊")
    for values in ([*MAPPING.values()], ["L1", "黃淑芬", "", "民國60年3月4日", "女", "", ""]):
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    path = tmp_path / "list.ods"
    document.save(str(path))
    upload_import(principal=city.principal(city.analyst),
                  source=SourceSystem.objects.get(code="long_term_care"), filename="list.ods",
                  data=path.read_bytes(), mapping=MAPPING)  # fmt: skip
    record = ExternalRecord.objects.get(external_id="L1")
    assert (record.name, record.birth_date, record.sex) == ("黃淑芬", "民國60年3月4日", "女")


def test_every_linkage_action_is_audited_with_what_it_did(linked: Any, city: City) -> None:
    from safetynet.audit.models import AuditEvent

    analyst = linked["analyst"]
    imports = AuditEvent.objects.filter(action="import", object_type="upload")
    assert imports.count() == 4
    first = imports.order_by("pk").first()
    assert first is not None and set(first.detail) == {"source", "new", "updated"}
    from safetynet.linkage.models import Upload

    assert first.object_id == str(Upload.objects.order_by("pk").values_list("pk", flat=True)[0])
    assert first.detail["new"] > 0 and first.detail["updated"] == 0
    run_row = AuditEvent.objects.get(action="run", object_type="linkrun",
                                     object_id=str(linked["run"].pk))  # fmt: skip
    figures = run_row.detail
    assert figures["index_persons"] == Person.objects.count() - figures["new_persons"] > 0
    assert run_row.detail["started_by"] == city.analyst.user_id
    pair = ReviewPair.objects.filter(status=ReviewStatus.PENDING).first()
    assert pair is not None
    review_decide(principal=analyst, pair_id=pair.pk, same_person=False, note="不同人")
    row = AuditEvent.objects.get(action="review", object_id=str(pair.pk))
    assert row.object_type == "linkpair" and row.detail == {"same_person": False}
    with pytest.raises(ServiceError) as again:
        review_decide(principal=analyst, pair_id=pair.pk, same_person=True)
    assert again.value.code == "already_decided" and again.value.conflict
    record = ExternalRecord.objects.exclude(person=None).first()
    assert record is not None
    with pytest.raises(ServiceError) as blank:
        record_unlink(principal=analyst, record_id=record.pk, reason="  ")
    assert blank.value.code == "reason_required" and "reason" in blank.value.field_errors
    old = record.person_id
    record_unlink(principal=analyst, record_id=record.pk, reason="出生日期不符")
    record.refresh_from_db()
    row = AuditEvent.objects.get(action="unmerge", object_type="linkrecord",
                                 object_id=str(record.pk))  # fmt: skip
    assert row.reason == "出生日期不符" and row.actor_id == city.analyst.user_id
    assert row.detail == {"from_person": old, "to_person": record.person_id}


def test_a_held_back_pair_is_queued_with_why_and_the_page_says_it(city: City) -> None:
    people = RecordGenerator(seed=5).people(40)
    _index(people)
    target = next(t for t in people if len(t.person.name) == 3 and t.person.id_number)
    person = target.person
    twin = person.name[:2] + ("丙" if person.name[2] != "丙" else "丁")
    # The twin's record carries the sibling's ID (a parent's form): strong, but twins.
    row = {"source_id": "T1", "name": twin, "national_id": person.id_number, "sex": person.sex,
           "birth_date": person.birth_date.isoformat(), "address": "", "phone": ""}  # fmt: skip
    analyst = city.principal(city.analyst)
    upload_import(principal=analyst, source=SourceSystem.objects.get(code="psychiatric"),
                  filename="t.csv", data=_csv([row]), mapping=MAPPING)  # fmt: skip
    linkrun_execute(run_id=linkrun_create(principal=analyst).pk)
    record = ExternalRecord.objects.get(external_id="T1")
    pair = ReviewPair.objects.get(record=record, status=ReviewStatus.PENDING)
    assert pair.held_back == "twins" and pair.probability >= 0.99
    assert record.person is None or record.person.name == twin
    client = city.client_for(city.analyst)
    page = client.get(f"/linkage/review/{pair.pk}/").content.decode()
    assert "暫緩自動合併：出生日期相同、姓名只差最後一字（可能是雙胞胎）。" in page
    client.cookies["django_language"] = "en"
    english = client.get(f"/linkage/review/{pair.pk}/").content.decode()
    assert "Held back: the same birth date and names that differ in the last character" in english
