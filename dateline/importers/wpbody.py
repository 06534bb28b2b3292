"""WordPress bodies to Dateline's body model: shortcodes, Gutenberg blocks and auto-embeds.

WordPress stores a post's body half-rendered: shortcodes (``[caption]``, ``[gallery]``) and
block comments (``<!-- wp:embed {...} -->``) are expanded only when WordPress shows the page,
and a YouTube URL alone on a line becomes a player there. Left as they are, readers of the
imported article see raw ``[caption]`` text, bare URLs and empty figures. This module turns
them into the elements a Dateline body has (see docs/importers.md):

- an image with its caption: ``<figure><img src alt><figcaption>``;
- a gallery: ``<figure class="gallery">`` holding one such figure per image;
- an embed (YouTube, X, WordPress.tv, an audio or video file...): ``<figure class="embed"
  data-provider="YouTube">`` with a link to the URL and a caption naming the provider, the link
  card the desk editor's embed element falls back to;
- a pull quote: ``<figure class="pullquote"><blockquote>``; tables stay tables.

Whatever it does not know keeps its inner content and is named in the returned notes, which
the import report lists as degraded. The result is sanitised afterwards by ``body_html``.
A body with no shortcode, block or URL line is returned untouched at the cost of three
substring tests: the import's speed depends on that.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import urlsplit

from dateline.articles.embeds import embed_html, provider_of

# Blocks whose saved HTML is already what Dateline keeps (after sanitising), or a layout
# wrapper whose content is all that matters; any other block is reported.
KNOWN_BLOCKS = frozenset(
    "paragraph heading list list-item image gallery video audio embed pullquote quote table "
    "columns column media-text group cover separator spacer code preformatted verse html "
    "freeform more nextpage file buttons button details footnotes shortcode".split()
)
MEDIA_SHORTCODE_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "flv")

_SHORTCODE = re.compile(
    r"\[(?P<escaped>\[?)(?P<name>[A-Za-z][\w-]*)(?P<attrs>\s[^\]]*?)?(?P<closed>/)?\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?(?P<end>\]?)",
    re.DOTALL,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_EMBED_BLOCK = re.compile(
    r"<!-- wp:(?:core-)?embed(?:/[\w-]+)?\s*(?P<json>\{.*?\})?\s*-->(?P<inner>.*?)"
    r"<!-- /wp:(?:core-)?embed(?:/[\w-]+)?\s*-->",
    re.DOTALL,
)
_MEDIA_BLOCK = re.compile(
    r"<!-- wp:(?P<kind>video|audio)\b[^>]*?-->(?P<inner>.*?)<!-- /wp:(?P=kind)\s*-->", re.DOTALL
)
# A player left in a block's markup (media-text with a video): Dateline bodies carry none.
_PLAYER = re.compile(r"<(?P<kind>video|audio)\b(?P<attrs>[^>]*)>.*?</(?P=kind)>", re.DOTALL)
_BLOCK_NAME = re.compile(r"<!-- wp:(?:core/)?(?P<name>[a-z][\w/-]*)[^>]*?(?P<closed>/)?-->")
_URL_LINE = re.compile(r"^[ \t]*(?:<p>\s*)?(https?://[^\s<>\"']+)(?:\s*</p>)?[ \t]*$", re.MULTILINE)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']+)["']""")
_FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.DOTALL)
_CAPTIONED_IMAGE = re.compile(
    r"^\s*(?P<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(?P<caption>.*)$", re.DOTALL
)
# WordPress's block class names for what Dateline's body calls a pull quote and a gallery.
_CLASS_NAMES = (("wp-block-pullquote", "pullquote"), ("wp-block-gallery", "gallery"))


@dataclass(frozen=True)
class BodyImage:
    """An image a ``[gallery]`` lists by attachment id."""

    url: str
    alt: str = ""
    caption: str = ""


@dataclass
class Converted:
    html: str
    # What was not converted, for the report's "degraded" list.
    notes: list[str] = field(default_factory=list)


def image_html(image: BodyImage) -> str:
    caption = f"<figcaption>{escape(image.caption)}</figcaption>" if image.caption else ""
    return f'<figure><img src="{escape(image.url)}" alt="{escape(image.alt)}">{caption}</figure>'


def convert(text: str, images: Callable[[list[int] | None], list[BodyImage]]) -> Converted:
    """Return ``text`` with its shortcodes, blocks and embed URLs converted, and its notes.

    ``images(ids)`` returns the images a ``[gallery]`` shows: those attachment ids, or the
    post's own attachments when the gallery names none.
    """
    result = Converted(text)
    if "<!-- wp:" in text:
        result.html = _blocks(result.html, result.notes)
    if "[" in result.html:
        result.html = _shortcodes(result.html, images, result.notes)
    if "://" in result.html:
        result.html = _URL_LINE.sub(_auto_embed, result.html)
    return result


