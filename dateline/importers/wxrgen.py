"""Write WordPress exports (WXR 1.2) for tests and benchmarks, streamed to a file.

``write_wxr`` takes post dictionaries (see ``synthetic_posts``) so tests can write exactly the
items they need, and the benchmark can write 100,000 posts without holding them in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
 xmlns:excerpt="{scheme}://wordpress.org/export/{v}/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="{scheme}://wordpress.org/export/{v}/">
<channel>
 <title>Example News</title>
 <link>https://news.example.com</link>
 <language>{language}</language>
 <wp:wxr_version>{v}</wp:wxr_version>
 <wp:base_site_url>https://news.example.com</wp:base_site_url>
"""
AUTHORS = [{"login": "reporter", "name": "Rania Reporter"}]
FOOTER = "</channel>\n</rss>\n"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author_xml(author: dict, author_id: int) -> str:
    """Return one ``<wp:author>`` (keys ``login``, ``name``, ``email``)."""
    email = author.get("email")
    return (
        f" <wp:author><wp:author_id>{author_id}</wp:author_id>"
        f"<wp:author_login>{_cdata(author['login'])}</wp:author_login>"
        + (f"<wp:author_email>{_cdata(email)}</wp:author_email>" if email else "")
        + f"<wp:author_display_name>{_cdata(author.get('name', ''))}</wp:author_display_name>"
        "</wp:author>\n"
    )


def comment_xml(comment: dict | int) -> str:
    """Return one ``<wp:comment>`` (keys ``id``, ``author``, ``email``, ``date``, ``content``,
    ``approved``, ``parent``, ``type``; a bare number is an approved comment of that id)."""
    if not isinstance(comment, dict):
        comment = {"id": comment}
    return (
        f" <wp:comment><wp:comment_id>{comment['id']}</wp:comment_id>"
        f"<wp:comment_author>{_cdata(comment.get('author', 'A reader'))}</wp:comment_author>"
        f"<wp:comment_author_email>{escape(comment.get('email', ''))}</wp:comment_author_email>"
        f"<wp:comment_author_url>{escape(comment.get('url', ''))}</wp:comment_author_url>"
        f"<wp:comment_date>{comment.get('date', '2016-01-18 11:00:00')}</wp:comment_date>"
        f"<wp:comment_date_gmt>{comment.get('date', '2016-01-18 11:00:00')}</wp:comment_date_gmt>"
        f"<wp:comment_content>{_cdata(comment.get('content', 'A comment'))}</wp:comment_content>"
        f"<wp:comment_approved>{comment.get('approved', '1')}</wp:comment_approved>"
        f"<wp:comment_type>{comment.get('type', '')}</wp:comment_type>"
        f"<wp:comment_parent>{comment.get('parent', 0)}</wp:comment_parent>"
        "</wp:comment>"
    )


def item_xml(post: dict) -> str:
    """Return one ``<item>`` for ``post`` (keys as in ``synthetic_posts``)."""
    date = post.get("date", "2016-01-18 10:00:00")
    lines = [
        "<item>",
        f" <title>{escape(post.get('title', ''))}</title>",
        f" <link>{escape(post.get('link', ''))}</link>",
        f" <dc:creator>{_cdata(post.get('author', 'reporter'))}</dc:creator>",
        f' <guid isPermaLink="false">https://news.example.com/?p={post["id"]}</guid>',
        f" <content:encoded>{_cdata(post.get('content', ''))}</content:encoded>",
        f" <excerpt:encoded>{_cdata(post.get('excerpt', ''))}</excerpt:encoded>",
        f" <wp:post_id>{post['id']}</wp:post_id>",
        f" <wp:post_date>{date}</wp:post_date>",
        f" <wp:post_date_gmt>{post.get('date_gmt', date)}</wp:post_date_gmt>",
        f" <wp:post_name>{escape(post.get('slug', ''))}</wp:post_name>",
        f" <wp:status>{post.get('status', 'publish')}</wp:status>",
        f" <wp:post_parent>{post.get('parent', 0)}</wp:post_parent>",
        f" <wp:post_type>{post.get('type', 'post')}</wp:post_type>",
    ]
    if post.get("sticky"):
        lines.append(" <wp:is_sticky>1</wp:is_sticky>")
    if post.get("password"):
        lines.append(f" <wp:post_password>{_cdata(post['password'])}</wp:post_password>")
    if post.get("attachment_url"):
        lines.append(f" <wp:attachment_url>{escape(post['attachment_url'])}</wp:attachment_url>")
    for domain, nicename, name in post.get("terms", []):
        lines.append(
            f" <category domain={quoteattr(domain)} nicename={quoteattr(nicename)}>"
            f"{_cdata(name)}</category>"
        )
    for key, value in post.get("meta", {}).items():
        lines.append(
            f" <wp:postmeta><wp:meta_key>{escape(key)}</wp:meta_key>"
            f"<wp:meta_value>{_cdata(str(value))}</wp:meta_value></wp:postmeta>"
        )
    lines += [comment_xml(comment) for comment in post.get("comments", [])]
    lines.append("</item>\n")
    return "\n".join(lines)


