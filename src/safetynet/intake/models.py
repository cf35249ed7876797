"""Reports (通報), screening decisions (篩案), dispatches (派案) and their rule tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safetynet.agencies.models import ApiClient, Staff, Unit
from safetynet.cases.models import Case
from safetynet.geo.models import District, Village
from safetynet.people.models import Person, Sex


class ReporterType(models.TextChoices):
    MANDATED_SOCIAL = "mandated_social", _("Mandated reporter: social worker")
    MANDATED_MEDICAL = "mandated_medical", _("Mandated reporter: medical staff")
    MANDATED_EDUCATION = "mandated_education", _("Mandated reporter: teacher or school staff")
    MANDATED_POLICE = "mandated_police", _("Mandated reporter: police")
    MANDATED_OTHER = "mandated_other", _("Mandated reporter: other")
    VILLAGE_CHIEF = "village_chief", _("Village chief (村里長/幹事)")
    FAMILY = "family", _("Family member")
    NEIGHBOUR = "neighbour", _("Neighbour or friend")
    SELF = "self", _("The person themself")
    ANONYMOUS = "anonymous", _("Anonymous")
    OTHER = "other", _("Other")


class Concern(models.TextChoices):
    """What was seen. The protection types match the screening outcomes below."""

    CHILD_ABUSE = "child", _("Child abuse or neglect")
    IPV = "ipv", _("Intimate-partner violence")
    OTHER_FAMILY = "family", _("Violence between other family members")
    ELDER = "elder", _("Elder abuse")
    DISABILITY = "disability", _("Abuse of a person with disabilities")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    SUICIDE = "suicide", _("Suicide attempt or risk")
    MENTAL_HEALTH = "mental_health", _("Psychiatric emergency")
    DRUGS = "drugs", _("Drug use")


class VulnerableArea(models.TextChoices):
    """The six areas of the vulnerable-family checklist (脆弱家庭)."""

    ECONOMIC = "economic", _("Family in economic hardship")
    MISFORTUNE = "misfortune", _("Family struck by misfortune, functioning impaired")
    CONFLICT = "conflict", _("Family relationships in conflict or estranged")
    CHILD_DEVELOPMENT = "child_development", _("Children in adverse developmental circumstances")
    ILLNESS = "illness", _("Family member disabled, ill or incapacitated")
    ADJUSTMENT = "adjustment", _("Personal difficulty adjusting to daily life")


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate danger")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Awaiting screening")
    RETURNED = "returned", _("Returned by unit")
    NO_CASE_REVIEW = "no_case_review", _("No case: awaiting supervisor review")
    CLOSED_NO_CASE = "closed_no_case", _("Closed: no case")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged into open case")
    INVESTIGATING = "investigating", _("Under investigation by the centre")


# Reports in these states sit in the screening queue.
QUEUE_STATUSES = (ReportStatus.RECEIVED, ReportStatus.RETURNED)


class Progress(models.TextChoices):
    """How far a report got, as its filer may know it: never where it went or why."""

    RECEIVED = "received", _("Received, awaiting screening")
    IN_PROGRESS = "in_progress", _("Being screened")
    DISPATCHED = "dispatched", _("Screened and sent to a service, awaiting its acceptance")
    HANDED_OVER = "handed_over", _("Accepted by the responsible service")
    CLOSED = "closed", _("Closed after screening: no case opened")


# The steps a filer sees a report pass, in order, by their short names (a report closed
# without a case stops after screening).
PROGRESS_STEPS = (
    (Progress.RECEIVED, pgettext_lazy("progress step", "Received")),
    (Progress.IN_PROGRESS, pgettext_lazy("progress step", "Screened")),
    (Progress.DISPATCHED, pgettext_lazy("progress step", "Dispatched")),
    (Progress.HANDED_OVER, pgettext_lazy("progress step", "Accepted")),
)

PROGRESS = {
    ReportStatus.RECEIVED: Progress.RECEIVED,
    # Sent back by a supervisor or returned by a unit: at the desk again.
    ReportStatus.RETURNED: Progress.IN_PROGRESS,
    ReportStatus.INVESTIGATING: Progress.IN_PROGRESS,
    ReportStatus.NO_CASE_REVIEW: Progress.IN_PROGRESS,
    ReportStatus.DISPATCHED: Progress.DISPATCHED,
    ReportStatus.ACCEPTED: Progress.HANDED_OVER,
    ReportStatus.MERGED: Progress.HANDED_OVER,
    ReportStatus.CLOSED_NO_CASE: Progress.CLOSED,
}


class Report(models.Model):
    channel = models.CharField(_("channel"), max_length=10, help_text="TWSS reporting-unit code")
    # Reporter identity is confidential by law (兒少權法 §53, 家暴法 §50): desk roles only.
    reporter_type = models.CharField(
        _("reporter type"), max_length=30, choices=ReporterType.choices
    )
    reporter_name = models.CharField(_("reporter name"), max_length=60, blank=True)
    reporter_phone = models.CharField(_("reporter phone"), max_length=30, blank=True)
    reporter_organisation = models.CharField(_("reporter organisation"), max_length=80, blank=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    occurred_on = models.DateField(_("date of the event"), null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("district"))
    village = models.ForeignKey(Village, on_delete=models.PROTECT, null=True, blank=True)
    address = models.CharField(_("address"), max_length=120, blank=True)
    concerns = models.JSONField(_("concerns"), default=list)
    vulnerable_areas = models.JSONField(_("vulnerable-family areas"), default=list)
    narrative = models.TextField(_("what happened"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, db_index=True)
    grading_deadline = models.DateTimeField(db_index=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    is_re_report = models.BooleanField(default=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    filed_by_client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        indexes = [
            # The screening queue reads only unscreened reports, nearest deadline first: these
            # hold just those, in that order, so the page does not walk past every report
            # ever screened (bench/intake).
            models.Index(
                fields=["grading_deadline", "id"],
                condition=Q(status__in=QUEUE_STATUSES),
                name="intake_report_queue",
            ),
            models.Index(
                fields=["district", "grading_deadline", "id"],
                condition=Q(status__in=QUEUE_STATUSES),
                name="intake_report_queue_district",
            ),
            models.Index(fields=["district", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The report number people quote on the phone (通報編號)."""
        return f"R{self.pk:08d}"

    @property
    def in_queue(self) -> bool:
        return self.status in QUEUE_STATUSES

    @property
    def progress(self) -> Progress:
        return PROGRESS[ReportStatus(self.status)]


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Subject / victim (案主/被害人)")
    PERPETRATOR = "perpetrator", _("Alleged perpetrator (相對人)")
    CHILD = "child", _("Child in the household")
    HOUSEHOLD = "household", _("Household member")
    OTHER = "other", _("Other")


