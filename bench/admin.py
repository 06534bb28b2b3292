"""Article admin speed at newsroom scale: list, filter, search and page through the articles.

Measures server time (request in, HTML out, in process) of the article change list for a set of
typical editor requests, on Dateline's admin and, in the same run, on a baseline: the same
model under a stock ``ModelAdmin`` (full counts, offset pages, ``headline`` search).

    cp -r /work/bench-data/1m /tmp/admin-1m      # never write to the shared corpus
    DATELINE_DATA_DIR=/tmp/admin-1m .venv/bin/python bench/admin.py --repeat 20

Prints p50/p95 in milliseconds per request kind and the ratio baseline/Dateline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import require_corpus  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def setup() -> None:
    require_corpus(os.environ.get("DATELINE_DATA_DIR"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def baseline_urlconf():
    """Return Dateline's URLconf (its admin at /admin/) with a stock admin at /baseline/.

    All of Dateline's URLs stay: the admin's pages and middleware reverse reader, feed and
    desk URLs, and a URLconf without them fails on the first request (``NoReverseMatch``).
    """
    from django.contrib import admin
    from django.urls import path

    from dateline import urls
    from dateline.articles.models import Article

    class StockArticleAdmin(admin.ModelAdmin):
        list_display = ["id", "display_title", "language", "status", "section", "published_at"]
        list_filter = ["status", "language", "article_type", "label", "section"]
        search_fields = ["headline"]
        list_select_related = ["section", "label"]
        list_per_page = 50
        ordering = ["sort"]

    site = admin.AdminSite(name="baseline")
    site.register(Article, StockArticleAdmin)
    module = types.ModuleType("bench_admin_urls")
    module.urlpatterns = [path("baseline/", site.urls), *urls.urlpatterns]
    module.handler404 = urls.handler404
    module.handler500 = urls.handler500
    return module


def requests() -> dict[str, str]:
    """Return the editor requests measured, as change-list query strings."""
    from dateline.articles.models import Article
    from dateline.taxonomy.models import Section

    middle = Article.objects.order_by("sort").values_list("sort", flat=True)[500_000:500_001]
    middle = list(middle) or [0]
    section = Section.objects.order_by("pk").values_list("pk", flat=True).first() or 1
    rare = Article.objects.order_by("-sort").values_list("pk", "headline").first()
    word = max(rare[1].split(), key=len) if rare else "x"
    # Page 40 on a million articles; the last page on a corpus too small to have one.
    page = max(0, min(40, (Article.objects.count() - 1) // 50))
    return {
        "list": "",
        "filter status": "?status__exact=published",
        "filter language": "?language__exact=ar",
        "filter section": f"?section__id__exact={section}",
        "filter content type": "?article_type__id__exact=21",
        "search id": f"?q={rare[0] if rare else 1}",
        "search word": f"?q={word}",
        f"page {page} (offset)": f"?p={page}",
        "deep page (keyset)": f"?sort__gt={middle[0]}",
    }


def measure(client, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="requests per kind (default 20)")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import clear_url_caches

    from dateline.articles.models import Article

    user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@example.org", "bench-admin-pw"
    )
    client = Client()
    client.force_login(user)
    rows = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    print(f"articles: about {rows:,} (highest id); repeat {args.repeat}")
    with override_settings(ROOT_URLCONF=baseline_urlconf(), DEBUG=False):
        clear_url_caches()
        print(
            f"{'request':22} {'dateline p50':>13} {'p95':>8} {'baseline p50':>13} {'p95':>8} ratio"
        )
        for name, query in requests().items():
            ours = measure(client, f"/admin/articles/article/{query}", args.repeat)
            line = f"{name:22} {statistics.median(ours):13.1f} {percentile(ours, 0.95):8.1f}"
            if not args.skip_baseline and "keyset" not in name:
                base = measure(
                    client, f"/baseline/articles/article/{query}", max(3, args.repeat // 4)
                )
                ratio = statistics.median(base) / statistics.median(ours)
                line += (
                    f" {statistics.median(base):13.1f} {percentile(base, 0.95):8.1f} {ratio:5.1f}x"
                )
            print(line, flush=True)


if __name__ == "__main__":
    main()
