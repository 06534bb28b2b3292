"""Fixtures of the fronts tests: a baked folder with a recording CDN (as the baking tests)."""

from tests.publishing.conftest import baked  # noqa: F401 - the same fixture, shared
