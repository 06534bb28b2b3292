"""Thin views over the sitemaps: the index, each section's pages, and robots.txt."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from dateline.conditional import conditional_response, etag_of, first_served
from dateline.conf import setting
from dateline.site.urlbuilder import urls
from dateline.syndication import sitemap_xml
from dateline.syndication.sitemaps import SITEMAPS

XML = "application/xml; charset=utf-8"


def _section_url(section: str, page: int) -> str:
    path = reverse("syndication:sitemap", kwargs={"section": section})
    return urls.absolute(path if page == 1 else f"{path}?p={page}")


def _sitemap_response(request: HttpRequest, document: str) -> HttpResponse:
    body = document.encode("utf-8")
    etag = etag_of(body)
    modified = first_served(request.get_full_path(), etag)
    return conditional_response(request, body, XML, modified, etag)


def _pages() -> Iterator[tuple[str, int, Sitemap]]:
    """Yield each page of each sitemap section: its name, number and sitemap."""
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        for page in range(1, sitemap.paginator.num_pages + 1):
            yield section, page, sitemap


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """List every page of every sitemap section with its last change."""
    lastmods: dict[str, datetime | None] = {}
    entries = []
    for section, page, sitemap in _pages():
        if section not in lastmods:
            lastmods[section] = sitemap.get_latest_lastmod()
        entries.append({"location": _section_url(section, page), "last_mod": lastmods[section]})
    document = render_to_string("sitemap_index.xml", {"sitemaps": entries}, request)
    return _sitemap_response(request, document)


def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    """Serve one page (``?p=N``) of one sitemap section; a bad page is a 404."""
    sitemap_class = SITEMAPS.get(section)
    if sitemap_class is None:
        raise Http404(f"No sitemap section {section!r}")
    sitemap = sitemap_class()
    try:
        urlset = sitemap.get_urls(page=request.GET.get("p", "1"))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(f"No page {request.GET.get('p')!r} in sitemap {section!r}") from exc
    context = {
        "urlset": urlset,
        "publication_name": setting("DATELINE_SITE_NAME"),
        "site_url": setting("DATELINE_SITE_URL").rstrip("/"),
    }
    return _sitemap_response(request, sitemap_xml.urlset(urlset, sitemap.extra, context))


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Name the sitemap index and every sitemap page, and keep crawlers out of the admin and
    the API; every address on ``DATELINE_SITE_URL``, whatever host was asked."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", ""]
    lines.append(f"Sitemap: {urls.absolute(reverse('syndication:sitemap-index'))}")
    lines += [f"Sitemap: {_section_url(section, page)}" for section, page, _ in _pages()]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
