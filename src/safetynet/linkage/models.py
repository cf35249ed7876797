"""External systems' lists, the records in them, linkage runs, the review queue and decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safetynet.people.models import Person


class SourceSystem(models.Model):
    """A national or local system whose lists we link (精神照護, 自殺通報, 毒品個管, …).

    Need-to-know is the capability table's: `system.<code>.exists` may see that a person has
    a record here, `system.<code>.content` may also read it (`linkage.policy`).
    """

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    column_mapping = models.JSONField(
        default=dict, blank=True, help_text="our column -> the header in this system's files"
    )

    def __str__(self) -> str:
        return self.name


class Upload(models.Model):
    source = models.ForeignKey(SourceSystem, on_delete=models.PROTECT, related_name="uploads")
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    uploaded_at = models.DateTimeField()
    record_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="upload_once_per_source")
        ]


class ExternalRecord(models.Model):
    """One row of a system's list, as the system wrote it, and the person it is linked to."""

    source = models.ForeignKey(SourceSystem, on_delete=models.PROTECT, related_name="records")
    external_id = models.CharField(max_length=80)  # the record's id in its own system
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="records")
    name = models.CharField(max_length=120, blank=True)
    national_id = models.CharField(max_length=20, blank=True)
    birth_date = models.CharField(max_length=40, blank=True)
    sex = models.CharField(max_length=10, blank=True)
    address = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    extra = models.JSONField(default=dict, blank=True)  # the list's other columns: content
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="external_records"
    )
    link_probability = models.FloatField(null=True, blank=True)
    # Why: the strongest link into its person's cluster, [[field, level, weight], …] (prior first).
    link_evidence = models.JSONField(default=list, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="one_record_per_id")
        ]
        indexes = [models.Index(fields=["person", "source"])]

    def __str__(self) -> str:
        return f"{self.source.code}:{self.external_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunStage(models.TextChoices):
    READ = "read", _("Reading the index and the lists")
    PREPARE = "prepare", _("Preparing names, dates and addresses")
    TRAIN = "train", _("Training the model")
    PREDICT = "predict", _("Scoring pairs")
    CLUSTER = "cluster", _("Grouping records into persons")
    SAVE = "save", _("Saving links")


class LinkRun(models.Model):
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(max_length=40, blank=True, choices=RunStage.choices)
    # True while the run is queued or running, else null: the unique constraint lets one run
    # at a time hold it, however many start at once.
    active = models.BooleanField(null=True, unique=True)
    # The worker carrying the run writes this while it works; a run whose beat stopped died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    figures = models.JSONField(default=dict, blank=True)  # records, persons, new, review, pairs
    error = models.TextField(blank=True)


class HeldBack(models.TextChoices):
    """Why a pair at or above the link probability waits for a person (pipeline.held_back)."""

    TWINS = "twins", _("Held back: the same birth date and names that differ in the last"
                       " character (twins?).")  # fmt: skip
    RULE = "rule", _("Held back: the names (or the ID numbers) do not agree enough to link"
                     " without a person.")  # fmt: skip
    CONSTRAINTS = "constraints", _("Held back: joining would put records of two ID numbers,"
                                   " birth dates or sexes in one person, or a record is pulled"
                                   " towards two persons.")  # fmt: skip


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    CONFIRMED = "confirmed", _("Same person")
    REJECTED = "rejected", _("Different persons")
    SUPERSEDED = "superseded", _("Replaced by a later run")


class ReviewPair(models.Model):
    """A grey-zone pair: a record and either another record or an index person."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="review_pairs")
    record = models.ForeignKey(ExternalRecord, on_delete=models.CASCADE, related_name="+")
    other_record = models.ForeignKey(
        ExternalRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    other_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    probability = models.FloatField()
    evidence = models.JSONField(default=list)  # [[field, level, weight], …]
    # Why a pair the model scored high enough to link was not linked; "" for the grey zone.
    held_back = models.CharField(max_length=12, choices=HeldBack.choices, blank=True, default="")
    status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "probability"])]


class LinkDecision(models.Model):
    """A person's word on two things (r:<record id> or p:<person id>): the same person or not.
    Every later run obeys it."""

    left = models.CharField(max_length=30)
    right = models.CharField(max_length=30)
    same_person = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    decided_at = models.DateTimeField()
    reason = models.CharField(max_length=20)  # review, unmerge
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["left", "right"])]


class RecordLinkEvent(models.Model):
    """Every change of the person a record is linked to: nothing is lost, anything can be undone."""

    record = models.ForeignKey(ExternalRecord, on_delete=models.CASCADE, related_name="events")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    previous_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=20)  # run, review, unmerge
    run = models.ForeignKey(LinkRun, on_delete=models.SET_NULL, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    at = models.DateTimeField()
