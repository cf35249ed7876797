"""The person index: persons, their identifiers, households and addresses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from safetynet.geo.models import District, Village


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "U", _("Unknown")


class IdKind(models.TextChoices):
    NATIONAL = "national", _("National ID")
    RESIDENT_NEW = "resident_new", _("Resident certificate (new format)")
    RESIDENT_OLD = "resident_old", _("Resident certificate (old format)")
    NONE = "none", _("No ID")


class AddressParts(models.Model):
    """A Taiwanese address in its parts (縣市 comes from the district)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True)
    village = models.ForeignKey(Village, on_delete=models.PROTECT, null=True, blank=True)
    neighbourhood = models.CharField(_("neighbourhood (鄰)"), max_length=10, blank=True)
    street = models.CharField(_("road/street"), max_length=40, blank=True)
    section = models.CharField(_("section"), max_length=10, blank=True)
    lane = models.CharField(_("lane"), max_length=10, blank=True)
    alley = models.CharField(_("alley"), max_length=10, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    floor = models.CharField(_("floor"), max_length=10, blank=True)

    class Meta:
        abstract = True

    def address_line(self) -> str:
        parts = [
            self.district.county.name + self.district.name if self.district else "",
            self.village.name if self.village else "",
            f"{self.neighbourhood}鄰" if self.neighbourhood else "",
            self.street,
            f"{self.section}段" if self.section else "",
            f"{self.lane}巷" if self.lane else "",
            f"{self.alley}弄" if self.alley else "",
            f"{self.number}號" if self.number else "",
            f"{self.floor}樓" if self.floor else "",
        ]
        return "".join(parts)


class Person(models.Model):
    """One real human being in the index (人), however many systems know them."""

    name = models.CharField(_("name"), max_length=60)
    name_normalised = models.CharField(max_length=60, db_index=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    id_number = models.CharField(_("ID number"), max_length=10, null=True, blank=True, unique=True)
    id_kind = models.CharField(max_length=20, choices=IdKind.choices, default=IdKind.NONE)
    is_indigenous = models.BooleanField(default=False)
    tribe = models.CharField(max_length=4, blank=True, help_text="TWSS aborigine-tribe code")
    is_new_resident = models.BooleanField(default=False)
    nationality = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["name_normalised", "birth_date"])]

    def __str__(self) -> str:
        return self.name


class Confidential(models.TextChoices):
    """Addresses that are never shown (保密地址): disclosing one takes a second person."""

    NONE = "", _("Not confidential")
    SHELTER = "shelter", _("Shelter")
    FOSTER = "foster", _("Foster family")


class Household(AddressParts):
    """戶: people living at one registered address."""

    code = models.CharField(max_length=20, unique=True)
    confidential = models.CharField(
        max_length=10,
        choices=Confidential.choices,
        default=Confidential.NONE,
        db_default=Confidential.NONE,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other")


class HouseholdMembership(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "end"])]


class AddressDisclosure(models.Model):
    """A request to see a confidential address (a shelter's, a foster family's), with its
    reason; shown to the requester only once a second person approved it, and only for a set
    time (`people.address_disclosure`)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey("agencies.Staff", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "agencies.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    note = models.TextField(blank=True)
    until = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "household", "until"])]
