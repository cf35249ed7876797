"""Every refused attempt of a signed-in principal leaves a "denied" audit row, even though the
request fails and its transactions roll back (docs/security.md, "Audit").

The access helpers say precisely what was refused (object type, id, whether it exists); a 403
or 404 answer that no helper explained — a policy refusal in a view or an API handler — is
written as a refusal of the page itself (its URL name and the ids in its path). Ids probed that
do not exist are written too (probing is itself suspicious), bounded: past
`AUDIT_PROBE_ROWS_PER_MINUTE` such rows for one principal in a minute, one row stands for every
`AUDIT_PROBE_ROWS_PER_MINUTE` more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from safetynet.audit.services import Denial, audit_record, collecting_denials
from safetynet.core.actor import Actor

log = logging.getLogger(__name__)
REFUSED = (403, 404)


class DenialMiddleware:
    """After PrincipalMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with collecting_denials() as denials:
            response = self.get_response(request)
        if not denials and response.status_code not in REFUSED:
            return response  # the common case: nothing more to do, nothing asked of the database
        principal: Any = getattr(request, "principal", None)
        if principal is None or not principal.is_authenticated:
            return response
        if not denials:
            denials = _page_refusal(request, response.status_code)
        if denials:
            try:
                with transaction.atomic():
                    for denial in denials:
                        _write(denial, principal, response.status_code)
            except DatabaseError:
                log.exception("audit: a refused attempt could not be written")
        return response


def _page_refusal(request: HttpRequest, status: int) -> list[Denial]:
    match = request.resolver_match
    if match is None or not match.url_name:
        return []
    ids = [str(v) for v in match.kwargs.values()]
    return [Denial(f"page:{match.url_name}"[:30], ",".join(ids)[:40], True)]


def _write(denial: Denial, principal: Actor, status: int) -> None:
    actor = denial.actor or principal
    detail: dict[str, Any] = {"exists": denial.exists, "status": status}
    if not denial.exists:
        seen = _probes(actor)
        limit = int(getattr(settings, "AUDIT_PROBE_ROWS_PER_MINUTE", 100))
        if seen > limit:
            if seen % limit:
                return
            detail["probes"] = limit
    audit_record(actor=actor, action="denied", object_type=denial.object_type,
                 object_id=denial.object_id, detail=detail)  # fmt: skip


def _probes(actor: Actor) -> int:
    """How many ids that do not exist this principal asked for in the current minute."""
    who = f"u{actor.user_id}" if actor.user_id is not None else f"c{actor.client_id}"
    key = f"audit:probes:{who}:{timezone.now():%Y%m%d%H%M}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key)
    except ValueError:
        return 1
