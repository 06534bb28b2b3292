"""The API's JSON shapes: pure functions of model rows, no request."""

from __future__ import annotations

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.live import reader as live_reader
from dateline.media.models import MediaAsset
from dateline.people.credits import authorships_of
from dateline.people.models import Person
from dateline.site.urlbuilder import urls
from dateline.stories.models import Story
from dateline.syndication import facts
from dateline.taxonomy.models import Section, Topic


def media_item(asset: MediaAsset) -> dict:
    return {
        "id": asset.pk,
        "kind": asset.kind,
        "url": facts.media_url(asset),
        "path": asset.path,
        "mime_type": facts.mime_type(asset),
        "ratio": asset.ratio,
        "width": asset.width,
        "height": asset.height,
        "caption": asset.caption,
        "credit": asset.credit,
        "alt_text": asset.alt_text,
        "poster": media_item(asset.poster) if asset.poster_id else None,
    }


def section_item(section: Section) -> dict:
    return {"slug": section.slug, "name": section.name, "name_ar": section.name_ar}


def topic_item(topic: Topic) -> dict:
    return {"slug": topic.slug, "name": topic.name, "name_ar": topic.name_ar}


def story_item(story: Story) -> dict:
    return {
        "id": story.pk,
        "title": story.title,
        "url": urls.absolute(urls.story(story)),
        "updated_at": story.updated_at,
    }


def person_item(person: Person) -> dict:
    """Return a person with their names, titles, bios, photo, links and pages per edition."""
    return {
        "slug": person.slug,
        "name": person.name,
        "name_ar": person.name_ar,
        "title": person.title,
        "title_ar": person.title_ar,
        "bio": person.bio,
        "bio_ar": person.bio_ar,
        "is_active": person.is_active,
        "photo": media_item(person.photo) if person.photo_id else None,
        "links": person.profile_urls(),
        "urls": {
            language: urls.absolute(urls.author(person, language))
            for language in setting("DATELINE_LANGUAGES")
        },
        "api_url": urls.absolute(urls.api_author(person)),
    }


def article_authors(article: Article) -> list[dict]:
    """Return the people credited on ``article`` in byline order, named in its language."""
    return [
        {
            "slug": a.person.slug,
            "name": a.person.name_in(article.language),
            "role": a.role,
            "url": urls.absolute(urls.author(a.person, article.language)),
            "api_url": urls.absolute(urls.api_author(a.person)),
        }
        for a in authorships_of(article)
    ]


def article_summary(article: Article) -> dict:
    """Return an article as a list item."""
    return {
        "id": article.pk,
        "sort": article.sort,
        "url": facts.article_url(article),
        "api_url": urls.absolute(urls.api_article(article)),
        "title": article.display_title,
        "headline": article.headline,
        "label": article.label.code if article.label_id else None,
        # The written summary only: deriving one from the body would parse HTML per item.
        "summary": facts.plain_text(article.summary),
        "language": article.language,
        "type": {"id": article.article_type_id, "code": article.article_type.code},
        "section": section_item(article.section) if article.section_id else None,
        "story_id": article.story_id,
        "published_at": article.published_at,
        "modified_at": facts.modified(article),
        "lead_media": media_item(article.lead_media) if article.lead_media_id else None,
        "authors": article_authors(article),
    }


def article_detail(article: Article, topics: list[Topic]) -> dict:
    """Return an article with its body, author and topics."""
    return {
        **article_summary(article),
        "body_html": article.safe_body,
        "author": facts.author_name(article),
        "byline": article.byline,
        "topics": [topic_item(t) for t in topics],
        "ninjs_url": urls.absolute(urls.api_article(article) + ".ninjs"),
        "live": live_reader.api_fields(article),
    }
