"""Article page helpers: reading time and share links that load nothing from elsewhere."""

from __future__ import annotations

import math
from urllib.parse import quote, urlencode

from django import template
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dateline.articles.models import Article
from dateline.site.urlbuilder import urls

register = template.Library()

WORDS_PER_MINUTE = 200

# Plain links to each network's share address: no script, no pixel, no request until the
# reader clicks. (Label, address, the query parameters it takes.)
_SHARE = (
    ("X", "https://x.com/intent/post", lambda url, title: {"url": url, "text": title}),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php", lambda url, title: {"u": url}),
    ("WhatsApp", "https://wa.me/", lambda url, title: {"text": f"{title} {url}"}),
    ("Telegram", "https://t.me/share/url", lambda url, title: {"url": url, "text": title}),
)


@register.filter
def reading_time(article: Article) -> str:
    """Return "4 min read" for ``article``'s body at 200 words a minute."""
    words = len(strip_tags(article.body).split())
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return ngettext("%(n)d min read", "%(n)d min read", minutes) % {"n": minutes}


@register.inclusion_tag("public/_share.html")
def share_links(article: Article) -> dict:
    """Render share links for ``article``: plain links, and an e-mail one."""
    url = urls.absolute(urls.article(article))
    title = article.headline
    links = [
        {"name": name, "href": f"{base}?{urlencode(params(url, title), quote_via=quote)}"}
        for name, base, params in _SHARE
    ]
    links.append(
        {
            "name": _("E-mail"),
            "href": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        }
    )
    return {"links": links}
