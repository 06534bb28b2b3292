"""Template tags for pictures: ``{% picture %}`` (responsive renditions) and ``{% gallery %}``."""

from __future__ import annotations

from django import template

from dateline.media.galleries import items_of
from dateline.media.models import MediaAsset
from dateline.media.renditions import picture as picture_data

register = template.Library()


@register.inclusion_tag("media/_picture.html")
def picture(
    asset: MediaAsset | None,
    ratio: str = "4x3",
    sizes: str = "100vw",
    alt: str | None = None,
    loading: str = "lazy",
    css_class: str = "",
) -> dict:
    """Render ``asset`` at ``ratio`` as a ``<picture>`` with srcsets in its format and WebP.

    ``alt`` defaults to the asset's alt text; pass ``""`` for a decorative copy. An asset with
    no renditions (an imported file of unknown size) renders as a plain ``<img>``.
    """
    if asset is None:
        return {"asset": None}
    return {
        "asset": asset,
        "data": picture_data(asset, ratio) if asset.has_renditions else None,
        "sizes": sizes,
        "alt": asset.alt_text if alt is None else alt,
        "loading": loading,
        "css_class": css_class,
        "ratio": ratio,
    }


@register.inclusion_tag("media/_gallery.html")
def gallery(article) -> dict:
    """Render the article's photo gallery, if it has one, as an ordered list of figures."""
    items = sorted(items_of(article), key=lambda item: (item.position, item.pk))
    return {"items": items, "gallery": items[0].gallery if items else None}
