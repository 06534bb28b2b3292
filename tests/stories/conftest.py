"""The related-engine fixtures serve the story tests too."""

from tests.related.conftest import engine  # noqa: F401
