"""Cases (個案): a family served by a lead unit (主責) and its assigned worker, in a programme.

Statuses are the ministry's `twss-case-status` codes; every change is a `CaseEvent` (who, when,
why, who approved), so a reopened case keeps all its history. Deadlines are never stored: they
are computed from the rule tables (`cases.rules`) and the record (`cases.due`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from safetynet.agencies.models import ApiClient, Staff, Unit
from safetynet.people.models import Household, Person


class CaseStatus(models.TextChoices):
    """twss-case-status codes."""

    ASSESSMENT = "F", _("Assessment")
    OPEN_REVIEW = "I", _("Open review")
    SERVICE = "B", _("In service")
    FOLLOW_UP = "D", _("Follow-up")
    CLOSE_REVIEW = "E", _("Closure awaiting supervisor")
    CLOSED = "C", _("Closed")
    NOT_OPENED = "N", _("Not opened")


OPEN_STATUSES = (
    CaseStatus.ASSESSMENT,
    CaseStatus.OPEN_REVIEW,
    CaseStatus.SERVICE,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSE_REVIEW,
)
ENDED_STATUSES = (CaseStatus.CLOSED, CaseStatus.NOT_OPENED)


class OpenDecision(models.TextChoices):
    """twss-open-case-status codes."""

    OPEN = "Y", _("Open the case")
    NOT_OPEN = "N", _("Do not open")
    SHORT_TERM = "S", _("Short-term service / one-off care")
    MISSING = "M", _("Missing child search")


class Case(models.Model):
    # The intake route that opened it ("protection:child", "vulnerable_family", "service:drugs").
    service = models.CharField(_("service"), max_length=40, db_index=True)
    # The programme (cases.programmes) and its category (drug 1–3, mental-health class A–E …).
    programme = models.CharField(_("programme"), max_length=40, blank=True, db_index=True)
    category = models.CharField(_("category"), max_length=10, blank=True)
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="lead_cases")
    worker = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    status = models.CharField(
        max_length=1, choices=CaseStatus.choices, default=CaseStatus.ASSESSMENT
    )
    open_decision = models.CharField(max_length=1, choices=OpenDecision.choices, blank=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # The report's receipt (legal clocks count from it) and its child-protection grade.
    received_at = models.DateTimeField(null=True, blank=True)
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    # Contact schedules count from this day (acceptance, or a discharge the worker records).
    schedule_start = models.DateField(null=True, blank=True)
    # Incremented by every change: an edit made on an older version is refused (stale).
    version = models.PositiveIntegerField(default=1)
    persons: models.ManyToManyField[Person, CaseMember] = models.ManyToManyField(
        Person, through="CaseMember", related_name="cases"
    )

    class Meta:
        indexes = [
            models.Index(fields=["lead_unit", "status"]),
            models.Index(fields=["worker", "status"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"C{self.pk:08d}"

    @property
    def is_protection(self) -> bool:
        return self.service.startswith("protection:")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def schedule_code(self) -> str:
        return f"{self.programme}:{self.category}" if self.category else self.programme


class CaseMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_memberships")
    role = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_member_unique"),
        ]


class EventKind(models.TextChoices):
    STATUS = "status", _("Status change")
    REPORT = "report", _("Written report")
    RETURNED = "returned", _("Returned by the supervisor")
    LEAD = "lead", _("Lead unit changed")
    WORKER = "worker", _("Worker assigned")


class CaseEvent(models.Model):
    """One step of a case's history, never changed afterwards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    status_from = models.CharField(max_length=1, choices=CaseStatus.choices, blank=True)
    status_to = models.CharField(max_length=1, choices=CaseStatus.choices, blank=True)
    # The open decision proposed or approved (Y/N/S/M), or the written report's clock.
    code = models.CharField(max_length=30, blank=True)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "kind"])]


class Contact(models.Model):
    """A contact or visit (twss-visit-service-method, twss-visit-target)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField(_("when"))
    method = models.CharField(_("method"), max_length=2)
    target = models.CharField(_("with whom"), max_length=3)
    place = models.CharField(_("place"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Other units present (a joint visit, 共訪, counts for each of them).
    joint_units = models.ManyToManyField(Unit, blank=True, related_name="joint_contacts")
    # A person, or the unit's partner system that posted it (the API).
    recorded_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "at"])]


class ContactRevision(models.Model):
    """What a contact said before an edit made after the editing grace period."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    replaced_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]


class HandoffKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    COWORK = "cowork", _("Co-working request")
    TRANSFER = "transfer", _("Transfer of the lead")


class HandoffStatus(models.TextChoices):
    """twss-referral-handling-status codes (used for co-working and transfers too)."""

    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REFERRED_AGAIN = "referred-again", _("Referred on")
    NOT_ACCEPTED = "not-accepted", _("Not accepted")
    RETURNED = "returned", _("Returned")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    OTHER = "other", _("Other")


