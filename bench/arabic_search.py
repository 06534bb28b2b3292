"""Arabic search recall: do the prefixed and suffixed forms of news words find anything?

    .venv/bin/python bench/arabic_search.py --work /tmp/arabic-bench --articles 3000

Generates an Arabic corpus (``dateline generate --languages ar``) into a private data
folder the first time, rebuilds the search index with the current analysis, then takes the
most frequent definite nouns of the corpus (``الحكومة``) and asks for each of them in the
forms news text writes them: bare, with the article, and with the conjunctions and
prepositions in front of the article (``والحكومة``, ``فالحكومة``, ``بالحكومة``,
``كالحكومة``, ``للحكومة``, ``وبالحكومة``, ``وللحكومة``). Every word occurs in the corpus, so
a form that finds nothing is a form the analysis failed to bring back to its stem. Prints,
per form, how many queries found something.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")

ARTICLE = "\u0627\u0644"  # ال
# Name of each form and how to write it from the noun without its article.
FORMS: dict[str, str] = {
    "X (bare)": "{}",
    "الX": ARTICLE + "{}",
    "والX": "\u0648" + ARTICLE + "{}",
    "فالX": "\u0641" + ARTICLE + "{}",
    "بالX": "\u0628" + ARTICLE + "{}",
    "كالX": "\u0643" + ARTICLE + "{}",
    "للX": "\u0644\u0644{}",
    "وبالX": "\u0648\u0628" + ARTICLE + "{}",
    "وللX": "\u0648\u0644\u0644{}",
}
# The issue's examples (issue 21), asked as written.
ISSUE_QUERIES = ["الحكومة", "والحكومة", "فالعراق", "والسورية", "بالعراق", "للحكومة"]


def definite_nouns(count: int) -> list[str]:
    """Return the ``count`` commonest words of the Arabic articles that carry the article."""
    from dateline.articles.models import Article
    from dateline.search.terms import WORD

    counts: Counter[str] = Counter()
    rows = Article.objects.public().filter(language="ar").values_list("headline", "body")
    for headline, body in rows.iterator():
        for word in WORD.findall(f"{headline} {body}"):
            if word.startswith(ARTICLE) and len(word) >= 5 and not word.startswith("الل"):
                counts[word] += 1
    return [word for word, _ in counts.most_common(count)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", default="/tmp/arabic-bench")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--words", type=int, default=60)
    args = parser.parse_args(argv)
    os.environ["DATELINE_DATA_DIR"] = str(Path(args.work).resolve())
    os.environ.setdefault("DATELINE_INSECURE_DEV_KEY", "1")

    import django

    django.setup()
    from django.core.management import call_command

    from dateline.articles.models import Article
    from dateline.search import indexing
    from dateline.search.backends.base import Filters
    from dateline.search.service import backend, search

    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        call_command("generate", articles=args.articles, languages="ar", seed=21)
    started = time.perf_counter()
    indexed = indexing.rebuild()
    print(
        f"backend: {backend().name}; {indexed} articles indexed in "
        f"{time.perf_counter() - started:.1f} s"
    )

    def finds(text: str) -> bool:
        return bool(search(text, Filters(language="ar"), language="ar").hits)

    nouns = definite_nouns(args.words)
    print(f"{len(nouns)} definite nouns, e.g. {' '.join(nouns[:6])}")
    print("| form | queries | find something |\n|---|---|---|")
    total = found = 0
    for name, pattern in FORMS.items():
        hits = sum(finds(pattern.format(noun[len(ARTICLE) :])) for noun in nouns)
        total, found = total + len(nouns), found + hits
        print(f"| {name} | {len(nouns)} | {hits} |")
    print(f"| all forms | {total} | {found} ({100 * found / total:.0f} %) |")
    print("issue 21's examples: " + ", ".join(f"{q} {finds(q)}" for q in ISSUE_QUERIES))


if __name__ == "__main__":
    main()