def _blocks(text: str, notes: list[str]) -> str:
    unknown: Counter[str] = Counter()
    dynamic: Counter[str] = Counter()
    for match in _BLOCK_NAME.finditer(text):
        name = match["name"].removeprefix("core/")
        if name.split("/")[0] in ("embed", "core-embed") or name in KNOWN_BLOCKS:
            continue
        (dynamic if match["closed"] else unknown)[f"wp:{name}"] += 1
    if unknown:
        notes.append(f"blocks Dateline has no element for, kept as their content: {_list(unknown)}")
    if dynamic:
        notes.append(f"blocks WordPress draws when it shows a page, dropped: {_list(dynamic)}")
    text = _EMBED_BLOCK.sub(_embed_block, text)
    text = _MEDIA_BLOCK.sub(_media_block, text)
    if "<video" in text or "<audio" in text:
        text = _PLAYER.sub(_media_block, text)
    for wordpress, ours in _CLASS_NAMES:
        text = text.replace(wordpress, ours)
    return text


def _list(counts: Counter[str]) -> str:
    return ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in sorted(counts.items()))


def _caption_in(inner: str) -> str:
    found = _FIGCAPTION.search(inner)
    return " ".join(unescape(re.sub(r"<[^>]*>", " ", found[1])).split()) if found else ""


def _embed_block(match: re.Match) -> str:
    try:
        attrs = json.loads(match["json"]) if match["json"] else {}
    except json.JSONDecodeError:
        attrs = {}
    url = attrs.get("url") if isinstance(attrs, dict) else None
    inner = match["inner"]
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        found = re.search(r"https?://[^\s<>\"']+", inner)
        if not found:
            return inner
        url = found[0]
    provider = provider_of(url) or str(attrs.get("providerNameSlug") or "") or _host(url)
    return embed_html(url, provider, _caption_in(inner))


def _media_block(match: re.Match) -> str:
    """Return a video or audio block, or a bare player, as an embed of its file."""
    found = _SRC.search(match[0])
    if not found:
        return match.groupdict().get("inner") or ""
    provider = "Video" if match["kind"] == "video" else "Audio"
    return embed_html(unescape(found[1]), provider, _caption_in(match[0]))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _attrs(text: str | None) -> dict[str, str]:
    return {
        m[1].lower(): unescape(m[2] if m[2] is not None else m[3] if m[3] is not None else m[4])
        for m in _ATTR.finditer(text or "")
    }


def _shortcodes(text: str, images, notes: list[str]) -> str:
    unknown: Counter[str] = Counter()

    def replace(match: re.Match) -> str:
        if match["escaped"] and match["end"]:
            return match[0][1:-1]  # [[gallery]] is how WordPress writes a literal [gallery]
        name, attrs, inner = match["name"].lower(), _attrs(match["attrs"]), match["inner"]
        inner = _shortcodes(inner, images, notes) if inner and "[" in inner else inner
        handler = _HANDLERS.get(name)
        if handler is not None:
            return match["escaped"] + handler(attrs, inner or "", images) + match["end"]
        if inner is None and not match["attrs"] and not match["closed"]:
            return match[0]  # "[sic]", "[1]": words in brackets, not a shortcode
        unknown[f"[{name}]"] += 1
        return match["escaped"] + (inner or "") + match["end"]

    text = _SHORTCODE.sub(replace, text)
    if unknown:
        notes.append(
            f"shortcodes Dateline has no element for, kept as their content: {_list(unknown)}"
        )
    return text


def _caption(attrs: dict[str, str], inner: str, _images) -> str:
    found = _CAPTIONED_IMAGE.match(inner)
    if not found:
        return inner
    caption = attrs.get("caption") or found["caption"].strip()
    return f"<figure>{found['image']}<figcaption>{caption}</figcaption></figure>"


def _gallery(attrs: dict[str, str], _inner: str, images) -> str:
    raw = [part.strip() for part in attrs.get("ids", attrs.get("include", "")).split(",")]
    ids = [int(part) for part in raw if part.isdigit()] or None
    shown = images(ids)
    if not shown:
        return ""
    return '<figure class="gallery">' + "".join(image_html(i) for i in shown) + "</figure>"


def _media(kind: str) -> Callable:
    def handle(attrs: dict[str, str], inner: str, _images) -> str:
        url = next((attrs[k] for k in MEDIA_SHORTCODE_SOURCES if attrs.get(k)), "")
        if not url.startswith(("http://", "https://", "/")):
            return inner
        return embed_html(url, kind)

    return handle


def _embed(attrs: dict[str, str], inner: str, _images) -> str:
    url = unescape(inner.strip()) or attrs.get("src", "")
    if not url.startswith(("http://", "https://")):
        return inner
    return embed_html(url, provider_of(url) or _host(url))


_HANDLERS = {
    "caption": _caption,
    "wp_caption": _caption,
    "gallery": _gallery,
    "audio": _media("Audio"),
    "video": _media("Video"),
    "embed": _embed,
}


def _auto_embed(match: re.Match) -> str:
    url = unescape(match[1])
    provider = provider_of(url)
    return embed_html(url, provider) if provider else match[0]
