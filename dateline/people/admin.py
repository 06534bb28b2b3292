"""The people admin, and the author and agency inlines the desk's article admin shows."""

from __future__ import annotations

from django.contrib import admin

from dateline.people.models import AgencyCredit, Authorship, Person, PersonLink
from dateline.site.labelled_admin import LabelledInputsMixin


class PersonLinkInline(LabelledInputsMixin, admin.TabularInline):
    model = PersonLink
    extra = 1


@admin.register(Person)
class PersonAdmin(LabelledInputsMixin, admin.ModelAdmin):
    list_display = ["name", "name_ar", "title", "is_active", "user"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_ar", "slug", "login"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["photo", "user"]
    inlines = [PersonLinkInline]
    fieldsets = [
        (None, {"fields": ["name", "name_ar", "slug", "title", "title_ar", "is_active"]}),
        ("Profile", {"fields": ["bio", "bio_ar", "photo", "website"]}),
        ("Accounts", {"fields": ["user", "login"]}),
    ]


class AuthorshipInline(LabelledInputsMixin, admin.TabularInline):
    model = Authorship
    fields = ["person", "role", "position"]
    # Picked by typing: the people search above (names in both spellings, slug, login).
    autocomplete_fields = ["person"]
    extra = 1
    verbose_name_plural = "authors (in byline order)"

    class Media:
        js = ["people/select2-names.js"]


class AgencyCreditInline(LabelledInputsMixin, admin.StackedInline):
    model = AgencyCredit
    extra = 0
    max_num = 1
