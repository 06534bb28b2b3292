"""A pytest plugin (``-p tests.environment`` in pyproject.toml) that gives the run a secret key.

Dateline refuses to start without ``DATELINE_SECRET_KEY`` (outside DEBUG and the demo), and
pytest-django loads the settings before any conftest runs, so the key is set here, in the
hook that wraps that loading. Real ``dateline`` processes started by tests inherit it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Generator

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args) -> Generator[None, None, None]:
    os.environ.setdefault("DATELINE_SECRET_KEY", "tests-" + secrets.token_urlsafe(48))
    return (yield)
