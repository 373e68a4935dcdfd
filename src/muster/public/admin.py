from django.contrib import admin

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("mission", "strength", "funding", "incidents", "timeline", "licence")
