"""Editors manage legacy redirects in the admin; import runs, imported comments and what an
import kept of each item (SEO title and description, sticky flag) are shown read-only."""

from django import forms
from django.contrib import admin

from dateline.importers.models import (
    ImportedComment,
    ImportedItem,
    ImportRun,
    Redirect,
    old_path_key,
)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """An archive of what an import brought: read, searched, never written by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportedComment)
class ImportedCommentAdmin(ReadOnlyAdmin):
    list_display = ["posted_at", "author_name", "article", "approved", "kind"]
    list_filter = ["approved", "kind"]
    search_fields = ["text", "author_name", "author_email", "=article__id"]
    list_select_related = ["article"]
    date_hierarchy = "posted_at"


@admin.register(ImportedItem)
class ImportedItemAdmin(ReadOnlyAdmin):
    list_display = ["key", "article", "media", "meta", "updated_at"]
    search_fields = ["=key", "=article__id"]
    list_select_related = ["article", "media"]
