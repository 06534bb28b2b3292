"""Media assets: photos and videos stored at the reference's dated paths."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dateline.media.paths import MediaPath, parse_media_path


class MediaAsset(models.Model):
    """One stored file (an image or a video) named by the reference path scheme."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        VIDEO = "video", _("video")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IMAGE)
    # The storage name is the reference path without its leading slash: 2016/01/18/x_1_25f_4x3.jpg
    file = models.FileField(max_length=255, unique=True)
    site = models.CharField(max_length=40)
    ticks = models.BigIntegerField()
    size_code = models.CharField(max_length=10)
    ratio = models.CharField(max_length=8)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=300, blank=True)
    copyright = models.CharField(max_length=300, blank=True)
    alt_text = models.CharField(max_length=500, blank=True)
    poster = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Still image shown for a video."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("media asset")
        ordering = ["-ticks"]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """Return the reference path, such as ``/2016/01/18/site_<ticks>_25f_4x3.jpg``."""
        return "/" + self.file.name

    @property
    def is_video(self) -> bool:
        return self.kind == self.Kind.VIDEO

    @property
    def picture(self) -> MediaAsset | None:
        """Return the image to show for this asset: itself, or a video's poster."""
        return self.poster if self.is_video else self

    @property
    def url(self) -> str:
        from dateline.public.urlbuilder import urls

        return urls.media(self.path)

    @classmethod
    def from_path(cls, path: str, **fields) -> MediaAsset:
        """Return an unsaved asset for a reference path (the file itself is not touched)."""
        parsed: MediaPath = parse_media_path(path)
        kind = cls.Kind.VIDEO if parsed.is_video else cls.Kind.IMAGE
        asset = cls(
            kind=kind,
            site=parsed.site,
            ticks=parsed.ticks,
            size_code=parsed.size,
            ratio=parsed.ratio,
            **fields,
        )
        asset.file.name = parsed.storage_name
        return asset
