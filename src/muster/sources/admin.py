from django.contrib import admin

from .models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("published_on", "publisher", "title", "reliability", "credibility")
    search_fields = ("title", "publisher")
