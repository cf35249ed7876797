"""Fetching a case by id: the lead unit and the desk; 404 for everyone else; audited."""

from __future__ import annotations

from safetynet.agencies.principal import Principal
from safetynet.audit.access import fetch
from safetynet.cases.models import Case
from safetynet.cases.selectors import case_list_visible_to


def access_case(p: Principal, case_id: int) -> Case:
    """The case page: the case, its members and reports (their ids go in the audit row)."""
    return fetch(
        p,
        case_list_visible_to(p),
        case_id,
        object_type="case",
        detail=lambda case: {
            "members": sorted(case.members.values_list("person_id", flat=True)),
            # values_list(flat=True) without a field is the pk too: an equivalent mutant.
            "reports": sorted(case.reports.values_list("pk", flat=True)),  # pragma: no mutate
        },
    )
