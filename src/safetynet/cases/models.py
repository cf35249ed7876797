"""Cases (個案): a family served by a lead unit (主責) and its assigned worker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from safetynet.agencies.models import Staff, Unit
from safetynet.people.models import Person


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    # The service line, e.g. "protection:child", "vulnerable_family", "service:mental_health".
    service = models.CharField(_("service"), max_length=40, db_index=True)
    lead_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="lead_cases")
    worker = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    persons: models.ManyToManyField[Person, CaseMember] = models.ManyToManyField(
        Person, through="CaseMember", related_name="cases"
    )

    class Meta:
        indexes = [models.Index(fields=["lead_unit", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"C{self.pk:08d}"

    @property
    def is_protection(self) -> bool:
        return self.service.startswith("protection:")


class CaseMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_memberships")
    role = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_member_unique"),
        ]
