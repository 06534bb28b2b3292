"""Property tests over the reference-page importer, against the database.

The seed page (dateline/demo/fixtures/reference-page.txt) is damaged at random: cut anywhere,
bytes flipped, the dump's byte count changed, the JSON corrupted, hostile lines inserted, the
dateline and the headline changed. Each damaged page goes through both real entry points,
``dateline import-page`` and ``dateline import --format pages`` (the runner), onto an empty
database or one that holds the seed already. Either way:

- the page is imported whole (its article, every related stub and pin in order), and a second
  import changes no row; or
- it is refused with an error naming the file and the line or item, and no row of articles,
  pins, stories, media or signatures differs from before;
- and never an unhandled exception. Both entry points agree on which pages they refuse.

Each example runs inside a transaction rolled back at its end, so examples stay independent.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dateline.articles.models import Article
from dateline.desk.models import Signature
from dateline.importers.readers.pages import PagesReader
from dateline.importers.reference_page import DATELINE_FORMAT, PageError, parse_reference_page
from dateline.importers.reference_store import page_key
from dateline.importers.runner import ImportOptions, ImportRunner
from dateline.media.models import MediaAsset
from dateline.related.models import RelatedPin
from dateline.stories.models import Story

SEED = Path(__file__).resolve().parents[2] / "dateline" / "demo" / "fixtures" / "reference-page.txt"
GOOD = SEED.read_bytes()
TEXT = GOOD.decode("utf-8")
DUMP_AT = TEXT.index("string(")
ITEMS = json.loads(TEXT[TEXT.index('"', DUMP_AT) + 1 : TEXT.rindex('"')])
HEADLINE = TEXT.split("\n", 1)[0]
DATELINE = TEXT.split("\n")[3]

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
pytestmark = pytest.mark.django_db

# A refusal names the file, then the line, the related item or what is wrong with the file.
PLACE = re.compile(
    r", line \d+: \S|: related item \d+|: id \d+ already belongs|: the file is empty|: file is \d+"
)
# File names: plain, an article id, and the id of one of the seed's own related items.
SEED_ID = "4518617.txt"
NAMES = st.sampled_from(["page.txt", SEED_ID, f"{ITEMS[0]['id']}.txt"])
_folders = itertools.count()


@dataclass
class Outcome:
    refused: str | None  # the error a refused page was given
    report: str  # what the importer said


def _snapshot() -> dict[str, list]:
    """Return every row the importer may write, as comparable tuples."""
    return {
        "articles": sorted(
            Article.objects.values_list(
                "pk",
                "headline",
                "label_id",
                "label_separator",
                "body",
                "sort",
                "status",
                "is_stub",
                "published_at",
                "legacy_key",
                "lead_media_id",
                "story_id",
                "signature_id",
                "article_type_id",
            )
        ),
        "pins": sorted(RelatedPin.objects.values_list("article_id", "target_id", "position")),
        "stories": sorted(Story.objects.values_list("pk", "title")),
        "media": sorted(MediaAsset.objects.values_list("pk", "file")),
        "signatures": sorted(Signature.objects.values_list("pk", "desk__code", "editor_code")),
    }


def _import_page(path: Path) -> Outcome:
    """Run ``dateline import-page`` on ``path``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_page", str(path), stdout=out, stderr=err)
    except CommandError:
        return Outcome(err.getvalue().strip(), err.getvalue())
    return Outcome(None, out.getvalue().strip())


def _import_folder(path: Path) -> Outcome:
    """Run the ``pages`` format of ``dateline import`` on the folder holding ``path``."""
    report = ImportRunner(PagesReader(path.parent), ImportOptions(language="en"))()
    if report.failures:
        problem = report.failures[0]
        return Outcome(f"{problem.place}: {problem.reason}", str(report.counts))
    state = next(name for name in ("created", "updated", "unchanged") if report.counts[name])
    return Outcome(None, state)


def _expected(data: bytes, path: Path):
    """Return the parsed page, or None where the reader refuses it."""
    try:
        return parse_reference_page(data, str(path))
    except PageError:
        return None


def _assert_whole(page) -> None:
    article = Article.objects.get(legacy_key=page_key(page))
    assert article.display_title == page.headline
    assert article.published_at == page.published_at
    assert article.body.count("<p>") == len(page.paragraphs)
    assert str(article.signature or "") == (page.signature or "")
    pins = list(article.pins.order_by("position").values_list("target_id", flat=True))
    assert pins == [entry.id for entry in page.related]
    assert article.pk not in pins


