"""``dateline demo``: migrate, seed a demo newsroom around the reference page, and serve it."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dateline.articles.models import Article
from dateline.demo.corpus import CorpusWriter, ensure_taxonomy
from dateline.demo.images import ensure_picture_file
from dateline.demo.media_pool import build_media_pool, ensure_clip_file
from dateline.demo.processes import run_together
from dateline.importers.reference_page import parse_reference_page
from dateline.importers.reference_store import store_reference_page
from dateline.site.urlbuilder import urls

REFERENCE_PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "reference-page.txt"
DEMO_ARTICLES = 400


class Command(BaseCommand):
    help = (
        "Build the demo newsroom (once) and serve it on http://127.0.0.1:8000 (--bind), with a "
        "worker that publishes scheduled items and runs queued tasks."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Seed only; do not serve.")
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help="host:port to serve on; also the site URL of canonical links, feeds and "
            "sitemaps unless DATELINE_SITE_URL is set.",
        )
        parser.add_argument("--articles", type=int, default=DEMO_ARTICLES)

    def handle(self, *args, **options) -> None:
        base = os.environ.get("DATELINE_SITE_URL") or site_url(options["bind"])
        call_command("migrate", verbosity=0, interactive=False)
        self._admin_login()
        reference = self._reference_article()
        if Article.objects.filter(is_stub=False).count() < options["articles"]:
            self._newsroom(options["articles"])
            # Bulk-written rows sent no publish events: build what those events would have.
            call_command("search_rebuild", quiet_progress=True)
            call_command("rebuild_related")
        self._report(reference, base)
        if not options["no_serve"]:
            self._serve(options["bind"])

    def _admin_login(self) -> None:
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write(
                "Admin login: user 'admin' (password printed when it was created; to set a "
                "new one: dateline changepassword admin)"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@example.org", password)
        self.stdout.write(
            f"Admin login (shown once): user 'admin', password '{password}' "
            "(forgot it? dateline changepassword admin)"
        )

    def _reference_article(self) -> Article:
        page = parse_reference_page(REFERENCE_PAGE.read_bytes(), str(REFERENCE_PAGE))
        article = store_reference_page(page, "en").article
        taxonomy = ensure_taxonomy()
        libya = next(t for t in taxonomy.place_topics if t.slug == "libya")
        if article.section_id is None:
            article.section = taxonomy.sections["africa"]
            article.save(update_fields=["section"])
        article.topics.add(libya)
        for seed, pin in enumerate(article.pins.select_related("target__lead_media")):
            target = pin.target
            target.topics.add(libya)
            if target.lead_media is None:
                continue
            # The reference page names its items' files; the demo makes them, so that every
            # picture and video its outputs name answers.
            if target.lead_media.is_video:
                ensure_clip_file(target.lead_media)
            else:
                ensure_picture_file(target.lead_media, seed, target.headline)
        return article

    def _newsroom(self, count: int) -> None:
        end = timezone.now() - timedelta(minutes=5)
        start = end - timedelta(days=45)
        images, videos = build_media_pool(60, 8, start, end, with_files=True)
        CorpusWriter(count=count, start=start, end=end, seed=7, media=images, videos=videos).write()
        self.stdout.write(f"Demo newsroom: {count} articles in English and Arabic")

    def _report(self, reference: Article, base: str) -> None:
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Site:              {base}/",
                    f"Arabic edition:    {base}{urls.home('ar')}",
                    f"Admin:             {base}/admin/",
                    f"Reference article: {base}{reference.get_absolute_url()}",
                    f"Related JSON:      {base}{urls.related_json(reference)}",
                    f"API (OpenAPI):     {base}/api/v1/openapi.json",
                    "",
                ]
            )
        )

    def _serve(self, bind: str) -> None:
        os.environ["DATELINE_DEMO"] = "1"
        os.environ.setdefault("DATELINE_SITE_URL", site_url(bind))
        gunicorn = shutil.which("gunicorn") or str(Path(sys.executable).with_name("gunicorn"))
        server = [gunicorn, "dateline.wsgi", "--bind", bind, "--workers", "2"]
        # The worker publishes scheduled items on time and drains queued tasks, as in a
        # newsroom; without it a scheduled item would never go live.
        worker = [sys.executable, "-m", "dateline", "worker"]
        self.stdout.write(f"Serving on http://{bind}/ with a worker beside it (Ctrl-C to stop)")
        sys.stdout.flush()
        sys.exit(run_together([server + ["--access-logfile", "-"], worker]))


def site_url(bind: str) -> str:
    """Return the address readers of a server bound to ``bind`` (``host:port``) use."""
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"--bind {bind!r}: give host:port, e.g. 127.0.0.1:8000")
    # A server on every interface is reached on this machine through loopback.
    host = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]", "::": "[::1]"}.get(host, host)
    return f"http://{host}:{port}"
