"""Need-to-know by relation: what a viewer sees of a case follows their unit's relation to it (a
rule table), and content closed to a kind of unit stays closed whatever its capabilities."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safetynet.agencies.closed import KIND as CLOSED
from safetynet.agencies.defaults import CAPABILITIES, CLOSED_CONTENT
from safetynet.agencies.models import Role
from safetynet.agencies.principal import Principal
from safetynet.agencies.services import staff_create
from safetynet.cases import needtoknow
from safetynet.cases.handoffs import handoff_answer, handoff_send
from safetynet.cases.needtoknow import case_access
from safetynet.rules.services import rule_install
from tests.cases.test_services import CHILD, accepted, step
from tests.conftest import PASSWORD, City


def _youth(city: City) -> Principal:
    staff = staff_create(username="youth", password=PASSWORD, display_name="youth",
                         unit=city.units["KL-YOUTH"], role=Role.CASE_WORKER)  # fmt: skip
    return Principal.of_user(staff.user)


def test_a_referred_unit_sees_the_summary_while_it_answers_or_serves(city: City) -> None:
    case = accepted(city)
    youth = _youth(city)
    assert case_access(youth, case).level is None
    assert city.client_for(youth.staff).get(f"/cases/{case.pk}/").status_code == 404
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                        note="請評估", to_unit_id=youth.unit_id)  # fmt: skip
    access = case_access(youth, case)
    assert access.relations == {needtoknow.REFERRED} and access.level == "summary"
    assert city.client_for(youth.staff).get(f"/cases/{case.pk}/").status_code == 200
    # … but not its content pages (a contact's page is the full level's).
    handoff_answer(principal=youth, handoff_id=sent.pk, version=1, status="accepted")
    assert case_access(youth, case).level == "summary"
    sent.refresh_from_db()
    handoff_answer(principal=youth, handoff_id=sent.pk, version=sent.version, status="completed")
    assert case_access(youth, case).level is None  # done: the relation ends


def test_a_declined_referral_gives_nothing(city: City) -> None:
    case = accepted(city)
    youth = _youth(city)
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                        note="請評估", to_unit_id=youth.unit_id)  # fmt: skip
    handoff_answer(principal=youth, handoff_id=sent.pk, version=1, status="not-accepted",
                   answer="非本會服務對象")  # fmt: skip
    assert case_access(youth, case).level is None
    assert city.client_for(youth.staff).get(f"/cases/{case.pk}/").status_code == 404


def test_a_referral_of_a_closed_case_gives_nothing(city: City) -> None:
    case = accepted(city)
    youth = _youth(city)
    handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                 note="請評估", to_unit_id=youth.unit_id)  # fmt: skip
    step(city, city.worker, case, "propose_open", "不符開案", "N")
    step(city, city.unit_supervisor, case, "approve_open")
    case.refresh_from_db()
    assert not case.is_open
    assert case_access(youth, case).level is None
    assert not needtoknow_visible(youth, case.pk)


def needtoknow_visible(p: Principal, case_id: int) -> bool:
    from safetynet.cases.models import Case

    return Case.objects.filter(needtoknow.case_visibility(p), pk=case_id).exists()


def test_the_highest_level_of_the_viewers_relations_counts() -> None:
    rows = [{"relation": "cowork", "programme": "*", "level": "summary"},
            {"relation": "former_lead", "programme": "*", "level": "full"},
            {"relation": "cowork", "programme": "drug", "level": "existence"}]  # fmt: skip
    anyone = Principal()
    both = frozenset({"cowork", "former_lead"})
    assert needtoknow.level_of(anyone, both, "vf", rows) == "full"
    assert needtoknow.level_of(anyone, frozenset({"cowork"}), "drug", rows) == "existence"
    assert needtoknow.level_of(anyone, frozenset({"referred"}), "vf", rows) is None
    closed = Principal(closed=frozenset({"vf"}))
    assert needtoknow.level_of(closed, both, "vf", rows) == "existence"


def test_content_closed_to_a_kind_of_unit_caps_every_relation(city: City) -> None:
    """A drug case co-worked by a family welfare centre: its summary — until the city closes
    drug content to family welfare centres, whatever the relation and the capabilities."""
    case = accepted(city, CHILD)  # 家防中心
    sent = handoff_send(principal=city.principal(city.dv_worker), case_id=case.pk, kind="cowork",
                        note="請協同", to_unit_id=city.worker.unit_id)  # fmt: skip
    handoff_answer(principal=city.principal(city.worker), handoff_id=sent.pk, version=1,
                   status="accepted")  # fmt: skip
    assert case_access(city.principal(city.worker), case).level == "summary"
    rule_install(actor=city.principal(city.admin2), kind=CLOSED,
                 effective_from=timezone.localdate(), unsourced=True,
                 content=[*CLOSED_CONTENT, {"unit_kind": "family_welfare_centre",
                                            "content": "cp", "source": ""}])  # fmt: skip
    worker = city.principal(city.worker)
    assert "cp" in worker.closed
    assert case_access(worker, case).level == "existence"
    assert city.client_for(city.worker).get(f"/cases/{case.pk}/").status_code == 404


def test_no_capability_row_opens_content_closed_to_the_police(city: City) -> None:
    """Even an administrator's mistake granting the police psychiatric records' content."""
    from safetynet.agencies.capabilities import KIND as CAPABILITIES_KIND

    rows = [{**r, "capabilities": [*r["capabilities"], "system.psychiatric.content",
                                   "system.drug.content", "system.low_income.content"]}
            if r["role"] == "police_officer" else r for r in CAPABILITIES]  # fmt: skip
    rule_install(actor=city.principal(city.admin2), kind=CAPABILITIES_KIND,
                 effective_from=timezone.localdate(), content=rows, unsourced=True)  # fmt: skip
    police = city.principal(city.police)
    assert not police.has("system.psychiatric.content") and not police.has("system.drug.content")
    assert police.has("system.low_income.content")  # not closed: the table's grant holds
    assert {"mh_multi", "suicide", "drug"} <= police.closed


def test_a_former_lead_reads_until_its_grace_ends(city: City) -> None:
    case = accepted(city)
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="transfer",
                        note="搬家至中正區", to_unit_id=city.other_worker.unit_id)  # fmt: skip
    handoff_answer(principal=city.principal(city.other_worker), handoff_id=sent.pk, version=1,
                   status="accepted", worker_id=city.other_worker.pk)  # fmt: skip
    case.refresh_from_db()
    former = city.principal(city.worker)
    access = case_access(former, case)
    assert access.relations == {needtoknow.FORMER_LEAD} and access.full
    later = timezone.now() + dt.timedelta(days=31)
    assert needtoknow.relations_of(former, case, later) == frozenset()
    assert not Principal.of_user(city.worker.user).has("case.read_all")