def _check(importer, path: Path, data: bytes, seed: Path | None) -> Outcome:
    """Import ``data`` as ``path`` once or twice inside a rolled-back transaction."""
    with transaction.atomic():
        if seed is not None:
            assert _import_page(seed).refused is None
        before = _snapshot()
        first = importer(path)
        if first.refused is not None:
            assert str(path) in first.refused, first.refused
            assert PLACE.search(first.refused), first.refused
            assert _snapshot() == before, f"a refused page left rows behind: {first.refused}"
        else:
            page = _expected(data, path)
            assert page is not None, "the importer stored a page its reader refuses"
            _assert_whole(page)
            after = _snapshot()
            second = importer(path)
            assert second.refused is None and "unchanged" in second.report, second
            assert _snapshot() == after, "a second import changed rows"
        transaction.set_rollback(True)
    return first


def check_page(tmp_path: Path, name: str, data: bytes, seeded: bool = False) -> None:
    """Import ``data`` by both entry points; they must agree on whether it is refused."""
    folder = tmp_path / f"example-{next(_folders)}"
    folder.mkdir()
    path = folder / name
    path.write_bytes(data)
    # The seed is stored under an id, as a folder import would: a page may not take it.
    seed = tmp_path / SEED_ID
    if seeded and not seed.exists():
        seed.write_bytes(GOOD)
    by_command = _check(_import_page, path, data, seed if seeded else None)
    by_runner = _check(_import_folder, path, data, seed if seeded else None)
    assert (by_command.refused is None) == (by_runner.refused is None), (by_command, by_runner)


def _with_dump(payload: str, declared: int | None = None) -> bytes:
    """Return the seed page with its dump's JSON replaced by ``payload``."""
    count = len(payload.encode("utf-8", "surrogatepass")) if declared is None else declared
    return (TEXT[:DUMP_AT] + f'string({count}) "{payload}"\n').encode("utf-8", "surrogatepass")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def test_the_seed_itself_imports_whole(tmp_path):
    check_page(tmp_path, "page.txt", GOOD)
    check_page(tmp_path, "page.txt", GOOD, seeded=True)


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(GOOD)), name=NAMES, seeded=st.booleans())
@example(cut=len(GOOD), name=f"{ITEMS[0]['id']}.txt", seeded=False)  # lists itself as related
def test_a_page_cut_anywhere(tmp_path, cut, name, seeded):
    check_page(tmp_path, name, GOOD[:cut], seeded)


@SETTINGS
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(GOOD) - 1), st.integers(1, 255)), min_size=1, max_size=4
    ),
    seeded=st.booleans(),
)
def test_a_page_with_flipped_bytes(tmp_path, flips, seeded):
    data = bytearray(GOOD)
    for position, mask in flips:
        data[position] ^= mask
    check_page(tmp_path, "page.txt", bytes(data), seeded)


@SETTINGS
@given(
    declared=st.one_of(st.integers(0, 4000), st.integers(0, 999_999_999)),
    seeded=st.booleans(),
)
def test_a_dump_with_another_byte_count(tmp_path, declared, seeded):
    payload = TEXT[TEXT.index('"', DUMP_AT) + 1 : TEXT.rindex('"')]
    check_page(tmp_path, "page.txt", _with_dump(payload, declared), seeded)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.from_regex(r"\A[0-9]{1,20}\Z")
    | st.sampled_from(["", " ", "0", "\u0000", "\ud800", "x" * 600, "/2016/01/18/a_1_25f_4x3.jpg"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children)
    ),
    max_leaves=6,
)


@st.composite
def corrupted_items(draw) -> str:
    """Return the seed's related JSON with a few items, keys or values changed."""
    items = [dict(item) for item in ITEMS]
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["value", "drop-key", "add-key", "copy", "drop", "wrap"]))
        if not items:
            break
        index = draw(st.integers(0, len(items) - 1))
        key = draw(st.sampled_from(sorted(ITEMS[0])))
        if not isinstance(items[index], dict):  # an item replaced by another value
            items[index] = draw(JSON_VALUES)
        elif action == "value":
            items[index][key] = draw(JSON_VALUES)
        elif action == "drop-key":
            items[index].pop(key, None)
        elif action == "add-key":
            items[index][draw(st.text(max_size=8))] = draw(JSON_VALUES)
        elif action == "copy":
            items.append(dict(items[index]))
        elif action == "drop":
            items.pop(index)
        else:
            items[index] = draw(JSON_VALUES)
    return json.dumps(items, ensure_ascii=draw(st.booleans()))


