"""A small newsroom for the distribution tests: public items of every kind and hidden ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from dateline.articles.models import Article, ArticleType
from dateline.desk.models import Signature
from dateline.people.models import Authorship, Person
from tests.factories import make_article, make_media, make_section, make_story, make_topic

HOSTILE = 'Rocket </script><script>alert("x")</script> & <b>"quotes"</b>'
SECRET = "SECRET-NOT-PUBLIC"


@dataclass
class Newsroom:
    public: list[Article] = field(default_factory=list)
    hidden: list[Article] = field(default_factory=list)

    def by_headline(self, text: str) -> Article:
        return next(a for a in self.public if text in a.headline)


def build_newsroom() -> Newsroom:
    """Create public items (text, video, gallery, live, Arabic, hostile) and hidden ones."""
    room = Newsroom()
    world = make_section("world", "World")
    libya = make_topic("libya", "Libya")
    story = make_story("Libya conflict")
    desk = Signature.get_or_create_from_text("S/SH 11")
    image = make_media(ratio="4x3")
    image.caption, image.alt_text = "A street in Tripoli", "Street & people"
    image.save()
    poster = make_media(ratio="16x9")
    video = make_media(ext="mp4", ratio="16x9")
    video.poster = poster
    video.save()
    now = timezone.now()

    def public(headline: str, **fields) -> Article:
        article = make_article(
            headline, section=world, topics=[libya], story=story, signature=desk, **fields
        )
        room.public.append(article)
        return article

    public(
        "Talks resume in Geneva",
        summary="Delegates meet again.",
        lead_media=image,
        translation_key="talks",
        byline="Jane Doe",
    )
    public("محادثات جنيف تستأنف", language="ar", translation_key="talks", lead_media=image)
    public(
        "Video: the harbour at dawn",
        article_type=ArticleType.objects.get(code="video"),
        lead_media=video,
        label="VIDEO",
    )
    pictures = public("Pictures of the week", article_type=ArticleType.objects.get(code="gallery"))
    public("Live: election night", article_type=ArticleType.objects.get(code="live"))
    public(HOSTILE, summary=HOSTILE, body=f"<p>{HOSTILE}</p>")
    corrected = public("Corrected figures", published_at=now - timedelta(days=5))
    corrected.modified_at = now - timedelta(hours=2)
    corrected.save()
    public("Old archive item", published_at=now - timedelta(days=400))

    hidden = {
        "draft": {"status": Article.Status.DRAFT},
        "embargoed": {"embargo_until": now + timedelta(days=1)},
        "killed": {"status": Article.Status.KILLED},
        "unpublished": {"status": Article.Status.UNPUBLISHED},
        "future": {"published_at": now + timedelta(hours=3)},
    }
    for name, fields in hidden.items():
        room.hidden.append(
            make_article(
                f"{SECRET} {name}",
                section=world,
                topics=[libya],
                story=story,
                lead_media=image,
                translation_key="talks",
                **fields,
            )
        )
    # A credited person, on a public and a hidden item: author pages, feeds and the authors
    # sitemap have something to show, and something to keep out.
    reporter = Person.objects.create(name="Omar Khaled", name_ar="عمر خالد", slug="omar-khaled")
    Authorship.objects.create(article=pictures, person=reporter)
    Authorship.objects.create(article=room.hidden[0], person=reporter)
    return room
