"""Language-aware text analysis shared by search and the related-items engine.

``analyze(text, language)`` returns the index terms of a text: tokens normalised (Arabic
letter forms, diacritics and tatweel; case), stop words dropped, stemmed (Arabic: light
stemming of particles and endings, ``analysis/arabic.py``; English and others: Snowball).
"""

from dateline.analysis.analyzer import analyze, tokenize
from dateline.analysis.normalization import fold, normalize_arabic

__all__ = ["analyze", "fold", "normalize_arabic", "tokenize"]