@SETTINGS
@given(payload=corrupted_items(), seeded=st.booleans())
@example(payload=json.dumps([*ITEMS, ITEMS[0]]), seeded=False)  # one item twice
@example(payload=json.dumps([{**ITEMS[0], "title": "a\u0000b"}]), seeded=False)
@example(payload=json.dumps([{**ITEMS[0], "title": "a\ud800b"}]), seeded=False)
@example(payload=json.dumps([{**ITEMS[0], "id": "1\n"}]), seeded=False)
def test_a_dump_with_corrupted_items(tmp_path, payload, seeded):
    check_page(tmp_path, "page.txt", _with_dump(payload), seeded)


@SETTINGS
@given(
    at=st.integers(0, 2000),
    removed=st.integers(0, 3),
    inserted=st.text(max_size=6),
    seeded=st.booleans(),
)
def test_a_dump_with_broken_json_text(tmp_path, at, removed, inserted, seeded):
    payload = TEXT[TEXT.index('"', DUMP_AT) + 1 : TEXT.rindex('"')]
    at %= len(payload) + 1
    check_page(
        tmp_path, "page.txt", _with_dump(payload[:at] + inserted + payload[at + removed :]), seeded
    )


HOSTILE = [
    "</script><script>alert(1)</script>",
    '<?php echo "x"; ?>',
    'string(2) "[]"',
    'string(5) "[{}]"',
    "S/SH 11",
    "URGENT: " + HEADLINE,
    DATELINE,
    "\ufeff",
    "\u202eevil\u202c",
    "\r",
    "\x1b[2J",
    "{{ request }}{% debug %}",
    "' OR 1=1 --",
    "\u200b" * 50,
    "x" * 70_000,
]


@SETTINGS
@given(
    line=st.integers(0, 40),
    hostile=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80)),
    name=NAMES,
    seeded=st.booleans(),
)
def test_hostile_text_inserted_at_any_line(tmp_path, line, hostile, name, seeded):
    lines = _lines(TEXT)
    lines.insert(line % (len(lines) + 1), hostile)
    check_page(tmp_path, name, "\n".join(lines).encode("utf-8"), seeded)


DATELINES = st.one_of(
    st.datetimes().map(lambda moment: moment.strftime(DATELINE_FORMAT)),
    st.sampled_from(
        [
            "Mon Feb 26, 2016 11:14:49",
            "Fri Feb 30, 2016 11:14:49",
            "Fri Feb 26, 2016 25:14:49",
            "Fri Feb 26, 16 11:14:49",
            "Fri Feb 26, 0001 00:00:00",
            "Fri Dec 31, 9999 23:59:59",
            "2016-02-26T11:14:49Z",
            "",
        ]
    ),
    st.text(max_size=30),
)


@SETTINGS
@given(dateline=DATELINES, seeded=st.booleans())
@example(dateline="Mon Feb 26, 2016 11:14:49", seeded=True)  # the weekday contradicts the date
def test_a_page_with_another_dateline(tmp_path, dateline, seeded):
    lines = _lines(TEXT)
    lines[3] = dateline
    check_page(tmp_path, "page.txt", "\n".join(lines).encode("utf-8"), seeded)


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
HEADLINES = st.one_of(
    st.text(max_size=120),
    st.text(alphabet=PRINTABLE, min_size=1, max_size=120),
    st.text(alphabet=st.characters(blacklist_characters="\n"), min_size=400, max_size=700),
    st.text(max_size=60).map(lambda rest: "URGENT: " + rest),
    st.text(max_size=60).map(lambda rest: "VIDEO, " + rest),
)


@SETTINGS
@given(headline=HEADLINES, repeated=st.booleans(), name=NAMES, seeded=st.booleans())
@example(headline="x" * 501, repeated=True, name="page.txt", seeded=False)
@example(headline="URGENT: \x1b[2J", repeated=True, name="page.txt", seeded=False)
@example(headline="Another page", repeated=True, name=SEED_ID, seeded=True)  # the id is taken
def test_a_page_with_any_headline(tmp_path, headline, repeated, name, seeded):
    lines = _lines(TEXT)
    lines[0] = headline
    if repeated:
        lines[2] = headline
    check_page(tmp_path, name, "\n".join(lines).encode("utf-8", "surrogatepass"), seeded)
