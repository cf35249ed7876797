"""Optimistic locking's one refusal: an edit made on an older version of a record than the one
stored. Services raise `StaleEdit` (a `ServiceError`, so HTTP 409) carrying both versions: what
the person submitted and what is stored now (who changed it last, when). The API answers both in
its error body (`api.errors`); a page shows both and offers to reapply the submission on the
stored version (`show` + the `core/_conflict.html` block in the base template).

Services compare the version they were sent with the stored one inside their transaction, after
locking the row (`audit.access.fetch_for_change` or `select_for_update`), and increment it with
every change, so two edits that both read version n cannot both be written."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

from safetynet.core.errors import ServiceError
from safetynet.core.roc import format_roc

# Labelled values, as a person reads them.
Fields = Sequence[tuple[str | Promise, object]]


@dataclass(frozen=True)
class Side:
    """One version of a record as a person reads it: labelled values (already display text),
    the version number, and for the stored side who changed it last and when."""

    version: int | str
    fields: Fields = ()
    by: str = ""
    at: dt.datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "fields": {str(label): _text(value) for label, value in self.fields},
            "changed_by": self.by,
            "changed_at": self.at.isoformat() if self.at else None,
        }


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


class StaleEdit(ServiceError):
    """An edit on version `submitted.version` of a record now at `stored.version`."""

    def __init__(
        self,
        message: str | Promise,
        *,
        stored: Side,
        submitted: Side,
        field_name: str = "version",
        code: str = "stale",
        reapply: bool = True,
    ) -> None:
        super().__init__(code, message, conflict=True)
        # False where the stored state rules the edit out (a report screened meanwhile): the
        # page offers no reapplying.
        self.reapply = reapply
        self.stored = stored
        self.submitted = submitted
        # The form field that carries the version (a reapplied submission sends the stored one).
        self.field_name = field_name

    def as_json(self) -> dict[str, Any]:
        return {"stored": self.stored.as_json(), "submitted": self.submitted.as_json()}

    @property
    def numbered(self) -> bool:
        """Whether both versions are numbers a person can read (not a fingerprint or a status)."""
        return isinstance(self.stored.version, int) and isinstance(self.submitted.version, int)

    def rows(self) -> list[tuple[str, str, str, bool]]:
        """(label, submitted, stored, differs) for the page, in the submitted side's order."""
        stored = {str(k): _shown(v) for k, v in self.stored.fields}
        out = []
        for label, value in self.submitted.fields:
            mine, now = _shown(value), stored.pop(str(label), "")
            out.append((str(label), mine, now, mine != now))
        out += [(label, "", now, bool(now)) for label, now in stored.items()]
        return out


def _shown(value: object) -> str:
    """Display text; dates and times in ROC years."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_roc(value, with_time=True)
    if isinstance(value, dt.date):
        return format_roc(value)
    return str(value)


# Fields whose change is not an edit of the record (a login stamps the account).
NOT_CONTENT = frozenset({"last_login"})


def fingerprint(row: Model) -> str:
    """The version of a record that keeps no version number (what the admin site edits): a hash
    of its stored field values, many-to-many ids included."""
    values: dict[str, object] = {}
    for f in row._meta.concrete_fields:
        if f.name not in NOT_CONTENT:
            values[f.attname] = f.value_from_object(row)
    for m in row._meta.many_to_many:
        values[m.name] = sorted(getattr(row, m.name).values_list("pk", flat=True))
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check(
    stored_version: int | str,
    sent_version: int | str | None,
    message: str | Promise,
    *,
    stored: Side | None = None,
    submitted: Side | None = None,
    field_name: str = "version",
) -> None:
    """Refuse with `StaleEdit` unless the sent version is the stored one."""
    if str(stored_version) == str(sent_version):
        return
    raise StaleEdit(
        message,
        stored=stored or Side(stored_version),
        submitted=submitted or Side(sent_version if sent_version is not None else ""),
        field_name=field_name,
    )


@dataclass
class Shown:
    """What the conflict page needs: the error, the submission to reapply, the way back."""

    error: StaleEdit
    reapply: list[tuple[str, str]] = field(default_factory=list)
    back: str = ""


def page(request: HttpRequest, error: StaleEdit, *, back: str) -> HttpResponse:
    """The conflict page (409): both versions side by side, a button that reapplies the
    submission on the stored version (the same fields, the stored version, a new submission key)
    and a link `back` to the record as stored."""
    reapply = []
    for name, values in request.POST.lists():
        if name in ("csrfmiddlewaretoken", "reapply"):
            continue
        for value in values:
            if name == error.field_name:
                value = str(error.stored.version)
            elif name == "submission":
                value = str(uuid.uuid4())
            reapply.append((name, value))
    if error.field_name not in request.POST:
        reapply.append((error.field_name, str(error.stored.version)))
    shown = Shown(error, reapply, back)
    return render(request, "core/conflict.html", {"conflict": shown}, status=409)
