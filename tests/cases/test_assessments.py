"""Assessments with versioned instruments: scored by the version in force, kept with it; bad
answers refused; the page offers item numbers, never wording."""

from __future__ import annotations

from safetynet.cases.assessments import assessment_record
from safetynet.cases.domain import Instrument, parse_bands
from safetynet.cases.models import Assessment
from safetynet.cases.rules import INSTRUMENTS
from safetynet.core import reference
from safetynet.rules.models import RuleVersion
from tests.cases.test_services import accepted
from tests.conftest import City, refused


def test_scoring_and_bands() -> None:
    tipvda = Instrument("tipvda", items=15, bands=parse_bands("high:8,low:0"))
    assert tipvda.band(tipvda.score(list(range(1, 8)))) == "low"
    assert tipvda.band(tipvda.score(list(range(1, 9)))) == "high"


def test_an_assessment_keeps_the_version_it_was_scored_by(city: City) -> None:
    case = accepted(city)
    p = city.principal(city.worker)
    first = assessment_record(principal=p, case_id=case.pk, instrument="tipvda",
                              answers=list(range(1, 9)))  # fmt: skip
    assert (first.score, first.band, first.rule_version) == (8, "高度危險", 1)
    version = RuleVersion.objects.get(kind=INSTRUMENTS)
    version.content = [{**r, "bands": "一般:0,高度危險:10"} if r["instrument"] == "tipvda" else r
                       for r in version.content]  # fmt: skip
    version.number = 2
    version.pk = None
    version.save()
    reference.forget()
    second = assessment_record(principal=p, case_id=case.pk, instrument="tipvda",
                               answers=list(range(1, 9)))  # fmt: skip
    assert (second.band, second.rule_version) == ("一般", 2)
    assert Assessment.objects.get(pk=first.pk).band == "高度危險"  # never rescored
    safety = assessment_record(principal=p, case_id=case.pk, instrument="sdm_safety",
                               option="不安全")  # fmt: skip
    assert (safety.option, safety.score) == ("不安全", None)


def test_bad_answers_are_refused(city: City) -> None:
    case = accepted(city)
    p = city.principal(city.worker)
    for kwargs in ({"instrument": "nope"}, {"instrument": "tipvda", "answers": [16]},
                   {"instrument": "tipvda", "answers": [1, 1]},
                   {"instrument": "tipvda", "option": "安全"},
                   {"instrument": "sdm_safety", "option": "很安全"},
                   {"instrument": "sdm_safety", "option": "安全", "answers": [1]}):  # fmt: skip
        refused("invalid", lambda kwargs=kwargs: assessment_record(principal=p, case_id=case.pk,
                                                                   **kwargs))  # fmt: skip
    refused("forbidden", lambda: assessment_record(principal=city.principal(city.screener),
                                                   case_id=case.pk, instrument="tipvda"))  # fmt: skip
    assert not Assessment.objects.exists()


def test_the_case_page_offers_item_numbers(city: City) -> None:
    case = accepted(city)
    client = city.client_for(city.worker)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "第 15 題" in page and "第 16 題" not in page and "有計畫才會安全" in page
    client.post(f"/cases/{case.pk}/assessments/", {"instrument": "tipvda", "answers": ["1", "2"]})
    assert "2 分" in client.get(f"/cases/{case.pk}/").content.decode()