class Handoff(models.Model):
    """A referral (轉介), a co-working request (協同) or a transfer of the lead (轉銜主責) from a
    case's lead unit to another unit — or, for a referral, to an organisation outside the city's
    staff (an NGO, a hospital, a school), whose answer the sender records. Not done until the
    sender has seen the outcome (`seen_at`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handoffs")
    kind = models.CharField(max_length=10, choices=HandoffKind.choices)
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="handoffs_received"
    )
    to_organisation = models.CharField(_("organisation"), max_length=80, blank=True)
    note = models.TextField(_("what is asked"))
    sent_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    reply_by = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=HandoffStatus.choices, default=HandoffStatus.PENDING
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # The worker the receiving unit assigns when it accepts a transfer.
    new_worker = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seen_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["to_unit", "status"]),
            models.Index(fields=["from_unit", "seen_at"]),
        ]


class CaseUnit(models.Model):
    """Who leads (主責) and who co-works (協同) a case, and when: the lead's history is kept; a
    former lead reads the case for a grace period (`cases.handoff_limits`)."""

    LEAD = "lead"
    COWORK = "cowork"
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=[(LEAD, _("Lead")), (COWORK, _("Co-working"))])
    worker = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")  # fmt: skip
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["since", "pk"]
        indexes = [models.Index(fields=["unit", "until"])]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("In effect")
    RETURNED = "returned", _("Returned")
    REPLACED = "replaced", _("Replaced by a later version")


class Plan(models.Model):
    """A service plan (處遇計畫), versioned: a version takes effect only once the lead unit's
    supervisor(s) approved it (the programme's `plan_approvals` steps); a new version starts
    from the one in effect, which stays until the new one is approved."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveIntegerField()
    goals = models.TextField(_("goals"))
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    written_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    effective_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_number_unique"),
        ]


class PlanAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    review_on = models.DateField(_("review date"))

    class Meta:
        ordering = ["review_on", "pk"]


class PlanApproval(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="approvals")
    step = models.PositiveSmallIntegerField()
    approved = models.BooleanField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class NoticeKind(models.TextChoices):
    DISPATCH = "dispatch", _("A new dispatch for your unit")
    MERGED = "merged", _("A report was merged into your case")
    RE_REPORT = "re_report", _("A person in your open case was reported again")
    HANDOFF_RECEIVED = (
        "handoff_received",
        _("A referral, co-working request or transfer for your unit"),
    )
    HANDOFF_ANSWERED = "handoff_answered", _("Your referral was answered")
    APPROVAL = "approval", _("A decision awaits your approval")
    OVERDUE = "overdue", _("Items of your cases are overdue")
    DISPUTE = "dispute", _("A dispute over the lead awaits a decision")
    BREAKGLASS = "breakglass", _("A break-the-glass awaits your review")
    ANOMALY = "anomaly", _("An access alert awaits your look")


class Notice(models.Model):
    """An in-app notification (and an e-mail where the deployment sends them). It names what
    happened and links to it; no case content. `key` makes a repeated event one notice."""

    recipient = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    key = models.CharField(max_length=80)
    link = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="notice_once"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]


class Tracked(models.Model):
    """列管: a major case tracked for the head of the bureau, with its owner, next step and due
    date, until the tracking is closed with a reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tracking")
    reason = models.CharField(_("why it is tracked"), max_length=200)
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    next_step = models.CharField(_("next step"), max_length=200)
    due_on = models.DateField(_("due"))
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(closed_at__isnull=True),
                name="tracked_once_while_open",
            ),
        ]


class Dispute(models.Model):
    """主責爭議: the lead unit asked another to take a case (a transfer), which declined; the
    question goes to the desk (case.arbitrate), to be decided by a date (`dispute_days`) and
    recorded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disputes")
    handoff = models.OneToOneField(Handoff, on_delete=models.PROTECT, related_name="dispute")
    raised_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    reason = models.TextField(_("why the other unit should lead"))
    decide_by = models.DateTimeField()
    lead = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")  # fmt: skip
    decided_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["decide_by", "pk"]


class Assessment(models.Model):
    """One use of an assessment instrument on a case: the rule version it was scored by, the
    answers (item numbers answered yes, or the option chosen), the score and its band."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.CharField(max_length=30)
    rule_version = models.PositiveIntegerField()
    answers = models.JSONField(default=list)
    option = models.CharField(max_length=30, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=30, blank=True)
    by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]


class BreakGlass(models.Model):
    """Break-the-glass (緊急調閱): a worker reads a case outside their unit's relations, for a
    set time (`cases.breakglass`), having typed why. Every page read meanwhile is audited as
    usual; the grant waits on the review list of the worker's supervisors and the auditors
    until one of them reviews it."""

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="breakglass")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="breakglass")
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField()
    until = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    justified = models.BooleanField(null=True)
    review_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["staff", "case", "until"]),
            models.Index(fields=["reviewed_at", "started_at"]),
        ]


class FamilyLeadReason(models.TextChoices):
    FIRST_CASE = "first_case", _("Its case was the family's first open case")
    PREVIOUS_ENDED = "previous_ended", _("The previous lead unit has no open case of the family")
    HANDED_OVER = "handed_over", _("Handed over by the previous lead unit")
    DECIDED = "decided", _("Decided by the intake desk")


class FamilyLead(models.Model):
    """One lead unit per family (家庭主責) at a time, and who led when: every other unit serving
    the family co-works with it. Set by the family's first open case, moved when the lead unit
    has no open case of the family left, handed over or decided by the desk."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")  # fmt: skip
    reason = models.CharField(max_length=20, choices=FamilyLeadReason.choices)
    note = models.CharField(max_length=200, blank=True)
    set_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")  # fmt: skip
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-since", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(until__isnull=True), name="one_family_lead"
            )
        ]
