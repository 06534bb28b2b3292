"""The people admin, and the author and agency inlines the desk's article admin shows."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models

from dateline.people import names
from dateline.people.models import AgencyCredit, Authorship, Person, PersonLink
from dateline.site.labelled_admin import LabelledInputsMixin

# A web address typed without a scheme is read as https (Django 6's default, chosen now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class PersonLinkInline(LabelledInputsMixin, admin.TabularInline):
    model = PersonLink
    extra = 1
    formfield_overrides = HTTPS_URLS


class PersonForm(forms.ModelForm):
    """The person as editors change it; saving writes the names' search key too. (The
    admin gives it its model and fields.)"""

    def save(self, commit: bool = True) -> Person:
        names.keyed(self.instance)
        return super().save(commit)


@admin.register(Person)
class PersonAdmin(LabelledInputsMixin, admin.ModelAdmin):
    form = PersonForm
    formfield_overrides = HTTPS_URLS
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

    def get_search_results(self, request, queryset, search_term):
        """Find people as the search fields do, and also by any spelling of a whole name
        (the authors inline's autocomplete asks here)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(names.matching(search_term))
        return found, may_have_duplicates


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
