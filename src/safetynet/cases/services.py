"""Writes of case management (this issue: closing a case; plans and visits come later)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases.models import Case, CaseStatus
from safetynet.core.errors import ServiceError


@transaction.atomic
def case_close(*, principal: Principal, case_id: int, at: dt.datetime | None = None) -> Case:
    case = Case.objects.select_for_update().get(pk=case_id)
    if principal.unit is None or principal.unit.pk != case.lead_unit_id:
        raise ServiceError("forbidden", _("Only the lead unit can close a case."))
    if case.status == CaseStatus.CLOSED:
        return case
    case.status = CaseStatus.CLOSED
    case.closed_at = at or timezone.now()
    case.save(update_fields=["status", "closed_at"])
    audit_record(principal=principal, action="close", object_type="case", object_id=case.pk)
    return case
