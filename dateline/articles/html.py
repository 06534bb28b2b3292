"""The HTML allow-list for article bodies, and the cleaner for pasted office HTML."""

import functools
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "q",
    "cite",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
    "span",
    "code",
    "pre",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "span": {"lang", "dir"},
    "p": {"lang", "dir"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "width", "height"},
    "figure": {"data-provider"},
}
# The body's figure kinds (docs/importers.md, docs/desk.md): an image figure has no class; a
# gallery holds image figures; a fact box is a titled (figcaption) box of paragraphs and lists.
ALLOWED_CLASSES = {"figure": {"embed", "gallery", "pullquote", "factbox"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _valid_text(text: str) -> str:
    # Lone surrogates (from broken UTF-8 decoded with surrogateescape) cannot be encoded.
    return text.encode("utf-8", "replace").decode("utf-8")


@functools.cache
def article_cleaner() -> nh3.Cleaner:
    """Return the article allow-list compiled once (per-call options cost 3x the cleaning)."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the article allow-list (no scripts, styles or handlers)."""
    if not html:
        return ""
    return article_cleaner().clean(_valid_text(html))


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Return plain-text paragraphs as escaped ``<p>`` elements."""
    from django.utils.html import escape

    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())


# Google Docs wraps a whole paste in <b style="font-weight:normal" id="docs-internal-guid-…">;
# kept, the allow-list would turn the whole story bold.
_GDOCS_WRAPPER = re.compile(r"<b\b[^>]*(?:docs-internal-guid|font-weight:\s*normal)[^>]*>", re.I)
# Word's own namespaced tags (<o:p>, <w:sdt>, <v:shape>) carry nothing a story needs.
_OFFICE_TAGS = re.compile(r"</?[a-z]+:[a-z]+\b[^>]*>", re.I)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>")


class _BareSpanRemover(HTMLParser):
    """Rebuild well-formed HTML without attribute-less <span> wrappers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.spans: list[bool] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "span":
            self.spans.append(bool(attrs))
            if not attrs:
                return
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs) -> None:
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag) -> None:
        if tag == "span" and not (self.spans.pop() if self.spans else True):
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data) -> None:
        self.out.append(data)

    def handle_entityref(self, name) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name) -> None:
        self.out.append(f"&#{name};")


def clean_pasted_html(html: str) -> str:
    """Return editor HTML with Word and Google Docs paste debris removed, then sanitised.

    Drops office namespaces, style sheets, classes, inline styles, Google Docs' bold wrapper,
    empty spans and empty paragraphs; what remains passes ``sanitize_html``.
    """
    if not html:
        return ""
    html = _valid_text(html)
    html = _OFFICE_TAGS.sub("", _GDOCS_WRAPPER.sub("<span>", html))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"style", "script", "title", "xml", "head"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    parser = _BareSpanRemover()
    parser.feed(cleaned)
    parser.close()
    return sanitize_html(_EMPTY_PARAGRAPH.sub("", "".join(parser.out)).strip())
