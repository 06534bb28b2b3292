"""``dateline rebuild-related``: index, stories and lists from scratch, and a snapshot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.related import service
from dateline.related.index import RelatedIndex
from dateline.related.models import RelatedLink
from dateline.stories.models import Placement
from tests.factories import make_article
from tests.related.bilingual import ARTICLES

pytestmark = pytest.mark.django_db


def test_rebuild_places_every_article_and_stores_lists(engine, capsys):
    start = timezone.now() - timedelta(days=10)
    made = [
        make_article(h, language=lang, body=f"<p>{t}</p>", published_at=start + timedelta(hours=n))
        for n, (_, lang, h, t) in enumerate(ARTICLES)
    ]
    call_command("rebuild_related")
    assert "24 articles indexed" in capsys.readouterr().out
    assert Placement.objects.count() == len(made)
    assert RelatedLink.objects.filter(article=made[-1]).exists()
    index = RelatedIndex.load(service.index_path())
    assert len(index) == len(made)
    # Same-story English items share their story after the rebuild.
    quake = [a for a, row in zip(made, ARTICLES, strict=True) if row[:2] == ("quake", "en")]
    assert len({Placement.objects.get(article=a).story_id for a in quake}) == 1
