"""Fixtures for the baking tests: a baked folder per test, a recording CDN."""

from __future__ import annotations

import subprocess
import uuid

import pytest

from dateline.publishing.purge import RecordingPurgeBackend
from dateline.publishing.targets import InMemoryTarget


@pytest.fixture
def baked(settings, tmp_path):
    """Turn baking on with a local folder target under ``tmp_path``; yield the folder."""
    root = tmp_path / "baked"
    settings.DATELINE_BAKE = True
    settings.DATELINE_BAKE_IN_BACKGROUND = False
    # Threads open their own connections, which cannot see a test's uncommitted rows.
    settings.DATELINE_BAKE_THREADS = 1
    settings.DATELINE_PUBLISH_BACKEND = "dateline.publishing.targets.LocalFolderTarget"
    settings.DATELINE_PUBLISH_ROOT = str(root)
    settings.DATELINE_PURGE_BACKEND = "dateline.publishing.purge.RecordingPurgeBackend"
    RecordingPurgeBackend.reset()
    yield root
    RecordingPurgeBackend.reset()


@pytest.fixture
def memory_target(settings):
    settings.DATELINE_PUBLISH_BACKEND = "dateline.publishing.targets.InMemoryTarget"
    InMemoryTarget.reset()
    yield InMemoryTarget
    InMemoryTarget.reset()


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB tmpfs, or a skip where this machine does not allow mounting one."""
    mount = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {result.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)
