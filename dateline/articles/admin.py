from django import forms
from django.contrib import admin

from dateline.articles.html import sanitize_html
from dateline.articles.models import Article, ArticleType, Label
from dateline.related.models import RelatedPin


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "label",
            "label_separator",
            "article_type",
            "language",
            "summary",
            "body",
            "section",
            "topics",
            "story",
            "lead_media",
            "signature",
            "byline",
            "status",
            "published_at",
            "embargo_until",
            "breaking_until",
            "translation_key",
        ]

    def clean_body(self) -> str:
        return sanitize_html(self.cleaned_data.get("body", ""))


class RelatedPinInline(admin.TabularInline):
    model = RelatedPin
    fk_name = "article"
    raw_id_fields = ["target"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["id", "display_title", "language", "status", "section", "published_at"]
    list_filter = ["status", "language", "article_type", "label", "section"]
    search_fields = ["headline"]
    raw_id_fields = ["lead_media", "story", "signature"]
    autocomplete_fields = ["topics"]
    readonly_fields = ["sort", "created_at", "updated_at"]
    list_select_related = ["section", "label"]
    # Counting a million rows for every page view is the slowest thing the admin does.
    show_full_result_count = False
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [RelatedPinInline]
    date_hierarchy = None
    ordering = ["sort"]


@admin.register(ArticleType)
class ArticleTypeAdmin(admin.ModelAdmin):
    list_display = ["id", "code", "name"]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_breaking"]
