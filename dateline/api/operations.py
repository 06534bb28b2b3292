"""The OpenAPI operation id of every endpoint, chosen here and never derived from code.

Clients generate method names from these ids and the OpenAPI links name their targets by
them, so they must not change when a view moves to another module or is renamed (ninja's
default id is the view's module path and function name). ``DatelineApi`` refuses an
operation without one.
"""

from __future__ import annotations

ARTICLES = "listArticles"
ARTICLE = "getArticle"
ARTICLE_NINJS = "getArticleNinjs"
NINJS_FEED = "listArticlesNinjs"
RELATED = "listRelatedArticles"
MEDIA_LIST = "listMedia"
MEDIA = "getMedia"
UPLOAD = "uploadMedia"
SECTIONS = "listSections"
SECTION = "getSection"
TOPICS = "listTopics"
TOPIC = "getTopic"
STORIES = "listStories"
STORY = "getStory"
AUTHORS = "listAuthors"
AUTHOR = "getAuthor"
AUTHOR_ARTICLES = "listAuthorArticles"
OEMBED = "getOEmbed"
SEARCH = "searchArticles"
