"""Admin forms: upload a file, and set an image's focal point and per-ratio crops."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dateline.media.errors import MediaRejected
from dateline.media.focus import CROP_RATIOS, parse_box, set_focus
from dateline.media.geometry import fit_crop
from dateline.media.ingest import prepare, store
from dateline.media.models import MediaAsset

_WORDS = ("caption", "credit", "copyright", "alt_text")


class MediaUploadForm(forms.ModelForm):
    """Upload one image or video (with an optional poster) and its words."""

    upload = forms.FileField(
        label=_("File"),
        help_text=_("JPEG, PNG, WebP, GIF, AVIF (when supported), MP4 or WebM."),
    )
    poster_upload = forms.FileField(
        label=_("Poster"),
        required=False,
        help_text=_("For a video: the still shown before it plays (taken by ffmpeg if blank)."),
    )

    class Meta:
        model = MediaAsset
        fields = _WORDS

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is not None:
            try:
                self.prepared = prepare(upload, upload.name, poster=cleaned.get("poster_upload"))
            except MediaRejected as exc:
                self.add_error("upload", str(exc))
        return cleaned

    def save(self, commit: bool = True) -> MediaAsset:
        """Store the checked upload; the asset is saved whatever ``commit`` says."""
        words = {name: self.cleaned_data.get(name, "") for name in _WORDS}
        self.instance = store(self.prepared, **words)
        self.save_m2m = lambda: None
        return self.instance


class MediaFocusForm(forms.ModelForm):
    """Edit an asset's words, focal point (``"x,y"`` as fractions) and crops
    (``"left,top,width,height"`` in pixels); the admin's editor script fills them in."""

    focal = forms.CharField(required=False, widget=forms.HiddenInput)
    crop_4x3 = forms.CharField(required=False, widget=forms.HiddenInput)
    crop_16x9 = forms.CharField(required=False, widget=forms.HiddenInput)
    crop_1x1 = forms.CharField(required=False, widget=forms.HiddenInput)
    crop_3x2 = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = MediaAsset
        fields = (*_WORDS, "poster")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        asset = self.instance
        self.fields["focal"].initial = f"{asset.focal_x:.4f},{asset.focal_y:.4f}"
        crops = {c.ratio: c for c in asset.crops.all()} if asset.pk else {}
        for ratio in CROP_RATIOS:
            crop = crops.get(ratio)
            if crop is not None:
                value = f"{crop.left},{crop.top},{crop.width},{crop.height}"
                self.fields[f"crop_{ratio}"].initial = value

    def clean(self) -> dict:
        cleaned = super().clean()
        asset = self.instance
        if not asset.has_renditions:
            return cleaned
        try:
            self.focus = (self._focal(cleaned.get("focal")), self._crops(cleaned))
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        return cleaned

    def _focal(self, value: str | None) -> tuple[float, float]:
        if not value:
            return (self.instance.focal_x, self.instance.focal_y)
        try:
            x, y = (float(part) for part in value.split(","))
        except ValueError:
            raise ValueError(f"focal point {value!r} is not 'x,y' as fractions") from None
        if not (0 <= x <= 1 and 0 <= y <= 1):
            raise ValueError(f"focal point {value!r} lies outside the picture")
        return (x, y)

    def _crops(self, cleaned: dict) -> dict:
        crops = {}
        source = (self.instance.width, self.instance.height)
        for ratio in CROP_RATIOS:
            box = parse_box(cleaned.get(f"crop_{ratio}", ""), f"{ratio} crop")
            if box is not None:
                fit_crop(source, ratio, box)
            crops[ratio] = box
        return crops

    def apply_focus(self) -> bool:
        """Save the focal point and crops (after the asset itself is saved)."""
        if not hasattr(self, "focus"):
            return False
        return set_focus(self.instance, *self.focus)
