"""Media speed: renditions per second from a 12-megapixel JPEG, and a front page of 40
pictures with a cold and a warm rendition cache.

    .venv/bin/python bench/media.py [--renditions 40] [--pictures 40]

Runs in a fresh temporary data folder (SQLite). The baseline, measured in the same run, is a
plain Pillow rendition (full decode, crop, resize, encode) without Dateline's decoder
draft, storage and find-or-create bookkeeping.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(folder: Path) -> None:
    os.environ["DATELINE_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def photo_bytes(size=(4000, 3000)) -> bytes:
    """Return a 12 MP JPEG with photo-like detail: sensor-like noise over smooth gradients
    and soft shapes, about the file size a camera writes (3-5 MB)."""
    from PIL import Image, ImageDraw, ImageFilter

    base = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.linear_gradient("L").rotate(90).resize(size),
        ),
    )
    draw = ImageDraw.Draw(base)
    for n in range(60):
        x, y = (n * 977) % size[0], (n * 631) % size[1]
        draw.ellipse((x, y, x + 300 + n * 7, y + 200 + n * 5), fill=((n * 40) % 256, 90, 200))
    base = base.filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise(size, 24).convert("RGB")
    picture = Image.blend(base, noise, 0.25)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=92)
    return out.getvalue()


def baseline_rendition(data: bytes, width: int) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        box = (0, 0, image.width, image.width * 3 // 4)
        resized = image.resize((width, width * 3 // 4), Image.Resampling.LANCZOS, box=box)
        out = io.BytesIO()
        resized.save(out, format="JPEG", quality=82)
        return out.getvalue()


def bench_renditions(data: bytes, count: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dateline.media.ingest import ingest
    from dateline.media.renditions import RATIOS, Spec, find_or_create, formats_for, widths_for

    started = time.perf_counter()
    asset = ingest(SimpleUploadedFile("photo.jpg", data), alt_text="bench")
    ingest_s = time.perf_counter() - started
    specs = [
        Spec(ratio, width, fmt)
        for fmt in formats_for(asset)
        for width in widths_for(asset)
        for ratio in RATIOS
    ][:count]
    started = time.perf_counter()
    for spec in specs:
        find_or_create(asset, spec)
    ours = time.perf_counter() - started
    widths = [spec.width for spec in specs]
    started = time.perf_counter()
    for width in widths:
        baseline_rendition(data, width)
    base = time.perf_counter() - started
    print(
        f"12 MP JPEG ({len(data) / 1e6:.1f} MB): ingest (checks, metadata strip) {ingest_s:.2f} s"
    )
    print(
        f"renditions: {len(specs)} specs (ratios x widths x JPEG/WebP) in {ours:.2f} s = "
        f"{len(specs) / ours:.1f} renditions/s"
    )
    print(
        f"baseline (plain Pillow, full decode, JPEG only): {len(widths) / base:.1f} renditions/s; "
        f"ratio {base / ours:.2f}x"
    )


def front_page(pictures: int, data: bytes) -> None:
    from bs4 import BeautifulSoup
    from django.core.cache import cache
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from dateline.articles.models import Article
    from dateline.articles.sortkeys import allocate_sort_key
    from dateline.media.ingest import ingest
    from dateline.media.models import Rendition
    from dateline.taxonomy.models import Section

    section = Section.objects.create(slug="bench", name="Bench")
    from django.utils import timezone

    for n in range(pictures):
        asset = ingest(SimpleUploadedFile(f"p{n}.jpg", data), alt_text=f"photo {n}")
        Article.objects.create(
            headline=f"Item {n}",
            slug=f"item-{n}",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
            section=section,
            lead_media=asset,
            sort=allocate_sort_key(),
        )
    client = Client()

    def load() -> tuple[float, float, int, int]:
        queries = []
        started = time.perf_counter()
        with connection.execute_wrapper(
            lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)
        ):
            response = client.get("/en/section/bench/")
        html_s = time.perf_counter() - started
        srcs = [
            img["src"]
            for img in BeautifulSoup(response.content, "html.parser").select(".item__pic img")
        ]
        for src in srcs:
            image = client.get(src)
            assert image.status_code == 200, src
            b"".join(image.streaming_content)
        return html_s, time.perf_counter() - started, len(srcs), len(queries)

    with override_settings(DATELINE_FRONT_PAGE_SIZE=pictures, DEBUG=False):
        for rendition in Rendition.objects.all():
            default_storage.delete(rendition.file.name)
        Rendition.objects.all().delete()
        cache.clear()
        cold_html, cold, count, queries = load()
        warm_html, warm, _, _ = load()
    print(
        f"front page with {count} pictures (12 MP sources), HTML + each <img src>: "
        f"cold cache {cold:.2f} s, warm cache {warm:.3f} s; ratio {cold / warm:.0f}x"
    )
    print(
        f"  HTML alone: cold {cold_html * 1000:.0f} ms, warm {warm_html * 1000:.0f} ms; "
        f"{queries} SQL queries for the page"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renditions", type=int, default=40)
    parser.add_argument("--pictures", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dateline-bench-media-"))
    try:
        setup_django(folder)
        data = photo_bytes()
        bench_renditions(data, args.renditions)
        front_page(args.pictures, data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
