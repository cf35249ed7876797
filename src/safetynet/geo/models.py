"""Places: counties/cities (縣市), districts (鄉鎮市區) and villages (村里)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """縣市. `code` is the interior ministry's 5-digit code; `exchange_code` the TWSS one."""

    code = models.CharField(max_length=5, unique=True)
    exchange_code = models.CharField(max_length=10, blank=True)
    name = models.CharField(max_length=20)
    name_en = models.CharField(max_length=60, blank=True)
    dataset_version = models.CharField(max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county or city")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """鄉鎮市區, with its 8-digit code (county code + 3 digits)."""

    code = models.CharField(max_length=8, unique=True)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(max_length=20)
    dataset_version = models.CharField(max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """村里."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(max_length=20)

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="village_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
