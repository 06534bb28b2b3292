from django.contrib import admin

from dateline.desk import (  # noqa: F401 - register the article and story admins
    article_admin,
    story_admin,
)
from dateline.desk.models import Alert, Correction, Desk, Signature, Transition


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["__str__", "desk", "editor_code", "user"]
    list_filter = ["desk"]
    raw_id_fields = ["user"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "at", "author"]
    list_filter = ["kind"]
    raw_id_fields = ["article"]
    readonly_fields = ["author"]
    show_full_result_count = False


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    """The audit log: read-only, so nobody rewrites who did what."""

    list_display = ["at", "article", "action", "from_status", "to_status", "user", "reason"]
    list_filter = ["action", "to_status"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article", "message", "acknowledged"]
    list_filter = ["acknowledged"]
    list_editable = ["acknowledged"]
    readonly_fields = ["article", "message", "due_at", "created_at"]
