"""Publish targets: where baked files go (``DATELINE_PUBLISH_BACKEND``).

Every target writes a whole file or nothing: a reader never sees half a page.
"""

from __future__ import annotations

import errno
import gzip
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from dateline.conf import setting
from dateline.publishing.errors import DiskFullError, PublishError

TEMP_PREFIX = ".dl-"
TEMP_SUFFIX = ".tmp"
# Baked files also stored gzip-compressed as "<name>.gz", which nginx sends as they are
# (gzip_static) to readers that accept gzip: the types deploy/dateline-http.conf compresses.
COMPRESSED_EXTENSIONS = frozenset({".html", ".json", ".xml", ".txt", ".rss", ".atom"})
GZIP_SUFFIX = ".gz"
# Level 6 gets within a few per cent of 9's size at a third of its CPU, which a full bake of
# millions of pages feels.
GZIP_LEVEL = 6


def compressed_name(name: str) -> str | None:
    """Return the name of the precompressed copy stored beside ``name``, or ``None``."""
    return name + GZIP_SUFFIX if os.path.splitext(name)[1] in COMPRESSED_EXTENSIONS else None


class PublishTarget:
    """Store and remove baked files by name (relative, ``/``-separated)."""

    def write(self, name: str, content: bytes) -> None:
        """Store ``content`` as ``name`` atomically; raise ``PublishError`` and keep the old file
        on failure (``DiskFullError`` when out of space)."""
        raise NotImplementedError

    def delete(self, name: str) -> None:
        """Remove ``name`` if it exists."""
        raise NotImplementedError

    def read(self, name: str) -> bytes | None:
        """Return the stored bytes of ``name``, or ``None``."""
        raise NotImplementedError

    def exists(self, name: str) -> bool:
        """Return whether ``name`` is stored."""
        return self.read(name) is not None

    def local_root(self) -> Path | None:
        """Return the folder holding the files when they are on this machine, else ``None``."""
        return None

    def remove_temporary(self) -> int:
        """Remove leftovers of interrupted writes; return how many were removed."""
        return 0


def default_root() -> Path:
    configured = setting("DATELINE_PUBLISH_ROOT")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "baked"


