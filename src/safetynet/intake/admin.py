"""Administrators edit the desk's rule tables here: routing, deadlines, service groups."""

from django.contrib import admin

from safetynet.intake.models import DeadlineRule, RoutingRule, ServiceGroup


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = ["route_key", "district", "unit", "effective_from", "note"]
    list_filter = ["route_key", "district"]
    autocomplete_fields = ["unit"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin[DeadlineRule]):
    list_display = ["kind", "hours", "effective_from", "source"]


@admin.register(ServiceGroup)
class ServiceGroupAdmin(admin.ModelAdmin[ServiceGroup]):
    list_display = ["code", "name", "name_en", "active", "sort"]
    list_editable = ["active", "sort"]
