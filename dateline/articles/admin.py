"""The admin of the article vocabulary: content types and labels. The article admin itself
is the desk's (``dateline/desk/article_admin.py``): it drives the desk's workflow."""

from __future__ import annotations

from django.contrib import admin

from dateline.articles.models import ArticleType, Label


@admin.register(ArticleType)
class ArticleTypeAdmin(admin.ModelAdmin):
    list_display = ["id", "code", "name"]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_breaking"]
