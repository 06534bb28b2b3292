"""Publish targets: one contract for every backend, atomic writes, a full disk."""

from __future__ import annotations

import gzip
import os
import threading

import pytest

from dateline.publishing.errors import DiskFullError, PublishError
from dateline.publishing.targets import InMemoryTarget, LocalFolderTarget


class TargetContract:
    """Run against every publish target."""

    @pytest.fixture
    def target(self):
        raise NotImplementedError

    def test_write_then_read(self, target):
        target.write("en/index.html", b"<p>one</p>")
        assert target.read("en/index.html") == b"<p>one</p>"
        assert target.exists("en/index.html")

    def test_overwrite_replaces_the_whole_file(self, target):
        target.write("a/b.json", b"x" * 10_000)
        target.write("a/b.json", b"short")
        assert target.read("a/b.json") == b"short"

    def test_delete(self, target):
        target.write("gone.html", b"bye")
        target.delete("gone.html")
        target.delete("never-was.html")
        assert target.read("gone.html") is None
        assert not target.exists("gone.html")


class TestLocalFolderTarget(TargetContract):
    @pytest.fixture
    def target(self, tmp_path):
        return LocalFolderTarget(tmp_path / "baked")

    def test_files_are_readable_by_the_web_server(self, target):
        target.write("en/index.html", b"hello")
        assert (target.root / "en/index.html").stat().st_mode & 0o777 == 0o644

    def test_no_temporary_is_left_after_a_write(self, target):
        target.write("en/index.html", b"hello")
        names = sorted(p.name for p in (target.root / "en").iterdir())
        assert names == ["index.html", "index.html.gz"]

    def test_a_compressible_file_gets_its_gzip_copy_and_loses_it_with_it(self, target):
        page = b"<p>" + b"words " * 2000 + b"</p>"
        target.write("en/news/1/a/index.html", page)
        target.write("feeds/en.rss", b"<rss/>")
        target.write("robots.jpg", b"\xff\xd8")
        packed = target.root / "en/news/1/a/index.html.gz"
        assert gzip.decompress(packed.read_bytes()) == page
        assert packed.stat().st_size < len(page) / 10
        assert packed.stat().st_mode & 0o777 == 0o644
        assert gzip.decompress((target.root / "feeds/en.rss.gz").read_bytes()) == b"<rss/>"
        assert not (target.root / "robots.jpg.gz").exists()
        target.write("en/news/1/a/index.html", b"<p>corrected</p>")
        assert gzip.decompress(packed.read_bytes()) == b"<p>corrected</p>"
        target.delete("en/news/1/a/index.html")
        assert not packed.exists()

    def test_a_file_without_its_copy_does_not_count_as_stored(self, target):
        """A page baked before copies existed is written again by the next bake."""
        target.write("en/index.html", b"hello")
        (target.root / "en/index.html.gz").unlink()
        assert not target.exists("en/index.html")

    def test_a_name_outside_the_root_is_refused(self, target):
        with pytest.raises(PublishError, match="outside"):
            target.write("../escape.html", b"no")

    def test_leftover_temporaries_are_removed(self, target):
        (target.root / "en").mkdir(parents=True)
        (target.root / "en/.dl-abc.tmp").write_bytes(b"torn")
        assert target.remove_temporary() == 1
        assert not (target.root / "en/.dl-abc.tmp").exists()


class TestInMemoryTarget(TargetContract):
    @pytest.fixture
    def target(self):
        InMemoryTarget.reset()
        yield InMemoryTarget()
        InMemoryTarget.reset()


def test_a_reader_never_sees_a_torn_file(tmp_path):
    """Readers racing a writer that swaps two large versions only ever see one whole version."""
    target = LocalFolderTarget(tmp_path)
    versions = [b"A" * 2_000_000, b"B" * 3_000_000]
    target.write("page.html", versions[0])
    stop = threading.Event()
    seen: list[bytes] = []

    def read() -> None:
        while not stop.is_set():
            data = (tmp_path / "page.html").read_bytes()
            if data not in versions:
                seen.append(data[:20] + b"...")

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for i in range(60):
        target.write("page.html", versions[i % 2])
    stop.set()
    for reader in readers:
        reader.join()
    assert seen == []


def test_full_disk_is_a_clear_error_and_the_previous_file_stays(tiny_disk):
    target = LocalFolderTarget(tiny_disk)
    target.write("en/index.html", b"<p>previous</p>")
    with pytest.raises(DiskFullError, match="Disk full while writing 'en/index.html'"):
        target.write("en/index.html", os.urandom(1_000_000))
    assert target.read("en/index.html") == b"<p>previous</p>"
    # The old copy is left too: the new one is renamed into place only with its file.
    assert gzip.decompress((tiny_disk / "en/index.html.gz").read_bytes()) == b"<p>previous</p>"
    assert sorted(p.name for p in (tiny_disk / "en").iterdir()) == ["index.html", "index.html.gz"]