def write_wxr(
    out: BinaryIO,
    posts: Iterable[dict],
    *,
    version: str = "1.2",
    language: str = "en-US",
    scheme: str = "http",
    authors: list[dict] | None = None,
) -> None:
    """Write a WXR document of ``posts`` to the binary stream ``out``.

    ``scheme`` is that of the export namespace: current WordPress writes ``https``.
    ``authors`` are the ``wp:author`` entries (see ``author_xml``); by default one reporter.
    """
    out.write(HEADER.format(v=version, language=language, scheme=scheme).encode())
    for number, author in enumerate(AUTHORS if authors is None else authors, 1):
        out.write(author_xml(author, number).encode())
    for post in posts:
        out.write(item_xml(post).encode("utf-8"))
    out.write(FOOTER.encode())


SECTIONS = ["world", "middle-east", "business", "sport", "science", "culture"]
WORDS = (
    "government minister talks city forces report officials market election court police "
    "people oil price health water border rebels council agreement week state year storm"
).split()


def synthetic_posts(
    count: int, *, seed: int = 1, first_id: int = 1, body_chars: int = 0, media: bool = False
) -> Iterator[dict]:
    """Yield ``count`` realistic posts: body of a few paragraphs (at least ``body_chars``
    characters), a section, tags, a format. With ``media``, each post is preceded by its
    featured image, an attachment (id ``first_id + count + n``, file in ``file``) the body
    also shows."""
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, tzinfo=UTC)
    for n in range(count):
        post_id = first_id + n
        moment = start + timedelta(minutes=17 * n)
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 60))) + "."
            for _ in range(rng.randint(3, 6))
        ]
        while sum(len(p) for p in paragraphs) < body_chars:
            paragraphs += paragraphs
        section = rng.choice(SECTIONS)
        tags = rng.sample(WORDS, 3)
        terms = [("category", section, section.replace("-", " ").title())]
        terms += [("post_tag", tag, tag) for tag in tags]
        if n % 10 == 0:
            terms.append(("post_format", "post-format-video", "Video"))
        stamp = moment.strftime("%Y-%m-%d %H:%M:%S")
        slug = f"{title.lower().replace(' ', '-')[:60]}-{post_id}"
        meta = {}
        if media:
            image_id, file = first_id + count + n, f"{moment:%Y/%m}/photo-{post_id}.jpg"
            url = f"https://news.example.com/wp-content/uploads/{file}"
            yield {
                "id": image_id,
                "type": "attachment",
                "title": f"Photo {post_id}",
                "parent": post_id,
                "status": "inherit",
                "date": stamp,
                "attachment_url": url,
                "meta": {"_wp_attached_file": file},
                "excerpt": f"Caption of photo {post_id}",
                "file": file,
            }
            paragraphs.insert(1, f'<img class="wp-image-{image_id}" src="{url}" alt="">')
            meta["_thumbnail_id"] = image_id
        yield {
            "id": post_id,
            "title": title,
            "slug": slug,
            "date": stamp,
            "link": f"https://news.example.com/{moment:%Y/%m}/{slug}/",
            "content": "\n\n".join(paragraphs),
            "terms": terms,
            "meta": meta,
        }
