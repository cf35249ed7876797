"""列管: a grade-1 child-protection case is tracked as it opens; the desk supervisor tracks
others, moves the next step and closes the tracking; nobody else sees the list."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safetynet.audit.models import AuditEvent
from safetynet.cases.models import Tracked
from safetynet.cases.tracking import track, track_update
from tests.cases.test_services import CHILD, accepted
from tests.conftest import City, refused


def test_grade_1_child_protection_is_tracked_as_it_opens(city: City) -> None:
    case = accepted(city, CHILD)
    item = Tracked.objects.get(case=case)
    assert item.owner == case.lead_unit and item.closed_at is None
    accepted(city)  # a vulnerable family: not tracked
    assert Tracked.objects.count() == 1
    page = city.client_for(city.supervisor).get("/tracked/").content.decode()
    assert case.number in page and "兒少保護一級" in page
    for nobody in (city.worker, city.screener, city.dv_worker, city.analyst):
        assert city.client_for(nobody).get("/tracked/").status_code == 404


def test_the_desk_supervisor_tracks_moves_and_closes(city: City) -> None:
    case = accepted(city)
    sup = city.principal(city.supervisor)
    soon = timezone.localdate() + dt.timedelta(days=7)
    refused("forbidden", lambda: track(principal=city.principal(city.worker), case_id=case.pk,
                                       reason="x", next_step="y", due_on=soon))  # fmt: skip
    refused("invalid", lambda: track(principal=sup, case_id=case.pk, reason=" ", next_step="y",
                                     due_on=soon))  # fmt: skip
    refused("not_found", lambda: track(principal=sup, case_id=999999, reason="x", next_step="y",
                                       due_on=soon))  # fmt: skip
    item = track(principal=sup, case_id=case.pk, reason="媒體關注", next_step="召開個案研討",
                 due_on=soon)  # fmt: skip
    assert refused("already_tracked", lambda: track(principal=sup, case_id=case.pk, reason="x",
                                                    next_step="y", due_on=soon)).conflict  # fmt: skip
    moved = track_update(principal=sup, tracked_id=item.pk, version=1, next_step="追蹤安置",
                         due_on=soon + dt.timedelta(days=7))  # fmt: skip
    refused("stale", lambda: track_update(principal=sup, tracked_id=item.pk, version=1,
                                          next_step="x", due_on=soon))  # fmt: skip
    closed = track_update(principal=sup, tracked_id=item.pk, version=moved.version,
                          next_step="結案", due_on=soon, close_reason="安全無虞")  # fmt: skip
    assert closed.closed_at is not None
    assert [a for a in AuditEvent.objects.filter(action__startswith="track").values_list(
        "action", flat=True).order_by("pk")] == ["track", "track.update", "track.close"]  # fmt: skip


def test_a_tracker_who_cannot_read_the_case_cannot_track_it(city: City) -> None:
    """A position granted case.track without case.read_all (a city's choice): only the cases it
    may read — here its own unit's — never another unit's, whose existence it does not learn."""
    from safetynet.agencies.capabilities import KIND
    from safetynet.agencies.defaults import CAPABILITIES
    from safetynet.rules.services import rule_install

    rows = [{**r, "capabilities": [*r["capabilities"], "case.track"]}
            if (r["unit_kind"], r["role"]) == ("family_welfare_centre", "supervisor") else r
            for r in CAPABILITIES]  # fmt: skip
    rule_install(actor=city.principal(city.admin2), kind=KIND, effective_from=timezone.localdate(),
                 content=rows, unsourced=True)  # fmt: skip
    head = city.principal(city.unit_supervisor)
    assert head.has("case.track") and not head.has("case.read_all")
    theirs = accepted(city)
    other = accepted(city, CHILD)  # 家防中心's
    due = timezone.localdate() + dt.timedelta(days=7)
    refused("not_found", lambda: track(principal=head, case_id=other.pk, reason="重大", next_step="追蹤",
                                       due_on=due))  # fmt: skip
    assert not Tracked.objects.filter(
        case=other, closed_at__isnull=True, opened_by__isnull=False
    ).exists()
    item = track(principal=head, case_id=theirs.pk, reason="重大", next_step="追蹤", due_on=due)
    assert item.case_id == theirs.pk
