"""oEmbed 1.0 answers for article and video URLs: a pure function of the article."""

from __future__ import annotations

from django.utils.html import format_html

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.people.credits import people_of
from dateline.site.urlbuilder import urls
from dateline.syndication import facts
from dateline.syndication.credits import person_url

DEFAULT_WIDTH = 640


def _size(maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """Return a 16:9 box within ``maxwidth`` x ``maxheight``."""
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    if maxheight:
        width = min(width, maxheight * 16 // 9)
    width = max(width, 1)
    return width, max(width * 9 // 16, 1)


def article_oembed(article: Article, maxwidth: int | None = None, maxheight: int | None = None):
    """Return the oEmbed response of ``article``: ``video`` for video items, else ``rich``."""
    width, height = _size(maxwidth, maxheight)
    url = facts.article_url(article)
    if facts.is_video(article):
        poster = article.lead_media.poster
        html = format_html(
            '<video controls width="{}" height="{}" src="{}"{}></video>',
            width,
            height,
            facts.media_url(article.lead_media),
            format_html(' poster="{}"', facts.media_url(poster)) if poster else "",
        )
        kind = "video"
    else:
        html = format_html(
            '<blockquote class="dateline-embed" lang="{}"><a href="{}">{}</a> '
            "<cite>{}</cite></blockquote>",
            article.language,
            url,
            article.display_title,
            setting("DATELINE_SITE_NAME"),
        )
        kind = "rich"
    answer = {
        "version": "1.0",
        "type": kind,
        "title": article.display_title,
        "author_name": facts.author_name(article),
        "provider_name": setting("DATELINE_SITE_NAME"),
        "provider_url": urls.absolute(urls.home(article.language)),
        "html": str(html),
        "width": width,
        "height": height,
    }
    people = people_of(article)
    if people:
        # oEmbed has one author_url: the page of the first person credited.
        answer["author_url"] = person_url(people[0], article.language)
    picture = facts.picture(article)
    if picture is not None and picture.width and picture.height:
        answer.update(
            thumbnail_url=facts.media_url(picture),
            thumbnail_width=picture.width,
            thumbnail_height=picture.height,
        )
    return answer
