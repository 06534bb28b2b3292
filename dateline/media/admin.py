from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from dateline.media.focus import CROP_RATIOS
from dateline.media.forms import MediaFocusForm, MediaUploadForm
from dateline.media.models import Gallery, GalleryItem, MediaAsset
from dateline.media.renditions import Spec, formats_for, rendition_path, widths_for
from dateline.site.urlbuilder import urls


def _editor_width(asset: MediaAsset) -> int:
    fitting = [w for w in widths_for(asset) if w <= 1200]
    return fitting[-1] if fitting else widths_for(asset)[0]


@admin.register(MediaAsset)
class MediaAssetAdmin(admin.ModelAdmin):
    list_display = ["path", "kind", "ratio", "credit", "has_alt_text"]
    list_filter = ["kind", "ratio"]
    search_fields = ["caption", "credit", "alt_text"]
    raw_id_fields = ["poster"]
    show_full_result_count = False
    form = MediaFocusForm
    add_form = MediaUploadForm
    add_fieldsets = [
        (
            None,
            {"fields": ["upload", "poster_upload", "alt_text", "caption", "credit", "copyright"]},
        )
    ]
    readonly_fields = ["file_link", "details", "focus_editor", "previews"]

    class Media:
        js = ["media/focus-editor.js"]
        css = {"all": ["media/focus-editor.css"]}

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        sets = [
            (
                None,
                {"fields": ["file_link", "details", "alt_text", "caption", "credit", "copyright"]},
            )
        ]
        if obj.is_video:
            sets[0][1]["fields"].append("poster")
        if obj.has_renditions:
            crops = [f"crop_{ratio}" for ratio in CROP_RATIOS]
            sets.append(
                (
                    _("Focal point and crops"),
                    {"fields": ["focus_editor", "focal", *crops, "previews"]},
                )
            )
        return sets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = ["caption", "credit", "copyright", "alt_text"]
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and isinstance(form, MediaFocusForm):
            form.apply_focus()

    @admin.display(boolean=True, description=_("alt text"))
    def has_alt_text(self, obj: MediaAsset) -> bool:
        return bool(obj.alt_text.strip())

    @admin.display(description=_("file"))
    def file_link(self, obj: MediaAsset) -> str:
        return format_html('<a href="{}">{}</a>', obj.url, obj.path)

    @admin.display(description=_("details"))
    def details(self, obj: MediaAsset) -> str:
        size = f"{obj.width}×{obj.height}" if obj.width else "—"
        duration = f", {obj.duration:.1f} s" if obj.duration else ""
        return f"{obj.mime_type or obj.kind}, {size}{duration}"

    @admin.display(description=_("editor"))
    def focus_editor(self, obj: MediaAsset) -> str:
        if not obj.has_renditions:
            return "—"
        spec = Spec("orig", _editor_width(obj), formats_for(obj)[0])
        return format_html(
            '<div class="focus-editor" data-width="{}" data-height="{}" data-ratios="{}">'
            '<p class="help">{}</p>'
            '<div class="focus-editor__stage"><img class="focus-editor__image" src="{}" alt="{}" '
            'draggable="false"></div></div>',
            obj.width,
            obj.height,
            " ".join(CROP_RATIOS),
            _(
                "Focal point: click the subject (or use the arrow keys). A ratio: choose it, "
                "then drag a box; it overrides the focal point for that ratio only."
            ),
            urls.media(rendition_path(obj, spec)),
            obj.alt_text,
        )

    @admin.display(description=_("renditions"))
    def previews(self, obj: MediaAsset) -> str:
        if not obj.has_renditions:
            return "—"
        own = formats_for(obj)[0]
        width = widths_for(obj)[0]
        return format_html_join(
            "",
            '<figure class="focus-preview"><img src="{}" alt="" data-ratio="{}">'
            "<figcaption>{}</figcaption></figure>",
            (
                (urls.media(rendition_path(obj, Spec(r, width, own))), r, r)
                for r in (*CROP_RATIOS, "orig")
            ),
        )


class GalleryItemInline(admin.TabularInline):
    model = GalleryItem
    raw_id_fields = ["asset"]
    fields = ["position", "asset", "caption"]
    extra = 3


@admin.register(Gallery)
class GalleryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article"]
    raw_id_fields = ["article"]
    inlines = [GalleryItemInline]
