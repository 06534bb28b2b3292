"""Thin views over the sitemaps: the index, each section's pages, and robots.txt."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date

from dateline.conf import setting
from dateline.public.urlbuilder import urls
from dateline.syndication import sitemap_xml
from dateline.syndication.sitemaps import SITEMAPS

XML = "application/xml; charset=utf-8"


def _section_url(section: str, page: int) -> str:
    path = reverse("syndication:sitemap", kwargs={"section": section})
    return urls.absolute(path if page == 1 else f"{path}?p={page}")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """List every page of every sitemap section with its last change."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        lastmod = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
            entries.append({"location": _section_url(section, page), "last_mod": lastmod})
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type=XML)


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
    document = sitemap_xml.urlset(urlset, sitemap.extra, context)
    response = HttpResponse(document, content_type=XML)
    latest = getattr(sitemap, "latest_lastmod", None)
    if latest:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Name the sitemap index and keep crawlers out of the admin and the API."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "",
        f"Sitemap: {urls.absolute(reverse('syndication:sitemap-index'))}",
        f"Sitemap: {_section_url('news', 1)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
