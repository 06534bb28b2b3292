"""Embeds in article bodies: which sites a pasted URL is a player of, and the element that
stands for it (``<figure class="embed" data-provider>`` with a link and a caption).

The desk's editor and the WordPress importer write the same element; the reader page turns
it into a click-to-load facade (``public/static/dateline/embeds.js``), so no third party is
contacted before the reader asks.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

# Sites whose URLs are players (WordPress's oEmbed providers and more), by host suffix.
EMBED_PROVIDERS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "twitter.com": "X (Twitter)",
    "x.com": "X (Twitter)",
    "wordpress.tv": "WordPress.tv",
    "vimeo.com": "Vimeo",
    "soundcloud.com": "SoundCloud",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "flickr.com": "Flickr",
    "spotify.com": "Spotify",
    "tiktok.com": "TikTok",
    "dailymotion.com": "Dailymotion",
    "ted.com": "TED",
    "reddit.com": "Reddit",
    "tumblr.com": "Tumblr",
    "mixcloud.com": "Mixcloud",
    "scribd.com": "Scribd",
    "slideshare.net": "SlideShare",
    "imgur.com": "Imgur",
    "kickstarter.com": "Kickstarter",
    "speakerdeck.com": "Speaker Deck",
    "wordpress.com": "WordPress.com",
}


def provider_of(url: str) -> str | None:
    """Return the name of the embed provider serving ``url``, or None if it is not one."""
    host = (urlsplit(url).hostname or "").lower()
    for suffix, name in EMBED_PROVIDERS.items():
        if host == suffix or host.endswith("." + suffix):
            return name
    return None


def embed_html(url: str, provider: str, caption: str = "") -> str:
    """Return the embed element of ``url``: a figure with the provider, a link and a caption."""
    text = escape(provider) + (f" · {caption}" if caption else "")
    return (
        f'<figure class="embed" data-provider="{escape(provider)}">'
        f'<a href="{escape(url)}">{escape(url)}</a><figcaption>{text}</figcaption></figure>'
    )
