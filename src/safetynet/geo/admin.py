from django.contrib import admin

from safetynet.geo.models import County, District, Village


@admin.register(County)
class CountyAdmin(admin.ModelAdmin[County]):
    list_display = ["code", "name", "exchange_code", "dataset_version"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["code", "name", "county", "dataset_version"]
    list_filter = ["county"]
    search_fields = ["name", "code"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin[Village]):
    list_display = ["name", "district"]
    list_filter = ["district"]
