"""Media assets: photos and videos stored at the reference's dated paths, their renditions,
editor crops and photo galleries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dateline.media.paths import MediaPath, parse_media_path

RATIO_CHOICES = [
    ("4x3", "4x3"),
    ("16x9", "16x9"),
    ("1x1", "1x1"),
    ("3x2", "3x2"),
    ("orig", _("original")),
]


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
    alt_text = models.CharField(
        max_length=500, blank=True, help_text=_("Required before an article using it is published.")
    )
    poster = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Still image shown for a video."),
    )
    # Where the picture's subject is, as fractions of its width and height; crops keep it in.
    focal_x = models.FloatField(default=0.5)
    focal_y = models.FloatField(default=0.5)
    # Ticks of the current focal point and crops. Renditions are named with them, so a new
    # crop gets new URLs and caches that keep files for a year never show the old one.
    version_ticks = models.BigIntegerField(null=True, blank=True)
    mime_type = models.CharField(max_length=40, blank=True)
    byte_size = models.BigIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True, help_text=_("Seconds (videos)."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("media asset")
        ordering = ["-ticks"]
        indexes = [models.Index(fields=["site", "version_ticks"], name="media_rendition_lookup")]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        """Return the reference path, such as ``/2016/01/18/site_<ticks>_25f_4x3.jpg``."""
        return "/" + self.file.name

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower()

    @property
    def is_video(self) -> bool:
        return self.kind == self.Kind.VIDEO

    @property
    def has_renditions(self) -> bool:
        """Tell whether renditions can be made: an uploaded image of known size."""
        return (
            self.kind == self.Kind.IMAGE
            and self.version_ticks is not None
            and bool(self.width and self.height)
        )

    @property
    def picture(self) -> MediaAsset | None:
        """Return the image to show for this asset: itself, or a video's poster."""
        return self.poster if self.is_video else self

    @property
    def url(self) -> str:
        from dateline.site.urlbuilder import urls

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


class Crop(models.Model):
    """An editor-set crop of one ratio, in pixels of the stored image; it overrides the
    focal point for that ratio only."""

    asset = models.ForeignKey(MediaAsset, on_delete=models.CASCADE, related_name="crops")
    ratio = models.CharField(max_length=8, choices=RATIO_CHOICES)
    left = models.PositiveIntegerField()
    top = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "ratio"], name="unique_crop_per_ratio")
        ]
        verbose_name = _("crop")

    def __str__(self) -> str:
        return f"{self.ratio} {self.left},{self.top},{self.width},{self.height}"

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.left, self.top, self.left + self.width, self.top + self.height)


class Rendition(models.Model):
    """A derived file: one ratio, width and format of an asset at one crop version."""

    asset = models.ForeignKey(MediaAsset, on_delete=models.CASCADE, related_name="renditions")
    version = models.BigIntegerField()
    spec = models.CharField(max_length=40)
    file = models.FileField(max_length=255, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Measured when the file is written, so that no output reads the disk for it.
    byte_size = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            # Two workers asked for the same rendition at once: one insert wins, the other
            # reads the winner's row (see renditions.find_or_create).
            models.UniqueConstraint(
                fields=["asset", "version", "spec"], name="unique_rendition_spec"
            )
        ]
        verbose_name = _("rendition")

    def __str__(self) -> str:
        return self.file.name


class Gallery(models.Model):
    """An article's photo set (the reference's ``PICS`` items), shown in order."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="gallery"
    )
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def __str__(self) -> str:
        return self.title or f"Gallery of article {self.article_id}"


class GalleryItem(models.Model):
    """One photo of a gallery, with its own caption (the asset's caption when blank)."""

    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey(
        MediaAsset,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": MediaAsset.Kind.IMAGE},
    )
    position = models.PositiveIntegerField(default=0)
    caption = models.TextField(blank=True)

    class Meta:
        ordering = ["gallery", "position", "pk"]
        verbose_name = _("gallery photo")

    def __str__(self) -> str:
        return f"{self.gallery_id} #{self.position}"

    @property
    def shown_caption(self) -> str:
        return self.caption or self.asset.caption
