from collections.abc import Iterable

from django import template
from django.utils.translation import gettext_lazy

from safetynet.audit.labels import action_label, object_label
from safetynet.core import codes
from safetynet.intake.models import Concern, PersonRole, VulnerableArea
from safetynet.intake.selectors import service_label
from safetynet.linkage.explain import in_current_language
from safetynet.people.disclosure import masked_line
from safetynet.people.models import Household

register = template.Library()


@register.filter
def channel_name(code: str) -> str:
    return codes.display(codes.REPORTING_UNIT, code)


@register.filter
def concern_names(values: Iterable[str]) -> str:
    labels = dict(Concern.choices)
    return "、".join(str(labels.get(v, v)) for v in values)


@register.filter
def area_names(values: Iterable[str]) -> str:
    labels = dict(VulnerableArea.choices)
    return "、".join(str(labels.get(v, v)) for v in values)


@register.filter
def service_name(route_key: str) -> str:
    """A service line (a case's service, a decision's route) by its name."""
    return service_label(route_key)


@register.filter
def person_role(role: str) -> str:
    return str(dict(PersonRole.choices).get(role, role))


@register.filter
def evidence_text(text: str) -> str:
    """Linkage evidence (stored in zh-Hant) in the reader's language."""
    return in_current_language(str(text))


@register.filter
def visit_method(code: str) -> str:
    return codes.display("twss-visit-service-method", code)


@register.filter
def visit_target(code: str) -> str:
    return codes.display("twss-visit-target", code)


_DUE = {"met": gettext_lazy("Met"), "due": gettext_lazy("Due"), "overdue": gettext_lazy("Overdue")}


@register.filter
def due_status(status: str) -> str:
    return str(_DUE.get(status, status))


@register.filter
def clock_name(code: str) -> str:
    from safetynet.cases.rules import CLOCK_NAMES

    return str(dict(CLOCK_NAMES).get(code, code))


@register.filter
def open_decision(code: str) -> str:
    from safetynet.cases.models import OpenDecision

    return str(dict(OpenDecision.choices).get(code, code))


@register.filter
def plan_status(code: str) -> str:
    from safetynet.cases.models import PlanStatus

    return str(dict(PlanStatus.choices).get(code, code))


@register.filter
def instrument_name(code: str, instruments: dict[str, tuple[str, object]]) -> str:
    found = instruments.get(code)
    return found[0] if found else code


@register.filter
def audit_action(code: str) -> str:
    return action_label(code)


@register.filter
def audit_object(code: str) -> str:
    return object_label(code)


@register.filter
def masked_address(household: Household) -> str:
    """A household's address where no disclosure reaches (a shelter's, a foster family's: hidden)."""
    return masked_line(household)
