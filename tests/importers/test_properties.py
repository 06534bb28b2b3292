"""Property tests: whatever bytes a reader is given, it yields records or named problems and
never raises."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.importers.readers import READERS
from dateline.importers.records import Failed, PageRecord, Record, Skipped
from dateline.importers.text import plain
from dateline.importers.wxrgen import item_xml, write_wxr
from tests.importers.conftest import post

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
ITEM_TYPES = (Record, PageRecord, Failed, Skipped)


def _read(tmp_path_factory, fmt: str, name: str, data: bytes) -> list:
    folder = tmp_path_factory.mktemp(fmt)
    path = folder / name
    path.write_bytes(data)
    return list(READERS[fmt](folder if fmt in ("ninjs", "pages") else path))


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_every_reader_survives_any_bytes(tmp_path_factory, data):
    for fmt, name in (
        ("wxr", "a.xml"),
        ("newsml", "a.xml"),
        ("ninjs", "a.json"),
        ("pages", "a.txt"),
    ):
        items = _read(tmp_path_factory, fmt, name, data)
        assert all(isinstance(item, ITEM_TYPES) for item in items)
        for item in items:
            if isinstance(item, Failed):
                assert item.place and item.reason


@SETTINGS
@given(cut=st.integers(min_value=0), noise=st.binary(max_size=8))
def test_a_damaged_wxr_still_yields_its_whole_items(tmp_path_factory, cut, noise):
    folder = tmp_path_factory.mktemp("wxr")
    path = folder / "export.xml"
    with path.open("wb") as out:
        write_wxr(out, [post(n) for n in range(1, 6)])
    data = path.read_bytes()
    clean = {i.article_id: i for i in READERS["wxr"](path) if isinstance(i, Record)}
    cut %= len(data) + 1
    path.write_bytes(data[:cut] + noise + data[cut:])
    items = list(READERS["wxr"](path))
    assert all(isinstance(item, ITEM_TYPES) for item in items)
    records = [i for i in items if isinstance(i, Record)]
    by_id = {record.article_id: record for record in records}
    # Every item that ends before the damage is read whole, exactly as it was written.
    # Items at or after the damage may be refused, or read with the noise in them when it
    # left the XML valid (a "!" before a title): nothing is promised about those.
    for n in range(1, 6):
        xml = item_xml(post(n)).encode()
        if data.find(xml) + len(xml) <= cut:
            assert n in by_id, f"post {n} ends before the damage at byte {cut} but was not read"
            assert by_id[n] == clean[n]
    # The damage never makes up records: at most the five that were written, each at most once.
    assert len(records) <= 5 and len(by_id) == len(records)


titles = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=80
).filter(lambda t: t.strip() and "]]>" not in t)


xml_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=300)


@SETTINGS
@given(title=titles, body=xml_text, post_id=st.integers(1, 2**63 - 1))
def test_wxr_fields_round_trip(tmp_path_factory, title, body, post_id):
    folder = tmp_path_factory.mktemp("wxr")
    path = folder / "export.xml"
    with path.open("wb") as out:
        write_wxr(out, [post(post_id, title=title, content=body)])
    items = list(READERS["wxr"](path))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, Record), item
    assert item.article_id == post_id
    assert item.headline == plain(title)


@SETTINGS
@given(
    doc=st.dictionaries(
        st.sampled_from(["uri", "headline", "type", "language", "body_text", "versioncreated"]),
        st.one_of(st.text(max_size=30), st.integers(), st.none()),
    )
)
def test_ninjs_items_are_validated_never_crash(tmp_path_factory, doc):
    items = _read(tmp_path_factory, "ninjs", "a.json", json.dumps(doc).encode())
    assert len(items) == 1
    assert isinstance(items[0], Record | Failed)
