"""The dense signal encodes each article once: vectors are cached with the article under the
hash of their text, and a rebuild encodes in batches and never twice for the lists."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.related import dense, service
from dateline.related.index import RelatedIndex
from dateline.related.models import DenseVector, RelatedLink
from tests.factories import make_article
from tests.related.bilingual import ARTICLES

pytestmark = pytest.mark.django_db


class CountingEncoder:
    """Stands in for the encoder package (not installed in the test venv): a vector per
    text from its hash, and a record of every batch it was asked to encode."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            rows.append(np.random.default_rng(seed).normal(size=512))
        return np.asarray(rows, np.float32)

    @property
    def encoded(self) -> int:
        return sum(len(b) for b in self.batches)


@pytest.fixture
def encoder(engine, settings, monkeypatch):
    settings.DATELINE_RELATED_DENSE = True
    fake = CountingEncoder()
    monkeypatch.setattr(dense, "_encoder", lambda: fake)
    return fake


def _articles() -> list:
    start = timezone.now() - timedelta(days=10)
    return [
        make_article(h, language=lang, body=f"<p>{t}</p>", published_at=start + timedelta(hours=n))
        for n, (_, lang, h, t) in enumerate(ARTICLES)
    ]


def test_each_text_is_encoded_once_and_again_only_when_it_changes(encoder):
    made = _articles()[:3]
    first = dense.article_vectors(made)
    assert encoder.encoded == 3 and len(encoder.batches) == 1
    assert DenseVector.objects.count() == 3
    again = dense.article_vectors(made)
    assert encoder.encoded == 3
    for article in made:
        # Cached as float16, the index's own precision.
        assert np.allclose(first[article.pk], again[article.pk], atol=1e-3)
    made[1].body = "<p>A different text altogether.</p>"
    made[1].save()
    dense.article_vectors(made)
    assert encoder.batches[-1] == [dense.article_text(made[1])]
    assert DenseVector.objects.get(pk=made[1].pk).text_hash == dense.text_hash(
        dense.article_text(made[1])
    )


def test_a_rebuild_encodes_each_article_once_and_a_second_rebuild_none(encoder, capsys):
    made = _articles()
    call_command("rebuild_related")
    assert encoder.encoded == len(made)
    assert len(encoder.batches) == 1
    index = RelatedIndex.load(service.index_path())
    assert index.vector(made[0].pk) is not None
    assert RelatedLink.objects.filter(article=made[-1]).exists()
    call_command("rebuild_related")
    assert encoder.encoded == len(made)


def test_off_means_no_vectors_and_no_encoding(engine, monkeypatch):
    fake = CountingEncoder()
    monkeypatch.setattr(dense, "_encoder", lambda: fake)
    made = _articles()[:2]
    assert dense.article_vectors(made) == {}
    call_command("rebuild_related")
    assert fake.encoded == 0
    assert not DenseVector.objects.exists()
