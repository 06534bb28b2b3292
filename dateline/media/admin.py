from django.contrib import admin

from dateline.media.models import MediaAsset


@admin.register(MediaAsset)
class MediaAssetAdmin(admin.ModelAdmin):
    list_display = ["path", "kind", "ratio", "credit"]
    list_filter = ["kind", "ratio"]
    search_fields = ["caption", "credit", "alt_text"]
    raw_id_fields = ["poster"]
    show_full_result_count = False
