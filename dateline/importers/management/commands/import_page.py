"""``dateline import-page FILE...``: import pages in the reference's scraped format."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DataError, IntegrityError

from dateline.importers.readers.pages import id_from_name
from dateline.importers.reference_page import PageError, parse_reference_page
from dateline.importers.reference_store import import_reference_page
from dateline.site.urlbuilder import urls


class Command(BaseCommand):
    help = "Import pages in the reference's scraped format; each page is all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--language", default="en", help="Language of the pages (en).")
        parser.add_argument(
            "--id",
            type=int,
            default=None,
            help="Article id for a single page (default: the digits of the file name, if any).",
        )

    def handle(self, *args, **options) -> None:
        refused = 0
        for path in options["files"]:
            try:
                article_id = options["id"] if len(options["files"]) == 1 else None
                article_id = article_id or id_from_name(path)
                page = parse_reference_page(_read(path), str(path))
                outcome = import_reference_page(page, options["language"], article_id)
            except PageError as exc:
                refused += 1
                self.stderr.write(f"refused {exc}")
                continue
            except (IntegrityError, DataError) as exc:
                refused += 1
                self.stderr.write(f"refused {path}: the database refused it: {exc}")
                continue
            state = (
                "created" if outcome.created else ("updated" if outcome.changed else "unchanged")
            )
            article = outcome.article
            self.stdout.write(
                f"{state} {article.pk} {urls.absolute(article.get_absolute_url())} "
                f"({len(page.related)} related)"
            )
            for kind, reason in outcome.notes:
                self.stdout.write(f"{kind}: {path}: {reason}")
        if refused:
            raise CommandError(f"{refused} of {len(options['files'])} page(s) refused")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PageError(str(path), None, f"cannot read the file: {exc.strerror}") from None
