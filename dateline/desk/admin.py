from django.contrib import admin

from dateline.desk.models import Desk, Signature


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["__str__", "desk", "editor_code"]
    list_filter = ["desk"]
