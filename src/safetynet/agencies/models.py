"""Agencies, their units, the staff who work in them, and the systems that call the API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safetynet.geo.models import County, District


class AgencyKind(models.TextChoices):
    SOCIAL_AFFAIRS = "social_affairs", _("Social affairs bureau")
    HEALTH = "health", _("Health bureau")
    POLICE = "police", _("Police bureau")
    EDUCATION = "education", _("Education bureau")
    LABOUR = "labour", _("Labour bureau")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs / district office")
    NGO = "ngo", _("Contracted NGO")


class UnitKind(models.TextChoices):
    INTAKE_DESK = "intake_desk", _("Intake desk")
    FAMILY_WELFARE_CENTRE = "family_welfare_centre", _("Family welfare centre")
    PROTECTION_CENTRE = (
        "protection_centre",
        _("Domestic violence and sexual assault prevention centre"),
    )
    MENTAL_HEALTH_CENTRE = "mental_health_centre", _("Community mental health centre")
    DRUG_CENTRE = "drug_centre", _("Drug abuse prevention centre")
    POLICE_PRECINCT = "police_precinct", _("Police precinct")
    YOUTH_COUNSELLING = "youth_counselling", _("Youth counselling committee")
    SCHOOL_COUNSELLING = "school_counselling", _("Student counselling centre")
    LABOUR_SERVICE = "labour_service", _("Employment service")
    DISTRICT_OFFICE = "district_office", _("District office")
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    NGO_SERVICE = "ngo_service", _("NGO service")


class Role(models.TextChoices):
    SCREENER = "screener", _("Intake screener")
    SUPERVISOR = "supervisor", _("Supervisor")
    CASE_WORKER = "case_worker", _("Social worker")
    MH_SOCIAL_WORKER = "mh_social_worker", _("Mental-health social worker")
    CARE_VISITOR = "care_visitor", _("Care visitor")
    DRUG_CASE_MANAGER = "drug_case_manager", _("Drug case manager")
    POLICE_OFFICER = "police_officer", _("Police officer")
    SCHOOL_COUNSELLOR = "school_counsellor", _("School counsellor")
    PROGRAMME_ANALYST = "programme_analyst", _("Programme analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


# Roles that carry cases in a unit (they can be assigned as the worker of a case).
CASE_CARRYING_ROLES = frozenset(
    {Role.CASE_WORKER, Role.MH_SOCIAL_WORKER, Role.CARE_VISITOR, Role.DRUG_CASE_MANAGER}
)


class Agency(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=60)
    name_en = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    county = models.ForeignKey(County, on_delete=models.PROTECT)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    code = models.CharField(max_length=30, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(max_length=60)
    name_en = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=30, choices=UnitKind.choices)
    catchment = models.ManyToManyField(District, blank=True, related_name="units")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_intake_desk(self) -> bool:
        return self.kind == UnitKind.INTAKE_DESK


class Staff(models.Model):
    """A person who works in the platform: one login, one unit, one role."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=30, choices=Role.choices)
    display_name = models.CharField(max_length=40)
    # Who to reach: the office line or extension other units call (family page, case page).
    phone = models.CharField(_("office phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["unit", "display_name"]
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return self.display_name

    @property
    def at_desk(self) -> bool:
        return self.unit.is_intake_desk and self.role in (Role.SCREENER, Role.SUPERVISOR)


class ApiClient(models.Model):
    """A partner system (hotline, hospital, school system) calling the API with a token."""

    name = models.CharField(max_length=80)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="api_clients")
    channel = models.CharField(max_length=10, help_text="TWSS reporting-unit code")
    token_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
