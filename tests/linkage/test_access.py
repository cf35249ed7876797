"""Linkage's access helpers: pairs, records and runs are linkage staff's alone, the same 404
for missing and not yours, one read row each; deciding on what does not exist is refused."""

from __future__ import annotations

import pytest
from django.http import Http404

from safetynet.agencies.principal import Principal
from safetynet.audit.models import AuditEvent
from safetynet.linkage import access, policy
from safetynet.linkage.models import ExternalRecord, LinkRun, ReviewPair, SourceSystem
from safetynet.linkage.services import linkrun_create, record_unlink, review_decide, upload_import
from safetynet.people.models import Person
from tests.conftest import City, refused
from tests.linkage.test_services import GOOD_ROWS, MAPPING, _csv

pytestmark = pytest.mark.django_db


def _one_of_each(city: City) -> tuple[ExternalRecord, ReviewPair, LinkRun]:
    analyst = city.principal(city.analyst)
    upload_import(principal=analyst, source=SourceSystem.objects.get(code="psychiatric"),
                  filename="a.csv", data=_csv(GOOD_ROWS), mapping=MAPPING)  # fmt: skip
    record = ExternalRecord.objects.get()
    person = Person.objects.create(name="陳怡君", name_normalised="陳怡君")
    run = linkrun_create(principal=analyst)
    pair = ReviewPair.objects.create(run=run, record=record, other_person=person,
                                     probability=0.7, evidence=[])  # fmt: skip
    return record, pair, run


@pytest.mark.parametrize("persona", ["worker", "screener", "auditor", "admin", "police"])
def test_pairs_records_and_runs_are_not_found_for_all_but_linkage_staff(
    city: City, persona: str
) -> None:
    record, pair, run = _one_of_each(city)
    principal = city.principal(getattr(city, persona))
    reads = AuditEvent.objects.filter(action="read").count()
    for fetch_one, pk in ((access.access_review_pair, pair.pk),
                          (access.access_external_record, record.pk),
                          (access.access_link_run, run.pk)):  # fmt: skip
        with pytest.raises(Http404):
            fetch_one(principal, pk)
    assert AuditEvent.objects.filter(action="read").count() == reads
    assert not access.review_queue(principal).exists()


def test_linkage_staff_read_each_with_one_row_naming_it(city: City) -> None:
    record, pair, run = _one_of_each(city)
    analyst = city.principal(city.analyst)
    assert access.access_review_pair(analyst, pair.pk) == pair
    assert access.access_external_record(analyst, record.pk) == record
    assert access.access_link_run(analyst, run.pk) == run
    rows = AuditEvent.objects.filter(action="read", actor=city.analyst.user).order_by("pk")
    assert [(r.object_type, r.object_id) for r in rows] == [
        ("linkpair", str(pair.pk)), ("linkrecord", str(record.pk)), ("linkrun", str(run.pk)),
    ]  # fmt: skip
    assert list(access.review_queue(analyst)) == [pair]


def test_the_review_queue_keeps_the_order_the_run_ranked_it_in(city: City) -> None:
    """A run stores its pairs ranked by what a decision would change (pipeline.review_queue),
    not by probability: the page keeps that order."""
    record, pair, run = _one_of_each(city)
    people = [Person.objects.create(name="陳怡君", name_normalised="陳怡君") for _ in range(3)]
    likelier = ReviewPair.objects.create(run=run, record=record, other_person=people[0],
                                         probability=0.9, evidence=[])  # fmt: skip
    tie = ReviewPair.objects.create(run=run, record=record, other_person=people[1],
                                    probability=0.7, evidence=[])  # fmt: skip
    queue = list(access.review_queue(city.principal(city.analyst)))
    assert queue == [pair, likelier, tie]


def test_deciding_on_a_pair_or_record_that_does_not_exist_is_refused(city: City) -> None:
    analyst = city.principal(city.analyst)
    refused("not_found", lambda: review_decide(principal=analyst, pair_id=999_999,
                                               same_person=True))  # fmt: skip
    refused("not_found", lambda: record_unlink(principal=analyst, record_id=999_999,
                                               reason="非同一人"))  # fmt: skip
    assert not AuditEvent.objects.filter(action__in=["review", "unmerge"]).exists()


def test_knowing_that_records_exist_follows_from_reading_them() -> None:
    reader = Principal(capabilities=frozenset({policy.content_capability("psychiatric")}))
    knower = Principal(capabilities=frozenset({policy.exists_capability("psychiatric")}))
    assert policy.may_know(reader, "psychiatric") and policy.may_read(reader, "psychiatric")
    assert policy.may_know(knower, "psychiatric") and not policy.may_read(knower, "psychiatric")
    assert not policy.may_know(Principal(), "psychiatric")


def test_each_systems_two_capabilities_are_named_for_people() -> None:
    from safetynet.core.capabilities import catalogue

    name = SourceSystem.objects.get(code="psychiatric").name
    labels = dict(catalogue())
    exists = labels[policy.exists_capability("psychiatric")]
    content = labels[policy.content_capability("psychiatric")]
    assert exists == f"{name}：知悉有紀錄" and content == f"{name}：閱覽紀錄內容"


def test_who_may_only_know_of_records_gets_neither_records_nor_their_content(city: City) -> None:
    record, pair, _run = _one_of_each(city)
    person = pair.other_person
    assert person is not None
    ExternalRecord.objects.filter(pk=record.pk).update(person=person)
    knower = Principal(capabilities=frozenset({policy.exists_capability("psychiatric")}))
    [known] = access.person_systems(knower, person)
    assert (known.system.code, known.count, known.records, known.content) == (
        "psychiatric", 1, None, False,
    )  # fmt: skip
    reader = Principal(capabilities=frozenset({policy.content_capability("psychiatric")}))
    [read] = access.person_systems(reader, person)
    assert read.records == [record] and read.content is True
    assert access.person_systems(Principal(), person) == []