class LocalFolderTarget(PublishTarget):
    """Write files under a local folder (``DATELINE_PUBLISH_ROOT``), served by nginx.

    A file is written to a hidden temporary name in the same folder and renamed over the
    old one; rename is atomic on POSIX file systems, so readers see the old or the new
    file, never a torn one. nginx refuses dot-files, so temporaries are never served.

    A compressible file gets its gzip copy (``compressed_name``) written the same way just
    before it, and removed just after it: nginx only looks for the copy of a file that
    exists, so no reader gets a copy without its file, and after a rewrite both are new.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root else default_root()

    def local_root(self) -> Path:
        return self.root

    def _full(self, name: str) -> Path:
        full = (self.root / name).resolve()
        if self.root.resolve() not in full.parents:
            raise PublishError(f"Refusing to write {name!r} outside {self.root}")
        return full

    def write(self, name: str, content: bytes) -> None:
        # Both temporaries are written before either is renamed, so a full disk leaves the
        # old file and its old copy in place, a matching pair.
        staged = [(name, self._stage(name, content))]
        packed = compressed_name(name)
        if packed is not None:
            try:
                body = gzip.compress(content, GZIP_LEVEL, mtime=0)
                staged.insert(0, (packed, self._stage(packed, body)))
            except PublishError:
                Path(staged[0][1]).unlink(missing_ok=True)
                raise
        for index, (stored, temp) in enumerate(staged):
            try:
                os.replace(temp, self._full(stored))
            except OSError as exc:
                for _, left in staged[index:]:
                    Path(left).unlink(missing_ok=True)
                raise _publish_error(exc, stored, self.root) from exc

    def _stage(self, name: str, content: bytes) -> str:
        """Write ``content`` to a hidden temporary file beside ``name``; return its path."""
        full = self._full(name)
        try:
            full.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=full.parent)
        except OSError as exc:
            raise _publish_error(exc, name, self.root) from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.chmod(temp, 0o644)
        except OSError as exc:
            Path(temp).unlink(missing_ok=True)
            raise _publish_error(exc, name, self.root) from exc
        return temp

    def delete(self, name: str) -> None:
        for stored in (name, compressed_name(name)):
            if stored is None:
                continue
            try:
                self._full(stored).unlink(missing_ok=True)
            except OSError as exc:
                raise _publish_error(exc, stored, self.root) from exc

    def exists(self, name: str) -> bool:
        # A file baked before copies were written counts as missing, so the next bake (even
        # with unchanged bytes) writes its copy.
        packed = compressed_name(name)
        return self._full(name).is_file() and (packed is None or self._full(packed).is_file())

    def read(self, name: str) -> bytes | None:
        try:
            return self._full(name).read_bytes()
        except FileNotFoundError:
            return None

    def remove_temporary(self) -> int:
        removed = 0
        if not self.root.is_dir():
            return 0
        for folder, _dirs, files in os.walk(self.root):
            for file in files:
                if file.startswith(TEMP_PREFIX) and file.endswith(TEMP_SUFFIX):
                    Path(folder, file).unlink(missing_ok=True)
                    removed += 1
        return removed


def _publish_error(exc: OSError, name: str, root: Path) -> PublishError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(
            f"Disk full while writing {name!r} under {root}: free space or point "
            f"DATELINE_PUBLISH_ROOT elsewhere, then run `dateline bake --resume`; "
            f"the previous file is intact"
        )
    return PublishError(f"Cannot write {name!r} under {root}: {exc.strerror or exc}")


class InMemoryTarget(PublishTarget):
    """Keep files in a dictionary shared by every instance, for tests."""

    files: dict[str, bytes] = {}
    _lock = threading.Lock()

    def write(self, name: str, content: bytes) -> None:
        with self._lock:
            self.files[name] = bytes(content)

    def delete(self, name: str) -> None:
        with self._lock:
            self.files.pop(name, None)

    def read(self, name: str) -> bytes | None:
        return self.files.get(name)

    def exists(self, name: str) -> bool:
        return name in self.files

    @classmethod
    def reset(cls) -> None:
        cls.files.clear()


class S3Target(PublishTarget):
    """Write files to an S3-compatible bucket (AWS S3, MinIO, R2, Spaces) with boto3.

    Configure ``DATELINE_PUBLISH_S3 = {"bucket": ..., "prefix": "", "endpoint_url": ...}``;
    credentials come from boto3's usual sources. A PUT of one object is atomic on S3, so
    readers see the old or the new page. Install boto3 (``pip install boto3``) to use it.
    """

    def __init__(self) -> None:
        options = setting("DATELINE_PUBLISH_S3") or {}
        if not options.get("bucket"):
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                "DATELINE_PUBLISH_BACKEND is the S3 target but DATELINE_PUBLISH_S3 names no "
                'bucket; set DATELINE_PUBLISH_S3 = {"bucket": "...", "endpoint_url": "..."}'
            )
        try:
            import boto3
        except ImportError as exc:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                "The S3 publish target needs boto3: pip install boto3"
            ) from exc
        self.bucket = options["bucket"]
        self.prefix = options.get("prefix", "").strip("/")
        self.client = boto3.client("s3", endpoint_url=options.get("endpoint_url"))

    def _key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def write(self, name: str, content: bytes) -> None:
        from dateline.publishing.paths import content_type_for

        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(name),
                Body=content,
                ContentType=content_type_for(name),
            )
        except Exception as exc:  # noqa: BLE001 - botocore raises many unrelated classes
            raise PublishError(f"Cannot put {name!r} into bucket {self.bucket}: {exc}") from exc

    def delete(self, name: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(name))
        except Exception as exc:  # noqa: BLE001 - botocore raises many unrelated classes
            raise PublishError(f"Cannot delete {name!r} from bucket {self.bucket}: {exc}") from exc

    def exists(self, name: str) -> bool:
        # Checking costs a request per page; the digest in the ledger is trusted instead.
        return True

    def read(self, name: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(name))["Body"].read()
        except Exception:  # noqa: BLE001 - a missing key is one of many botocore errors
            return None


def publish_target() -> PublishTarget:
    """Return the configured publish target."""
    from dateline.conf import load_backend

    return load_backend("DATELINE_PUBLISH_BACKEND")
