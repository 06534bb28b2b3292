"""Turn an article into the document the search engines index: a pure function of data."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from dateline.analysis import tokenize
from dateline.articles.models import Article
from dateline.search.terms import index_terms

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


# The columns of ``search_searchentry`` that every SQL backend fills from ``entry_row()``.
ENTRY_COLUMNS = (
    "article_id, sort, language, section_id, article_type_id, label_id, published_ts, embargo_ts"
)


@dataclass(frozen=True)
class SearchDocument:
    """What an engine stores for one article: its filter fields and its text."""

    article_id: int
    sort: int
    language: str
    section_id: int | None
    article_type_id: int | None
    label_id: int | None
    published_ts: int
    embargo_ts: int | None
    title: str
    body: str

    def entry_row(self) -> tuple:
        """Return the filter fields in the order of ``ENTRY_COLUMNS``."""
        return (
            self.article_id,
            self.sort,
            self.language,
            self.section_id,
            self.article_type_id,
            self.label_id,
            self.published_ts,
            self.embargo_ts,
        )

    def title_terms(self) -> str:
        """Return the analysed title as space-separated index terms."""
        return " ".join(index_terms(self.title, self.language))

    def body_terms(self) -> str:
        """Return the analysed summary and body as space-separated index terms."""
        return " ".join(index_terms(self.body, self.language))

    def raw_tokens(self) -> str:
        """Return each folded, unstemmed word once: what ``prefix*`` queries match."""
        return " ".join(dict.fromkeys(tokenize(f"{self.title} {self.body}")))


def plain_text(markup: str) -> str:
    """Return the text of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def timestamp(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def is_indexable(article: Article) -> bool:
    """Return True when ``article`` belongs in the index: published, with a date and sort key.

    Embargoed items are indexed and hidden at query time until their embargo passes, so
    they appear on time without a second indexing event.
    """
    return (
        article.status == Article.Status.PUBLISHED
        and article.published_at is not None
        and article.sort is not None
        and not article.is_stub
    )


def build_document(article: Article) -> SearchDocument:
    """Return the search document of ``article`` (which must be indexable)."""
    return SearchDocument(
        article_id=article.pk,
        sort=article.sort,
        language=article.language,
        section_id=article.section_id,
        article_type_id=article.article_type_id,
        label_id=article.label_id,
        published_ts=timestamp(article.published_at),
        embargo_ts=timestamp(article.embargo_until),
        title=article.headline,
        body=f"{article.summary} {plain_text(article.body)}".strip(),
    )
