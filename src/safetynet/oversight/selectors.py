"""Who viewed a record: every audit row that names it, directly (its object) or as what else a
page or answer showed (the ids in `detail`, as each writer puts them: docs/oversight.md).

The query never walks the trail: a direct row is found through the (object_type, object_id)
index, a mention in `detail` through a JSON containment test that PostgreSQL answers from a GIN
index (migration 0003). The matching ids and times are read first, without order (so the
planner cannot choose to walk the `at` index backwards looking for them), sorted here, and only
one page's rows are then fetched whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from safetynet.agencies.models import ApiClient, Staff
from safetynet.audit.models import AuditEvent
from safetynet.cases.models import Case, CaseMember, CaseUnit
from safetynet.intake.models import Dispatch, Report, ReportPerson
from safetynet.oversight.policy import CASE, PERSON, REPORT, Target
from safetynet.people.models import Person

# Where each writer puts the id of a record it showed besides its own object: (the row's
# object_type, or None for any; the key in `detail`).
MENTIONS: dict[str, list[tuple[str | None, str]]] = {
    PERSON: [(None, "persons"), (None, "members"), (None, "housemates"), (None, "from_person"),
             (None, "to_person"), (PERSON, "ids")],
    CASE: [(None, "cases"), (None, "case"), (CASE, "ids")],
    REPORT: [(None, "reports"), (None, "report"), (REPORT, "ids")],
}  # fmt: skip
HOW = {
    "persons": _("among the persons shown"),
    "members": _("as a member of the case"),
    "housemates": _("as a household member"),
    "from_person": _("a linked record moved from them"),
    "to_person": _("a linked record moved to them"),
    "cases": _("among the cases shown"),
    "case": _("as the case of the record"),
    "reports": _("among the reports shown"),
    "report": _("as the report of the record"),
    "ids": _("in a list"),
    "dispatch": _("through one of its dispatches"),
}
MODELS: dict[str, Any] = {PERSON: Person, CASE: Case, REPORT: Report}


def exists(kind: str, pk: int) -> bool:
    model = MODELS.get(kind)
    return model is not None and model.objects.filter(pk=pk).exists()


def find_record(kind: str, text: str) -> int | None:
    """The id of a person by ID number, of a case or a report by its number (C…/R…, or the
    digits alone)."""
    text = text.strip().upper()
    if kind == PERSON:
        return Person.objects.filter(id_number=text).values_list("pk", flat=True).first()
    prefix = "C" if kind == CASE else "R"
    digits = text.removeprefix(prefix)
    if kind not in (CASE, REPORT) or not digits.isdigit() or len(digits) > 12:
        return None
    found = MODELS[kind].objects.filter(pk=int(digits)).values_list("pk", flat=True).first()
    return int(found) if found is not None else None


def target_of(kind: str, pk: int) -> Target:
    """The facts the policy asks about: which units lead or co-work the case (or a case the
    person is a member of), and whether it is a report or a person named in one."""
    if kind == CASE:
        units = set(CaseUnit.objects.filter(case_id=pk, until__isnull=True)
                    .values_list("unit_id", flat=True))  # fmt: skip
        units |= set(Case.objects.filter(pk=pk).values_list("lead_unit_id", flat=True))
        return Target(kind, frozenset(units), reported=False)
    if kind == PERSON:
        cases = CaseMember.objects.filter(person_id=pk).values("case_id")
        units = set(CaseUnit.objects.filter(case_id__in=cases, until__isnull=True)
                    .values_list("unit_id", flat=True))  # fmt: skip
        units |= set(Case.objects.filter(pk__in=cases).values_list("lead_unit_id", flat=True))
        reported = ReportPerson.objects.filter(person_id=pk).exists()
        return Target(kind, frozenset(units), reported=reported)
    return Target(kind, frozenset(), reported=kind == REPORT)


def _contains(key: str, pk: int) -> Q:
    """`detail` names `pk` under `key`, as a list member or as the value itself."""
    return Q(detail__contains={key: [pk]}) | Q(detail__contains={key: pk})


def _json_has(key: str, pk: int) -> Q:
    """SQLite has no JSON containment: the same test through json_each (SQLite is the
    development and single-office database; PostgreSQL answers from its index). The key comes
    from `MENTIONS`, the id is bound: nothing of a request reaches the SQL text."""
    sql = (
        "SELECT id FROM audit_auditevent WHERE EXISTS "
        "(SELECT 1 FROM json_each(audit_auditevent.detail, %s) WHERE value = %s)"
    )
    return Q(pk__in=RawSQL(sql, [f'$."{key}"', pk]))  # noqa: S611


def matching(kind: str, pk: int) -> Q:
    """Every row that names the record (kind, pk)."""
    has = _contains if connection.vendor == "postgresql" else _json_has
    found = Q(object_type=kind, object_id=str(pk))
    for object_type, key in MENTIONS[kind]:
        test = has(key, pk)
        found |= test if object_type is None else Q(object_type=object_type) & test
    if kind == REPORT:
        dispatches = list(Dispatch.objects.filter(report_id=pk).values_list("pk", flat=True))
        for d in dispatches:
            found |= Q(object_type="dispatch", object_id=str(d))
            found |= Q(object_type="dispatch") & has("ids", d)
    return found


@dataclass(frozen=True)
class Viewing:
    event: AuditEvent
    who: str
    unit: str
    role: str
    via: str  # "direct", or the key of `detail` that named it ("dispatch": through one)

    @property
    def how(self) -> str:
        return str(_("directly")) if self.via == "direct" else str(HOW.get(self.via, ""))


@dataclass(frozen=True)
class ViewPage:
    rows: list[Viewing]
    total: int
    number: int
    pages: int

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _via(event: AuditEvent, kind: str, pk: int, dispatches: set[str]) -> str:
    if event.object_type == kind and event.object_id == str(pk):
        return "direct"
    if event.object_type == "dispatch" and event.object_id in dispatches:
        return "dispatch"
    detail = event.detail if isinstance(event.detail, dict) else {}
    for object_type, key in MENTIONS[kind]:
        value = detail.get(key)
        if object_type not in (None, event.object_type):
            continue
        if value == pk or (isinstance(value, list) and pk in value):
            return key
    return "dispatch"  # a list of dispatches, one of them the report's


def who_viewed(kind: str, pk: int, *, page: int, size: int) -> ViewPage:
    """One page of the rows naming the record, newest first."""
    hits: list[tuple[dt.datetime, int]] = [
        (at, i) for i, at in AuditEvent.objects.filter(matching(kind, pk)).order_by()
        .values_list("pk", "at")
    ]  # fmt: skip
    hits.sort(reverse=True)
    total = len(hits)
    pages = max(1, -(-total // size))
    number = min(max(1, page), pages)
    ids = [i for _at, i in hits[(number - 1) * size : number * size]]
    events = sorted(AuditEvent.objects.filter(pk__in=ids), key=lambda e: (e.at, e.pk),
                    reverse=True)  # fmt: skip
    return ViewPage(_describe(events, kind, pk), total, number, pages)


def _describe(events: list[AuditEvent], kind: str, pk: int) -> list[Viewing]:
    users = {e.actor_id for e in events if e.actor_id}
    staff = {s.user_id: s for s in Staff.objects.filter(user_id__in=users).select_related("unit")}
    clients = {c.pk: c for c in ApiClient.objects.filter(
        pk__in={e.actor_client_id for e in events if e.actor_client_id}).select_related("unit")}  # fmt: skip
    logins = dict(User.objects.filter(pk__in=users - set(staff)).values_list("pk", "username"))
    dispatches = (
        {str(d) for d in Dispatch.objects.filter(report_id=pk).values_list("pk", flat=True)}
        if kind == REPORT else set()
    )  # fmt: skip
    shown = []
    for e in events:
        s = staff.get(e.actor_id or 0)
        c = clients.get(e.actor_client_id or 0)
        if s is not None:
            who, unit, role = s.display_name, s.unit.name, s.get_role_display()
        elif c is not None:
            who, unit, role = c.name, c.unit.name, str(_("Partner system"))
        elif e.actor_id:
            who, unit, role = logins.get(e.actor_id, ""), "", str(_("No position"))
        else:
            who, unit, role = str(_("The platform")), "", ""
        shown.append(Viewing(e, who, unit, str(role), _via(e, kind, pk, dispatches)))
    return shown


def events_of(ids: list[int]) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(pk__in=ids).order_by("at", "pk")