class MatchStatus(models.TextChoices):
    ID = "id", _("Matched by ID")
    NAME_BIRTH = "name_birth", _("Matched by name and birth date")
    AMBIGUOUS = "ambiguous", _("Several possible persons")
    # The ID is on file for a person of another name: not linked until the desk checks it.
    CONFLICT = "conflict", _("ID on file under another name")
    NEW = "new", _("New person")


class ReportPerson(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="report_entries"
    )
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    name = models.CharField(_("name"), max_length=60)
    id_number = models.CharField(_("ID number"), max_length=10, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    match_status = models.CharField(max_length=20, choices=MatchStatus.choices)
    candidates = models.JSONField(default=list)
    is_re_report = models.BooleanField(default=False)


class Outcome(models.TextChoices):
    PROTECTION = "protection", _("Protection")
    VULNERABLE_FAMILY = "vulnerable_family", _("Vulnerable family")
    OTHER_SERVICE = "other_service", _("Other service")
    MERGE = "merge", _("Merge into open case")
    NO_CASE = "no_case", _("No case")


class ProtectionType(models.TextChoices):
    CHILD = "child", _("Child protection")
    IPV = "ipv", _("Intimate-partner violence")
    FAMILY = "family", _("Violence between other family members")
    ELDER = "elder", _("Elder protection")
    DISABILITY = "disability", _("Disability protection")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")


class CpGrade(models.IntegerChoices):
    """Child-protection grade (兒少保護案件分級)."""

    URGENT = 1, _("Grade 1 (urgent)")
    GRADE_2 = 2, _("Grade 2")


class CpType(models.IntegerChoices):
    TYPE_1 = 1, _("Type 1")
    TYPE_2 = 2, _("Type 2")
    TYPE_3 = 3, _("Type 3")


class SdmSafety(models.TextChoices):
    SAFE = "safe", _("Safe")
    SAFE_WITH_PLAN = "safe_with_plan", _("Safe with a plan")
    UNSAFE = "unsafe", _("Unsafe")


class ReviewStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("No review needed")
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Sent back")


class ServiceGroup(models.Model):
    """One "other service" destination (心衛, 毒防, 少輔會 …); cities add their own."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=40)
    name_en = models.CharField(max_length=80)
    active = models.BooleanField(default=True)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class ScreeningDecision(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    protection_type = models.CharField(max_length=20, choices=ProtectionType.choices, blank=True)
    cp_grade = models.PositiveSmallIntegerField(choices=CpGrade.choices, null=True, blank=True)
    cp_type = models.PositiveSmallIntegerField(choices=CpType.choices, null=True, blank=True)
    sdm_safety = models.CharField(max_length=20, choices=SdmSafety.choices, blank=True)
    tipvda_items = models.JSONField(default=list, blank=True)
    tipvda_score = models.PositiveSmallIntegerField(null=True, blank=True)
    vulnerable_areas = models.JSONField(default=list, blank=True)
    vulnerable_factors = models.TextField(blank=True)
    factor_codes = models.JSONField(default=list, blank=True)
    service_group = models.ForeignKey(ServiceGroup, on_delete=models.PROTECT, null=True, blank=True)
    merge_case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True)
    no_case_reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    route_key = models.CharField(max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NOT_REQUIRED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at"]


class DeadlineKind(models.TextChoices):
    GRADING = "grading", _("Screening and grading after receipt")
    CP_GRADE1_CONTACT = "cp_grade1_contact", _("Grade 1 child protection: face-to-face contact")
    CP_GRADE2_CONTACT = "cp_grade2_contact", _("Grade 2 child protection: face-to-face contact")


class DispatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the unit")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class Dispatch(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="dispatches")
    decision = models.ForeignKey(ScreeningDecision, on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dispatches")
    status = models.CharField(
        max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.PENDING
    )
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dispatched_at = models.DateTimeField()
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["-dispatched_at"]
        indexes = [models.Index(fields=["unit", "status"])]


class InvestigationOutcome(models.TextChoices):
    OPEN_PROTECTION = "open_protection", _("Open a protection case")
    HAND_TO_FWC = "hand_to_fwc", _("Hand to the family welfare centre")
    CLOSE = "close", _("Close: no case")


class Investigation(models.Model):
    """社安網 2.0 (from 115年): the 通報調查處理中心 investigates on site before a case is opened.
    The desk assigns an investigator of the centre; the investigator visits and writes the
    investigation report; the report goes back to the queue, where the screening decision
    (protection, vulnerable family or no case) is its outcome. Only for reports received while
    the `intake.flow` rule in force says so; earlier reports follow the old flow."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="investigation")
    investigator = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    visited_at = models.DateTimeField(null=True, blank=True)
    visit_note = models.TextField(blank=True)
    findings = models.TextField(_("investigation report"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=InvestigationOutcome.choices, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
