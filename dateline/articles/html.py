"""The HTML allow-list for article bodies."""

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
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "span": {"lang", "dir"},
    "p": {"lang", "dir"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the article allow-list (no scripts, styles or handlers)."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Return plain-text paragraphs as escaped ``<p>`` elements."""
    from django.utils.html import escape

    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())
