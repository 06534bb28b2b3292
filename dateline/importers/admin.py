"""Editors manage legacy redirects in the admin; import runs are shown read-only."""

from django import forms
from django.contrib import admin

from dateline.importers.models import ImportRun, Redirect, old_path_key


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "article", "media", "new_path"]

    def clean_old_path(self) -> str:
        # Stored in the one form requests are looked up in, however the editor typed it.
        return old_path_key(self.cleaned_data["old_path"])


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "target", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["old_path", "new_path"]
    raw_id_fields = ["article", "media"]
    readonly_fields = ["source", "created_at"]

    @admin.display(description="answers with")
    def target(self, obj: Redirect) -> str:
        return obj.target()


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "format", "source", "status", "records_done"]
    list_filter = ["format", "status"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
