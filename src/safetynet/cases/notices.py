"""Notifications: in the app, and by e-mail through Django's mail backend where the deployment
turns it on (`SAFETYNET_NOTICE_EMAIL`). A notice says what happened and links to it — never a
name or case content, in the app or in a mail. Written in the transaction of the event (the
mail is queued after it commits); the same event twice is one notice (`key`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.models import Staff
from safetynet.agencies.selectors import staff_holding
from safetynet.cases.models import OPEN_STATUSES, Case, Notice, NoticeKind
from safetynet.jobs.queue import enqueue, periodic


def notify(staff_ids: Iterable[int | None], kind: str, *, key: str, link: str, count: int = 1,
           at: dt.datetime | None = None) -> int:  # fmt: skip
    """One notice per recipient (again for the same key: nothing). How many were new."""
    ids = sorted({i for i in staff_ids if i})
    if not ids:
        return 0
    now = at or timezone.now()
    before = Notice.objects.filter(recipient_id__in=ids, kind=kind, key=key).count()
    Notice.objects.bulk_create(
        [Notice(recipient_id=i, kind=kind, key=key, link=link, count=count, created_at=now)
         for i in ids],
        ignore_conflicts=True,
    )  # fmt: skip
    new = len(ids) - before
    if new and getattr(settings, "SAFETYNET_NOTICE_EMAIL", False):
        transaction.on_commit(lambda: enqueue("safetynet.cases.notices.mail", kind, key))
    return new


def unit_staff(capability: str, unit_id: int | None) -> list[int]:
    return list(staff_holding(capability, unit_id=unit_id or 0).values_list("pk", flat=True))


def mail(kind: str, key: str) -> int:
    """Mail the recipients of a notice who have an address (a background job)."""
    label = dict(NoticeKind.choices).get(kind, kind)
    sent = 0
    for notice in Notice.objects.filter(kind=kind, key=key).select_related("recipient__user"):
        address = notice.recipient.user.email
        if address:
            send_mail(f"SafetyNet: {label}", _("Open SafetyNet to see it: %(link)s")
                      % {"link": notice.link}, None, [address])  # fmt: skip
            sent += 1
    return sent


def unread(staff: Staff | None) -> QuerySet[Notice]:
    if staff is None:
        return Notice.objects.none()
    return Notice.objects.filter(recipient=staff, read_at__isnull=True)


def notify_overdue(now: dt.datetime | None = None) -> int:
    """Once a day per worker: how many items of their open cases are overdue."""
    from safetynet.cases.due import dues

    now = now or timezone.now()
    today = timezone.localdate(now)
    counts: Counter[int] = Counter()
    cases = Case.objects.filter(status__in=OPEN_STATUSES, worker__isnull=False)
    for due in dues(cases, now=now):
        late = sum(1 for c in due.clocks if c.done_at is None and c.status == "overdue")
        late += sum(1 for w in due.windows if w.status == "overdue")
        if late and due.case.worker_id:
            counts[due.case.worker_id] += late
    new = 0
    for worker_id, count in counts.items():
        new += notify([worker_id], NoticeKind.OVERDUE, key=f"overdue:{today.isoformat()}",
                      link="/cases/week/", count=count, at=now)  # fmt: skip
    return new


periodic("cases.notify_overdue", "safetynet.cases.notices.notify_overdue", minutes=24 * 60)
