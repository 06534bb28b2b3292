from django.contrib import admin

from dateline.related.models import RelatedPin


@admin.register(RelatedPin)
class RelatedPinAdmin(admin.ModelAdmin):
    list_display = ["article", "target", "position"]
    raw_id_fields = ["article", "target"]
