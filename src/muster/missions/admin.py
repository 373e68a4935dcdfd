from django.contrib import admin

from .models import Authorization, Country, Mission, Organization


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("iso3", "iso2", "name")
    search_fields = ("iso3", "name")


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "start", "end", "predecessor")


@admin.register(Authorization)
class AuthorizationAdmin(admin.ModelAdmin):
    list_display = ("instrument", "mission", "adopted", "expires", "personnel_ceiling")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country")
    search_fields = ("name",)
