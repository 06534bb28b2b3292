"""``{% byline article %}``, the linked byline under a headline in the article's language,
and ``{% author_head person %}``, an author page's feeds and structured data."""

from __future__ import annotations

from django import template

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.people.credits import agencies_of, byline_lines
from dateline.people.models import Person
from dateline.syndication.credits import person_jsonld
from dateline.syndication.jsonld import script_json
from dateline.syndication.scopes import Scope
from dateline.syndication.writers import feed_path

# The feed formats an author page links, with their media types.
FEED_TYPES = (
    ("rss", "application/rss+xml"),
    ("atom", "application/atom+xml"),
    ("json", "application/feed+json"),
)

register = template.Library()


@register.inclusion_tag("public/_byline.html")
def byline(article: Article) -> dict:
    """Render the people credited on ``article`` by role, each name linking to their page in
    the article's edition, then the agencies; a typed byline when no person is credited."""
    language = article.language
    lines = [
        {
            "role": line.role,
            "prefix": line.prefix,
            "people": [
                (separator, person.name_in(language), person.get_absolute_url(language))
                for separator, person in line.people
            ],
        }
        for line in byline_lines(article, language)
    ]
    return {
        "lines": lines,
        "agencies": ", ".join(agencies_of(article)),
        "typed": article.byline.strip() if not lines else "",
    }


@register.inclusion_tag("syndication/_author_head.html", takes_context=True)
def author_head(context, person: Person) -> dict:
    """Render the feed links and the ProfilePage JSON-LD of ``person``'s page."""
    language = context.get("edition") or setting("DATELINE_LANGUAGES")[0]
    scope = Scope("author", obj=person)
    page = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "mainEntity": person_jsonld(person, language),
    }
    return {
        "links": [(kind, feed_path(scope, fmt)) for fmt, kind in FEED_TYPES],
        "title": person.name_in(language),
        "jsonld": script_json(page),
    }
