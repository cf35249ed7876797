"""Assessments on a case with a versioned instrument (`cases.instruments`): the answers are item
numbers (or one of the instrument's results); the score and band come from the version in
force, which the record keeps, so a later version never rescores an earlier assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases import policy
from safetynet.cases.models import Assessment
from safetynet.cases.rules import instruments_in_force
from safetynet.cases.services import _case_for_change, _check_open
from safetynet.core.errors import ServiceError


def assessment_record(
    *,
    principal: Principal,
    case_id: int,
    instrument: str,
    answers: Sequence[int] = (),
    option: str = "",
    at: dt.datetime | None = None,
) -> Assessment:
    now = at or timezone.now()
    number, instruments = instruments_in_force(timezone.localdate(now))
    if instrument not in instruments:
        raise ServiceError("invalid", _("Choose an instrument from the list."),
                           field_errors={"instrument": [_("Choose an instrument from the list.")]})  # fmt: skip
    _name, shape = instruments[instrument]
    score: int | None = None
    if shape.options:
        if option not in shape.options or answers:
            raise ServiceError("invalid", _("Choose one of the instrument's results."),
                               field_errors={"option": [_("Choose one of the instrument's results.")]})  # fmt: skip
    else:
        if (
            option
            or any(not 1 <= a <= shape.items for a in answers)
            or len(set(answers)) != len(answers)
        ):
            raise ServiceError("invalid", _("Answer the instrument's items by their numbers."),
                               field_errors={"answers": [_("Answer the instrument's items by their numbers.")]})  # fmt: skip
        score = shape.score(answers)
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        if not policy.can_work(principal, case):
            raise ServiceError("forbidden", _("Only the lead unit works this case."))
        _check_open(case)
        assert principal.staff is not None
        record = Assessment.objects.create(
            case=case, instrument=instrument, rule_version=number, answers=sorted(answers),
            option=option, score=score, band=shape.band(score) if score is not None else "",
            by=principal.staff, at=now,
        )  # fmt: skip
        audit_record(actor=principal, action="assessment.record", object_type="case",
                     object_id=case.pk, detail={"assessment": record.pk})  # fmt: skip
        return record
