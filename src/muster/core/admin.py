from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import ObjectChange, ObjectPermission, User


@admin.register(User)
class MusterUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Scope", {"fields": ("country", "organization")}),)
    list_display = ("username", "first_name", "last_name", "country", "organization", "is_active")


@admin.register(ObjectPermission)
class ObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ("name", "enabled", "object_types", "actions", "constraints")
    filter_horizontal = ("groups", "users")


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    list_display = ("time", "user_name", "action", "object_type", "object_repr", "message")
    list_filter = ("action", "object_type")
    readonly_fields = [f.name for f in ObjectChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the change log is never edited
