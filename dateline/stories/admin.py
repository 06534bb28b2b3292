from django.contrib import admin

from dateline.stories.models import Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "updated_at"]
    search_fields = ["title"]
